import Foundation

/// The reader's view: headings, wrapped prose, coloured ✓/✗, progress bars.
final class TerminalRenderer: NotebookRenderer {
    let useColor: Bool
    let isInteractive: Bool
    let width = 88

    /// Where each line goes: standard output, or a test's buffer (then never interactive or coloured).
    private let write: (String) -> Void

    init(write: ((String) -> Void)? = nil) {
        isInteractive = write == nil && isatty(STDOUT_FILENO) != 0
        useColor = isInteractive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        self.write = write ?? standardOutputLine
    }

    private func style(_ text: String, _ code: String) -> String { useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    private func out(_ text: String) { write(text) }

    func render(_ block: Block) {
        switch block {
        case .chapterHeading(let number, let title, let summary):
            let heading = "Chapter \(number) — \(title)"
            out(style(heading, "1"))
            out(String(repeating: "═", count: heading.count))
            out(wrap(plainText(summary)) + "\n")
        case .section(let title):
            out("\n" + style(title, "1;4") + "\n")
        case .prose(let text):
            for paragraph in text.components(separatedBy: "\n\n") { out(wrap(plainText(paragraph)) + "\n") }
        case .equation(_, let plain):
            out(plain.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n")
        case .listing(let name, let code):
            out(style("  ┌─ \(name)", "2"))
            for line in code.split(separator: "\n", omittingEmptySubsequences: false) { out(style("  │ ", "2") + line) }
            out(style("  └─", "2"))
        case .check(let result):
            let mark = result.passed ? style("✓", "32;1") : style("✗", "31;1")
            out("  \(mark) \(result.name): \(result.measured) vs \(result.reference) (\(result.tolerance))")
            if let why = result.why { out(style(wrap(plainText(why), indent: "      "), "2")) }
        case .demonstration(let shown):
            out("  = \(shown.name): \(shown.lhs) and \(shown.rhs) (an identity on the same numbers, not a check; difference \(shown.difference))")
        case .table(let headers, let rows, let caption):
            if !caption.isEmpty { out(style(caption, "1")) }
            let columns = headers.indices.map { column in
                ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
            }
            func line(_ cells: [String]) -> String {
                // Pad by characters: `padding(toLength:)` counts UTF-16 units and would cut a cell holding 𝔼 or 𝒩.
                "  " + cells.enumerated().map { $1 + String(repeating: " ", count: max(0, columns[$0] - $1.count)) }.joined(separator: "  ")
            }
            out(style(line(headers), "1"))
            out("  " + columns.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
            for row in rows { out(line(row)) }
            out("")
        case .figure(_, let filePath, let caption):
            out(style("  ▣ figure: ", "36") + filePath)
            out(wrap(plainText(caption), indent: "    ") + "\n")
        case .note(let text):
            out(style(wrap(plainText(text), indent: "  "), "2"))
        case .exercise(let number, let title, let text):
            out(style("Exercise \(number) — \(title)", "1"))
            out(wrap(plainText(text), indent: "  ") + "\n")
        case .summary(let report):
            out("\n" + (report.succeeded ? style(report.summaryLine, "32;1") : style(report.summaryLine, "31;1")))
            for name in report.failed { out(style("  ✗ \(name)", "31")) }
        }
    }

    func progress(_ label: String, completed: Int, total: Int, elapsed: Double) {
        guard isInteractive else { return }
        let fraction = Double(completed) / Double(max(total, 1))
        let filled = Int(fraction * 30)
        let rate = Double(completed) / max(elapsed, 1e-9)
        let remaining = rate > 0 ? Double(total - completed) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        print("\r  \(label) \(bar) \(Int(fraction * 100))%  \(formatNumber(rate, digits: 3))/s  ETA \(Int(remaining.rounded()))s   ", terminator: "")
        fflush(stdout)
    }

    func endProgress(_ label: String, total: Int) {
        if isInteractive { print("\r\u{1B}[2K", terminator: "") }
        out("  \(label): \(total) steps done")
    }

    func finish() {}

    /// Markdown emphasis and inline-maths dollars removed for the terminal.
    func plainText(_ markdown: String) -> String {
        var text = markdown
        for marker in ["**", "`", "$"] { text = text.replacingOccurrences(of: marker, with: "") }
        return text
    }

    func wrap(_ text: String, indent: String = "") -> String {
        var lines: [String] = []
        var current = indent
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if current.count + word.count + 1 > width && current.count > indent.count {
                lines.append(current)
                current = indent
            }
            current += (current.count > indent.count ? " " : "") + word
        }
        if current.count > indent.count { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
