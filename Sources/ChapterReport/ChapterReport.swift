import Foundation

/// What one run of a chapter produced: the one summary format shared by the
/// chapter runtime (which writes it), the book builder and the chapter tests
/// (which read it), so that no program has to scrape the printed text.
///
/// A runner asks for it with the hidden option `--report <path>`:
///
/// ```swift
/// let run = try ChapterProcess.runChapter(binary, arguments: ["--quick"])
/// let report = try #require(run.report)
/// #expect(report.failed.isEmpty && report.passed >= 12)
/// ```
public struct ChapterReport: Codable, Equatable, Sendable {
    /// The chapter's number and title.
    public var chapter: Int
    public var title: String
    /// The command line's seed and `--quick` flag.
    public var seed: UInt64
    public var quick: Bool
    /// How many checks passed, and the names of those that failed, in order.
    public var passed: Int
    public var failed: [String]
    /// Identities printed as demonstrations (shown, never counted as checks).
    public var demonstrations: Int
    /// File names of the figures written into the chapter's figure folder, in order.
    public var figures: [String]

    public init(chapter: Int, title: String, seed: UInt64, quick: Bool, passed: Int, failed: [String],
                demonstrations: Int, figures: [String]) {
        self.chapter = chapter
        self.title = title
        self.seed = seed
        self.quick = quick
        self.passed = passed
        self.failed = failed
        self.demonstrations = demonstrations
        self.figures = figures
    }

    /// The long option (without dashes) that names the report's path.
    public static let optionName = "report"

    /// "checks: 14 passed, 0 failed": the line readers see at the end of a chapter.
    public var summaryLine: String { "checks: \(passed) passed, \(failed.count) failed" }

    /// Whether every check passed.
    public var succeeded: Bool { failed.isEmpty }

    /// Writes the report as JSON (sorted keys, so equal reports are equal bytes),
    /// under a temporary name first so a reader never sees half a report.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads a report written by `write(to:)`.
    public static func read(from path: String) throws -> ChapterReport {
        try JSONDecoder().decode(ChapterReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
