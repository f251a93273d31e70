import ChapterReport
import Foundation

/// What a chapter prints, independent of the output format.
enum Block {
    case chapterHeading(number: Int, title: String, summary: String)
    case section(String)
    case prose(String)
    case equation(latex: String, plain: String)
    case listing(name: String, code: String)
    case check(CheckResult)
    case demonstration(Demonstration)
    case table(headers: [String], rows: [[String]], caption: String)
    case figure(bookPath: String, filePath: String, caption: String)
    case note(String)
    case exercise(number: String, title: String, text: String)
    case summary(ChapterReport)
}

/// Turns blocks into text. Renderers write to standard output as blocks arrive,
/// so a reader sees the chapter unfold while models train.
protocol NotebookRenderer: AnyObject {
    func render(_ block: Block)
    /// Called with progress through a long computation; terminal only.
    func progress(_ label: String, completed: Int, total: Int, elapsed: Double)
    func endProgress(_ label: String, total: Int)
    /// Flushes anything buffered (the Markdown renderer groups checks into tables).
    func finish()
}

/// Prints one line and flushes, so a reader sees each block as it is rendered.
func standardOutputLine(_ text: String) {
    print(text)
    fflush(stdout)
}
