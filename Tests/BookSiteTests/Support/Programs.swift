import Foundation

/// What a program run to completion (or stopped at its time limit) left.
struct ProgramRun {
    var status: Int32
    var output: String
    var error: String
    var timedOut: Bool
}

/// Runs `program` with its output in files (a browser's DOM can fill a pipe), an environment
/// changed by `environment`, and a time limit after which it is stopped.
func runProgram(_ program: URL, _ arguments: [String], environment: [String: String] = [:], seconds: Double = 120) throws -> ProgramRun {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outputFile = folder.appendingPathComponent("out"), errorFile = folder.appendingPathComponent("err")
    try Data().write(to: outputFile)
    try Data().write(to: errorFile)
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = try FileHandle(forWritingTo: outputFile)
    process.standardError = try FileHandle(forWritingTo: errorFile)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    let timedOut = process.isRunning
    if timedOut { process.terminate(); process.waitUntilExit() }
    return ProgramRun(status: process.terminationStatus,
                      output: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
                      error: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "", timedOut: timedOut)
}
