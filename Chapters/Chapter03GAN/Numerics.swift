import AdversarialNetworks
import Autodiff
import Distributions
import Foundation
import Metrics
import NeuralLayers
import Notebook
import Statistics
import TensorCore

/// Golden-section search for the maximiser of a unimodal function on an interval: each step
/// keeps the part of the bracket that must hold the maximum and shrinks it by 1/φ ≈ 0.618,
/// so it needs no derivative and no formula — an independent route to an argmax.
enum GoldenSection {
    static func maximiser(in interval: ClosedRange<Double>, tolerance: Double, of function: (Double) -> Double) -> Double {
        let shrink = (5.0.squareRoot() - 1) / 2
        var (low, high) = (interval.lowerBound, interval.upperBound)
        var left = high - shrink * (high - low), right = low + shrink * (high - low)
        var (leftValue, rightValue) = (function(left), function(right))
        while high - low > tolerance {
            if leftValue < rightValue {
                low = left; left = right; leftValue = rightValue
                right = low + shrink * (high - low); rightValue = function(right)
            } else {
                high = right; right = left; rightValue = leftValue
                left = high - shrink * (high - low); leftValue = function(left)
            }
        }
        return (low + high) / 2
    }
}

/// sigmoid(a) of each logit, in double precision.
func logitsToProbabilities(_ logits: Tensor) -> [Double] { logits.doubles.map { 1 / (1 + exp(-$0)) } }

/// log(2p/(p + q)) at `count` draws from `own` (density p), `other` having density q: the terms of a Monte Carlo JSD.
func logRatioToMixture(_ own: GaussianMixture1D, _ other: GaussianMixture1D, count: Int) -> [Double] {
    own.sample(count, using: &chapter.random).doubles.map { x in
        let a = own.logDensity(x), b = other.logDensity(x)
        return log(2) + a - (max(a, b) + log(exp(a - max(a, b)) + exp(b - max(a, b))))   // log(2p/(p + q)), stably
    }
}

/// Gaussian moments from a mean and a row-major covariance.
func moments(_ mean: [Double], _ covariance: [Double]) -> GaussianMoments {
    GaussianMoments(mean: mean, covariance: Matrix(rows: mean.count, columns: mean.count, elements: covariance))
}

/// d_F² terms between two disjoint random subsets of `size` rows of `features` (and of `other`, if given, for the second).
func disjointSubsetTerms(_ size: Int, of features: Tensor, against other: Tensor? = nil) throws -> FrechetDistance.Terms {
    let order = (0..<features.rowCount).shuffled(using: &chapter.random)
    return try FrechetDistance.terms(features.gatherRows(Array(order[0..<size])), (other ?? features).gatherRows(Array(order[size..<(2 * size)])))
}

/// Per-sample gradient of `loss` (a mean over the batch) of `network`'s output with respect to each row of `inputs`,
/// so times the batch size.
func inputGradient(of network: MLP, at inputs: Tensor, _ loss: (Variable) -> Variable) -> [Double] {
    let tape = Tape()
    let input = tape.variable(inputs)
    return (tape.gradients(of: loss(network(input)), withRespectTo: [input])[0] * Float(inputs.rowCount)).doubles
}

/// The worst, over pairs of gradient lists, of the largest |tape − closed form| relative to the closed form's largest
/// magnitude: rounding scales with the terms of the backward pass, not with a gradient that cancels to ≈ 0 at the
/// discriminator's turning points.
func worstRelativeError(_ tape: [[Double]], _ closed: [[Double]]) -> Double {
    zip(tape, closed).map { tape, closed in zip(tape, closed).map { abs($0 - $1) }.max()! / closed.map(abs).max()! }.max()!
}

/// Mean gradient magnitudes of both generator losses over the samples in each band of D.
func gradientsByConfidence(discriminations: [Double], saturating: [Double], nonSaturating: [Double])
    -> [(name: String, count: Int, saturating: Double, nonSaturating: Double)] {
    let bins: [(name: String, range: Range<Double>)] = [("D < 0.01", 0..<0.01), ("0.01 ≤ D < 0.1", 0.01..<0.1), ("0.1 ≤ D < 0.5", 0.1..<0.5), ("D ≥ 0.5", 0.5..<1.01)]
    return bins.map { bin in
        let members = discriminations.indices.filter { bin.range.contains(discriminations[$0]) }
        return (bin.name, members.count, members.isEmpty ? 0 : members.map { abs(saturating[$0]) }.mean,
                members.isEmpty ? 0 : members.map { abs(nonSaturating[$0]) }.mean)
    }
}

/// V(D*) by quadrature for U[a, 1 + a] against U[b + s, 1 + b + s] at each shift s, with the closed form
/// −log 4 · max(0, 1 − s′) at the actual shift s′ = s + b − a (a, b the two offsets that keep every edge between nodes;
/// shifts that are not multiples of the node spacing put each generator edge at its own place between nodes).
func uniformShifts(_ shifts: [Double], offsets: (Double, Double), on grid: SimpsonGrid) -> [(shift: Double, value: Double, closedForm: Double)] {
    let (a, b) = offsets
    return shifts.map { s in
        let uniformGame = OptimalDiscriminator(dataDensity: { (a...(1 + a)).contains($0) ? 1 : 0 },
                                               generatorDensity: { ((b + s)...(1 + b + s)).contains($0) ? 1 : 0 }, on: grid)
        return (s, uniformGame.optimalGameValue, -log(4) * max(0, 1 - (s + b - a)))
    }
}

/// The mean Gaussian-kernel value exp(−‖u − v‖²/2h²) over pairs of distinct rows.
func meanKernelBetweenDistinctRows(_ rows: Tensor, bandwidth h: Double) -> Double {
    let x = Matrix(rows), n = rows.rowCount
    var total = 0.0
    for i in 0..<n { for j in (i + 1)..<n {
        var squared = 0.0
        for c in 0..<rows.columnCount { let d = x[i, c] - x[j, c]; squared += d * d }
        total += exp(-squared / (2 * h * h))
    } }
    return total / Double(n * (n - 1) / 2)
}
