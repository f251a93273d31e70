import ChapterReport
import Foundation

/// Checking links, writing the index and SUMMARY.md, and swapping the new book in.
enum BookAssembly {
    static func chapterFiles(in book: URL) throws -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: book.path)) ?? [])
            .filter { $0.hasPrefix("chapter") && $0.hasSuffix(".md") }.sorted()
    }

    /// Every `![…](../figures/…)` link in the staged chapters must name a staged figure.
    static func verifyFigureLinks(book: URL, figures: URL) throws {
        let pattern = try NSRegularExpression(pattern: #"!\[[^\]]*\]\(\.\./figures/([^)]+)\)"#)
        var missing: [String] = []
        for file in try chapterFiles(in: book) {
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
    /// wholesale; a single-chapter build replaces that chapter's file and figures.
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
            try writeIndex(in: stagedBook)
            let old = root.appendingPathComponent(".book-previous")
            try? manager.removeItem(at: old)
            if manager.fileExists(atPath: book.path) { try manager.moveItem(at: book, to: old) }
            try manager.moveItem(at: stagedBook, to: book)
            try? manager.removeItem(at: old)
        } else {
            try manager.createDirectory(at: book, withIntermediateDirectories: true)
            for chapter in chapters {
                let file = "\(chapter.folderName).md"
                let destination = book.appendingPathComponent(file)
                if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
                try manager.moveItem(at: stagedBook.appendingPathComponent(file), to: destination)
            }
            try writeIndex(in: book)
        }
    }

    /// index.md (title page with the table of contents) and SUMMARY.md (mdBook's navigation).
    static func writeIndex(in book: URL) throws {
        let entries = try chapterFiles(in: book).map { file -> (String, String) in
            let text = (try? String(contentsOf: book.appendingPathComponent(file), encoding: .utf8)) ?? ""
            let title = text.split(separator: "\n").first.map { $0.replacingOccurrences(of: "# ", with: "") } ?? file
            return (title, file)
        }
        var index = """
        # Deep Generative Models — an executable textbook

        Every chapter of this book is a Swift program; this text is its output. Each claim is checked by
        numbers computed two independent ways, every model is trained while the chapter runs, and every
        figure is drawn by the chapter's own code. Run a chapter yourself with `swift run ChapterNN…`.

        ## Contents


        """
        for (title, file) in entries { index += "- [\(title)](\(file))\n" }
        try Data(index.utf8).write(to: book.appendingPathComponent("index.md"))
        var summary = "# Summary\n\n[Introduction](index.md)\n\n"
        for (title, file) in entries { summary += "- [\(title)](\(file))\n" }
        try Data(summary.utf8).write(to: book.appendingPathComponent("SUMMARY.md"))
    }
}
