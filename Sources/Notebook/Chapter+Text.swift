import Foundation

extension Chapter {
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
    /// given relative to the package root (e.g. `Sources/ScoreBasedModels/EulerMaruyamaSampler.swift`),
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

    /// A table whose cells may mix text, `Double`s (printed with `formatNumber`) and `Int`s:
    ///
    /// ```swift
    /// chapter.table(["ε", "variance", "steps"], [[0.5, measured, 80], ["ULA", 1.14, 40]])
    /// ```
    public func table(_ headers: [String], _ rows: [[any TableCell]], caption: String = "") {
        renderer.render(.table(headers: headers, rows: rows.map { $0.map(\.cellText) }, caption: caption))
    }
}
