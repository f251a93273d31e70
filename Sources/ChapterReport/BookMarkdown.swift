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
    /// The header row of every table of checks (a "why this tolerance" column may follow):
    /// the runtime prints it, the site builder finds check tables by it.
    public static let checkTableHeader = "| | check | measured | reference | tolerance |"

    /// `text` with each underscore that could open emphasis escaped.
    public static func text(_ text: String) -> String {
        var result = "", previous: Unicode.Scalar?
        var codeFence = 0, linkDepth = 0     // the length of the open code span's backtick run; parentheses open in a link's target
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "`" && linkDepth == 0 && previous != "\\" {
                var run = 0
                while index + run < scalars.count && scalars[index + run] == "`" { run += 1 }
                // A run opens a code span only if the same run closes it later; otherwise it is a literal backtick.
                if codeFence == 0 { codeFence = closes(run, after: index + run, in: scalars) ? run : 0 } else if codeFence == run { codeFence = 0 }
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

    /// Text set inside `*…*` or `**…**` (a caption): `text(_:)`, and every `*` escaped, so that the
    /// `*` of `D*` cannot close the caption's emphasis early.
    public static func emphasised(_ caption: String) -> String {
        text(caption).replacingOccurrences(of: "*", with: "\\*")
    }

    /// A pipe-table cell: `text(_:)`, and `|` escaped.
    public static func cell(_ cell: String) -> String {
        self.text(cell).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// The text as it was before `text(_:)`, `cell(_:)` or `emphasised(_:)`.
    public static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\|", with: "|").replacingOccurrences(of: "\\_", with: "_").replacingOccurrences(of: "\\*", with: "*")
    }

    /// Whether a run of exactly `length` backticks occurs at or after `start`.
    private static func closes(_ length: Int, after start: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var index = start
        while index < scalars.count {
            guard scalars[index] == "`" else { index += 1; continue }
            var run = 0
            while index + run < scalars.count && scalars[index + run] == "`" { run += 1 }
            if run == length { return true }
            index += run
        }
        return false
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
