import Foundation

/// Reference solutions of chapter 8's exercises.
public enum Chapter08Solutions {
    /// The five-point Gauss–Legendre rule on [−1, 1]: nodes and weights.
    private static let legendreNodes: [Double] = [-0.906_179_845_938_664_0, -0.538_469_310_105_683_1, 0,
                                                  0.538_469_310_105_683_1, 0.906_179_845_938_664_0]
    private static let legendreWeights: [Double] = [0.236_926_885_056_189_1, 0.478_628_670_499_366_5, 0.568_888_888_888_888_9,
                                                    0.478_628_670_499_366_5, 0.236_926_885_056_189_1]

    /// E_θ(x) = Σ_{k=1}^{K} θ_k x^k by Horner's rule.
    private static func polynomialEnergy(_ theta: [Double], _ x: Double) -> Double {
        theta.reversed().reduce(0) { ($0 + $1) * x }
    }

    /// 8.1: composite five-point Gauss–Legendre on 4000 panels; every e^{−E} is shifted by the smallest energy on
    /// the grid, which cancels between ∫ x^k e^{−E} and ∫ e^{−E}.
    public static func logPartitionGradient(coefficients: [Double], lower: Double, upper: Double) throws -> [Double] {
        let panels = 4000
        let width = (upper - lower) / Double(panels)
        var nodes: [Double] = [], weights: [Double] = []
        nodes.reserveCapacity(panels * 5)
        weights.reserveCapacity(panels * 5)
        for p in 0..<panels {
            let centre = lower + (Double(p) + 0.5) * width
            for (t, w) in zip(legendreNodes, legendreWeights) {
                nodes.append(centre + 0.5 * width * t)
                weights.append(0.5 * width * w)
            }
        }
        let energies = nodes.map { polynomialEnergy(coefficients, $0) }
        let smallest = energies.min()!
        var normaliser = 0.0
        var moments = [Double](repeating: 0, count: coefficients.count)
        for i in nodes.indices {
            let mass = weights[i] * exp(smallest - energies[i])
            normaliser += mass
            var power = 1.0
            for k in moments.indices {
                power *= nodes[i]
                moments[k] += mass * power
            }
        }
        return moments.map { -$0 / normaliser }
    }

    /// 8.2: minus the data's mean of x^k (the positive phase) plus the negatives' mean of x^k (the negative phase).
    public static func contrastiveGradient(data: [Double], negatives: [Double], powers: Int) throws -> [Double] {
        func meanPowers(_ sample: [Double]) -> [Double] {
            var sums = [Double](repeating: 0, count: powers)
            for x in sample {
                var power = 1.0
                for k in 0..<powers {
                    power *= x
                    sums[k] += power
                }
            }
            return sums.map { $0 / Double(sample.count) }
        }
        return zip(meanPowers(data), meanPowers(negatives)).map { -$0.0 + $0.1 }
    }

    /// 8.3: for the stationary law, θ(1 − εθ/4) = 1/m2, whose smaller root 2(1 − √(1 − ε/m2))/ε is written
    /// (2/m2)/(1 + √(1 − ε/m2)) to avoid cancellation when ε ≪ m2. For finite L, v_L = a^{2L}s0² +
    /// ε(1 − a^{2L})/(1 − a²) with 1 − a² = εθ(1 − εθ/4), decreasing in θ on (0, 2/ε): bisect it against m2.
    public static func langevinFixedPoint(secondMoment m2: Double, stepSize epsilon: Double, steps: Int?,
                                          startVariance: Double) throws -> Double {
        guard let steps else { return (2 / m2) / (1 + (1 - epsilon / m2).squareRoot()) }
        func variance(_ theta: Double) -> Double {
            let a = 1 - epsilon * theta / 2
            let decay = pow(a * a, Double(steps))
            return decay * startVariance + epsilon * (1 - decay) / (epsilon * theta * (1 - epsilon * theta / 4))
        }
        var (low, high) = (0.0, 2 / epsilon)
        for _ in 0..<200 {
            let middle = 0.5 * (low + high)
            if middle <= low || middle >= high { break }
            if variance(middle) > m2 { low = middle } else { high = middle }
        }
        return 0.5 * (low + high)
    }

    /// 8.4: log Ẑ = log|B| + s_max + log mean e^{sᵢ − s_max}; the delta method gives sd(w)/(mean(w)·√n), which the
    /// common factor e^{s_max} leaves unchanged.
    public static func logPartitionByUniformSampling(negativeEnergies: [Double], volume: Double) throws
        -> (logPartition: Double, standardError: Double) {
        let n = Double(negativeEnergies.count)
        let largest = negativeEnergies.max()!
        let weights = negativeEnergies.map { exp($0 - largest) }
        let mean = weights.reduce(0, +) / n
        let variance = weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (log(volume) + largest + log(mean), variance.squareRoot() / (mean * n.squareRoot()))
    }
}
