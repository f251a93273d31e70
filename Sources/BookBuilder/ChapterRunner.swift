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
        var results = [Result](repeating: Result(), count: chapters.count)
        let lock = NSLock()
        let queue = DispatchQueue(label: "chapters", attributes: .concurrent)
        let slots = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for (index, chapter) in chapters.enumerated() {
            slots.wait()
            group.enter()
            queue.async {
                let result = runOne(chapter, binaries: binaries, seed: seed, quick: quick, book: book, figures: figures)
                lock.lock(); results[index] = result; lock.unlock()
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        return results
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
        let errorReader = DispatchQueue(label: "stderr")
        var errorData = Data()
        errorReader.async { errorData = error.fileHandleForReading.readDataToEndOfFile() }
        let markdown = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorReader.sync {}
        result.status = process.terminationStatus
        result.standardError = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
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
