import Foundation
import TensorCore

// listing: codebook-usage
/// How a set of vectors spreads over a codebook of K codes: the counts nₖ, the share
/// pₖ = nₖ/n of each code, the number of codes used at all, and the *perplexity*
///
///   exp(H),   H = −Σₖ pₖ log pₖ,
///
/// the number of equally used codes that would have the same entropy. It is K when every
/// code is used equally and 1 when one code takes everything, so it measures how much of
/// the codebook is really working: log₂ of it is the bits per position the codes carry on
/// average, against log₂ K available.
public struct CodebookUsage: Sendable, Equatable {
    /// nₖ, how many vectors chose code k.
    public let counts: [Int]

    /// The usage of `codes` (indices in 0..<codeCount).
    public init(codes: [Int], codeCount: Int) {
        var counts = [Int](repeating: 0, count: codeCount)
        for code in codes {
            require(code >= 0 && code < codeCount, "A code index must lie in 0..<\(codeCount), got \(code).")
            counts[code] += 1
        }
        self.counts = counts
    }

    /// K, the size of the codebook.
    public var codeCount: Int { counts.count }
    /// n, the number of vectors counted.
    public var total: Int { counts.reduce(0, +) }
    /// pₖ = nₖ/n.
    public var shares: [Double] { counts.map { Double($0) / Double(Swift.max(total, 1)) } }
    /// Codes chosen at least once.
    public var usedCodes: Int { counts.filter { $0 > 0 }.count }
    /// Codes never chosen: the dead ones.
    public var deadCodes: [Int] { counts.indices.filter { counts[$0] == 0 } }
    /// H = −Σ pₖ log pₖ in nats (0 log 0 = 0).
    public var entropy: Double { -shares.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) } }
    /// exp(H), between 1 and the number of used codes.
    public var perplexity: Double { exp(entropy) }
}
// end listing
