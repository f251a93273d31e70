import ChapterReport
import Foundation

/// What `book/` holds besides the chapters' pages, and how it is read:
/// `reports/chapterNN.json` (the report each chapter's run left: its checks
/// feed the ledger), `index.md`, mdBook's `SUMMARY.md` and `ledger.md`.
public enum BookContents {
    /// The first paragraph of the book's front page, in both editions.
    public static let introduction = """
        Every chapter of this book is a Swift program; this text is its output. Each claim is checked by
        numbers computed two independent ways, every model is trained while the chapter runs, and every
        figure is drawn by the chapter's own code. Run a chapter yourself with `swift run ChapterNN…`.
        """

    /// The chapters' pages, `chapter01.md` …, in order.
    public static func chapterFiles(in book: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: book.path)) ?? [])
            .filter { $0.hasPrefix("chapter") && $0.hasSuffix(".md") && chapterNumber(ofPage: $0) != nil }.sorted()
    }

    /// The numbers of the chapters whose pages are in `book`, in order.
    public static func chapterNumbers(in book: URL) -> [Int] { chapterFiles(in: book).compactMap(chapterNumber(ofPage:)) }

    /// 12 for "chapter12.md".
    public static func chapterNumber(ofPage file: String) -> Int? { Int(file.dropFirst(7).dropLast(3)) }

    /// Where the report of a chapter's run is kept in the book.
    public static func reportURL(chapter: Int, in book: URL) -> URL {
        book.appendingPathComponent("reports").appendingPathComponent(ChapterEntry.folderName(chapter) + ".json")
    }

    /// The report of chapter `chapter`'s run, checked against its page: the page must show
    /// exactly the checks the report records, in the same order and sections, or the ledger would lie.
    public static func report(chapter: Int, in book: URL) throws -> ChapterReport {
        let page = book.appendingPathComponent(ChapterEntry.folderName(chapter) + ".md")
        let url = reportURL(chapter: chapter, in: book)
        guard let report = try? ChapterReport.read(from: url.path) else {
            throw SiteFailure("book/reports/\(url.lastPathComponent) is missing or unreadable; rebuild the chapter with "
                              + "swift run BookBuilder --chapter \(chapter).")
        }
        let shown = SitePage(markdown: try String(contentsOf: page, encoding: .utf8), chapter: chapter).checks.map { "\($0.section) | \($0.name)" }
        let recorded = report.checks.map { "\($0.section) | \($0.name)" }
        guard shown == recorded else {
            let difference = shown.count != recorded.count
                ? "shows \(shown.count) checks but its report records \(recorded.count)"
                : "shows check \(chapter).\(zip(shown, recorded).prefix { $0 == $1 }.count + 1) under another name or section than its report"
            throw SiteFailure("\(page.lastPathComponent) \(difference); rebuild the chapter with swift run BookBuilder --chapter \(chapter).")
        }
        return report
    }

    /// The reports of every chapter in `book`, each checked against its page.
    public static func reports(in book: URL) throws -> [ChapterReport] {
        try chapterNumbers(in: book).map { try report(chapter: $0, in: book) }
    }

    /// Writes index.md (the title page with the contents), SUMMARY.md (mdBook's navigation)
    /// and ledger.md (every check of every chapter) for the chapters present.
    public static func writeMarkdownPages(in book: URL) throws {
        let reports = try reports(in: book)
        let entries = reports.map { ($0.chapterTitle, ChapterEntry.folderName($0.chapter) + ".md") }
        let ledger = CheckLedger(reports: reports)
        var index = "# Deep Generative Models — an executable textbook\n\n\(introduction)\n\n"
            + "The [ledger of checks](ledger.md) lists all \(ledger.checkCount) checks of the book on one page.\n\n## Contents\n\n"
        for (title, file) in entries { index += "- [\(title)](\(file))\n" }
        index += "- [Ledger of checks](ledger.md)\n"
        try Data(index.utf8).write(to: book.appendingPathComponent("index.md"))
        var summary = "# Summary\n\n[Introduction](index.md)\n\n"
        for (title, file) in entries { summary += "- [\(title)](\(file))\n" }
        summary += "\n[Ledger of checks](ledger.md)\n"
        try Data(summary.utf8).write(to: book.appendingPathComponent("SUMMARY.md"))
        try Data(ledger.markdown(links: .markdownBook).utf8).write(to: book.appendingPathComponent("ledger.md"))
    }
}
