import Foundation
import Testing

/// Chapter 12 in --quick mode: every check passes, the figures are written, and the run is reproducible.
@Suite(.serialized) struct Chapter12Tests {
    @Test func quickRunPassesAtLeastFifteenChecksAndWritesItsFigures() throws {
        let folder = ChapterRun.temporaryFolder()
        let run = try ChapterRun.run("Chapter12ScoreSDE", ["--quick", "--figures-dir", folder])
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let counts = try #require(run.checkCounts)
        #expect(counts.failed == 0 && counts.passed >= 15, "\(counts)")
        let figures = try FileManager.default.contentsOfDirectory(atPath: folder + "/chapter12").filter { $0.hasSuffix(".png") }
        #expect(Set(figures).isSuperset(of: ["noising_chain.png", "score_fields.png", "learned_vs_exact_score.png", "score_error_vs_time.png",
                                             "nfe_quality.png", "sde_vs_ode_trajectories.png", "ode_density.png"]))
    }

    @Test func sameSeedGivesIdenticalOutput() throws {
        let a = try ChapterRun.run("Chapter12ScoreSDE", ["--quick", "--figures-dir", ChapterRun.temporaryFolder(), "--format", "markdown"])
        let b = try ChapterRun.run("Chapter12ScoreSDE", ["--quick", "--figures-dir", ChapterRun.temporaryFolder(), "--format", "markdown"])
        #expect(a.standardOutput == b.standardOutput)
    }
}
