import ChapterReport
import Foundation

/// A page of the Markdown book, rewritten as the Markdown pandoc turns into
/// the HTML edition's page.
///
/// The book's Markdown is written for forges that render it as it is; the
/// site needs six changes, made here line by line (code blocks untouched):
/// - the `# Chapter …` heading becomes the page title (the template prints it);
/// - a figure keeps one caption (the book repeats it in italics under the
///   image for renderers that hide alt text), gains a link to its SVG, and
///   points into the site's own `figures/` folder;
/// - the bold line above a table of numbers becomes that table's caption;
/// - a long display of maths is cut where it sets formulas side by side;
/// - check tables are marked as such, and each ✓/✗ becomes a styled mark
///   carrying the anchor `check-n-k` the ledger links to;
/// - links between pages name `.html` files instead of `.md` files.
public struct SitePage: Sendable {
    /// The text of the first `# ` heading, without the marker.
    public var title = ""
    /// The first paragraph after the heading: the chapter's summary.
    public var summary = ""
    /// The `## ` sections, in order, with the anchors the site gives their headings.
    public var sections: [(title: String, anchor: String)] = []
    /// The Markdown handed to pandoc.
    public var body = ""
    /// Every figure the page shows (PNG and SVG), relative to `figures/`.
    public var figures: [String] = []
    /// Each ✓/✗ row of the page's check tables, in order: the `## ` section it is in and what it compares.
    public var checks: [(section: String, name: String)] = []
    /// What each check compares, in order.
    public var checkNames: [String] { checks.map(\.name) }

    /// The header row the chapter runtime prints above every table of checks.
    static let checkTableHeader = "| | check | measured | reference | tolerance |"

    /// Rewrites `markdown` (a page of `book/`). Checks are numbered as check
    /// `chapter`.k; `hasVectorVersion` says whether a figure's SVG exists.
    public init(markdown: String, chapter: Int, hasVectorVersion: (String) -> Bool = { _ in false }) {
        var output: [String] = []
        var fence: String?, inChecks = false, skipUntil = -1, section = ""
        var anchors = AnchorSet()
        let lines = markdown.components(separatedBy: "\n")
        func emitBlankIfNeeded() { if let last = output.last, !last.isEmpty { output.append("") } }

        for (number, line) in lines.enumerated() where number > skipUntil {
            // Code blocks pass through untouched; a fence closes only with at least as many backticks.
            if let open = fence {
                output.append(line)
                if line.hasPrefix(open) && line.trimmingCharacters(in: CharacterSet(charactersIn: "`")).isEmpty { fence = nil }
                continue
            }
            if line.hasPrefix("```") {
                fence = String(line.prefix { $0 == "`" })
                output.append(line)
                continue
            }

            if inChecks && !line.hasPrefix("|") {
                inChecks = false
                output.append(":::")
                output.append("")
            }
            if title.isEmpty && line.hasPrefix("# ") {
                title = String(line.dropFirst(2))
                summary = lines.dropFirst(number + 1).drop { $0.isEmpty }.prefix { !$0.isEmpty }.joined(separator: " ")
                skipUntil = number + (lines.dropFirst(number + 1).first?.isEmpty == true ? 1 : 0)
                continue
            }
            if line.hasPrefix("## ") || line.hasPrefix("### ") {
                // Anchors of our own, so the contents page can link to sections without copying pandoc's rules.
                let level = line.prefix { $0 == "#" }.count, heading = String(line.dropFirst(level + 1))
                let anchor = anchors.unique(Self.slug(heading))
                if level == 2 { sections.append((heading, anchor)); section = heading }
                output.append(line + " {#\(anchor)}")
                continue
            }

            if line == "$$", let close = lines[(number + 1)...].firstIndex(of: "$$") {
                emitBlankIfNeeded()
                for piece in Self.displayPieces(lines[(number + 1)..<close].joined(separator: "\n")) { output += ["$$", piece, "$$", ""] }
                skipUntil = close
                continue
            }
            if line.hasPrefix(Self.checkTableHeader) {
                inChecks = true
                emitBlankIfNeeded()
                output.append("::: checks")
                output.append(line)
                continue
            }
            if inChecks, let row = checkRow(line, chapter: chapter, section: section) {
                output.append(row)
                continue
            }
            if let caption = Self.tableCaption(line), number + 2 < lines.count, lines[number + 1].isEmpty, lines[number + 2].hasPrefix("| ") {
                // The book's bold line above a table of numbers: styled as the table's caption, not as a heading.
                output.append("[\(caption)]{.table-caption}")
                continue
            }
            if let figure = Self.figure(in: line) {
                // The book prints the caption again, in italics, two lines down: the site shows it once.
                if number + 2 < lines.count, lines[number + 1].isEmpty, lines[number + 2] == "*\(figure.caption)*" {
                    skipUntil = number + 2
                }
                emitBlankIfNeeded()
                output += figureBlock(figure, hasVectorVersion: hasVectorVersion)
                continue
            }
            output.append(Self.linkingHTMLPages(line))
        }
        if inChecks { output.append(":::") }
        body = output.joined(separator: "\n")
    }

