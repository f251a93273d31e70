import ChapterReport
import Foundation

/// The HTML edition's front page: the introduction, then each chapter with
/// its summary, its sections (linked) and what its run checked and drew.
enum SiteIndex {
    static let title = "Deep Generative Models — an executable textbook"

    static func markdown(chapters: [(page: SitePage, report: ChapterReport)], ledger: CheckLedger) -> String {
        var text = BookContents.introduction + "\n\n"
        text += "The [ledger of checks](ledger.html) lists all \(ledger.checkCount) checks of the \(chapters.count) chapters "
            + "on one page, each linked to the row where its chapter prints it"
            + (ledger.failedCount == 0 ? "; every one passed in the runs that wrote these pages.\n\n"
                                       : "; **\(ledger.failedCount) failed** in the runs that wrote these pages.\n\n")
        text += "## Contents {#contents}\n\n"
        for (page, report) in chapters {
            let file = ChapterEntry.folderName(report.chapter) + ".html"
            let failed = report.checks.filter { !$0.passed }.count
            let pngs = report.figures.filter { $0.hasSuffix(".png") }.count
            text += "### [\(page.title)](\(file)) {#\(ChapterEntry.folderName(report.chapter))}\n\n\(page.summary)\n\n"
            text += page.sections.map { "[\($0.title)](\(file)#\($0.anchor))" }.joined(separator: " · ") + "\n\n"
            text += "[\(report.checks.count) checks, " + (failed == 0 ? "all passed" : "\(failed) failed") + "]{.\(failed == 0 ? "pass" : "fail")-count}"
                + " · \(pngs) figures · seed \(report.seed)\(report.quick ? ", --quick run" : "")\n\n"
        }
        return text
    }
}
