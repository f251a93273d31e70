import ChapterReport
import Foundation

/// The ledger of checks: every check of every chapter, in the order the
/// chapters printed them, built from the reports the chapter runs left in
/// `book/reports/`.
///
/// Check k of chapter n is called "check n.k" everywhere: in the ledger's
/// first column and, in the HTML edition, as the anchor `check-n-k` on its
/// row of the chapter's page.
public struct CheckLedger: Sendable {
    public let reports: [ChapterReport]

    public init(reports: [ChapterReport]) { self.reports = reports.sorted { $0.chapter < $1.chapter } }

    /// The anchor of check `index` (counted from 1) of `chapter`.
    public static func anchor(chapter: Int, index: Int) -> String { "check-\(chapter)-\(index)" }

    /// How the ledger links to where a check appears.
    public enum Links: Sendable {
        /// The Markdown book: to the chapter's page (a Markdown page carries no row anchors).
        case markdownBook
        /// The HTML edition: to the check's own row, marked ✓/✗ with the site's classes.
        case htmlSite
    }

    public var checkCount: Int { reports.reduce(0) { $0 + $1.checks.count } }
    public var failedCount: Int { reports.reduce(0) { $0 + $1.checks.filter { !$0.passed }.count } }

    /// The ledger as a Markdown page: a summary by chapter and by kind of
    /// tolerance, then each chapter's checks, a table per section, a row per check.
    public func markdown(links: Links) -> String {
        var page = "# Ledger of checks\n\n"
        page += "Every number this book claims is checked while its chapter runs: a quantity computed one way is compared with "
            + "the same quantity computed another way, within a tolerance the chapter derives, or with a bound the chapter "
            + "justifies. This page lists all "
            + "\(checkCount) checks of the \(reports.count) chapters, in the order they appear, each with the section it is in, "
            + "the two numbers, the tolerance and the reason for it. "
            + (failedCount == 0 ? "All of them passed in the runs that wrote this book."
                                : "**\(failedCount) failed** in the runs that wrote this book.")
            + " Check *n.k* is the *k*-th check of chapter *n*"
            + (links == .htmlSite ? "; its number links to the row where the chapter prints it.\n\n" : ".\n\n")
        page += summaryTable(links: links) + "\n" + toleranceTable() + "\n"
        for report in reports { page += chapterSection(report, links: links) }
        return page
    }

    private func chapterPage(_ chapter: Int, links: Links) -> String {
        ChapterEntry.folderName(chapter) + (links == .htmlSite ? ".html" : ".md")
    }

    private func summaryTable(links: Links) -> String {
        var table = "| chapter | checks | passed | failed | identities shown | seed |\n|---|---:|---:|---:|---:|---|\n"
        for report in reports {
            let failed = report.checks.filter { !$0.passed }.count
            table += "| [\(Self.cell(report.chapterTitle))](\(chapterPage(report.chapter, links: links))) | \(report.checks.count) | "
                + "\(report.checks.count - failed) | \(failed) | \(report.demonstrations) | "
                + "\(report.seed)\(report.quick ? " (--quick)" : "") |\n"
        }
        table += "| **all chapters** | **\(checkCount)** | **\(checkCount - failedCount)** | **\(failedCount)** | "
            + "**\(reports.reduce(0) { $0 + $1.demonstrations })** | |\n"
        return table
    }

    /// How the checks decide: the tolerance column's four forms, counted.
    private func toleranceTable() -> String {
        let all = reports.flatMap(\.checks)
        var table = "| tolerance | meaning | checks |\n|---|---|---:|\n"
        for kind in ToleranceKind.allCases {
            let count = all.filter { ToleranceKind($0.tolerance) == kind }.count
            if kind != .other || count > 0 { table += "| \(kind.form) | \(kind.meaning) | \(count) |\n" }
        }
        return table
    }

    /// A chapter's checks, one table per section (the checks of a section are consecutive).
    private func chapterSection(_ report: ChapterReport, links: Links) -> String {
        var text = "## \(report.chapterTitle)\n\n"
        guard !report.checks.isEmpty else { return text + "This chapter's run recorded no checks.\n\n" }
        var section: String?
        for (offset, check) in report.checks.enumerated() {
            if check.section != section {
                if section != nil { text += "\n" }
                section = check.section
                if !check.section.isEmpty { text += "### \(BookMarkdown.text(check.section))\n\n" }
                text += "| | check | what is compared | measured | reference | tolerance | why this tolerance |\n"
                    + "|---|---|---|---:|---:|---|---|\n"
            }
            let index = offset + 1
            let number = "\(report.chapter).\(index)"
            let numberCell = links == .htmlSite
                ? "[\(number)](\(chapterPage(report.chapter, links: links))#\(Self.anchor(chapter: report.chapter, index: index)))"
                : number
            let mark = check.passed ? "✓" : "✗"
            let markCell = links == .htmlSite ? "[\(mark)]{.\(check.passed ? "pass" : "fail")}" : mark
            let cells = [markCell, numberCell, Self.cell(check.name), Self.cell(check.measured), Self.cell(check.reference),
                         Self.cell(check.tolerance), Self.cell(check.why ?? "")]
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text + "\n"
    }

    /// Text made safe for a pipe-table cell, escaped as the chapters' own tables are.
    static func cell(_ text: String) -> String { BookMarkdown.cell(text) }
}

/// The forms of the tolerance column, as the chapter runtime prints them.
enum ToleranceKind: CaseIterable {
    case standardErrors, relative, absolute, bound, other

    init(_ tolerance: String) {
        if tolerance == "bound" { self = .bound }
        else if tolerance.hasPrefix("± ") && tolerance.contains(" SE") { self = .standardErrors }
        else if tolerance.hasPrefix("± ") && tolerance.hasSuffix("%") { self = .relative }
        else if tolerance.hasPrefix("± ") { self = .absolute }
        else { self = .other }
    }

    var form: String {
        switch self {
        case .standardErrors: "± k SE"
        case .relative: "± p%"
        case .absolute: "± a"
        case .bound: "bound"
        case .other: "other"
        }
    }

    var meaning: String {
        switch self {
        case .standardErrors: "a Monte Carlo estimate within k standard errors of the reference"
        case .relative: "within a fraction of the reference"
        case .absolute: "within an absolute distance of the reference"
        case .bound: "at most or at least a stated bound (some bounds are themselves in standard errors, such as a t statistic)"
        case .other: "a comparison printed in another form (such as a listing that does not match its source)"
        }
    }
}

extension ChapterReport {
    /// "Chapter 12 — The score-SDE view", as the chapter's heading prints it.
    public var chapterTitle: String { "Chapter \(chapter) — \(title)" }
}
