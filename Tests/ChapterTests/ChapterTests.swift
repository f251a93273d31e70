import BookSite
import ChapterReport
import Foundation
import Testing
import TestSupport

/// Every chapter in `Chapters/`, run as readers and the book builder run it.
///
/// Each chapter is run three times in --quick mode: twice with the default
/// seed in Markdown (the first run is inspected in detail, the second must
/// reproduce it byte for byte) and once with another seed in the terminal
/// format. The bad-input and help runs stop before any work.
@Suite struct ChapterTests {
    @Test func everyChapterFolderIsInThePackageTableAndBuilt() throws {
        let manifest = try String(contentsOf: TestPackage.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(!TestPackage.chapters.isEmpty)
        for chapter in TestPackage.chapters {
            #expect(manifest.contains("(\"\(chapter.target)\","), "\(chapter.target) is missing from the chapter table in Package.swift")
            #expect(FileManager.default.isExecutableFile(atPath: TestPackage.binary(chapter).path),
                    "\(chapter.target) was not built next to the tests")
        }
    }

    @Test(arguments: TestPackage.chapters)
    func quickRunPassesWritesItsFiguresAndIsReproducible(chapter: ChapterEntry) throws {
        let first = try ChapterRun.run(chapter, ["--quick", "--format", "markdown"])
        #expect(first.status == 0, "\(chapter): \(first.standardError)")
        let report = try #require(first.report, "\(chapter) wrote no report")
        #expect(report.chapter == chapter.number && report.quick && report.seed == 2026)
        #expect(report.failed.isEmpty && report.passed >= 12, "\(chapter): \(report.summaryLine), failed: \(report.failed)")
        #expect(first.standardOutput.contains("**\(report.summaryLine)**"))

        // The ledger's record: every check with its section, exactly as the page shows them.
        #expect(report.checks.count == report.passed + report.failed.count)
        #expect(SitePage(markdown: first.standardOutput, chapter: chapter.number).checkNames == report.checks.map(\.name))
        for check in report.checks { #expect(first.standardOutput.contains("## \(check.section)\n"), "\(check.name) has no section") }

        // Figures: at least four PNGs, exactly the files the report lists, each linked from the book.
        let files = first.figureFiles(chapter)
        #expect(files.filter { $0.hasSuffix(".png") }.count >= 4, "\(chapter) wrote \(files)")
        #expect(Set(files) == Set(report.figures))
        for png in files where png.hasSuffix(".png") {
            #expect(first.standardOutput.contains("](../figures/\(chapter.folderName)/\(png))"), "\(png) is not linked")
        }

        // The book page: heading, checks, the Exercises section naming a stub file that exists.
        #expect(first.standardOutput.hasPrefix("# Chapter \(chapter.number) — "))
        #expect(first.standardOutput.contains("| ✓ |"))
        let stubs = "Sources/Exercises/Chapter\(chapter.folderName.dropFirst(7))Exercises.swift"
        #expect(first.standardOutput.contains("## Exercises\n\nStubs are in `\(stubs)`"))
        #expect(FileManager.default.fileExists(atPath: TestPackage.root.appendingPathComponent(stubs).path))

        let expected = ChapterExpectations.of(chapter.target)
        #expect(Set(expected.figures.map { $0 + ".png" }).isSubset(of: files), "\(chapter) wrote \(files)")
        for text in expected.markdown { #expect(first.standardOutput.contains(text), "\(chapter) lacks \(text.debugDescription)") }

        // Same seed, same book page and byte-identical figures.
        let second = try ChapterRun.run(chapter, ["--quick", "--format", "markdown"])
        #expect(second.outputWithoutFolder == first.outputWithoutFolder)
        #expect(second.figureFiles(chapter) == files)
        for name in files {
            let a = FileManager.default.contents(atPath: first.chapterFigures(chapter) + "/" + name)
            let b = FileManager.default.contents(atPath: second.chapterFigures(chapter) + "/" + name)
            #expect(a != nil && a == b, "\(chapter): \(name) differs between two runs with the same seed")
        }
    }

    /// A check that passes only for the default seed is luck, not a result.
    @Test(arguments: TestPackage.chapters)
    func quickRunPassesWithAnotherSeed(chapter: ChapterEntry) throws {
        let run = try ChapterRun.run(chapter, ["--quick", "--seed", "7"])
        let report = try #require(run.report, "\(chapter) with seed 7 wrote no report: \(run.standardError)")
        #expect(run.status == 0 && report.failed.isEmpty && report.seed == 7, "\(chapter) with seed 7: \(report.failed)")
        #expect(run.standardOutput.contains(report.summaryLine))
    }

    /// Chapter 12's quick run trains less and holds a looser likelihood bound; its default run, with
    /// the bounds the book prints, must pass for a seed nobody tuned it on too.
    @Test(arguments: TestPackage.chapters.filter { ChapterExpectations.of($0.target).defaultRunWithAnotherSeed })
    func defaultRunPassesWithAnotherSeed(chapter: ChapterEntry) throws {
        let run = try ChapterRun.run(chapter, ["--seed", "7"])
        let report = try #require(run.report, "\(chapter) with seed 7 wrote no report: \(run.standardError)")
        #expect(run.status == 0 && report.failed.isEmpty && !report.quick, "\(chapter) default run with seed 7: \(report.failed)")
    }

    @Test(arguments: TestPackage.chapters, BadInput.allCases)
    func badInputGetsOneSentenceAndAFailureStatus(chapter: ChapterEntry, input: BadInput) throws {
        let run = try ChapterRun.run(chapter, try input.arguments())
        #expect(run.status != 0 && run.report == nil)
        #expect(run.standardOutput.isEmpty)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 1 && run.standardError.contains(input.mention), "\(chapter), \(input): \(run.standardError)")
    }

    @Test(arguments: TestPackage.chapters)
    func helpNamesTheCommandAndDescribesTheChapter(chapter: ChapterEntry) throws {
        let run = try ChapterRun.run(chapter, ["--help"])
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("Chapter \(chapter.number) — "))
        #expect(run.standardOutput.contains("USAGE: \(chapter.target) [--seed <seed>]"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("--quick") && !run.standardOutput.contains("--report"))
    }
}

/// Command lines every chapter must refuse with one sentence.
enum BadInput: String, CaseIterable, Sendable {
    case seedNotANumber, unknownFormat, unknownFlag, unwritableFiguresFolder

    /// The word the sentence must contain.
    var mention: String {
        switch self {
        case .seedNotANumber: "seed"
        case .unknownFormat: "format"
        case .unknownFlag: "steps"
        case .unwritableFiguresFolder: "figures folder"
        }
    }

    func arguments() throws -> [String] {
        switch self {
        case .seedNotANumber: return ["--seed", "abc"]
        case .unknownFormat: return ["--format", "xml"]
        case .unknownFlag: return ["--steps", "3"]
        case .unwritableFiguresFolder:
            // A folder below a regular file can never be created, even by root.
            let folder = TestPackage.temporaryFolder("unwritable")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: folder + "/file", contents: Data())
            return ["--quick", "--figures-dir", folder + "/file/figures"]
        }
    }
}
