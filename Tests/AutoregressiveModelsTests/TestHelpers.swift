import Foundation
import Statistics
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

/// Pearson's χ² of `samples`' state counts against `probabilities` of the rows of `states`
/// (`allStates` order), by the library's `PearsonChiSquare` (every cell kept).
func pearsonChiSquare(samples: Tensor, states: Tensor, probabilities: [Double]) -> (statistic: Double, degreesOfFreedom: Int) {
    var index: [[Float]: Int] = [:]
    for state in 0..<states.rowCount { index[states.row(state).scalars] = state }
    var counts = [Double](repeating: 0, count: states.rowCount)
    for row in 0..<samples.rowCount { counts[index[samples.row(row).scalars]!] += 1 }
    let test = PearsonChiSquare(observed: counts, expected: probabilities.map { $0 * Double(samples.rowCount) }, minimumExpected: 0)
    return (test.statistic, test.degreesOfFreedom)
}

/// The upper 10⁻⁴ quantile of χ² with k degrees of freedom (Wilson–Hilferty, in the library).
func chiSquareCriticalValue(degreesOfFreedom k: Int) -> Double {
    PearsonChiSquare.criticalValue(degreesOfFreedom: k)
}
