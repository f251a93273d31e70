import Foundation

/// The law of a 1-D unadjusted Langevin chain, x′ = x + (ε/2)s(x) + √ε·z, propagated on a
/// grid without simulation — the expectation a simulated chain is held to.
///
/// **The step.** ULA is a drift followed by a Gaussian kick, so the law after one step is the
/// law of the drifted point m(x) = x + (ε/2)s(x), convolved with N(0, ε). On bins of width h
/// over [lower, upper], each bin's mass moves to m(cᵢ) of its centre cᵢ and is shared between
/// the two nearest centres by linear interpolation (this keeps the mean and adds a variance of
/// at most h²/4 per step), then convolved with the bin-integrated kernel
/// wₖ = Φ((k + ½)h/√ε) − Φ((k − ½)h/√ε), |k| ≤ 7√ε/h + 1. Mass that would leave the range
/// stays in the end bins. The error is O(h²): compare two bin widths to measure it.
///
/// Schedules that change the score and the step size (annealed Langevin) call ``run`` once per
/// stage.
public struct LangevinLawOnGrid {
    /// The bin width h and the bin centres cᵢ.
    public let binWidth: Double
    public let binCentres: [Double]
    /// The probability of each bin under the current law (they sum to 1).
    public private(set) var probabilities: [Double]

    /// The law F (a cumulative distribution function) on bins of width `binWidth` over
    /// `range`; the two tails are folded into the end bins.
    public init(range: ClosedRange<Double>, binWidth: Double, cumulative: (Double) -> Double) {
        let count = Int(((range.upperBound - range.lowerBound) / binWidth).rounded())
        precondition(count >= 2 && binWidth > 0, "The grid needs at least two bins.")
        self.binWidth = binWidth
        binCentres = (0..<count).map { range.lowerBound + (Double($0) + 0.5) * binWidth }
        let inner = (1..<count).map { cumulative(range.lowerBound + Double($0) * binWidth) }
        let cdf = [0] + inner + [1]
        probabilities = (0..<count).map { max(0, cdf[$0 + 1] - cdf[$0]) }
    }

    /// Φ, the standard normal distribution function.
    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Advances the law by `steps` ULA steps with `score` and step size ε = `stepSize`.
    public mutating func run(score: (Double) -> Double, stepSize: Double, steps: Int) {
        precondition(stepSize > 0 && steps >= 0, "ULA needs ε > 0.")
        let count = binCentres.count, h = binWidth, deviation = stepSize.squareRoot()
        let reach = Int((7 * deviation / h).rounded(.up)) + 1, width = 2 * reach + 1
        var kernel = (0..<width).map { index -> Double in
            let k = Double(index - reach)
            return Self.normalCDF((k + 0.5) * h / deviation) - Self.normalCDF((k - 0.5) * h / deviation)
        }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        // prefix[k] = Σ_{l<k} w_l: the kernel's mass below offset k − reach, folded into bin 0 near the left end.
        var prefix = [Double](repeating: 0, count: width + 1)
        for k in 0..<width { prefix[k + 1] = prefix[k] + kernel[k] }
        // Where each bin's mass lands after the drift: the bin below and the share of the one above.
        var target = [Int](repeating: 0, count: count), share = [Double](repeating: 0, count: count)
        let lower = binCentres[0]
        for i in 0..<count {
            let c = binCentres[i], drifted = c + 0.5 * stepSize * score(c)
            let u = min(max((drifted - lower) / h, 0), Double(count - 1))
            let j = min(Int(u.rounded(.down)), count - 2)
            target[i] = j; share[i] = u - Double(j)
        }
        var drifted = [Double](repeating: 0, count: count), next = [Double](repeating: 0, count: count)
        for _ in 0..<steps {
            for j in 0..<count { drifted[j] = 0; next[j] = 0 }
            for i in 0..<count where probabilities[i] != 0 {
                drifted[target[i]] += probabilities[i] * (1 - share[i])
                drifted[target[i] + 1] += probabilities[i] * share[i]
            }
            kernel.withUnsafeBufferPointer { w in
                next.withUnsafeMutableBufferPointer { out in
                    for j in 0..<count {
                        let mass = drifted[j]
                        // Mass below 1e-15 is not spread (it stays in its bin), which keeps the total exact.
                        if mass < 1e-15 { out[j] += mass; continue }
                        let from = max(0, j - reach), to = min(count - 1, j + reach)
                        let offset = reach - j
                        for t in from...to { out[t] += mass * w[t + offset] }
                        if j - reach < 0 { out[0] += mass * prefix[from + offset] }
                        if j + reach > count - 1 { out[count - 1] += mass * (1 - prefix[to + offset + 1]) }
                    }
                }
            }
            swap(&probabilities, &next)
        }
    }

    /// P(x > threshold) after the `stages` (score, ε, steps) from the law `cumulative`, on bins of
    /// width h and 2h over `range`, Richardson-extrapolated for the O(h²) error: P_h + (P_h − P_2h)/3.
    /// Returns that value and the correction (P_h − P_2h)/3, a measure of the grid error.
    public static func extrapolatedProbability(above threshold: Double, range: ClosedRange<Double>, binWidth: Double,
                                               cumulative: (Double) -> Double,
                                               stages: [(score: (Double) -> Double, stepSize: Double, steps: Int)]) -> (value: Double, correction: Double) {
        let values = [binWidth, 2 * binWidth].map { width -> Double in
            var law = LangevinLawOnGrid(range: range, binWidth: width, cumulative: cumulative)
            for stage in stages { law.run(score: stage.score, stepSize: stage.stepSize, steps: stage.steps) }
            return law.probability(above: threshold)
        }
        return (values[0] + (values[0] - values[1]) / 3, (values[0] - values[1]) / 3)
    }

    /// The probability of the bins whose centre lies above `threshold`.
    public func probability(above threshold: Double) -> Double {
        zip(binCentres, probabilities).reduce(0) { $0 + ($1.0 > threshold ? $1.1 : 0) }
    }

    /// The mean and the variance of the grid law.
    public var moments: (mean: Double, variance: Double) {
        let mean = zip(binCentres, probabilities).reduce(0) { $0 + $1.0 * $1.1 }
        return (mean, zip(binCentres, probabilities).reduce(0) { $0 + ($1.0 - mean) * ($1.0 - mean) * $1.1 })
    }
}
