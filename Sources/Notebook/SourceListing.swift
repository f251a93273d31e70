import Foundation

/// Code listings taken from the chapter's own source file, between
///
///     // listing: name
///     …
///     // end listing
///
/// so the book always shows the code that actually ran.
enum SourceListing {
    static func extract(_ name: String, from path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var lines: [Substring] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "// listing: \(name)" { inside = true; continue }
            if inside && trimmed == "// end listing" { break }
            if inside { lines.append(line) }
        }
        guard !lines.isEmpty else { return nil }
        // Remove the common indentation.
        let indent = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
    }
}
