import Foundation

extension SitePage {
    /// A long display cut at its top-level `\qquad`s, which in this book separate formulas that
    /// stand side by side; a browser does not break MathML lines, and a display longer than about
    /// 100 characters of TeX is wider than the text column. A `\qquad` inside braces, `\left…\right`
    /// or `\begin…\end` stays, and a piece shorter than `shortest` characters (a qualifier such as
    /// `t: 1 \to 0`) stays beside the formula before it.
    static func displayPieces(_ tex: String, longest: Int = 100, shortest: Int = 25) -> [String] {
        guard tex.filter({ !$0.isWhitespace }).count > longest else { return [tex] }
        var pieces: [String] = [], current = "", depth = 0
        var rest = Substring(tex)
        func command(_ name: String) -> Bool {
            rest.hasPrefix(name) && !(rest.dropFirst(name.count).first?.isLetter ?? false)
        }
        while let character = rest.first {
            if depth == 0 && command("\\qquad") {
                pieces.append(current)
                current = ""
                rest = rest.dropFirst(6)
                continue
            }
            if character == "\\", let next = rest.dropFirst().first, !next.isLetter {
                current += rest.prefix(2)          // an escaped character such as \{ never opens a group
                rest = rest.dropFirst(2)
                continue
            }
            if command("\\left") || command("\\begin") { depth += 1 } else if command("\\right") || command("\\end") { depth -= 1 }
            if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
            current.append(character)
            rest = rest.dropFirst()
        }
        pieces.append(current)
        var kept: [String] = []
        for piece in pieces.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !piece.isEmpty {
            if let last = kept.last, piece.filter({ !$0.isWhitespace }).count < shortest {
                kept[kept.count - 1] = last + " \\qquad " + piece
            } else {
                kept.append(piece)
            }
        }
        return kept.isEmpty ? [tex] : kept
    }
}
