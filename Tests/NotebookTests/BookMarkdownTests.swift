import ChapterReport
import Testing

/// Underscores of Unicode maths must not become emphasis, and the escapes must read back.
struct BookMarkdownTests {
    @Test(arguments: [
        ("∇_θ log Z_θ = −𝔼_{p_θ}[∇_θE_θ]", #"∇\_θ log Z_θ = −𝔼_{p_θ}[∇\_θE_θ]"#),
        ("⟨x⟩_data and β̃_t", #"⟨x⟩\_data and β̃\_t"#),
        ("p_t(x) and x_0 stay", "p_t(x) and x_0 stay"),
        ("_leading", #"\_leading"#),
        ("code `(a)_b` and [link](a/(b)_c.md) stay", "code `(a)_b` and [link](a/(b)_c.md) stay"),
        ("``a ` (b)_c`` then (d)_e", #"``a ` (b)_c`` then (d)\_e"#),
        (#"already \_ escaped"#, #"already \_ escaped"#),
        ("an unmatched ` then (a)_b", #"an unmatched ` then (a)\_b"#),
    ])
    func underscoresThatCouldOpenEmphasisAreEscaped(text: String, escaped: String) {
        #expect(BookMarkdown.text(text) == escaped)
    }

    @Test func aCaptionEscapesItsStarsSoTheyCannotCloseItsEmphasis() {
        let caption = "D*(x) against ∇_x log p and ℓ*"
        #expect(BookMarkdown.emphasised(caption) == #"D\*(x) against ∇\_x log p and ℓ\*"#)
        #expect(BookMarkdown.unescaped(BookMarkdown.emphasised(caption)) == caption)
    }

    @Test func aCellEscapesPipesAndReadsBack() {
        let cell = "‖∇_x̂ f‖ | (a)_b"
        #expect(BookMarkdown.cell(cell) == #"‖∇\_x̂ f‖ \| (a)\_b"#)
        #expect(BookMarkdown.unescaped(BookMarkdown.cell(cell)) == cell)
    }
}
