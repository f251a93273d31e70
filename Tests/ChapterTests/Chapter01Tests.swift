import Foundation
import Testing

/// Chapter 1 in --quick mode: every check passes and the run is reproducible.
@Suite(.serialized) struct Chapter01Tests {
    @Test func quickRunPassesAtLeastTenChecksAndWritesItsFigures() throws {
        let folder = ChapterRun.temporaryFolder()
        let run = try ChapterRun.run("Chapter01Autoencoders", ["--quick", "--figures-dir", folder])
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let counts = try #require(run.checkCounts)
        #expect(counts.failed == 0 && counts.passed >= 10, "\(counts)")
        let figures = try FileManager.default.contentsOfDirectory(atPath: folder + "/chapter01").filter { $0.hasSuffix(".png") }
        #expect(Set(figures).isSuperset(of: ["architecture.png", "reconstructions.png", "latent_map.png", "random_latent_decodes.png", "roc_curve.png"]))
    }

    @Test func sameSeedGivesIdenticalOutput() throws {
        let a = try ChapterRun.run("Chapter01Autoencoders", ["--quick", "--figures-dir", ChapterRun.temporaryFolder(), "--format", "markdown"])
        let b = try ChapterRun.run("Chapter01Autoencoders", ["--quick", "--figures-dir", ChapterRun.temporaryFolder(), "--format", "markdown"])
        #expect(a.standardOutput == b.standardOutput)
    }
}
