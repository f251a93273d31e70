import ChapterReport
import Foundation

/// One run of a chapter's executable, with everything the tests look at.
public struct ChapterRun: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
    /// The report `Chapter.finish()` wrote; nil if the chapter stopped before it.
    public let report: ChapterReport?
    /// The figures folder the run was given (`--figures-dir`).
    public let figuresFolder: String

    /// Runs `chapter` with `arguments`, a fresh figures folder (unless the
    /// arguments name one) and a report file.
    public static func run(_ chapter: ChapterEntry, _ arguments: [String]) throws -> ChapterRun {
        var arguments = arguments
        if !arguments.contains("--figures-dir") { arguments += ["--figures-dir", TestPackage.temporaryFolder("chapter-figures")] }
        let folder = arguments[arguments.firstIndex(of: "--figures-dir")! + 1]
        let run = try ChapterProcess.runChapter(TestPackage.binary(chapter), arguments: arguments)
        return ChapterRun(status: run.output.status, standardOutput: run.output.outputText, standardError: run.output.errorText,
                          report: run.report, figuresFolder: folder)
    }

    /// The chapter's own figure folder (`<figures-dir>/chapterNN`).
    public func chapterFigures(_ chapter: ChapterEntry) -> String { figuresFolder + "/" + chapter.folderName }

    /// The file names in the chapter's figure folder, sorted.
    public func figureFiles(_ chapter: ChapterEntry) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: chapterFigures(chapter))) ?? []).sorted()
    }

    /// Standard output with this run's figures folder replaced by a fixed word,
    /// so runs with different folders can be compared.
    public var outputWithoutFolder: String { standardOutput.replacingOccurrences(of: figuresFolder, with: "FIGURES") }
}
