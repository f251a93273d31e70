import Foundation
import TensorCore
import NeuralLayers
@testable import AutoregressiveModels

/// The library's wrong-mask copy; `hiddenSizes` and `seed` are kept for the callers' signatures.
func madeWithNonStrictOutputMask(like reference: MADE, hiddenSizes: [Int], seed: UInt64) -> MADE {
    reference.withNonStrictOutputMask()
}

/// Multiplies every parameter by `factor`: sharper conditionals than at initialisation,
/// so that sums over states and frequency checks test more than a near-uniform law.
func scaleParameters(of made: MADE, by factor: Float) {
    for parameter in made.parameters { parameter.value = parameter.value * factor }
}

/// Σ over the rows of exp(values), in double precision.
func totalProbability(_ logProbabilities: [Double]) -> Double {
    logProbabilities.reduce(0) { $0 + exp($1) }
}

/// Pearson's χ² = Σ (observed − expected)²/expected of `samples`' state counts against
/// `probabilities` of the rows of `states` (`allStates` order), and its degrees of freedom.
func pearsonChiSquare(samples: Tensor, states: Tensor, probabilities: [Double]) -> (statistic: Double, degreesOfFreedom: Int) {
    var index: [[Float]: Int] = [:]
    for state in 0..<states.rowCount { index[states.row(state).scalars] = state }
    var counts = [Double](repeating: 0, count: states.rowCount)
    for row in 0..<samples.rowCount { counts[index[samples.row(row).scalars]!] += 1 }
    let n = Double(samples.rowCount)
    let statistic = zip(counts, probabilities).reduce(0.0) { $0 + ($1.0 - n * $1.1) * ($1.0 - n * $1.1) / (n * $1.1) }
    return (statistic, states.rowCount - 1)
}

/// The upper 10⁻⁴ quantile of χ² with k degrees of freedom, by the Wilson–Hilferty
/// approximation k(1 − 2/9k + z√(2/9k))³ with z = 3.719 (accurate to ~1% for k ≥ 10).
func chiSquareCriticalValue(degreesOfFreedom k: Int) -> Double {
    let a = 2 / (9 * Double(k))
    return Double(k) * pow(1 - a + 3.719 * a.squareRoot(), 3)
}
