import BookSite
import ChapterReport
import Foundation

/// Runs chapters in Markdown mode, several at once.
enum ChapterRunner {
    struct Result {
        var status: Int32 = -1
        var summary = "did not run"
        var failedChecks: [String] = []
        var standardError = ""
    }

    static func runAll(_ chapters: [ChapterEntry], binaries: URL, jobs: Int, seed: UInt64, quick: Bool,
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

    /// Runs one chapter; its summary and failed checks come from the chapter's report,
    /// and a chapter that exits without one (it stopped early) has failed.
    static func runOne(_ chapter: ChapterEntry, binaries: URL, seed: UInt64, quick: Bool, book: URL, figures: URL) -> Result {
        var result = Result()
        let run: ChapterProcess.ChapterRun
        do {
            run = try ChapterProcess.runChapter(binaries.appendingPathComponent(chapter.target),
                                                arguments: ["--format", "markdown", "--figures-dir", figures.path, "--seed", String(seed)]
                                                    + (quick ? ["--quick"] : []))
        } catch {
            result.summary = "could not start: \(error)"
            return result
        }
        result.status = run.output.status
        result.standardError = run.output.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
        result.summary = run.report?.summaryLine ?? "exit status \(run.output.status), no report"
        result.failedChecks = run.report?.failed ?? []
        if run.report == nil && result.status == 0 { result.status = 1 }
        if result.status == 0 {
            do {
                try run.output.standardOutput.write(to: book.appendingPathComponent("\(chapter.folderName).md"))
                // The report stays with the page: the ledger of checks is built from it.
                try run.report?.write(to: BookContents.reportURL(chapter: chapter.number, in: book).path)
            } catch {
                result.status = 1
                result.summary = "its Markdown could not be written: \(error)"
            }
        }
        return result
    }
}
