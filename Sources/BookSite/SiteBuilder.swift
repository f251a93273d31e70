import ChapterReport
import Foundation

/// Builds the HTML edition, `book/html/`, from the Markdown book, the
/// chapters' reports and `figures/`: one page per chapter, a front page, the
/// ledger of checks, the figures the pages show and one stylesheet. The new
/// site is built beside the old one, audited, and only then swapped in.
public struct SiteBuilder {
    public let book: URL
    public let figures: URL
    public let output: URL
    public let pandoc: Pandoc

    /// What was built, for the builder's closing line.
    public struct Summary: Sendable {
        public var pages = 0
        public var checks = 0
        public var figures = 0
    }

    public init(book: URL, figures: URL, output: URL, pandoc: Pandoc) {
        self.book = book
        self.figures = figures
        self.output = output
        self.pandoc = pandoc
    }

    public func build() throws -> Summary {
        let manager = FileManager.default
        let staging = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent)-staging")
        let work = staging.appendingPathComponent(".pandoc")
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: staging) }
        let template = work.appendingPathComponent("template.html")
        try Data(SiteTemplate.html.utf8).write(to: template)
        try Data(SiteStylesheet.css.utf8).write(to: staging.appendingPathComponent("style.css"))

        let chapters = try BookContents.chapterNumbers(in: book).map { number in
            let markdown = try String(contentsOf: book.appendingPathComponent(ChapterEntry.folderName(number) + ".md"), encoding: .utf8)
            let page = SitePage(markdown: markdown, chapter: number) { manager.fileExists(atPath: figures.appendingPathComponent($0).path) }
            return (page: page, report: try BookContents.report(chapter: number, in: book))
        }
        guard !chapters.isEmpty else { throw SiteFailure("book/ has no chapter pages to build the HTML edition from.") }
        let ledger = CheckLedger(reports: chapters.map(\.report))
        var summary = Summary(checks: ledger.checkCount)

        /// Renders one page. The header's fixed links to the contents and the ledger are left out
        /// where they would repeat the page itself or its previous/next link.
        func render(_ markdown: String, as name: String, title: String, previous: (String, String)?, next: (String, String)?,
                    tableOfContents: Bool) throws {
            let input = work.appendingPathComponent(name + ".md")
            try Data(markdown.utf8).write(to: input)
            var variables = ["page": name]
            if let previous { variables["previous-href"] = previous.0; variables["previous-title"] = HTMLText.escaped(previous.1) }
            if let next { variables["next-href"] = next.0; variables["next-title"] = HTMLText.escaped(next.1) }
            if name != "index" && previous?.0 != "index.html" { variables["contents-link"] = "true" }
            if name != "ledger" && next?.0 != "ledger.html" { variables["ledger-link"] = "true" }
            try pandoc.renderPage(markdown: input, to: staging.appendingPathComponent(name + ".html"), template: template,
                                  title: title, variables: variables, tableOfContents: tableOfContents)
            summary.pages += 1
        }

        let files = chapters.map { ChapterEntry.folderName($0.report.chapter) + ".html" }
        for (position, chapter) in chapters.enumerated() {
            for figure in chapter.page.figures {
                let destination = staging.appendingPathComponent("figures").appendingPathComponent(figure)
                if manager.fileExists(atPath: destination.path) { continue }
                try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try manager.copyItem(at: figures.appendingPathComponent(figure), to: destination)
                summary.figures += 1
            }
            let previous = position > 0 ? (files[position - 1], chapters[position - 1].page.title) : ("index.html", "Contents")
            let next = position + 1 < chapters.count ? (files[position + 1], chapters[position + 1].page.title) : ("ledger.html", "Ledger of checks")
            try render(chapter.page.body, as: ChapterEntry.folderName(chapter.report.chapter), title: chapter.page.title,
                       previous: previous, next: next, tableOfContents: true)
        }
        try render(SiteIndex.markdown(chapters: chapters, ledger: ledger), as: "index", title: SiteIndex.title,
                   previous: nil, next: (files[0], chapters[0].page.title), tableOfContents: false)
        let ledgerPage = SitePage(markdown: ledger.markdown(links: .htmlSite), chapter: 0)
        try render(ledgerPage.body, as: "ledger", title: ledgerPage.title, previous: (files[files.count - 1], chapters[chapters.count - 1].page.title),
                   next: nil, tableOfContents: true)

        try manager.removeItem(at: work)
        let problems = SiteAudit.problems(in: staging)
        guard problems.isEmpty else {
            throw SiteFailure("The HTML edition was not updated: " + problems.prefix(10).joined(separator: " ")
                              + (problems.count > 10 ? " … and \(problems.count - 10) more." : ""))
        }
        // Swap: the old site is set aside first, so a failed move leaves it where it was.
        let previousSite = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent)-previous")
        try? manager.removeItem(at: previousSite)
        if manager.fileExists(atPath: output.path) { try manager.moveItem(at: output, to: previousSite) }
        do {
            try manager.moveItem(at: staging, to: output)
        } catch {
            if manager.fileExists(atPath: previousSite.path) { try? manager.moveItem(at: previousSite, to: output) }
            throw error
        }
        try? manager.removeItem(at: previousSite)
        return summary
    }
}
