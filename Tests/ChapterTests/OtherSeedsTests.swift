import Foundation
import Testing

/// A check that passes only for the default seed is luck, not a result. Every chapter's
/// quick run must also pass with a seed nobody tuned it on.
@Suite struct OtherSeedsTests {
    @Test(arguments: ["Chapter01Autoencoders", "Chapter11Langevin", "Chapter12ScoreSDE"])
    func quickRunPassesWithAnotherSeed(chapter: String) throws {
        let run = try ChapterRun.run(chapter, ["--quick", "--seed", "7", "--figures-dir", ChapterRun.temporaryFolder()])
        let counts = try #require(run.checkCounts)
        #expect(run.status == 0 && counts.failed == 0, "\(chapter) with seed 7: \(counts)")
    }
}
