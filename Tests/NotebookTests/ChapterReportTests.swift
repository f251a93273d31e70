import ChapterReport
import Foundation
import Testing

struct ChapterReportTests {
    @Test func aReportSurvivesTheRoundTripThroughItsFile() throws {
        let report = ChapterReport(chapter: 12, title: "The score-SDE view", seed: 2026, quick: false, passed: 21,
                                   failed: ["one", "two"], demonstrations: 2, figures: ["ode_density.png"])
        let path = NSTemporaryDirectory() + "report-\(UUID().uuidString).json"
        try report.write(to: path)
        #expect(try ChapterReport.read(from: path) == report)
        #expect(!report.succeeded && report.summaryLine == "checks: 21 passed, 2 failed")
    }

    @Test func theCatalogueFindsChapterFoldersWithAMainFileInOrder() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory() + "catalogue-\(UUID().uuidString)")
        for name in ["Chapter12ScoreSDE", "Chapter01Autoencoders", "Chapter03Empty", "Notes"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
            if name != "Chapter03Empty" { FileManager.default.createFile(atPath: root.appendingPathComponent(name + "/main.swift").path, contents: Data()) }
        }
        #expect(ChapterCatalogue.chapters(in: root) == [ChapterEntry(number: 1, target: "Chapter01Autoencoders"),
                                                        ChapterEntry(number: 12, target: "Chapter12ScoreSDE")])
        #expect(ChapterEntry(number: 1, target: "Chapter01Autoencoders").folderName == "chapter01")
    }
}
