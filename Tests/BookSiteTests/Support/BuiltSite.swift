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
        removeOldSites()
        let output = URL(fileURLWithPath: TestPackage.temporaryFolder("site")).appendingPathComponent("html")
        _ = try SiteBuilder(book: book, figures: TestPackage.root.appendingPathComponent("figures"), output: output,
                            pandoc: try Pandoc.locate()).build()
        return output
    }

    /// The sites earlier runs left (each holds a copy of the figures): those older than an hour are removed.
    static func removeOldSites() {
        let temporary = URL(fileURLWithPath: NSTemporaryDirectory())
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("site-") {
            let folder = temporary.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: folder.path)[.modificationDate]) as? Date
            if let modified, modified < Date().addingTimeInterval(-3600) { try? FileManager.default.removeItem(at: folder) }
        }
    }

    /// The text of one built page.
    static func page(_ name: String) throws -> String {
        try String(contentsOf: folder.get().appendingPathComponent(name), encoding: .utf8)
    }

    /// The chapters of the committed book.
    static let chapterNumbers = BookContents.chapterNumbers(in: book)
}

/// How many times `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
