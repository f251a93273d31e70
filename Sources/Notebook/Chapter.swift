import Foundation
import Plotting

/// The API a chapter is written in. A chapter's `main.swift` reads top to
/// bottom like the chapter itself:
///
/// ```swift
/// let chapter = Chapter(number: 11, title: "Langevin dynamics", summary: "…")
/// chapter.section("Sampling from a score")
/// chapter.prose("…")
/// chapter.equation(#"x_{k+1} = x_k + \tfrac{\epsilon}{2}\nabla\log p(x_k) + \sqrt{\epsilon}\,z_k"#,
///                  plain: "x ← x + (ε/2)·∇log p(x) + √ε·z")
/// chapter.check("stationary variance", measured: v, expected: 1 / (1 - ε / 4), tolerance: .standardErrors(4, standardError: se))
/// chapter.finish()
/// ```
///
/// Output goes to the terminal renderer (for readers) or the Markdown
/// renderer (for the book), chosen by `--format`.
public final class Chapter {
    public let number: Int
    public let title: String
    public let options: ChapterOptions
    /// The seed given on the command line.
    public var seed: UInt64 { options.seed }
    /// Whether to use small sizes (`--quick`).
    public var isQuick: Bool { options.quick }
    /// Where this chapter's figures are written.
    public let figureFolder: String

    private let renderer: NotebookRenderer
    private let sourcePath: String
    private var passedCount = 0
    private var failedNames: [String] = []

    /// Parses the command line, checks that the figures folder is writable and
    /// prints the chapter heading. Exits with one sentence on bad input.
    public init(number: Int, title: String, summary: String, source: String = #filePath,
                arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        self.number = number
        self.title = title
        options = ChapterOptions.parseOrExplain(arguments, about: "Chapter \(number) — \(title)\n\n\(summary)")
        sourcePath = source
        figureFolder = (options.figuresDirectory as NSString).appendingPathComponent(Chapter.folderName(number))
        renderer = options.format == .markdown ? MarkdownRenderer() : TerminalRenderer()
        Chapter.requireWritableFolder(figureFolder)
        renderer.render(.chapterHeading(number: number, title: title, summary: summary))
    }

    /// "chapter11": the sub-folder of `figures/` and the book's file name.
    public static func folderName(_ number: Int) -> String { String(format: "chapter%02d", number) }

