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
                if level == 2 { sections.append((heading, anchor)); section = BookMarkdown.unescaped(heading) }
                output.append(String(repeating: "#", count: level) + " " + Self.escapingBraces(heading) + " {#\(anchor)}")
                continue
            }

            if line == "$$", let close = lines[(number + 1)...].firstIndex(of: "$$") {
                emitBlankIfNeeded()
                for piece in Self.displayPieces(lines[(number + 1)..<close].joined(separator: "\n")) { output += ["$$", piece, "$$", ""] }
                skipUntil = close
                continue
            }
            if line.hasPrefix(BookMarkdown.checkTableHeader) {
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
                output += ["::: table-caption", Self.escapingBraces(caption), ":::"]
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
            output.append(Self.escapingBraces(Self.linkingHTMLPages(line)))
        }
        if inChecks { output.append(":::") }
        body = output.joined(separator: "\n")
    }

    /// A figure as HTML with its caption as Markdown inside: pandoc's CommonMark reader has no
    /// implicit figures. The image links to nothing; the SVG, if there is one, is offered below.
    private mutating func figureBlock(_ figure: (caption: String, path: String), hasVectorVersion: (String) -> Bool) -> [String] {
        figures.append(figure.path)
        var block = ["<figure>", "<img src=\"figures/\(figure.path)\" alt=\"\(HTMLText.escaped(BookMarkdown.unescaped(figure.caption)))\">", "<figcaption>", "",
                     Self.escapingBraces(figure.caption), "", "</figcaption>"]
        let vector = (figure.path as NSString).deletingPathExtension + ".svg"
        if figure.path.hasSuffix(".png") && hasVectorVersion(vector) {
            figures.append(vector)
            block += ["", "[Vector version (SVG)](figures/\(vector)){.vector}", ""]
        }
        return block + ["</figure>", ""]
    }

    /// `line` with each `{` outside code spans escaped. pandoc's `attributes` extension, which the
    /// site's own `{#anchor}` marks need, reads `{k=1}` right after a character as attributes of it
    /// and drops it (`Σ_{k=1}^{P}` would print as `Σ_^{P}`); `\{` prints `{` for pandoc and GitHub alike.
    static func escapingBraces(_ line: String) -> String {
        guard line.contains("{") else { return line }
        var result = "", inCode = false, previous: Character?
        for character in line {
            if character == "`" { inCode.toggle() }
            // After `]` a brace opens the attributes of a bracketed span: the site's own marks, as in `[✓]{.pass}`.
            if character == "{" && !inCode && previous != "\\" && previous != "]" { result.append("\\") }
            result.append(character)
            previous = character
        }
        return result
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
            return "| [\(mark)]{#\(anchor) .\(style)} | " + Self.escapingBraces(String(rest))
        }
        if line.hasPrefix("| = | ") { return "| [=]{.shown} | " + Self.escapingBraces(String(line.dropFirst("| = | ".count))) }
        return nil
    }

    /// The text before the first unescaped `|`, read back from the book's escapes.
    static func firstCell(of row: Substring) -> String {
        var end = row.startIndex, escaped = false
        while end < row.endIndex, escaped || row[end] != "|" {
            escaped = !escaped && row[end] == "\\"
            end = row.index(after: end)
        }
        return BookMarkdown.unescaped(String(row[..<end])).trimmingCharacters(in: .whitespaces)
    }

    /// `![caption](../figures/path)` alone on a line.
    static func figure(in line: String) -> (caption: String, path: String)? {
        guard line.hasPrefix("!["), line.hasSuffix(")"), let split = line.range(of: "](../figures/", options: .backwards)
        else { return nil }
        let caption = String(line[line.index(line.startIndex, offsetBy: 2)..<split.lowerBound])
        let path = String(line[split.upperBound..<line.index(before: line.endIndex)])
        return path.contains(")") ? nil : (caption, path)
    }

    /// Links to `chapterNN.md`, `index.md` or `ledger.md` point at the `.html` pages instead.
    static func linkingHTMLPages(_ line: String) -> String {
        guard line.contains(".md") else { return line }
        let pattern = try! NSRegularExpression(pattern: #"\]\(((?:chapter[0-9]+)|index|ledger)\.md(#[^)\s]*)?\)"#)
        return pattern.stringByReplacingMatches(in: line, range: NSRange(line.startIndex..., in: line), withTemplate: "]($1.html$2)")
    }
}
