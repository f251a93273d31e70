import ChapterReport
import Foundation

/// The pandoc program, called as an external tool: the HTML edition needs
/// it, the Markdown book does not.
public struct Pandoc: Sendable {
    public let executable: URL

    /// Finds `pandoc` in the folders of `searchPath` (the `PATH` variable's form).
    public static func locate(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> Pandoc {
        if let executable = executableOnPath(["pandoc"], searchPath: searchPath) { return Pandoc(executable: executable) }
        throw SiteFailure("pandoc was not found on PATH; install it (apt-get install pandoc) to build the HTML edition "
                          + "(--html, --html-only): the Markdown book alone does not need it.")
    }

    /// pandoc's version line, e.g. "pandoc 2.17.1.1".
    public func version() throws -> String {
        let run = try ChapterProcess.run(executable, arguments: ["--version"])
        return run.outputText.split(separator: "\n").first.map(String.init) ?? "pandoc"
    }

    /// How pandoc reads the pages: as GitHub does (CommonMark with tables), so the site shows the
    /// book's text exactly as the forge renders the Markdown edition — pandoc's own Markdown would
    /// read `D*(x) … x*` as emphasis, `Σ^{1/2} … ^` as a superscript and drop TeX it does not
    /// know — plus `$…$` maths and the few extensions the site's rewrite uses: `{#anchor .class}`
    /// on headings and spans, `::: class` blocks.
    static let reader = "gfm+tex_math_dollars+attributes+bracketed_spans+fenced_divs"

    /// Renders one Markdown file to a standalone HTML page with the site's
    /// template: maths as MathML (no scripts, no network), Swift listings
    /// highlighted by pandoc's classes (coloured by the site's stylesheet),
    /// and, if asked, a table of the page's sections.
    func renderPage(markdown: URL, to page: URL, template: URL, title: String, variables: [String: String],
                    tableOfContents: Bool) throws {
        var arguments = [markdown.path, "--from", Self.reader, "--to", "html5", "--standalone", "--template", template.path,
                         "--mathml", "--metadata", "title=\(title)", "--output", page.path,
                         // Wide enough that no source line counts as long: pandoc would then fix every table's
                         // column widths from the lengths of the `---` under its header, all equal here.
                         "--columns", "100000", "--wrap", "none"]
        if tableOfContents { arguments += ["--toc", "--toc-depth", "2"] }
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) { arguments += ["--variable", "\(name)=\(value)"] }
        let run = try ChapterProcess.run(executable, arguments: arguments)
        guard run.status == 0 else {
            throw SiteFailure("pandoc could not render \(markdown.lastPathComponent): "
                              + run.errorText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

/// The first program named by any of `names` in the folders of `searchPath` (the `PATH` variable's form).
public func executableOnPath(_ names: [String], searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
    for folder in (searchPath ?? "").split(separator: ":") {
        for name in names {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
    }
    return nil
}

/// A failure that stops the site's build, with one message.
public struct SiteFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
