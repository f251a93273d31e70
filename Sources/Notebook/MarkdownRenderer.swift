import Foundation

/// The book's view: Markdown with $…$ maths, fenced Swift listings, check
/// tables and figure links relative to the book folder.
final class MarkdownRenderer: NotebookRenderer {
    private var pendingChecks: [CheckResult] = []

    private func out(_ text: String) { print(text); fflush(stdout) }

    private func flushChecks() {
        guard !pendingChecks.isEmpty else { return }
        out("| | check | measured | reference | tolerance |")
        out("|---|---|---:|---:|---|")
        for check in pendingChecks {
            out("| \(check.passed ? "✓" : "✗") | \(escape(check.name)) | \(escape(check.measured)) | \(escape(check.reference)) | \(escape(check.tolerance)) |")
        }
        out("")
        pendingChecks.removeAll()
    }

    private func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    func render(_ block: Block) {
        if case .check(let result) = block { pendingChecks.append(result); return }
        flushChecks()
        switch block {
        case .chapterHeading(let number, let title, let summary):
            out("# Chapter \(number) — \(title)\n\n\(summary)\n")
        case .section(let title): out("## \(title)\n")
        case .prose(let text): out(text + "\n")
        case .equation(let latex, _): out("$$\n\(latex)\n$$\n")
        case .listing(_, let code): out("```swift\n\(code)\n```\n")
        case .check: break
        case .table(let headers, let rows, let caption):
            if !caption.isEmpty { out("**\(caption)**\n") }
            out("| " + headers.map(escape).joined(separator: " | ") + " |")
            out("|" + headers.map { _ in "---" }.joined(separator: "|") + "|")
            for row in rows { out("| " + row.map(escape).joined(separator: " | ") + " |") }
            out("")
        case .figure(let bookPath, _, let caption): out("![\(caption)](\(bookPath))\n\n*\(caption)*\n")
        case .note(let text): out("> \(text)\n")
        case .exercise(let number, let title, let text): out("### Exercise \(number) — \(title)\n\n\(text)\n")
        case .summary(let passed, let failed):
            out("---\n\n**checks: \(passed) passed, \(failed.count) failed**\n")
        }
    }

    func progress(_ label: String, completed: Int, total: Int, elapsed: Double) {}
    func endProgress(_ label: String, total: Int) { flushChecks(); out("*\(label): \(total) steps.*\n") }
    func finish() { flushChecks() }
}
