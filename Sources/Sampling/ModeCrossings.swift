import Foundation
import TensorCore

/// Mode crossings counted along independent 1-D unadjusted Langevin chains, with
/// the standard error of the steps-per-crossing estimate.
///
/// Each chain remembers the side it last visited (−1 below −a, +1 above a, where a
/// is the `threshold`); a step that lands above a with side −1, or below −a with
/// side +1, is a crossing (the rule ``LangevinCrossingTime`` computes exactly).
public struct ModeCrossings: Sendable {
    /// The crossings of each chain.
    public let countsPerChain: [Int]
    /// The steps every chain took.
    public let steps: Int

    /// Wraps per-chain counts.
    public init(countsPerChain: [Int], steps: Int) {
        precondition(countsPerChain.count >= 2 && steps > 0, "ModeCrossings needs at least two chains and one step.")
        self.countsPerChain = countsPerChain
        self.steps = steps
    }

    /// Runs `steps` ULA steps on every element of `start` (its side is the side it starts
    /// on; a start inside [−a, a] counts as side −1) and counts the crossings of each chain.
    public init(start: Tensor, score: (Tensor) -> Tensor, stepSize: Float, steps: Int, threshold: Double,
                using generator: inout RandomGenerator) {
        precondition(start.rank == 1, "ModeCrossings counts independent 1-D chains: pass an [n] tensor.")
        var side = start.scalars.map { Double($0) > threshold ? 1 : -1 }
        var counts = [Int](repeating: 0, count: start.count)
        _ = Langevin.chain(start, score: score, stepSize: stepSize, steps: steps, using: &generator) { _, x in
            x.scalars.withUnsafeBufferPointer { values in
                for chain in 0..<values.count {
                    let value = Double(values[chain])
                    if side[chain] < 0 && value > threshold { side[chain] = 1; counts[chain] += 1 }
                    else if side[chain] > 0 && value < -threshold { side[chain] = -1; counts[chain] += 1 }
                }
            }
        }
        self.init(countsPerChain: counts, steps: steps)
    }

    /// All crossings C = Σ cᵢ.
    public var totalCrossings: Int { countsPerChain.reduce(0, +) }

    /// R = chains·steps/C: the mean number of steps between crossings (∞ if there were none).
    public var stepsPerCrossing: Double {
        Double(countsPerChain.count * steps) / Double(totalCrossings)
    }

    /// SE(R) = R·s_c/(√chains·c̄), by the delta method from the sample standard deviation s_c
    /// and mean c̄ of the per-chain counts: the chains are independent, the crossings within
    /// one chain need not be, and the spread of the counts measures both.
    public var standardError: Double {
        let counts = countsPerChain.map(Double.init)
        let mean = counts.reduce(0, +) / Double(counts.count)
        let variance = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(counts.count - 1)
        return stepsPerCrossing * variance.squareRoot() / (Double(counts.count).squareRoot() * mean)
    }
}
