import ChapterReport
import Foundation

/// The book's view: Markdown with $…$ maths, fenced Swift listings, check
/// tables and figure links relative to the book folder. Text is escaped by
/// `BookMarkdown` so that no `_` of Unicode maths turns into emphasis.
final class MarkdownRenderer: NotebookRenderer {
    /// Consecutive checks and demonstrations, printed as one table.
    private var pendingRows: [Block] = []

    /// Where each line goes: standard output, or a test's buffer.
    private let write: (String) -> Void

    init(write: @escaping (String) -> Void = standardOutputLine) { self.write = write }

    private func out(_ text: String) { write(text) }

    /// The check table; a "why this tolerance" column appears only when some row has a reason,
    /// so tables without reasons print exactly as before.
    private func flushChecks() {
        guard !pendingRows.isEmpty else { return }
        let reasons = pendingRows.contains { if case .check(let check) = $0 { return check.why != nil } else { return false } }
        out(BookMarkdown.checkTableHeader + (reasons ? " why this tolerance |" : ""))
        out("|---|---|---:|---:|---|" + (reasons ? "---|" : ""))
        for row in pendingRows {
            var cells: [String]
            switch row {
            case .check(let check):
                cells = [check.passed ? "✓" : "✗", check.name, check.measured, check.reference, check.tolerance]
                if reasons { cells.append(check.why ?? "") }
            case .demonstration(let shown):
                // No ✓/✗: an identity on the same numbers is shown, not checked.
                cells = ["=", shown.name, shown.lhs, shown.rhs, "identity, not a check (difference \(shown.difference))"]
                if reasons { cells.append("") }
            default: continue
            }
            out("| " + cells.map(escape).joined(separator: " | ") + " |")
        }
        out("")
        pendingRows.removeAll()
    }

    private func escape(_ text: String) -> String { BookMarkdown.cell(text) }

    func render(_ block: Block) {
        switch block {
        case .check, .demonstration: pendingRows.append(block); return
        default: flushChecks()
        }
        switch block {
        case .chapterHeading(let number, let title, let summary):
            out("# Chapter \(number) — \(title)\n\n\(BookMarkdown.text(summary))\n")
        case .section(let title): out("## \(BookMarkdown.text(title))\n")
        case .prose(let text): out(BookMarkdown.text(text) + "\n")
        case .equation(let latex, _): out("$$\n\(latex)\n$$\n")
        case .listing(_, let code): out("```swift\n\(code)\n```\n")
        case .check, .demonstration: break
        case .table(let headers, let rows, let caption):
            if !caption.isEmpty { out("**\(BookMarkdown.emphasised(caption))**\n") }
            out("| " + headers.map(escape).joined(separator: " | ") + " |")
            out("|" + headers.map { _ in "---" }.joined(separator: "|") + "|")
            for row in rows { out("| " + row.map(escape).joined(separator: " | ") + " |") }
            out("")
        case .figure(let bookPath, _, let caption):
            let text = BookMarkdown.emphasised(caption)
            out("![\(text)](\(bookPath))\n\n*\(text)*\n")
        case .note(let text): out("> \(BookMarkdown.text(text))\n")
        case .exercise(let number, let title, let text):
            out("### Exercise \(number) — \(BookMarkdown.text(title))\n\n\(BookMarkdown.text(text))\n")
        case .summary(let report):
            out("---\n\n**\(report.summaryLine)**\n")
        }
    }

    func progress(_ label: String, completed: Int, total: Int, elapsed: Double) {}
    func endProgress(_ label: String, total: Int) { flushChecks(); out("*\(label): \(total) steps.*\n") }
    func finish() { flushChecks() }
}