    private static func requireWritableFolder(_ folder: String) {
        let probe = (folder as NSString).appendingPathComponent(".write-test-\(getpid())")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: probe))
            try FileManager.default.removeItem(atPath: probe)
        } catch {
            stop("The figures folder \(folder) cannot be created or written to; choose another with --figures-dir.")
        }
    }

    /// Prints one sentence to standard error and exits with status 1.
    public static func stop(_ sentence: String) -> Never {
        FileHandle.standardError.write(Data((sentence + "\n").utf8))
        exit(1)
    }

    // MARK: Text

    public func section(_ title: String) { renderer.render(.section(title)) }

    /// A paragraph (or several, separated by blank lines) of Markdown prose.
    public func prose(_ text: String) { renderer.render(.prose(text)) }

    /// A display equation: LaTeX for the book, a readable plain form for the terminal.
    public func equation(_ latex: String, plain: String) { renderer.render(.equation(latex: latex, plain: plain)) }

    /// The code between `// listing: name` and `// end listing` in the chapter's source.
    /// A missing listing is an authoring error and counts as a failed check.
    public func listing(_ name: String) {
        if let code = SourceListing.extract(name, from: sourcePath) {
            renderer.render(.listing(name: name, code: code))
        } else {
            record(CheckResult(name: "listing '\(name)' found in \((sourcePath as NSString).lastPathComponent)",
                               measured: "missing", reference: "present", tolerance: "—", passed: false))
        }
    }

    /// The code between `// listing: name` and `// end listing` in a shared library file,
    /// given relative to the package root (e.g. `Sources/ScoreBasedModels/ReverseTimeSamplers.swift`),
    /// for code a chapter calls rather than defines. Missing code is a failed check, as above.
    public func listing(_ name: String, fromLibraryFile relativePath: String) {
        // The source is <package>/Chapters/ChapterNN…/main.swift: three levels up is the package root.
        let packageRoot = URL(fileURLWithPath: sourcePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = packageRoot.appendingPathComponent(relativePath).path
        if let code = SourceListing.extract(name, from: path) {
            renderer.render(.listing(name: "\(name) — \(relativePath)", code: code))
        } else {
            record(CheckResult(name: "listing '\(name)' found in \(relativePath)",
                               measured: "missing", reference: "present", tolerance: "—", passed: false))
        }
    }

    /// A side remark in smaller type.
    public func note(_ text: String) { renderer.render(.note(text)) }

    public func table(_ headers: [String], _ rows: [[String]], caption: String = "") {
        renderer.render(.table(headers: headers, rows: rows, caption: caption))
    }

    // MARK: Checks

    /// Compares two independently computed numbers within a justified tolerance.
    @discardableResult
    public func check(_ name: String, measured: Double, expected: Double, tolerance: Tolerance) -> Bool {
        let bound = tolerance.bound(expected: expected)
        let passed = measured.isFinite && expected.isFinite && abs(measured - expected) <= bound
        record(CheckResult(name: name, measured: formatNumber(measured), reference: formatNumber(expected),
                           tolerance: tolerance.description, passed: passed))
        return passed
    }

    /// Checks that a measured number is at most (or at least) a bound.
    @discardableResult
    public func check(_ name: String, measured: Double, atMost bound: Double) -> Bool {
        let passed = measured.isFinite && measured <= bound
        record(CheckResult(name: name, measured: formatNumber(measured), reference: "≤ \(formatNumber(bound))", tolerance: "bound", passed: passed))
        return passed
    }

    @discardableResult
    public func check(_ name: String, measured: Double, atLeast bound: Double) -> Bool {
        let passed = measured.isFinite && measured >= bound
        record(CheckResult(name: name, measured: formatNumber(measured), reference: "≥ \(formatNumber(bound))", tolerance: "bound", passed: passed))
        return passed
    }

    private func record(_ result: CheckResult) {
        if result.passed { passedCount += 1 } else { failedNames.append(result.name) }
        renderer.render(.check(result))
    }

    /// Checks passed and failed so far.
    public var checkCounts: (passed: Int, failed: Int) { (passedCount, failedNames.count) }

    // MARK: Figures

    /// Writes the figure as PNG and SVG into the chapter's figure folder and
    /// shows where it went (the book links the PNG).
    ///
    /// `vectorCopy: false` skips the SVG copy for figures with thousands of points, whose
    /// SVG runs to megabytes and is no better on a slide than the PNG.
    public func figure(_ figure: Figure, name: String, caption: String, vectorCopy: Bool = true) {
        do {
            let paths = try figure.write(to: figureFolder, name: name, formats: vectorCopy ? [.png, .svg] : [.png])
            renderer.render(.figure(bookPath: "../figures/\(Chapter.folderName(number))/\(name).png", filePath: paths[0], caption: caption))
        } catch {
            Chapter.stop("\(error)")
        }
    }

    // MARK: Training

    /// Runs `body(step)` for `steps` steps with a progress bar (terminal only;
    /// the book records just the step count so it stays the same from run to run).
    public func train(_ label: String, steps: Int, _ body: (Int) throws -> Void) rethrows {
        let start = Date()
        let every = max(1, steps / 100)
        for step in 0..<steps {
            try body(step)
            if step % every == 0 || step == steps - 1 {
                renderer.progress(label, completed: step + 1, total: steps, elapsed: Date().timeIntervalSince(start))
            }
        }
        renderer.endProgress(label, total: steps)
    }

    // MARK: Exercises and the end

    public func exercise(_ number: String, _ title: String, _ text: String) {
        renderer.render(.exercise(number: number, title: title, text: text))
    }

    /// Prints `checks: P passed, F failed` and exits, non-zero if any check failed.
    public func finish() -> Never {
        renderer.render(.summary(passed: passedCount, failed: failedNames))
        renderer.finish()
        fflush(stdout)
        exit(failedNames.isEmpty ? 0 : 1)
    }
}
