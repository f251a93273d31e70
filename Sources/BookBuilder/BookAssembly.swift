import BookSite
import ChapterReport
import Foundation

/// Checking links, writing the index and SUMMARY.md, and swapping the new book in.
enum BookAssembly {
    /// Every `![…](../figures/…)` link in the staged chapters must name a staged figure.
    static func verifyFigureLinks(book: URL, figures: URL) throws {
        let pattern = try NSRegularExpression(pattern: #"!\[[^\]]*\]\(\.\./figures/([^)]+)\)"#)
        var missing: [String] = []
        for file in BookContents.chapterFiles(in: book) {
            let text = try String(contentsOf: book.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                if !FileManager.default.fileExists(atPath: figures.appendingPathComponent(String(text[range])).path) {
                    missing.append("\(file) → figures/\(text[range])")
                }
            }
        }
        guard missing.isEmpty else { throw BuildFailure("The book was not updated: figure links do not resolve: " + missing.joined(separator: ", ")) }
    }

    /// Moves the staged output into place. A full build replaces `book/`
    /// wholesale (keeping its HTML edition, rebuilt separately with `--html`);
    /// a single-chapter build replaces that chapter's page, report and figures.
    static func install(chapters: [ChapterEntry], stagedBook: URL, stagedFigures: URL, root: URL, replaceWholeBook: Bool) throws {
        let manager = FileManager.default
        let book = root.appendingPathComponent("book"), figures = root.appendingPathComponent("figures")
        try manager.createDirectory(at: figures, withIntermediateDirectories: true)
        for chapter in chapters {
            let staged = stagedFigures.appendingPathComponent(chapter.folderName)
            let destination = figures.appendingPathComponent(chapter.folderName)
            if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
            if manager.fileExists(atPath: staged.path) { try manager.moveItem(at: staged, to: destination) }
        }
        if replaceWholeBook {
            try BookContents.writeMarkdownPages(in: stagedBook)
            let old = root.appendingPathComponent(".book-previous")
            try? manager.removeItem(at: old)
            if manager.fileExists(atPath: book.path) { try manager.moveItem(at: book, to: old) }
            try manager.moveItem(at: stagedBook, to: book)
            let html = old.appendingPathComponent("html")
            if manager.fileExists(atPath: html.path) { try manager.moveItem(at: html, to: book.appendingPathComponent("html")) }
            try? manager.removeItem(at: old)
        } else {
            try manager.createDirectory(at: book.appendingPathComponent("reports"), withIntermediateDirectories: true)
            for chapter in chapters {
                for file in ["\(chapter.folderName).md", "reports/\(chapter.folderName).json"] {
                    let destination = book.appendingPathComponent(file)
                    if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
                    try manager.moveItem(at: stagedBook.appendingPathComponent(file), to: destination)
                }
            }
            try BookContents.writeMarkdownPages(in: book)
        }
    }
}
