/// Text in HTML: escaped where the site writes it into a page or an attribute, and read back
/// where the audit and the tests compare what a reader sees.
enum HTMLText {
    static let entities = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;")]

    /// `text` safe inside an element or a double-quoted attribute.
    static func escaped(_ text: String) -> String {
        entities.prefix(4).reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// The text an escaped string stands for (the entities pandoc and `escaped(_:)` write).
    static func decoded(_ html: String) -> String {
        entities.reversed().reduce(html) { $0.replacingOccurrences(of: $1.1, with: $1.0) }
    }
}
