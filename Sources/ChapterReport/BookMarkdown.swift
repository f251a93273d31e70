import Foundation

/// The escapes of the book's Markdown: written by the chapter runtime, read
/// back by the site builder, in one place so the two cannot drift apart.
///
/// The book's prose writes maths in Unicode (`∇_θ log Z_θ`, `⟨x⟩_data`), and
/// CommonMark reads an underscore that follows anything but a letter or digit
/// as a possible start of emphasis: `∇_θ … 𝔼_{p}` would come out in italics
/// on the forge and in the HTML edition. Such underscores are escaped; the
/// intraword ones (`p_t`) cannot open emphasis and stay as they are, and so
/// does everything inside a code span or a link's target.
public enum BookMarkdown {
    /// `text` with each underscore that could open emphasis escaped.
    public static func text(_ text: String) -> String {
        var result = "", previous: Unicode.Scalar?
        var codeFence = 0, linkDepth = 0     // the length of the open code span's backtick run; parentheses open in a link's target
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "`" && linkDepth == 0 {
                var run = 0
                while index + run < scalars.count && scalars[index + run] == "`" { run += 1 }
                if codeFence == 0 { codeFence = run } else if codeFence == run { codeFence = 0 }
                result.unicodeScalars.append(contentsOf: scalars[index..<(index + run)])
                previous = "`"
                index += run
                continue
            }
            if codeFence == 0 {
                if scalar == "(" && (previous == "]" || linkDepth > 0) { linkDepth += 1 } else if scalar == ")" && linkDepth > 0 { linkDepth -= 1 }
                if scalar == "_" && linkDepth == 0 && previous != "\\" && !isLetterOrDigit(previous) { result.unicodeScalars.append("\\") }
            }
            result.unicodeScalars.append(scalar)
            previous = scalar
            index += 1
        }
        return result
    }

    /// A pipe-table cell: `text(_:)`, and `|` escaped.
    public static func cell(_ cell: String) -> String {
        self.text(cell).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// The text of a cell as it was before `cell(_:)`.
    public static func unescapedCell(_ cell: String) -> String {
        cell.replacingOccurrences(of: "\\|", with: "|").replacingOccurrences(of: "\\_", with: "_")
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}
