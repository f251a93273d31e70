import Foundation

/// A page of the Markdown book, rewritten as the Markdown pandoc turns into
/// the HTML edition's page.
///
/// The book's Markdown is written for forges that render it as it is; the
/// site needs four changes, made here line by line (code blocks untouched):
/// - the `# Chapter …` heading becomes the page title (the template prints it);
/// - a figure keeps one caption (the book repeats it in italics under the
///   image for renderers that hide alt text), gains a link to its SVG, and
///   points into the site's own `figures/` folder;
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
    /// What each ✓/✗ row of the page's check tables compares, in order.
    public var checkNames: [String] = []

    /// The header row the chapter runtime prints above every table of checks.
    static let checkTableHeader = "| | check | measured | reference | tolerance |"

    /// Rewrites `markdown` (a page of `book/`). Checks are numbered as check
    /// `chapter`.k; `hasVectorVersion` says whether a figure's SVG exists.
    public init(markdown: String, chapter: Int, hasVectorVersion: (String) -> Bool = { _ in false }) {
        var output: [String] = []
        var inCode = false, inChecks = false, skipUntil = -1
        var anchors = AnchorSet()
        let lines = markdown.components(separatedBy: "\n")
        func emitBlankIfNeeded() { if let last = output.last, !last.isEmpty { output.append("") } }

        for (number, line) in lines.enumerated() where number > skipUntil {
            if line.hasPrefix("```") { inCode.toggle() }
            if inCode || line.hasPrefix("```") { output.append(line); continue }

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
                if level == 2 { sections.append((heading, anchor)) }
                output.append(line + " {#\(anchor)}")
                continue
            }

            if line.hasPrefix(Self.checkTableHeader) {
                inChecks = true
                emitBlankIfNeeded()
                output.append("::: checks")
                output.append(line)
                continue
            }
            if inChecks, let row = checkRow(line, chapter: chapter) {
                output.append(row)
                continue
            }
            if let figure = Self.figure(in: line) {
                // The book prints the caption again, in italics, two lines down: the site shows it once.
                if number + 2 < lines.count, lines[number + 1].isEmpty, lines[number + 2] == "*\(figure.caption)*" {
                    skipUntil = number + 2
                }
                let vector = (figure.path as NSString).deletingPathExtension + ".svg"
                figures.append(figure.path)
                emitBlankIfNeeded()
                output.append("::: figure")
                output.append("![\(figure.caption)](figures/\(figure.path))")
                if figure.path.hasSuffix(".png") && hasVectorVersion(vector) {
                    figures.append(vector)
                    output.append("")
                    output.append("[Vector version (SVG)](figures/\(vector)){.vector}")
                }
                output.append(":::")
                output.append("")
                continue
            }
            output.append(Self.linkingHTMLPages(line))
        }
        if inChecks { output.append(":::") }
        body = output.joined(separator: "\n")
    }

    /// A ✓/✗ row with its mark styled and anchored, or a shown identity's row; nil for other lines.
    private mutating func checkRow(_ line: String, chapter: Int) -> String? {
        for (mark, style) in [("✓", "pass"), ("✗", "fail")] where line.hasPrefix("| \(mark) | ") {
            let rest = line.dropFirst("| \(mark) | ".count)
            checkNames.append(Self.firstCell(of: rest))
            let anchor = CheckLedger.anchor(chapter: chapter, index: checkNames.count)
            return "| [\(mark)]{#\(anchor) .\(style)} | " + rest
        }
        if line.hasPrefix("| = | ") { return "| [=]{.shown} | " + line.dropFirst("| = | ".count) }
        return nil
    }

    /// The text before the first unescaped `|`, with `\|` read back as `|`.
    static func firstCell(of row: Substring) -> String {
        var cell = "", escaped = false
        for character in row {
            if escaped { cell.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == "|" { break }
            cell.append(character)
        }
        if escaped { cell.append("\\") }
        return cell.trimmingCharacters(in: .whitespaces)
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
