@testable import BookSite
import Foundation
import Testing

/// The Markdown book's page, rewritten for pandoc: one caption per figure,
/// anchored check marks, `.html` links, code left alone.
struct SitePageTests {
    static let page = """
    # Chapter 99 — A test chapter

    What this chapter is about,
    on two lines.

    ## 1. First steps

    See [chapter 3](chapter03.md), [the ledger](ledger.md#check-99-1) and [elsewhere](https://example.org/a.md) (Σ_{k=1}^{P}).

    | | check | measured | reference | tolerance | why this tolerance |
    |---|---|---:|---:|---|---|
    | ✓ | mean of x \\| y | 1.0 | 1.0 | ± 4 SE (SE = 0.1) | CLT |
    | = | two spellings | 2 | 2 | identity, not a check (difference 0) |  |
    | ✗ | variance | 3.0 | 1.0 | ± 10% | chosen |

    ![Samples at t = 0.5](../figures/chapter99/samples.png)

    *Samples at t = 0.5*

    ## 1. First steps

    ```swift
    // | ✓ | not a check |
    let figure = "![x](../figures/chapter99/x.png)" // see chapter03.md
    ```

    ![A figure without an SVG](../figures/chapter99/raster.png)

    $$
    x = a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12}, \\qquad y = b_1 + b_2 + b_3 + b_4 + b_5 + b_6 + b_7 + b_8 + b_9 + b_{10}
    $$

    **Noise levels by [1, 2] and [3]**

    | step | σ |
    |---|---|
    | 1 | 0.1 |

    | | check | measured | reference | tolerance |
    |---|---|---:|---:|---|
    | ✓ | last | 1 | ≤ 2 | bound |
    """

    static let rewritten = SitePage(markdown: page, chapter: 99) { $0 == "chapter99/samples.svg" }

    @Test func theHeadingBecomesTheTitleAndTheFirstParagraphTheSummary() {
        #expect(Self.rewritten.title == "Chapter 99 — A test chapter")
        #expect(Self.rewritten.summary == "What this chapter is about, on two lines.")
        #expect(!Self.rewritten.body.contains("# Chapter 99"))
        #expect(Self.rewritten.body.hasPrefix("What this chapter is about,"))
    }

    @Test func sectionsGetAnchorsOfTheirOwnAndRepeatsAreNumbered() {
        #expect(Self.rewritten.sections.map(\.anchor) == ["section-1-first-steps", "section-1-first-steps-2"])
        #expect(Self.rewritten.body.contains("## 1. First steps {#section-1-first-steps}\n"))
        #expect(SitePage.slug("Exercise 12.1 — Reverse-time drift (ε → 0)") == "exercise-12-1-reverse-time-drift-0")
    }

    @Test func aFigureShowsItsCaptionOnceAndLinksItsSVGWhenThereIsOne() {
        let body = Self.rewritten.body
        #expect(body.components(separatedBy: "Samples at t = 0.5").count == 3, "once as the caption, once as the image's alt text")
        #expect(!body.contains("*Samples at t = 0.5*"))
        #expect(body.contains("""
            <figure>
            <img src="figures/chapter99/samples.png" alt="Samples at t = 0.5">
            <figcaption>

            Samples at t = 0.5

            </figcaption>

            [Vector version (SVG)](figures/chapter99/samples.svg){.vector}

            </figure>
            """))
        #expect(body.contains("<img src=\"figures/chapter99/raster.png\" alt=\"A figure without an SVG\">\n<figcaption>\n\nA figure without an SVG\n\n</figcaption>\n</figure>"))
        #expect(Self.rewritten.figures == ["chapter99/samples.png", "chapter99/samples.svg", "chapter99/raster.png"])
        #expect(!body.contains("../figures/chapter99/samples"))
    }

    @Test func aLongDisplayIsCutAtItsTopLevelQquadsAndAShortOneIsNot() {
        let long = #"a = \frac{1}{2}\sum_{i=1}^{n} x_i^2 + \text{far \qquad inside} + y_{\{\qquad\}}, \qquad b = c + d + e + f + g + h + i + j + k + l + m + n, \qquad \left( p \qquad q \right) + \begin{matrix} r \qquad s \end{matrix} + u + v + w, \qquad t: 1 \to 0"#
        #expect(SitePage.displayPieces(long, longest: 40) == [
            #"a = \frac{1}{2}\sum_{i=1}^{n} x_i^2 + \text{far \qquad inside} + y_{\{\qquad\}},"#,
            "b = c + d + e + f + g + h + i + j + k + l + m + n,",
            #"\left( p \qquad q \right) + \begin{matrix} r \qquad s \end{matrix} + u + v + w, \qquad t: 1 \to 0"#,
        ], "braces, \\left…\\right and environments keep their \\qquad; a short qualifier stays with its formula")
        #expect(SitePage.displayPieces(#"a \qquad b"#) == [#"a \qquad b"#])
        #expect(SitePage.displayPieces(#"a \qquadrature b"#, longest: 2) == [#"a \qquadrature b"#])
        #expect(Self.rewritten.body.contains("$$\nx = a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12},\n$$\n\n$$\ny = b_1 + b_2 + b_3 + b_4 + b_5 + b_6 + b_7 + b_8 + b_9 + b_{10}\n$$\n"))
    }

    @Test func bracesInTextAreEscapedSoPandocCannotReadThemAsAttributes() {
        #expect(SitePage.escapingBraces("the sum Σ_{k=1}^{P} and `code {x}`") == #"the sum Σ_\{k=1}^\{P} and `code {x}`"#)
        #expect(Self.rewritten.body.contains(#"(Σ_\{k=1}^\{P})"#))
    }

    @Test func theBoldLineAboveATableBecomesItsCaption() {
        #expect(Self.rewritten.body.contains("::: table-caption\nNoise levels by [1, 2] and [3]\n:::\n\n| step | σ |"))
    }

    @Test func eachCheckKnowsItsSection() {
        #expect(Self.rewritten.checks.map(\.section) == ["1. First steps", "1. First steps", "1. First steps"])
    }

    @Test func checkMarksAreStyledAndAnchoredInOrderAndIdentitiesAreNotCounted() {
        let body = Self.rewritten.body
        #expect(body.contains("| [✓]{#check-99-1 .pass} | mean of x \\| y |"))
        #expect(body.contains("| [=]{.shown} | two spellings |"))
        #expect(body.contains("| [✗]{#check-99-2 .fail} | variance |"))
        #expect(body.contains("| [✓]{#check-99-3 .pass} | last |"))
        #expect(Self.rewritten.checkNames == ["mean of x | y", "variance", "last"])
        #expect(body.components(separatedBy: "::: checks\n").count == 3)
        #expect(body.hasSuffix("| [✓]{#check-99-3 .pass} | last | 1 | ≤ 2 | bound |\n:::"), "a table at the end of the page is closed")
    }

    @Test func linksBetweenPagesNameHTMLFilesAndOtherLinksAreLeftAlone() {
        let body = Self.rewritten.body
        #expect(body.contains("[chapter 3](chapter03.html), [the ledger](ledger.html#check-99-1) and [elsewhere](https://example.org/a.md) (Σ_\\{k=1}^\\{P})"))
    }

    @Test func codeBlocksAreCopiedAsTheyAre() {
        let body = Self.rewritten.body
        #expect(body.contains("// | ✓ | not a check |\nlet figure = \"![x](../figures/chapter99/x.png)\" // see chapter03.md\n"))
        #expect(!Self.rewritten.figures.contains("chapter99/x.png"))
    }
}
