import Foundation
import Testing

/// Chapter 11 in --quick mode: every check passes, the run is reproducible,
/// and the command line rejects bad input with one sentence.
@Suite(.serialized) struct Chapter11Tests {
    @Test func quickRunPassesAtLeastTenChecksAndWritesItsFigures() throws {
        let folder = ChapterRun.temporaryFolder()
        let run = try ChapterRun.run("Chapter11Langevin", ["--quick", "--figures-dir", folder])
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let counts = try #require(run.checkCounts)
        #expect(counts.failed == 0 && counts.passed >= 10, "\(counts)")
        let figures = try FileManager.default.contentsOfDirectory(atPath: folder + "/chapter11").filter { $0.hasSuffix(".png") }
        #expect(figures.count >= 4)
    }

    @Test func sameSeedGivesIdenticalOutputAndFigures() throws {
        let first = ChapterRun.temporaryFolder(), second = ChapterRun.temporaryFolder()
        let a = try ChapterRun.run("Chapter11Langevin", ["--quick", "--figures-dir", first, "--format", "markdown"])
        let b = try ChapterRun.run("Chapter11Langevin", ["--quick", "--figures-dir", second, "--format", "markdown"])
        #expect(a.standardOutput.replacingOccurrences(of: first, with: "F") == b.standardOutput.replacingOccurrences(of: second, with: "F"))
        for name in try FileManager.default.contentsOfDirectory(atPath: first + "/chapter11") {
            let x = FileManager.default.contents(atPath: first + "/chapter11/" + name)
            let y = FileManager.default.contents(atPath: second + "/chapter11/" + name)
            #expect(x == y, "\(name) differs between runs")
        }
    }

    @Test func markdownOutputHasMathsListingsAndFigureLinks() throws {
        let run = try ChapterRun.run("Chapter11Langevin", ["--quick", "--figures-dir", ChapterRun.temporaryFolder(), "--format", "markdown"])
        #expect(run.standardOutput.hasPrefix("# Chapter 11 — Langevin dynamics"))
        #expect(run.standardOutput.contains("$$\n") && run.standardOutput.contains("```swift\n/// Runs `steps` unadjusted Langevin updates"))
        #expect(run.standardOutput.contains("](../figures/chapter11/trajectories.png)"))
        #expect(run.standardOutput.contains("| ✓ |"))
    }

    @Test(arguments: [
        (["--seed", "abc"], "seed"),
        (["--format", "xml"], "format"),
        (["--steps", "3"], "steps"),
    ])
    func badArgumentsGetOneSentenceAndAFailureStatus(arguments: [String], mentions: String) throws {
        let run = try ChapterRun.run("Chapter11Langevin", arguments)
        #expect(run.status != 0)
        #expect(run.standardOutput.isEmpty)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 1 && run.standardError.contains(mentions), "stderr: \(run.standardError)")
    }

    @Test func unwritableFiguresFolderIsRefused() throws {
        let folder = ChapterRun.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/file", contents: Data())
        let run = try ChapterRun.run("Chapter11Langevin", ["--quick", "--figures-dir", folder + "/file/figures"])
        #expect(run.status != 0)
        #expect(run.standardError.contains("figures folder") && run.standardError.split(separator: "\n").count == 1)
    }

    @Test func helpDescribesTheChapter() throws {
        let run = try ChapterRun.run("Chapter11Langevin", ["--help"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("Langevin") && run.standardOutput.contains("--quick"))
    }
}
