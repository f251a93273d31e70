import Foundation
import Testing
import Sampling

/// The grid law of ULA against the closed form of the linear chain: on N(0, s²) the step
/// x′ = c·x + √ε·z with c = 1 − ε/(2s²) keeps a normal law normal, with mean cᵏm₀ and
/// variance c²v + ε per step — a route that shares nothing with the grid.
@Suite struct LangevinLawOnGridTests {
    static func normalCDF(_ x: Double, mean: Double, variance: Double) -> Double {
        0.5 * erfc(-(x - mean) / (2 * variance).squareRoot())
    }

    /// Two stages, as in annealing: s² = 4 with ε = 0.4 for 30 steps, then s² = 1 with ε = 0.1
    /// for 40 steps, from N(3, 0.25).
    @Test func twoStagesMatchTheLinearChain() {
        var mean = 3.0, variance = 0.25
        var law = LangevinLawOnGrid(range: -10...10, binWidth: 0.01) { Self.normalCDF($0, mean: 3, variance: 0.25) }
        #expect(abs(law.probabilities.reduce(0, +) - 1) < 1e-12)
        for (targetVariance, epsilon, steps) in [(4.0, 0.4, 30), (1.0, 0.1, 40)] {
            law.run(score: { -$0 / targetVariance }, stepSize: epsilon, steps: steps)
            let c = 1 - epsilon / (2 * targetVariance)
            for _ in 0..<steps { mean *= c; variance = c * c * variance + epsilon }
        }
        let grid = law.moments
        #expect(abs(law.probabilities.reduce(0, +) - 1) < 1e-12, "the recursion keeps the total mass")
        #expect(abs(grid.mean - mean) < 1e-6, "mean \(grid.mean) vs \(mean)")
        // Interpolation adds at most h²/4 per step, contracted by c² each step: ≤ 70·h²/4 = 1.75e-3 (bounded loosely).
        #expect(abs(grid.variance - variance) < 2e-3, "variance \(grid.variance) vs \(variance)")
        for threshold in [-1.0, 0.0, 1.5] {
            let exact = 1 - Self.normalCDF(threshold, mean: mean, variance: variance)
            // Each threshold is a bin edge, so only the O(h²) error of the grid remains.
            #expect(abs(law.probability(above: threshold) - exact) < 1e-3, "P(x > \(threshold)): \(law.probability(above: threshold)) vs \(exact)")
        }
    }

    /// Wrong answers the comparison rejects: a chain without the ε/2 in the drift, and one
    /// with kicks of variance 2ε, land far outside the tolerances above.
    @Test func wrongChainsAreRejected() {
        var mean = 3.0, variance = 0.25
        let epsilon = 0.1, steps = 40, c = 1 - epsilon / 2
        for _ in 0..<steps { mean *= c; variance = c * c * variance + epsilon }
        var noHalf = LangevinLawOnGrid(range: -10...10, binWidth: 0.01) { Self.normalCDF($0, mean: 3, variance: 0.25) }
        noHalf.run(score: { -2 * $0 }, stepSize: epsilon, steps: steps)
        #expect(abs(noHalf.moments.mean - mean) > 0.1)
        var doubleKicks = LangevinLawOnGrid(range: -10...10, binWidth: 0.01) { Self.normalCDF($0, mean: 3, variance: 0.25) }
        doubleKicks.run(score: { -$0 / 2 }, stepSize: 2 * epsilon, steps: steps)  // same drift ε/2·(−x), kicks 2ε
        #expect(abs(doubleKicks.moments.variance - variance) > 0.1)
    }
}
