import ArgumentParser
import BookSite
import ChapterReport
import Foundation

/// Builds the Markdown book: runs every chapter in Markdown mode, collects its
/// output, report and figures, checks every figure link and that each page
/// shows the checks its report records, writes the index, an mdBook-style
/// SUMMARY.md and the ledger of checks, and only then replaces `book/` and the
/// chapters' folders in `figures/`. If any chapter or check fails, nothing is
/// replaced. With `--html` it then renders the HTML edition, `book/html/`.
@main
struct BookBuilder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "BookBuilder",
        abstract: "Run the chapters and stitch their output and figures into book/ and figures/.",
        discussion: "--html also renders book/html/ (needs pandoc on PATH); --html-only renders it from the book already in book/, "
            + "rewriting only the pages derived from the chapters' reports (index.md, SUMMARY.md, ledger.md)."
    )

    @Option(help: "Build only this chapter (its number, e.g. 11); the index is rebuilt from the chapters present.")
    var chapter: Int?

    @Option(help: "How many chapters to run at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seed passed to every chapter.")
    var seed: UInt64 = 2026

    @Flag(help: "Run the chapters in --quick mode (for testing the builder itself).")
    var quick = false

    @Flag(help: "After the Markdown book, render the HTML edition into book/html/ with pandoc.")
    var html = false

    @Flag(help: "Render book/html/ from the Markdown and reports already in book/, without running any chapter (index.md, SUMMARY.md and ledger.md are rewritten from the reports too).")
    var htmlOnly = false

    @Option(name: .customLong("root"), help: "The repository folder (default: the current folder).")
    var root: String = FileManager.default.currentDirectoryPath

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let chapter, chapter < 1 { throw ValidationError("--chapter must be a positive chapter number.") }
        if htmlOnly && (chapter != nil || quick) { throw ValidationError("--html-only runs no chapter, so it takes neither --chapter nor --quick.") }
    }

    func run() throws {
        let rootURL = URL(fileURLWithPath: root)
        // Before any chapter runs: a missing pandoc should cost a second, not the whole build.
        let pandoc = html || htmlOnly ? try Pandoc.locate() : nil
        if !htmlOnly { try buildMarkdownBook(in: rootURL) }
        if let pandoc { try buildSite(in: rootURL, with: pandoc) }
    }

    func buildSite(in rootURL: URL, with pandoc: Pandoc) throws {
        let start = Date()
        let book = rootURL.appendingPathComponent("book")
        // The book's own derived pages first: with --html-only they may predate the code that writes them.
        if htmlOnly { try BookContents.writeMarkdownPages(in: book) }
        let site = try SiteBuilder(book: book, figures: rootURL.appendingPathComponent("figures"),
                                   output: book.appendingPathComponent("html"), pandoc: pandoc).build()
        print("HTML edition written to book/html/ with \(try pandoc.version()): \(site.pages) pages, \(site.checks) checks in the ledger, "
              + "\(site.figures) figure files, \(String(format: "%.1f", Date().timeIntervalSince(start))) s. Open book/html/index.html.")
    }

    func buildMarkdownBook(in rootURL: URL) throws {
        let chapters = ChapterCatalogue.chapters(in: rootURL.appendingPathComponent("Chapters"))
        let selected = chapter.map { number in chapters.filter { $0.number == number } } ?? chapters
        guard !selected.isEmpty else {
            throw BuildFailure(chapter.map { "There is no chapter \($0) in Chapters/." } ?? "There are no chapters in Chapters/.")
        }
        print("Building \(selected.map(\.target).joined(separator: ", ")) …")
        let binaries = try Toolchain.build(selected.map(\.target), in: rootURL)

        let staging = rootURL.appendingPathComponent(".book-staging")
        try? FileManager.default.removeItem(at: staging)
        let stagedBook = staging.appendingPathComponent("book"), stagedFigures = staging.appendingPathComponent("figures")
        try FileManager.default.createDirectory(at: stagedBook.appendingPathComponent("reports"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: stagedFigures, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }

        let results = ChapterRunner.runAll(selected, binaries: binaries, jobs: jobs, seed: seed, quick: quick,
                                           book: stagedBook, figures: stagedFigures)
        var failures: [String] = []
        for (entry, result) in zip(selected, results) {
            if result.status == 0 {
                print("  ✓ \(entry.target): \(result.summary)")
            } else {
                failures.append("\(entry.target) failed (\(result.summary))" + (result.failedChecks.isEmpty ? "" : ": " + result.failedChecks.joined(separator: "; "))
                                + (result.standardError.isEmpty ? "" : " — " + result.standardError))
            }
        }
        guard failures.isEmpty else {
            throw BuildFailure("The book was not updated. " + failures.joined(separator: " "))
        }
        try BookAssembly.verifyFigureLinks(book: stagedBook, figures: stagedFigures)
        try BookAssembly.install(chapters: selected, stagedBook: stagedBook, stagedFigures: stagedFigures, root: rootURL,
                                 replaceWholeBook: chapter == nil)
        print("Book written to book/ (\(BookContents.chapterFiles(in: rootURL.appendingPathComponent("book")).count) chapters), figures to figures/.")
    }
}

/// A failure that ends the build with one message and status 1.
struct BuildFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
