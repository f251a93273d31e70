@testable import BookSite
import ChapterReport
import Foundation
import Testing
import TestSupport

/// The ledger lists every check with its verdict, and the book refuses a
/// report that does not match its page.
struct CheckLedgerTests {
    static let twelve = ChapterReport(
        chapter: 12, title: "The score-SDE view", seed: 2026, quick: false, passed: 3, failed: ["ratio"], demonstrations: 1, figures: ["a.png"],
        checks: [CheckRecord(section: "1. Noising", name: "mean", measured: "1.5", reference: "1.5", tolerance: "± 4 SE (SE = 0.01)", why: "CLT", passed: true),
                 CheckRecord(section: "1. Noising", name: "a | b", measured: "2", reference: "2", tolerance: "± 5%", passed: true),
                 CheckRecord(section: "2. Sampling", name: "ratio", measured: "1.4", reference: "2", tolerance: "± 0.1", why: "first order", passed: false),
                 CheckRecord(section: "2. Sampling", name: "modes", measured: "8", reference: "≥ 8", tolerance: "bound", passed: true)])
    static let three = ChapterReport(chapter: 3, title: "GANs", seed: 7, quick: true, passed: 0, failed: [], demonstrations: 0, figures: [], checks: [])
    static let ledger = CheckLedger(reports: [twelve, three])

    @Test func everyCheckHasARowWithItsVerdictNumberAndLink() {
        let page = Self.ledger.markdown(links: .htmlSite)
        #expect(Self.ledger.checkCount == 4 && Self.ledger.failedCount == 1)
        #expect(page.contains("| [✓]{.pass} | [12.1](chapter12.html#check-12-1) | mean | 1.5 | 1.5 | ± 4 SE (SE = 0.01) | CLT |"))
        #expect(page.contains("| [✓]{.pass} | [12.2](chapter12.html#check-12-2) | a \\| b | 2 | 2 | ± 5% |  |"))
        #expect(page.contains("| [✗]{.fail} | [12.3](chapter12.html#check-12-3) | ratio | 1.4 | 2 | ± 0.1 | first order |"))
        #expect(page.contains("**1 failed**"))
        #expect(page.contains("### 1. Noising\n\n| | check |") && page.contains("### 2. Sampling\n\n| | check |"), "a table per section")
        #expect(page.components(separatedBy: "### 2. Sampling").count == 2)
        #expect(page.range(of: "## Chapter 3 — GANs")!.lowerBound < page.range(of: "## Chapter 12 — The score-SDE view")!.lowerBound)
        #expect(page.contains("This chapter's run recorded no checks."))
    }

    @Test func theSummaryCountsChaptersAndKindsOfTolerance() {
        let page = Self.ledger.markdown(links: .htmlSite)
        #expect(page.contains("| [Chapter 12 — The score-SDE view](chapter12.html) | 4 | 3 | 1 | 1 | 2026 |"))
        #expect(page.contains("| [Chapter 3 — GANs](chapter03.html) | 0 | 0 | 0 | 0 | 7 (--quick) |"))
        #expect(page.contains("| **all chapters** | **4** | **3** | **1** | **1** | |"))
        for kind in ["| ± k SE |", "| ± p% |", "| ± a |", "| bound |"] {
            #expect(page.components(separatedBy: "\n").contains { $0.hasPrefix(kind) && $0.hasSuffix("| 1 |") }, "\(kind)")
        }
        #expect(!page.contains("| other |"), "the other row appears only when some check has another form")
    }

    @Test func theKindsOfToleranceAddUpToEveryCheck() {
        let odd = CheckRecord(section: "", name: "listing", measured: "missing", reference: "present", tolerance: "—", passed: false)
        var report = Self.twelve
        report.checks.append(odd)
        let page = CheckLedger(reports: [report]).markdown(links: .markdownBook)
        #expect(page.contains("| other | a comparison printed in another form"))
        let counts = page.components(separatedBy: "\n").drop { !$0.hasPrefix("| tolerance |") }.dropFirst(2).prefix { $0.hasPrefix("|") }
            .compactMap { Int($0.split(separator: "|").last!.trimmingCharacters(in: .whitespaces)) }
        #expect(counts.reduce(0, +) == 5 && counts.count == 5)
    }

