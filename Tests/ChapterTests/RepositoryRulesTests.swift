import Foundation
import Testing
import TestSupport

/// The size rules of DESIGN.md, as tests: a chapter past 500 lines or a library
/// file past 300 is a sign that something wants its own home.
@Suite struct RepositoryRulesTests {
    /// Files allowed past their limit for now, each with the reason. Keep this short.
    static let exemptions: [String: String] = [:]

    @Test func everyChapterIsUnder500Lines() throws {
        let chapters = TestPackage.chapters.map { "Chapters/\($0.target)/main.swift" }
        #expect(!chapters.isEmpty)
        for path in chapters where Self.exemptions[path] == nil {
            let lines = try TestPackage.lineCount(path)
            #expect(lines < 500, "\(path) has \(lines) lines")
        }
    }

    @Test func everyLibraryFileIsUnder300Lines() throws {
        let files = TestPackage.swiftFiles(under: "Sources")
        #expect(files.count > 50)
        for path in files where Self.exemptions[path] == nil {
            let lines = try TestPackage.lineCount(path)
            #expect(lines < 300, "\(path) has \(lines) lines: split it by concern")
        }
    }

    @Test func exemptionsStillNeedToBeExempt() throws {
        // An exemption whose file has shrunk (or gone) must be removed from the list.
        for (path, _) in Self.exemptions {
            let limit = path.hasPrefix("Chapters/") ? 500 : 300
            #expect((try? TestPackage.lineCount(path)).map { $0 >= limit } ?? false, "\(path) no longer needs its exemption")
        }
    }
}
