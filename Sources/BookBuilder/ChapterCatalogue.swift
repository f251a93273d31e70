import Foundation

/// The chapters present: every `Chapters/ChapterNN…` folder is one executable target.
struct ChapterCatalogue {
    let number: Int
    let target: String

    static func find(in folder: URL) throws -> [ChapterCatalogue] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name -> ChapterCatalogue? in
            guard name.hasPrefix("Chapter"), let number = Int(name.dropFirst(7).prefix(2)),
                  FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).appendingPathComponent("main.swift").path)
            else { return nil }
            return ChapterCatalogue(number: number, target: name)
        }.sorted { $0.number < $1.number }
    }

    /// "chapter11": the book file and figures folder name (matches the chapter runtime).
    var folderName: String { String(format: "chapter%02d", number) }
}

/// Builds chapter products with SwiftPM and finds their binaries.
enum Toolchain {
    static func build(_ targets: [String], in root: URL) throws -> URL {
        // SwiftPM honours only the last of several `--product` flags, so build one product at a time;
        // after the first, each build is incremental and takes a second or two.
        for target in targets {
            let build = try run("swift", ["build", "--product", target], in: root)
            guard build.status == 0 else { throw BuildFailure("swift build --product \(target) failed:\n" + build.output) }
        }
        let path = try run("swift", ["build", "--show-bin-path"], in: root)
        return URL(fileURLWithPath: path.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func run(_ tool: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
