import Foundation

/// What a finished process printed and returned.
public struct ProcessOutput: Sendable {
    public let status: Int32
    public let standardOutput: Data
    public let standardError: Data

    /// Standard output and standard error decoded as UTF-8.
    public var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
    public var errorText: String { String(decoding: standardError, as: UTF8.self) }
}

/// Runs programs and chapters for the book builder and the tests, with colour
/// off and both output streams captured.
public enum ChapterProcess {
    /// Runs `executable` with `arguments` and waits for it.
    ///
    /// Standard error is read on a thread of its own while standard output is
    /// read here, so neither pipe can fill up and block the child. (A dedicated
    /// thread rather than a dispatch queue: callers such as test runners may
    /// already occupy every thread of the shared pools while they wait.)
    public static func run(_ executable: URL, arguments: [String], in folder: URL? = nil) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let errorData = CapturedData()
        let errorRead = DispatchSemaphore(value: 0)
        Thread {
            errorData.set(error.fileHandleForReading.readDataToEndOfFile())
            errorRead.signal()
        }.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorRead.wait()
        return ProcessOutput(status: process.terminationStatus, standardOutput: outputData, standardError: errorData.value)
    }

    /// A chapter run: its output and, if it got as far as `Chapter.finish()`, its report.
    public struct ChapterRun: Sendable {
        public let output: ProcessOutput
        public let report: ChapterReport?
    }

    /// Runs a chapter binary with `arguments` plus `--report <temporary file>`, and reads the report.
    public static func runChapter(_ binary: URL, arguments: [String]) throws -> ChapterRun {
        let reportPath = NSTemporaryDirectory() + "chapter-report-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: reportPath) }
        let output = try run(binary, arguments: arguments + ["--\(ChapterReport.optionName)", reportPath])
        return ChapterRun(output: output, report: try? ChapterReport.read(from: reportPath))
    }
}

/// Bytes handed from the reading thread to the caller.
private final class CapturedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ newValue: Data) { lock.lock(); data = newValue; lock.unlock() }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
