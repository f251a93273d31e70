import AutoregressiveModels
import DigitEvaluation
import Distributions
import Foundation
import Metrics
import NeuralLayers
import Notebook
import NormalizingFlows
import Statistics
import TensorCore
import Training

// The chapter's training runs, timings and measurement loops, kept out of main.swift so that it reads as the chapter.

/// Trains a MADE on binary images by Adam with a cosine decay to 5%, minibatches of 128, for at most `steps` steps,
/// keeping the weights with the best mean log-likelihood on `validation` (measured every `every` steps): early
/// stopping, since 1,800 binarised digits are few for a network of this size.
func trainMADE(_ label: String, hidden: [Int], steps: Int, every: Int = 250, on images: Tensor, validation: Tensor) throws -> (model: MADE, bestStep: Int, curve: [(step: Int, validation: Double)]) {
    let model = MADE(dimension: images.columnCount, hiddenSizes: hidden, using: &chapter.random)
    let trainer = MADETrainer(label: label, model: model, steps: steps, learningRate: 1e-3, schedule: .cosine(floor: 0.05))
    let stopping = EarlyStopping(parameters: model.parameters, steps: steps, every: every)
    try chapter.train(label, steps: steps) { step in
        _ = try trainer.step(step, batch: images.randomRows(128, using: &chapter.random))
        stopping.record(step: step) { model.logLikelihood(validation).mean }
    }
    stopping.restoreBest()
    return (model, stopping.best.step, stopping.curve.map { ($0.step, $0.value) })
}

/// Trains a RealNVP flow on 2-D points by Adam at 3·10⁻³ with a cosine decay, minibatches of 256; the first
/// layer (an elementwise affine map) starts at the data's mean and spread.
func trainFlow(_ label: String, couplings: Int, hidden: [Int], steps: Int, on points: Tensor) throws -> (RealNVP, FlowTrainer) {
    let flow = RealNVP(dimension: 2, couplings: couplings, hidden: hidden, using: &chapter.random)
    flow.initializeNormalization(from: points)
    let trainer = FlowTrainer(label: label, flow: flow, steps: steps, learningRate: 3e-3, schedule: .cosine(floor: 0.05))
    try chapter.train(label, steps: steps) { step in
        _ = try trainer.step(step, batch: points.randomRows(256, using: &chapter.random))
    }
    return (flow, trainer)
}


/// The log-likelihood of each row of `states` computed the slow way: one network pass per dimension d, with every
/// input of order ≥ d replaced by a random bit. If the masks are right the conditional of d cannot see them, and the
/// sum equals the one-pass (teacher-forced) value; a mask that lets d see itself or a later input makes it differ.
func logLikelihoodByScrambledPasses(_ made: MADE, _ states: Tensor, using generator: inout RandomGenerator) -> [Double] {
    var total = [Double](repeating: 0, count: states.rowCount)
    for d in 0..<made.dimension {
        var scrambled = states
        for row in 0..<states.rowCount {
            for j in 0..<made.dimension where made.order[j] >= made.order[d] {
                scrambled.scalars[row * made.dimension + j] = generator.bernoulli(0.5) ? 1 : 0
            }
        }
        let logits = made.logits(scrambled)
        for row in 0..<states.rowCount {   // x·ℓ − softplus(ℓ) in double precision, as the one-pass route computes it
            let logit = Double(logits[row, d]), x = Double(states[row, d])
            total[row] += x * logit - (max(logit, 0) + log1p(exp(-abs(logit))))
        }
    }
    return total
}

/// Counts of each row of `states` among `samples` (both binary, `[n, D]`).
func stateCounts(_ samples: Tensor, states: Tensor) -> [Double] {
    var index: [[Float]: Int] = [:]
    for state in 0..<states.rowCount { index[states.row(state).scalars] = state }
    var counts = [Double](repeating: 0, count: states.rowCount)
    for row in 0..<samples.rowCount { counts[index[samples.row(row).scalars]!] += 1 }
    return counts
}

/// The product of a law's one-dimensional marginals: what p(x) would be if the dimensions were independent.
func productOfMarginals(_ probabilities: [Double], states: Tensor) -> [Double] {
    let d = states.columnCount
    let marginals = (0..<d).map { j in (0..<states.rowCount).reduce(0.0) { $0 + (states[$1, j] == 1 ? probabilities[$1] : 0) } }
    return (0..<states.rowCount).map { row in (0..<d).reduce(1.0) { $0 * (states[row, $1] == 1 ? marginals[$1] : 1 - marginals[$1]) } }
}

/// The Jacobian of a MADE's logits with respect to its inputs at one image, summarised against the masks' paths:
/// the largest |J_ij| where the order forbids a dependence, how many allowed entries are non-zero, and how many
/// non-zero entries have no path through the masks (there must be none).
struct JacobianAudit {
    let largestForbidden: Double, nonZeroAllowed: Int, allowed: Int, nonZeroWithoutPath: Int, forbiddenWithPath: Int

