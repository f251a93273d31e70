import BookSite
import ChapterReport
import Foundation
import TestSupport

/// The committed book rendered once, in a temporary folder, for every test that reads the site.
enum BuiltSite {
    /// pandoc on PATH, or nil: the tests that need it are then reported as skipped.
    static let pandoc = try? Pandoc.locate()

    static let book = TestPackage.root.appendingPathComponent("book")

    static let folder: Result<URL, Error> = Result {
        let output = URL(fileURLWithPath: TestPackage.temporaryFolder("site")).appendingPathComponent("html")
        _ = try SiteBuilder(book: book, figures: TestPackage.root.appendingPathComponent("figures"), output: output,
                            pandoc: try Pandoc.locate()).build()
        return output
    }

    /// The text of one built page.
    static func page(_ name: String) throws -> String {
        try String(contentsOf: folder.get().appendingPathComponent(name), encoding: .utf8)
    }

    /// The chapters of the committed book.
    static let chapterNumbers = BookContents.chapterFiles(in: book).compactMap(BookContents.chapterNumber(ofPage:))
}

/// How many times `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
