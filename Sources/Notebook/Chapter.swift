import ChapterReport
import Foundation
import Plotting
import TensorCore

/// The API a chapter is written in. A chapter's `main.swift` reads top to
/// bottom like the chapter itself:
///
/// ```swift
/// let chapter = Chapter(number: 11, title: "Langevin dynamics", summary: "…")
/// chapter.section("Sampling from a score")
/// chapter.prose("…")
/// chapter.equation(#"x_{k+1} = x_k + \tfrac{\epsilon}{2}\nabla\log p(x_k) + \sqrt{\epsilon}\,z_k"#,
///                  plain: "x ← x + (ε/2)·∇log p(x) + √ε·z")
/// let x = Tensor.normal([1_000], using: &chapter.random)
/// chapter.check("stationary variance", measured: v, expected: 1 / (1 - ε / 4), tolerance: .standardErrors(4, standardError: se),
///               why: "4 SE of a variance estimate from n normal samples: v√(2/n)")
/// chapter.finish()
/// ```
///
/// Output goes to the terminal renderer (for readers) or the Markdown
/// renderer (for the book), chosen by `--format`.
public final class Chapter {
    public let number: Int
    public let title: String
    public let options: ChapterOptions
    /// The seed given on the command line.
    public var seed: UInt64 { options.seed }
    /// Whether to use small sizes (`--quick`).
    public var isQuick: Bool { options.quick }
    /// Whether to print wall-clock timings. Only in the terminal: the Markdown a run writes is the
    /// book's page, which must be the same for the same command (the tests compare two runs byte
    /// for byte), and a timing is a property of the machine and its load, not of the seed. Chapters
    /// show deterministic costs (network passes, multiply–adds) in both formats.
    public var showsTimings: Bool { options.format == .terminal }
    /// Where this chapter's figures are written.
    public let figureFolder: String

    /// The random stream of the current section: write `using: &chapter.random`.
    ///
    /// Every `section(_:)` replaces it with the stream named by the section's
    /// title under the chapter's seed (before the first section it is the
    /// "preamble" stream), so a draw added in one section never moves the
    /// numbers of another. Renaming a section changes its stream.
    public var random: RandomGenerator

    let renderer: NotebookRenderer
    let sourcePath: String
    var passedCount = 0
    var failedNames: [String] = []
    var demonstrationCount = 0
    var figureFiles: [String] = []
    /// The current section's title and every check so far, for the report's ledger.
    var sectionTitle = ""
    var checkRecords: [CheckRecord] = []

    /// Parses the command line, checks that the figures folder is writable and
    /// prints the chapter heading. Exits with one sentence on bad input;
    /// `--help` prints the summary and a usage line naming the executable.
    public init(number: Int, title: String, summary: String, source: String = #filePath,
                arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        self.number = number
        self.title = title
        options = ChapterOptions.parseOrExplain(arguments, about: "Chapter \(number) — \(title)\n\n\(summary)")
        sourcePath = source
        figureFolder = (options.figuresDirectory as NSString).appendingPathComponent(Chapter.folderName(number))
        renderer = options.format == .markdown ? MarkdownRenderer() : TerminalRenderer()
        random = RandomGenerator(seed: options.seed, stream: "preamble")
        Chapter.requireWritableFolder(figureFolder)
        renderer.render(.chapterHeading(number: number, title: title, summary: summary))
    }

    /// "chapter11": the sub-folder of `figures/` and the book's file name.
    public static func folderName(_ number: Int) -> String { ChapterEntry.folderName(number) }

    private static func requireWritableFolder(_ folder: String) {
        let probe = (folder as NSString).appendingPathComponent(".write-test-\(getpid())")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: probe))
            try FileManager.default.removeItem(atPath: probe)
        } catch {
            stop("The figures folder \(folder) cannot be created or written to; choose another with --figures-dir.")
        }
    }

    /// Prints one sentence to standard error and exits with status 1.
    public static func stop(_ sentence: String) -> Never {
        FileHandle.standardError.write(Data((sentence + "\n").utf8))
        exit(1)
    }

    /// Starts a section and switches `random` to the section's own stream.
    public func section(_ title: String) {
        random = RandomGenerator(seed: seed, stream: title)
        sectionTitle = title
        renderer.render(.section(title))
    }

    /// Checks passed and failed so far.
    public var checkCounts: (passed: Int, failed: Int) { (passedCount, failedNames.count) }

    /// This run's summary so far, in the format runners read.
    public var report: ChapterReport {
        ChapterReport(chapter: number, title: title, seed: seed, quick: isQuick, passed: passedCount, failed: failedNames,
                      demonstrations: demonstrationCount, figures: figureFiles, checks: checkRecords)
    }

    /// Prints `checks: P passed, F failed`, writes the report if `--report` asked
    /// for one, and exits, non-zero if any check failed.
    public func finish() -> Never {
        let report = report
        renderer.render(.summary(report))
        renderer.finish()
        fflush(stdout)
        if let path = options.reportPath {
            do { try report.write(to: path) } catch { Chapter.stop("The run's report could not be written to \(path).") }
        }
        exit(report.succeeded ? 0 : 1)
    }
}
