import Foundation

extension SitePage {
    /// "section-1-noising-as-a-stochastic-differential-equation" for "1. Noising as a stochastic differential
    /// equation": ASCII letters and digits, lower-cased, every other run of characters one hyphen.
    static func slug(_ heading: String) -> String {
        var slug = "", pendingHyphen = false
        for scalar in heading.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        // pandoc reads `{#…}` as an identifier only if it starts with a letter.
        return slug.first?.isLetter == true ? slug : slug.isEmpty ? "section" : "section-" + slug
    }
}

/// Anchors given out on one page, kept distinct by numbering repeats.
struct AnchorSet {
    private var used: Set<String> = []
    mutating func unique(_ anchor: String) -> String {
        var candidate = anchor, repeat_ = 1
        while used.contains(candidate) { repeat_ += 1; candidate = "\(anchor)-\(repeat_)" }
        used.insert(candidate)
        return candidate
    }
}
