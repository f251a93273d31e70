@testable import BookSite
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

        // Every $$ … $$ display of the book is MathML, in order: the TeX kept in the MathML's annotations, joined,
        // is the book's TeX (long displays are cut at their top-level \qquad), and no TeX is left as text.
        let lines = markdown.components(separatedBy: "\n")
        var displays: [String] = [], open: Int?
        for (index, line) in lines.enumerated() where line == "$$" {
            if let start = open { displays.append(lines[(start + 1)..<index].joined()); open = nil } else { open = index }
        }
        #expect(!displays.isEmpty, "every chapter displays equations")
        let annotations = html.components(separatedBy: "<math display=\"block\"").dropFirst().map { block in
            block.range(of: #"(?s)(?<=<annotation encoding="application/x-tex">).*?(?=</annotation>)"#, options: .regularExpression)
                .map { String(block[$0]) } ?? "no annotation"
        }
        func squeezed(_ tex: String) -> String {
            HTMLText.decoded(tex.replacingOccurrences(of: "\\qquad", with: "")).filter { !$0.isWhitespace }
        }
        #expect(squeezed(annotations.joined()) == squeezed(displays.joined()))
        #expect(annotations.count >= displays.count)
        #expect(!html.replacingOccurrences(of: #"(?s)<annotation[^>]*>.*?</annotation>"#, with: "", options: .regularExpression).contains("$$"))

        // Each figure once, with one caption (the audit counts each caption's text), from the site's own folder.
        let figures = lines.filter { $0.hasPrefix("![") && $0.contains("](../figures/") }.count
        #expect(occurrences(of: "<figure>", in: html) == figures && occurrences(of: "<figcaption>", in: html) == figures)
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

    /// The site must show the book's text as GitHub shows the Markdown edition: every paragraph and table cell
    /// of a plain CommonMark rendering of the page, with the same words and the same emphasis, is on the site.
    /// (Paragraphs of display maths are left out: the site may cut a long display in pieces.)
    @Test(arguments: BuiltSite.chapterNumbers)
    func everyParagraphAndCellReadsAsOnTheForge(chapter: Int) throws {
        let name = ChapterEntry.folderName(chapter)
        let pandoc = try #require(BuiltSite.pandoc)
        let forge = try runProgram(pandoc.executable, [BuiltSite.book.appendingPathComponent(name + ".md").path,
                                                       "--from", "gfm+tex_math_dollars", "--to", "html5", "--mathml"])
        #expect(forge.status == 0, "\(forge.error)")
        var site = Self.blocks(of: try BuiltSite.page(name + ".html"))
        for block in Self.blocks(of: forge.output) {
            if let found = site.firstIndex(where: { $0.text == block.text && ($0.emphasis == block.emphasis || block.wholly) }) {
                site.remove(at: found)
            } else {
                Issue.record("\(name).html lacks, as GitHub renders it: \(block.text.prefix(160)) (emphasis \(block.emphasis))")
            }
        }
    }

    /// The visible text of each `<p>` and `<td>` outside display maths, with how many emphases it holds and whether
    /// one emphasis spans it all (a caption, which the site sets in its own style).
    static func blocks(of html: String) -> [(text: String, emphasis: Int, wholly: Bool)] {
        SiteAudit.matches(of: #"<(?:p|td)(?:\s[^>]*)?>(.*?)</(?:p|td)>"#, in: html).compactMap { inner in
            if inner.contains("<math display=\"block\"") { return nil }
            let text = SiteAudit.visibleText(of: inner.replacingOccurrences(of: #"(?s)<annotation[^>]*>.*?</annotation>"#, with: "",
                                                                            options: .regularExpression))
            guard !text.isEmpty else { return nil }
            let emphasis = occurrences(of: "<em>", in: inner) + occurrences(of: "<strong>", in: inner)
            let wholly = emphasis == 1 && (inner.hasPrefix("<em>") || inner.hasPrefix("<strong>"))
            return (text, emphasis, wholly)
        }
    }

    @Test func theLedgerListsEveryCheckOfEveryChapterOnceLinkedToItsRow() throws {
        let ledger = try BuiltSite.page("ledger.html")
        let reports = try BookContents.reports(in: BuiltSite.book)
        let total = reports.reduce(0) { $0 + $1.checks.count }
        #expect(total >= 12 * reports.count)
        for report in reports {
            for index in report.checks.indices.map({ $0 + 1 }) {
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
        defer { try? FileManager.default.removeItem(at: root) }
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
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try runProgram(Self.builder, ["--html-only", "--root", root.path], environment: ["PATH": "/nonexistent"])
        #expect(run.status != 0)
        let lines = run.error.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("pandoc was not found on PATH"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("book/html").path))
        #expect(throws: SiteFailure.self) { try Pandoc.locate(searchPath: "/nonexistent:/also-missing") }
    }
}
