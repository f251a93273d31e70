import Foundation

/// Runs chapters in Markdown mode, several at once.
enum ChapterRunner {
    struct Result {
        var status: Int32 = -1
        var summary = "did not run"
        var failedChecks: [String] = []
        var standardError = ""
    }

    static func runAll(_ chapters: [ChapterCatalogue], binaries: URL, jobs: Int, seed: UInt64, quick: Bool,
                       book: URL, figures: URL) -> [Result] {
        let results = LockedResults(count: chapters.count)
        let queue = DispatchQueue(label: "chapters", attributes: .concurrent)
        let slots = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for (index, chapter) in chapters.enumerated() {
            slots.wait()
            group.enter()
            queue.async {
                let result = runOne(chapter, binaries: binaries, seed: seed, quick: quick, book: book, figures: figures)
                results.set(index, result)
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        return results.values
    }

    /// Results written from several threads, guarded by a lock.
    final class LockedResults: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Result]
        init(count: Int) { storage = [Result](repeating: Result(), count: count) }
        func set(_ index: Int, _ result: Result) { lock.lock(); storage[index] = result; lock.unlock() }
        var values: [Result] { lock.lock(); defer { lock.unlock() }; return storage }
    }

    static func runOne(_ chapter: ChapterCatalogue, binaries: URL, seed: UInt64, quick: Bool, book: URL, figures: URL) -> Result {
        var result = Result()
        let process = Process()
        process.executableURL = binaries.appendingPathComponent(chapter.target)
        process.arguments = ["--format", "markdown", "--figures-dir", figures.path, "--seed", String(seed)] + (quick ? ["--quick"] : [])
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch {
            result.summary = "could not start: \(error)"
            return result
        }
        // Read standard error on another thread so neither pipe can fill up and block the chapter.
        let errorData = LockedData()
        let errorReader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let markdown = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        result.status = process.terminationStatus
        result.standardError = String(decoding: errorData.value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let text = String(decoding: markdown, as: UTF8.self)
        result.summary = text.split(separator: "\n").last { $0.contains("checks:") }.map {
            $0.replacingOccurrences(of: "*", with: "")
        } ?? "exit status \(process.terminationStatus)"
        result.failedChecks = text.split(separator: "\n").filter { $0.hasPrefix("| ✗ |") }.map {
            $0.split(separator: "|").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? String($0)
        }
        if result.status == 0 {
            do {
                try markdown.write(to: book.appendingPathComponent("\(chapter.folderName).md"))
            } catch {
                result.status = 1
                result.summary = "its Markdown could not be written: \(error)"
            }
        }
        return result
    }
}

/// Bytes handed from the reader thread to the runner.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ newValue: Data) { lock.lock(); data = newValue; done = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return done }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
