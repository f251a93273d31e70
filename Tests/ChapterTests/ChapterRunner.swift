import Foundation

/// Runs a chapter's executable (built next to the test bundle) and captures its output.
struct ChapterRun {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// The chapter's "checks: P passed, F failed" line, parsed.
    var checkCounts: (passed: Int, failed: Int)? {
        guard let line = standardOutput.split(separator: "\n").last(where: { $0.hasPrefix("checks: ") }) else { return nil }
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    static func run(_ chapter: String, _ arguments: [String]) throws -> ChapterRun {
        let buildFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let process = Process()
        process.executableURL = buildFolder.appendingPathComponent(chapter)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ChapterRun(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                          standardError: String(decoding: errorData, as: UTF8.self))
    }

    static func temporaryFolder() -> String {
        NSTemporaryDirectory() + "chapter-tests-\(UUID().uuidString)"
    }
}
