import Foundation
import TensorCore

/// How evenly a generator's samples spread over K classes, judged from class labels a
/// classifier predicts for them — mode coverage for data whose modes are classes.
///
/// The reference is the uniform distribution over the K classes (the digits have
/// about 180 images of each). Several summaries, because they fail differently:
/// `classesCovered` counts collapse onto a few classes but ignores imbalance among
/// the covered ones; the total variation and the KL divergence measure imbalance;
/// `effectiveClassCount` turns the entropy back into a number of classes.
///
/// A finite sample of a perfectly uniform generator is itself not exactly uniform
/// (the counts are multinomial), so these numbers have a floor above zero that
/// shrinks like 1/√n for the total variation and 1/n for the KL divergence: print
/// them next to the same numbers for real data with the same n.
public struct ClassCoverage: Sendable, Equatable {
    /// The number of samples given each class.
    public let counts: [Int]
    /// The classes holding at least `minimumShare` of the n/K samples they would get
    /// under the uniform distribution.
    public let classesCovered: Int
    /// TV(p̂, u) = ½ Σₖ |p̂ₖ − 1/K|, in [0, (K − 1)/K]: the largest difference between
    /// the two laws in the probability of any set of classes.
    public let totalVariationFromUniform: Double
    /// The entropy H(p̂) = −Σₖ p̂ₖ log p̂ₖ of the class frequencies, in nats.
    public let entropy: Double

    /// KL(p̂ ‖ u) = Σₖ p̂ₖ log(K p̂ₖ) = log K − H(p̂), in nats; log K when all samples are one class.
    public var klFromUniform: Double { Foundation.log(Double(counts.count)) - entropy }
    /// exp H(p̂): the number of equally frequent classes with the same entropy,
    /// K for uniform frequencies and 1 for a single class.
    public var effectiveClassCount: Double { Foundation.exp(entropy) }
    /// The number of classes K.
    public var classCount: Int { counts.count }

    /// - Parameters:
    ///   - labels: one predicted class per sample, each in `0..<classCount`.
    ///   - classCount: K.
    ///   - minimumShare: a class is covered when it holds at least this fraction of its
    ///     expected count n/K (0.25, as `ModeCoverage` uses for mixture modes).
    public init(labels: [Int], classCount: Int, minimumShare: Double = 0.25) {
        require(classCount >= 1 && !labels.isEmpty, "Class coverage needs at least one class and one label.")
        require(labels.allSatisfy { (0..<classCount).contains($0) }, "Class coverage needs labels in 0..<\(classCount).")
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        self.init(counts: counts, minimumShare: minimumShare)
    }

    /// The same measurements from the number of samples in each class (or mode), e.g. `ModeCoverage.counts`.
    public init(counts: [Int], minimumShare: Double = 0.25) {
        require(!counts.isEmpty && counts.allSatisfy { $0 >= 0 } && counts.reduce(0, +) > 0,
                "Class coverage needs non-negative counts for at least one class, with at least one sample.")
        let n = Double(counts.reduce(0, +)), k = Double(counts.count)
        let frequencies = counts.map { Double($0) / n }
        self.counts = counts
        classesCovered = counts.filter { Double($0) >= minimumShare * n / k }.count
        totalVariationFromUniform = 0.5 * frequencies.reduce(0) { $0 + Swift.abs($1 - 1 / k) }
        // 0·log 0 = 0: an empty class contributes nothing to the entropy.
        entropy = -frequencies.reduce(0) { $0 + ($1 > 0 ? $1 * Foundation.log($1) : 0) }
    }
}
