import ChapterReport
import Foundation

/// Builds chapter products with SwiftPM and finds their binaries.
enum Toolchain {
    static func build(_ targets: [String], in root: URL) throws -> URL {
        // SwiftPM honours only the last of several `--product` flags, so build one product at a time;
        // after the first, each build is incremental and takes a second or two.
        for target in targets {
            let build = try swift(["build", "--product", target], in: root)
            guard build.status == 0 else { throw BuildFailure("swift build --product \(target) failed:\n" + build.outputText + build.errorText) }
        }
        let path = try swift(["build", "--show-bin-path"], in: root)
        return URL(fileURLWithPath: path.outputText.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func swift(_ arguments: [String], in folder: URL) throws -> ProcessOutput {
        try ChapterProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["swift"] + arguments, in: folder)
    }
}