    init(_ made: MADE, at x: Tensor) {
        let jacobian = made.inputOutputJacobian(at: x), paths = made.maskConnectivity, d = made.dimension
        var (largest, nonZero, allowed, withoutPath, forbiddenPaths) = (0.0, 0, 0, 0, 0)
        for i in 0..<d {
            for j in 0..<d {
                let forbidden = made.order[j] >= made.order[i]
                if forbidden { largest = max(largest, abs(jacobian[i][j])); if paths[i][j] > 0 { forbiddenPaths += 1 } }
                else { allowed += 1; if jacobian[i][j] != 0 { nonZero += 1 } }
                if jacobian[i][j] != 0 && paths[i][j] == 0 { withoutPath += 1 }
            }
        }
        (largestForbidden, nonZeroAllowed, self.allowed, nonZeroWithoutPath, forbiddenWithPath) = (largest, nonZero, allowed, withoutPath, forbiddenPaths)
    }
}

/// Pearson's χ² of a histogram of `values` against expected counts from integrating `density` over each bin, with
/// the bins from `range`.
func histogramChiSquare(_ values: [Double], bins: Int, range: ClosedRange<Double>, density: @escaping (Double) -> Double) -> PearsonChiSquare {
    let width = (range.upperBound - range.lowerBound) / Double(bins)
    var counts = [Double](repeating: 0, count: bins)
    for value in values where range.contains(value) { counts[min(bins - 1, Int((value - range.lowerBound) / width))] += 1 }
    let expected = (0..<bins).map { k in
        Double(values.count) * AdaptiveQuadrature.integrate(from: range.lowerBound + Double(k) * width, to: range.lowerBound + Double(k + 1) * width, density).value
    }
    return PearsonChiSquare(observed: counts, expected: expected)
}

/// SW₂ and MMD² of `sample(n)` against fresh moons, over `repeats` repeats: chapter 3's yardstick for 2-D samplers.
struct MoonSampleQuality {
    let slicedWasserstein: RepeatedMeasurement, kernelDistance: RepeatedMeasurement

    init(repeats: Int, count: Int, moons: TwoMoons, bandwidth: Double, sample: (Int, inout RandomGenerator) -> Tensor) {
        var sw: [Double] = [], mmd: [Double] = []
        for _ in 0..<repeats {
            let (model, reference) = (sample(count, &chapter.random), moons.sample(count, using: &chapter.random))
            sw.append(SlicedWasserstein.distance(model, reference, seed: chapter.random.next()))
            mmd.append(MaximumMeanDiscrepancy.squared(model, reference, bandwidth: bandwidth))
        }
        (slicedWasserstein, kernelDistance) = (RepeatedMeasurement(values: sw), RepeatedMeasurement(values: mmd))
    }
}

/// Draws from a Gaussian kernel density estimate: a random centre plus N(0, h²I).
func kernelDensitySamples(_ kde: KernelDensityEstimate, _ count: Int, using generator: inout RandomGenerator) -> Tensor {
    kde.points.randomRows(count, using: &generator) + Tensor.normal([count, kde.dimension], using: &generator) * Float(kde.bandwidth)
}

/// Draws from the Gaussian with the mean and covariance of `points`.
func fittedGaussianSamples(_ points: Tensor, _ count: Int, using generator: inout RandomGenerator) -> Tensor {
    Gaussian(fittedTo: points).sample(count, using: &generator)
}

/// Each layer's own round trip at the points it actually sees: the largest |layer⁻¹(layer(h)) − h| over the points and
/// coordinates, and the largest ratio of a miss to its bound 12u₃₂·(|h| + |y|/a), a the coordinate's scale factor ∂y/∂h (e^s for a
/// coupling's moved coordinate, 1 for a kept one, e^{−log σ} for actnorm). Each way costs an exp (about 2 ulp, 4u₃₂), a
/// product and a sum; the rounding of y, a few u₃₂·|y|, comes back divided by a.
func layerRoundTrips(_ flow: RealNVP, data: Tensor) -> [(error: Double, ratio: Double)] {
    let inputs = flow.intermediates(fromData: data)
    let u32 = Double(Float.ulpOfOne) / 2
    return flow.layers.indices.map { k in
        let layer = flow.layers[k], h = inputs[k]
        let (y, logDeterminant) = layer.forward(h)
        let back = layer.inverse(y)
        let scale = { (row: Int, j: Int) -> Double in
            if let actnorm = layer as? ElementwiseAffine { return exp(-Double(actnorm.logScale.value[j])) }
            let coupling = layer as! AffineCoupling
            return coupling.mask[j] == 1 ? 1 : exp(Double(logDeterminant[row]))   // in 2-D each coupling moves one coordinate
        }
        var (error, ratio) = (0.0, 0.0)
        for row in 0..<h.rowCount {
            for j in 0..<h.columnCount {
                let miss = abs(Double(back[row, j]) - Double(h[row, j]))
                error = max(error, miss)
                ratio = max(ratio, miss / (12 * u32 * (abs(Double(h[row, j])) + abs(Double(y[row, j])) / scale(row, j))))
            }
        }
        return (error, ratio)
    }
}
