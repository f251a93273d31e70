import BookSite
import ChapterReport
import Foundation
import Testing
import TestSupport

/// The committed book rendered with pandoc: every page sound, the maths
/// converted, each check anchored where the ledger says it is.
@Suite(.enabled(if: BuiltSite.pandoc != nil, "pandoc is not installed (apt-get install pandoc): the HTML edition cannot be built here"))
struct SiteBuildTests {
    @Test func theWholeBookBuildsAndEveryLinkImageAndAnchorResolves() throws {
        let site = try BuiltSite.folder.get()
        #expect(SiteAudit.problems(in: site) == [])
        for file in ["index.html", "ledger.html", "style.css"] + BuiltSite.chapterNumbers.map({ ChapterEntry.folderName($0) + ".html" }) {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(file).path), "\(file) was not written")
        }
    }

    @Test(arguments: BuiltSite.chapterNumbers)
    func aChapterPageHasItsMathsAsMathMLItsFiguresOnceAndItsChecksAnchored(chapter: Int) throws {
        let name = ChapterEntry.folderName(chapter)
        let markdown = try String(contentsOf: BuiltSite.book.appendingPathComponent(name + ".md"), encoding: .utf8)
        let html = try BuiltSite.page(name + ".html")
        let report = try BookContents.report(chapter: chapter, in: BuiltSite.book)

        // Each $$ … $$ display of the book is one block of MathML, and no TeX is left as text.
        let displays = markdown.components(separatedBy: "\n").filter { $0 == "$$" }.count / 2
        #expect(displays > 0, "every chapter displays equations")
        #expect(occurrences(of: "<math display=\"block\"", in: html) == displays)
        #expect(!html.replacingOccurrences(of: #"(?s)<annotation[^>]*>.*?</annotation>"#, with: "", options: .regularExpression).contains("$$"))

        // Each figure once, with one caption, from the site's own folder.
        let figures = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("![") && $0.contains("](../figures/") }.count
        #expect(occurrences(of: "<figure>", in: html) == figures && occurrences(of: "<figcaption", in: html) == figures)
        #expect(!html.contains("../figures/"))

        // Every check of the report has its anchored mark, in order; every section is in the page's contents.
        for (offset, check) in report.checks.enumerated() {
            let anchor = CheckLedger.anchor(chapter: chapter, index: offset + 1)
            #expect(html.contains("<span id=\"\(anchor)\" class=\"\(check.passed ? "pass" : "fail")\">"), "check \(chapter).\(offset + 1)")
        }
        #expect(!html.contains("id=\"\(CheckLedger.anchor(chapter: chapter, index: report.checks.count + 1))\""))
        #expect(html.contains("<nav class=\"sections\"") && html.contains("<h1>\(report.chapterTitle)</h1>"))
        #expect(html.contains("<code class=\"sourceCode swift\">") && html.contains("<span class=\"kw\">"), "Swift listings are highlighted")
    }

    @Test func theLedgerListsEveryCheckOfEveryChapterOnceLinkedToItsRow() throws {
        let ledger = try BuiltSite.page("ledger.html")
        let reports = try BookContents.reports(in: BuiltSite.book)
        let total = reports.reduce(0) { $0 + $1.checks.count }
        #expect(total >= 12 * reports.count)
        for report in reports {
            for index in 1...report.checks.count {
                let link = "\(ChapterEntry.folderName(report.chapter)).html#\(CheckLedger.anchor(chapter: report.chapter, index: index))"
                #expect(occurrences(of: "href=\"\(link)\"", in: ledger) == 1, "\(link)")
            }
        }
        #expect(occurrences(of: "<span class=\"pass\">✓</span>", in: ledger) + occurrences(of: "<span class=\"fail\">✗</span>", in: ledger) == total)
    }

    @Test func theFrontPageAndThePagerLeadThroughEveryChapter() throws {
        let index = try BuiltSite.page("index.html")
        let numbers = BuiltSite.chapterNumbers
        for (position, chapter) in numbers.enumerated() {
            let file = ChapterEntry.folderName(chapter) + ".html"
            #expect(index.contains("href=\"\(file)\""), "the front page does not list \(file)")
            let page = try BuiltSite.page(file)
            let next = position + 1 < numbers.count ? ChapterEntry.folderName(numbers[position + 1]) + ".html" : "ledger.html"
            #expect(page.contains("<a rel=\"next\" href=\"\(next)\">"), "\(file) does not lead to \(next)")
        }
    }
}

/// The builder's command line: `--html-only` renders the site from a book folder, and without
/// pandoc it stops with one sentence before doing anything.
@Suite struct BookBuilderHTMLCommandTests {
    static let builder = TestPackage.buildFolder.appendingPathComponent("BookBuilder")

    /// A repository folder holding only chapter 12's page, report and figures, copied from the committed book.
    static func rootWithChapter12() throws -> URL {
        let root = URL(fileURLWithPath: TestPackage.temporaryFolder("builder-root"))
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("book/reports"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("figures"), withIntermediateDirectories: true)
        for file in ["book/chapter12.md", "book/reports/chapter12.json", "figures/chapter12"] {
            try manager.copyItem(at: TestPackage.root.appendingPathComponent(file), to: root.appendingPathComponent(file))
        }
        return root
    }

    @Test(.enabled(if: BuiltSite.pandoc != nil, "pandoc is not installed (apt-get install pandoc)"))
    func htmlOnlyBuildsOneChapterSite() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.builder.path), "BookBuilder was not built next to the tests")
        let root = try Self.rootWithChapter12()
        let run = try runProgram(Self.builder, ["--html-only", "--root", root.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("HTML edition written to book/html/") && run.output.contains("in the ledger"))
        let site = root.appendingPathComponent("book/html")
        #expect(SiteAudit.problems(in: site) == [])
        for file in ["index.html", "chapter12.html", "ledger.html", "style.css"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(file).path))
        }
    }

    @Test func withoutPandocTheBuilderSaysSoInOneSentenceAndFails() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.builder.path), "BookBuilder was not built next to the tests")
        let root = try Self.rootWithChapter12()
        let run = try runProgram(Self.builder, ["--html-only", "--root", root.path], environment: ["PATH": "/nonexistent"])
        #expect(run.status != 0)
        let lines = run.error.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("pandoc was not found on PATH"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("book/html").path))
        #expect(throws: SiteFailure.self) { try Pandoc.locate(searchPath: "/nonexistent:/also-missing") }
    }
}
