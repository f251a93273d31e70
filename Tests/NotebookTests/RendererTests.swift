import ChapterReport
import Testing
@testable import Notebook

/// What the two renderers print for checks with reasons, demonstrations,
/// numeric table cells and the summary.
struct RendererTests {
    final class Lines { var all: [String] = [] }

    func markdown(_ blocks: [Block]) -> String {
        let lines = Lines()
        let renderer = MarkdownRenderer { lines.all.append($0) }
        blocks.forEach(renderer.render)
        renderer.finish()
        return lines.all.joined(separator: "\n")
    }

    func terminal(_ blocks: [Block]) -> String {
        let lines = Lines()
        let renderer = TerminalRenderer { lines.all.append($0) }
        blocks.forEach(renderer.render)
        return lines.all.joined(separator: "\n")
    }

    let plain = CheckResult(name: "mean", measured: "0.01", reference: "0", tolerance: "± 0.04", passed: true)
    let reasoned = CheckResult(name: "variance", measured: "1.01", reference: "1", tolerance: "± 0.03", passed: false,
                               why: "4 SE of a variance estimate from n normal samples: v√(2/n)")
    let shown = Demonstration(name: "DSM = DDPM loss", lhs: "0.5", rhs: "0.5", difference: "1.000e−08")

    @Test func checkTablesWithoutReasonsKeepTheirFiveColumns() {
        #expect(markdown([.check(plain)]) == """
        | | check | measured | reference | tolerance |
        |---|---|---:|---:|---|
        | ✓ | mean | 0.01 | 0 | ± 0.04 |

        """)
    }

    @Test func aReasonAddsAColumnAndADemonstrationHasNoMark() {
        #expect(markdown([.check(plain), .check(reasoned), .demonstration(shown)]) == """
        | | check | measured | reference | tolerance | why this tolerance |
        |---|---|---:|---:|---|---|
        | ✓ | mean | 0.01 | 0 | ± 0.04 |  |
        | ✗ | variance | 1.01 | 1 | ± 0.03 | 4 SE of a variance estimate from n normal samples: v√(2/n) |
        | = | DSM = DDPM loss | 0.5 | 0.5 | identity, not a check (difference 1.000e−08) |  |

        """)
    }

    @Test func theTerminalPrintsTheReasonIndentedUnderItsCheck() {
        let text = terminal([.check(reasoned), .demonstration(shown)])
        #expect(text == """
          ✗ variance: 1.01 vs 1 (± 0.03)
              4 SE of a variance estimate from n normal samples: v√(2/n)
          = DSM = DDPM loss: 0.5 and 0.5 (an identity on the same numbers, not a check; difference 1.000e−08)
        """)
    }

    @Test func tableCellsFormatNumbersLikeTheRestOfTheBook() {
        let row: [any TableCell] = ["ULA", 1.0 / 3.0, 40, Float(0.5), 2.5e-7, "x"[...]]
        #expect(row.map(\.cellText) == ["ULA", "0.3333", "40", "0.5", "2.500e−07", "x"])
    }

    @Test func theSummaryLineComesFromTheReport() {
        let report = ChapterReport(chapter: 11, title: "Langevin dynamics", seed: 7, quick: true, passed: 13, failed: ["variance"],
                                   demonstrations: 1, figures: ["a.png"])
        #expect(markdown([.summary(report)]) == "---\n\n**checks: 13 passed, 1 failed**\n")
        #expect(terminal([.summary(report)]) == "\nchecks: 13 passed, 1 failed\n  ✗ variance")
    }
}
