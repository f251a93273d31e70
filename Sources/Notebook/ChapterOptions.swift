import ArgumentParser
import ChapterReport
import Foundation

/// The command line every chapter shares.
public struct ChapterOptions: ParsableArguments {
    @Option(help: "Seed of every random stream in the chapter (same seed, same output).")
    public var seed: UInt64 = ChapterOptions.defaultSeed

    @Flag(help: "Small sizes and short training: seconds instead of a minute (used by the tests).")
    public var quick = false

    @Option(name: .customLong("figures-dir"),
            help: "Folder for the chapter's figures (created if needed). Default: figures/ for the default run, figures/other-runs/ for --quick or another seed.")
    public var figuresDirectoryOption: String?

    /// The seed the book's figures and pages are made with.
    public static let defaultSeed: UInt64 = 2026

    /// Where the figures go: `figures/` holds the book's figures, made by the default run, so a
    /// run with another seed or `--quick` writes beside it (git ignores `figures/other-runs/`)
    /// instead of replacing figures whose captions in `book/` quote the default run's numbers.
    public var figuresDirectory: String {
        if let figuresDirectoryOption { return figuresDirectoryOption }
        if seed == Self.defaultSeed && !quick { return "figures" }
        return "figures/other-runs/seed-\(seed)\(quick ? "-quick" : "")"
    }

    @Option(help: "terminal (for reading) or markdown (for the book).")
    public var format: OutputFormat = .terminal

    /// Where `finish()` writes the run's `ChapterReport` as JSON: for the book
    /// builder and the tests, so hidden from readers' help.
    @Option(name: .customLong(ChapterReport.optionName), help: .hidden)
    public var reportPath: String?

    public init() {}

    /// How the chapter is printed.
    public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
        case terminal, markdown
    }
}

/// The chapter as a command, so that the usage line names the executable
/// (`USAGE: Chapter12ScoreSDE [--seed <seed>] …`); ArgumentParser takes a
/// command's name from its static configuration, which here reads argv[0].
struct ChapterCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: URL(fileURLWithPath: CommandLine.arguments.first ?? "chapter").lastPathComponent)
    }

    @OptionGroup var options: ChapterOptions
}

extension ChapterOptions {
    /// Parses the process arguments; on a mistake prints one sentence (or the
    /// help, when asked for) and exits with a non-zero status, never a trace.
    static func parseOrExplain(_ arguments: [String], about: String) -> ChapterOptions {
        do {
            return try ChapterCommand.parse(arguments).options
        } catch {
            let message = ChapterCommand.fullMessage(for: error)
            let code = ChapterCommand.exitCode(for: error)
            if code == .success {
                print(about + "\n")
                print(ChapterCommand.helpMessage())
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message.split(separator: "\n").first.map(String.init) ?? message).utf8 + [10]))
            Foundation.exit(code.rawValue)
        }
    }
}
