import TensorCore

/// How many modes of a known mixture a sampler reaches, and how many of its
/// samples land near any mode at all — the standard diagnostics for mode
/// collapse on toy mixtures.
public struct ModeCoverage: Sendable {
    /// Samples assigned to each mode (nearest centre, within the radius).
    public let counts: [Int]
    /// Modes that received at least `minimumShare` of the samples they would get under the true weights.
    public let covered: Int
    /// Modes present among the samples that landed near some mode: each holds at least
    /// `minimumShare` of its expected share of those near samples, and at least 1% of all
    /// samples. Unlike `covered`, samples stranded between modes do not make a present mode
    /// look dropped, so this counts collapse even while a generator is still blurry.
    public let presentAmongNear: Int
    /// The fraction of samples within `radius` of some centre.
    public let highQualityFraction: Double
    /// The mean squared distance from each sample to its nearest centre: the width of the
    /// modes as the samples draw them (2s² for well-separated isotropic modes of standard
    /// deviation s in 2-D). Sliced Wasserstein distances on a few thousand points barely
    /// see a wrong mode width; this statistic sees it directly.
    public let modeWidth: Double
    /// The standard error of `modeWidth` (from the spread of the per-sample distances).
    public let modeWidthStandardError: Double

    /// - Parameters:
    ///   - samples: `[n, d]`.
    ///   - centres: the modes' means.
    ///   - weights: the modes' true weights (normalised here).
    ///   - radius: a sample counts for its nearest centre only if it is this close (e.g. 3 standard deviations).
    ///   - minimumShare: a mode is covered if it holds at least this fraction of its expected count.
    public init(samples: Tensor, centres: [[Double]], weights: [Double], radius: Double, minimumShare: Double = 0.25) {
        require(samples.rank == 2 && centres.allSatisfy { $0.count == samples.columnCount } && weights.count == centres.count,
                "Mode coverage needs [n, d] samples and \(centres.count) centres and weights of dimension d.")
        let d = samples.columnCount
        var counts = [Int](repeating: 0, count: centres.count)
        var near = 0
        var squaredDistances: [Double] = []
        squaredDistances.reserveCapacity(samples.rowCount)
        for row in 0..<samples.rowCount {
            var best = 0, bestDistance = Double.infinity
            for (index, centre) in centres.enumerated() {
                var distance = 0.0
                for j in 0..<d { let difference = Double(samples.scalars[row * d + j]) - centre[j]; distance += difference * difference }
                if distance < bestDistance { (best, bestDistance) = (index, distance) }
            }
            if bestDistance <= radius * radius { counts[best] += 1; near += 1 }
            squaredDistances.append(bestDistance)
        }
        let total = weights.reduce(0, +)
        let n = Double(samples.rowCount)
        self.counts = counts
        covered = zip(counts, weights).filter { Double($0.0) >= minimumShare * n * $0.1 / total }.count
        presentAmongNear = near == 0 ? 0 : zip(counts, weights).filter { count, weight in
            Double(count) >= minimumShare * Double(near) * weight / total && count >= samples.rowCount / 100 }.count
        highQualityFraction = Double(near) / n
        let width = squaredDistances.reduce(0, +) / n
        modeWidth = width
        let variance = squaredDistances.reduce(0) { $0 + ($1 - width) * ($1 - width) } / Swift.max(n - 1, 1)
        modeWidthStandardError = (variance / n).squareRoot()
    }
}
