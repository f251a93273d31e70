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
    /// Every check in the order the chapter printed it: what the book's ledger of checks lists.
    public var checks: [CheckRecord]

    public init(chapter: Int, title: String, seed: UInt64, quick: Bool, passed: Int, failed: [String],
                demonstrations: Int, figures: [String], checks: [CheckRecord] = []) {
        self.chapter = chapter
        self.title = title
        self.seed = seed
        self.quick = quick
        self.passed = passed
        self.failed = failed
        self.demonstrations = demonstrations
        self.figures = figures
        self.checks = checks
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
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads a report written by `write(to:)`.
    public static func read(from path: String) throws -> ChapterReport {
        try JSONDecoder().decode(ChapterReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// One check as the chapter printed it, with the section it appeared in.
///
/// The numbers are the printed strings (four significant digits), so the
/// ledger shows exactly what the chapter's page shows.
public struct CheckRecord: Codable, Equatable, Sendable {
    /// The title of the section the check appeared in ("" before the first section).
    public var section: String
    /// What is compared, the measured value, the reference (a number or a bound) and the tolerance.
    public var name: String
    public var measured: String
    public var reference: String
    public var tolerance: String
    /// Where the tolerance comes from, if the chapter said.
    public var why: String?
    public var passed: Bool

    public init(section: String, name: String, measured: String, reference: String, tolerance: String,
                why: String? = nil, passed: Bool) {
        self.section = section
        self.name = name
        self.measured = measured
        self.reference = reference
        self.tolerance = tolerance
        self.why = why
        self.passed = passed
    }
}
