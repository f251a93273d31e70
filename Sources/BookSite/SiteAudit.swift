import Foundation

/// Reads a built site back and lists what a reader would trip over: a link
/// or image that does not resolve (file or `#anchor`), maths pandoc left as
/// TeX, a figure caption printed twice (or not at all), and emphasis that
/// starts inside a word, where a `*` or `_` of the text was read as markup.
public enum SiteAudit {
    /// One sentence per problem; empty when the site is sound.
    public static func problems(in site: URL) -> [String] {
        let pages = ((try? FileManager.default.contentsOfDirectory(atPath: site.path)) ?? []).filter { $0.hasSuffix(".html") }.sorted()
        var texts: [String: String] = [:]
        for page in pages { texts[page] = (try? String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)) ?? "" }
        let anchors = texts.mapValues { Set(matches(of: #"\sid="([^"]+)""#, in: $0)) }
        var problems: [String] = []
        for page in pages {
            let text = texts[page] ?? ""
            for target in matches(of: #"\s(?:href|src)="([^"]*)""#, in: text) where !target.contains("://") && !target.hasPrefix("mailto:") {
                let parts = target.replacingOccurrences(of: "&amp;", with: "&").split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = parts.first.map(String.init) ?? "", fragment = parts.count > 1 ? String(parts[1]) : nil
                let targetPage = file.isEmpty ? page : file
                if !file.isEmpty && !FileManager.default.fileExists(atPath: site.appendingPathComponent(file).path) {
                    problems.append("\(page) links to \(file), which does not exist.")
                } else if let fragment, targetPage.hasSuffix(".html"), anchors[targetPage]?.contains(fragment) != true {
                    problems.append("\(page) links to \(targetPage)#\(fragment), an anchor that page does not have.")
                }
            }
            let prose = readableText(of: text)
            if prose.contains("$$") { problems.append("\(page) shows raw TeX ($$) outside its maths.") }
            if let command = matches(of: #"(\\[A-Za-z]{2,})"#, in: prose).first {
                problems.append("\(page) shows the TeX command \(command) as text.")
            }
            let words = visibleText(of: text.replacingOccurrences(of: #"(?s)<annotation[^>]*>.*?</annotation>"#, with: "",
                                                                  options: .regularExpression))
            for caption in matches(of: #"<figcaption[^>]*>(.*?)</figcaption>"#, in: text).map(visibleText(of:)) where !caption.isEmpty {
                let count = words.components(separatedBy: caption).count - 1
                if count != 1 { problems.append("\(page) prints the caption “\(caption.prefix(60))” \(count) times.") }
            }
            // Emphasis the text meant opens after a space, a tag or an opening bracket or quote, and closes
            // before a space, a tag or punctuation; `∇<em>θ … 𝔼</em>{p}` is an underscore of Unicode maths.
            if let stray = matches(of: #"([^\s>(\[{"'“‘/—–\-]<(?:em|strong)>|</(?:em|strong)>[^\s<.,;:!?)\]}"'”’/—–\-])"#, in: prose).first {
                problems.append("\(page) has emphasis starting or ending inside a word (\(stray)): a * or _ read as markup.")
            }
        }
        return problems
    }

    /// The page without the places where TeX and backslashes belong: MathML's
    /// TeX annotations, listings and inline code.
    static func readableText(of html: String) -> String {
        var text = html
        for pattern in [#"(?s)<annotation[^>]*>.*?</annotation>"#, #"(?s)<pre[^>]*>.*?</pre>"#, #"(?s)<code[^>]*>.*?</code>"#] {
            text = text.replacingOccurrences(of: pattern, with: "", options: [.regularExpression])
        }
        return text
    }

    /// What a reader sees of some HTML: the text without tags, entities decoded, spaces collapsed.
    static func visibleText(of html: String) -> String {
        HTMLText.decoded(html.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression))
            .replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression).trimmingCharacters(in: .whitespaces)
    }

    /// The first capture group of every match of `pattern` in `text`.
    static func matches(of pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