    /// index.md, SUMMARY.md and ledger.md are derived from the committed reports: they must be what the builder writes today.
    @Test func theCommittedLedgerIndexAndSummaryAreCurrent() throws {
        let committed = TestPackage.root.appendingPathComponent("book")
        let book = URL(fileURLWithPath: TestPackage.temporaryFolder("current-book"))
        defer { try? FileManager.default.removeItem(at: book) }
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        for file in BookContents.chapterFiles(in: committed) + ["reports"] {
            try FileManager.default.copyItem(at: committed.appendingPathComponent(file), to: book.appendingPathComponent(file))
        }
        try BookContents.writeMarkdownPages(in: book)
        for page in ["index.md", "SUMMARY.md", "ledger.md"] {
            let expected = try String(contentsOf: book.appendingPathComponent(page), encoding: .utf8)
            #expect(try String(contentsOf: committed.appendingPathComponent(page), encoding: .utf8) == expected,
                    "book/\(page) is stale: run swift run BookBuilder --html-only (or any build) and commit it")
        }
    }

    @Test func theMarkdownBookLinksPagesAndMarksPlainly() {
        let page = Self.ledger.markdown(links: .markdownBook)
        #expect(page.contains("| ✗ | 12.3 | ratio |"))
        #expect(page.contains("[Chapter 12 — The score-SDE view](chapter12.md)"))
        #expect(!page.contains(".html") && !page.contains("{.pass}"))
    }

    /// A book folder holding one chapter page that shows `shown` checks, and a report recording `recorded`.
    static func book(shown: [String], recorded: [String]?, recordedSection: String = "1. A section") throws -> URL {
        let book = URL(fileURLWithPath: TestPackage.temporaryFolder("ledger-book"))
        try FileManager.default.createDirectory(at: book.appendingPathComponent("reports"), withIntermediateDirectories: true)
        var page = "# Chapter 5 — Diffusion models\n\nSummary.\n\n## 1. A section\n\n| | check | measured | reference | tolerance |\n|---|---|---:|---:|---|\n"
        for name in shown { page += "| ✓ | \(name.replacingOccurrences(of: "|", with: "\\|")) | 1 | 1 | ± 1 |\n" }
        try Data(page.utf8).write(to: book.appendingPathComponent("chapter05.md"))
        if let recorded {
            let checks = recorded.map { CheckRecord(section: recordedSection, name: $0, measured: "1", reference: "1", tolerance: "± 1", passed: true) }
            try ChapterReport(chapter: 5, title: "Diffusion models", seed: 1, quick: false, passed: checks.count, failed: [], demonstrations: 0,
                              figures: [], checks: checks).write(to: BookContents.reportURL(chapter: 5, in: book).path)
        }
        return book
    }

    @Test func aReportThatMatchesItsPageIsReadAndTheMarkdownPagesAreWritten() throws {
        let book = try Self.book(shown: ["a", "b | c"], recorded: ["a", "b | c"])
        #expect(try BookContents.report(chapter: 5, in: book).checks.count == 2)
        try BookContents.writeMarkdownPages(in: book)
        let ledger = try String(contentsOf: book.appendingPathComponent("ledger.md"), encoding: .utf8)
        #expect(ledger.contains("| ✓ | 5.2 | b \\| c |"))
        let index = try String(contentsOf: book.appendingPathComponent("index.md"), encoding: .utf8)
        #expect(index.contains("- [Chapter 5 — Diffusion models](chapter05.md)\n- [Ledger of checks](ledger.md)\n"))
    }

    @Test(arguments: [(["a", "b"], ["a"] as [String]?), (["a"], ["a", "b"]), (["a", "b"], ["b", "a"]), (["a"], nil)])
    func aPageAndAReportThatDisagreeStopTheBook(shown: [String], recorded: [String]?) throws {
        let book = try Self.book(shown: shown, recorded: recorded)
        #expect { try BookContents.report(chapter: 5, in: book) } throws: { error in
            "\(error)".contains("swift run BookBuilder --chapter 5")
        }
        #expect(throws: SiteFailure.self) { try BookContents.writeMarkdownPages(in: book) }
    }

    @Test func aCheckRecordedUnderAnotherSectionStopsTheBook() throws {
        let book = try Self.book(shown: ["a"], recorded: ["a"], recordedSection: "2. Another section")
        #expect { try BookContents.report(chapter: 5, in: book) } throws: { "\($0)".contains("under another name or section") }
    }
}
