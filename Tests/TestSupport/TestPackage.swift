import ChapterReport
import Foundation

/// Where things are when tests run: the package's folders, the chapters it
/// holds, and the binaries SwiftPM built next to the test bundle.
public enum TestPackage {
    /// The package root: this file is `<root>/Tests/TestSupport/TestPackage.swift`.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every chapter in `Chapters/`, the same list the book builder runs.
    public static let chapters = ChapterCatalogue.chapters(in: root.appendingPathComponent("Chapters"))

    /// The folder holding the test bundle and the executables built with it.
    public static let buildFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    /// A chapter's executable in the build folder.
    public static func binary(_ chapter: ChapterEntry) -> URL { buildFolder.appendingPathComponent(chapter.target) }

    /// A fresh path under the system's temporary folder (not created).
    public static func temporaryFolder(_ purpose: String = "test") -> String {
        NSTemporaryDirectory() + "\(purpose)-\(UUID().uuidString)"
    }

    /// The Swift files under `folder` (relative to the root), with their paths relative to the root.
    public static func swiftFiles(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map { "\(folder)/\($0)" }.sorted()
    }

    /// The number of lines of a file relative to the root (newline count, as `wc -l`).
    public static func lineCount(_ relativePath: String) throws -> Int {
        let data = try Data(contentsOf: root.appendingPathComponent(relativePath))
        return data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
    }
}