    /// A figure as HTML with its caption as Markdown inside: pandoc's CommonMark reader has no
    /// implicit figures. The image links to nothing; the SVG, if there is one, is offered below.
    private mutating func figureBlock(_ figure: (caption: String, path: String), hasVectorVersion: (String) -> Bool) -> [String] {
        figures.append(figure.path)
        var block = ["<figure>", "<img src=\"figures/\(figure.path)\" alt=\"\(Self.attributeText(BookMarkdown.unescapedCell(figure.caption)))\">", "<figcaption>", "",
                     figure.caption, "", "</figcaption>"]
        let vector = (figure.path as NSString).deletingPathExtension + ".svg"
        if figure.path.hasSuffix(".png") && hasVectorVersion(vector) {
            figures.append(vector)
            block += ["", "[Vector version (SVG)](figures/\(vector)){.vector}", ""]
        }
        return block + ["</figure>", ""]
    }

    /// Text made safe inside a double-quoted HTML attribute.
    static func attributeText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A long display cut at its top-level `\qquad`s, which in this book separate formulas that
    /// stand side by side; a browser does not break MathML lines, and a display longer than about
    /// 100 characters of TeX is wider than the text column. Braces keep a `\qquad` inside them.
    static func displayPieces(_ tex: String, longest: Int = 100) -> [String] {
        guard tex.filter({ !$0.isWhitespace }).count > longest else { return [tex] }
        var pieces: [String] = [], current = "", depth = 0
        var rest = Substring(tex)
        while let character = rest.first {
            if depth == 0 && rest.hasPrefix("\\qquad") && !(rest.dropFirst(6).first?.isLetter ?? false) {
                pieces.append(current)
                current = ""
                rest = rest.dropFirst(6)
                continue
            }
            if character == "\\", let next = rest.dropFirst().first, !next.isLetter {
                current += rest.prefix(2)          // an escaped character such as \{ never opens a group
                rest = rest.dropFirst(2)
                continue
            }
            if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
            current.append(character)
            rest = rest.dropFirst()
        }
        pieces.append(current)
        let trimmed = pieces.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return trimmed.isEmpty ? [tex] : trimmed
    }

    /// The caption of a line `**caption**`.
    static func tableCaption(_ line: String) -> String? {
        guard line.count > 4, line.hasPrefix("**"), line.hasSuffix("**") else { return nil }
        let caption = line.dropFirst(2).dropLast(2)
        return caption.contains("**") ? nil : String(caption)
    }

    /// A ✓/✗ row with its mark styled and anchored, or a shown identity's row; nil for other lines.
    private mutating func checkRow(_ line: String, chapter: Int, section: String) -> String? {
        for (mark, style) in [("✓", "pass"), ("✗", "fail")] where line.hasPrefix("| \(mark) | ") {
            let rest = line.dropFirst("| \(mark) | ".count)
            checks.append((section, Self.firstCell(of: rest)))
            let anchor = CheckLedger.anchor(chapter: chapter, index: checks.count)
            return "| [\(mark)]{#\(anchor) .\(style)} | " + rest
        }
        if line.hasPrefix("| = | ") { return "| [=]{.shown} | " + line.dropFirst("| = | ".count) }
        return nil
    }

    /// The text before the first unescaped `|`, read back from the book's escapes.
    static func firstCell(of row: Substring) -> String {
        var end = row.startIndex, escaped = false
        while end < row.endIndex, escaped || row[end] != "|" {
            escaped = !escaped && row[end] == "\\"
            end = row.index(after: end)
        }
        return BookMarkdown.unescapedCell(String(row[..<end])).trimmingCharacters(in: .whitespaces)
    }

    /// `![caption](../figures/path)` alone on a line.
    static func figure(in line: String) -> (caption: String, path: String)? {
        guard line.hasPrefix("!["), line.hasSuffix(")"), let split = line.range(of: "](../figures/", options: .backwards)
        else { return nil }
        let caption = String(line[line.index(line.startIndex, offsetBy: 2)..<split.lowerBound])
        let path = String(line[split.upperBound..<line.index(before: line.endIndex)])
        return path.contains(")") ? nil : (caption, path)
    }

    /// "section-1-noising-as-a-stochastic-differential-equation" for "1. Noising as a stochastic differential
    /// equation": ASCII letters and digits, lower-cased, every other run of characters one hyphen.
    static func slug(_ heading: String) -> String {
        var slug = "", pendingHyphen = false
        for scalar in heading.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        // pandoc reads `{#…}` as an identifier only if it starts with a letter.
        return slug.first?.isLetter == true ? slug : slug.isEmpty ? "section" : "section-" + slug
    }

    /// Links to `chapterNN.md`, `index.md` or `ledger.md` point at the `.html` pages instead.
    static func linkingHTMLPages(_ line: String) -> String {
        guard line.contains(".md") else { return line }
        let pattern = try! NSRegularExpression(pattern: #"\]\(((?:chapter[0-9]+)|index|ledger)\.md(#[^)\s]*)?\)"#)
        return pattern.stringByReplacingMatches(in: line, range: NSRange(line.startIndex..., in: line), withTemplate: "]($1.html$2)")
    }
}

/// Anchors given out on one page, kept distinct by numbering repeats.
struct AnchorSet {
    private var used: Set<String> = []
    mutating func unique(_ anchor: String) -> String {
        var candidate = anchor, repeat_ = 1
        while used.contains(candidate) { repeat_ += 1; candidate = "\(anchor)-\(repeat_)" }
        used.insert(candidate)
        return candidate
    }
}
