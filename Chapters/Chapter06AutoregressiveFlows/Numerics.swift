import AutoregressiveModels
import DigitEvaluation
import Foundation
import Notebook
import NormalizingFlows
import Statistics
import TensorCore

// Small computations and generated sentences of the chapter, kept out of main.swift.

/// The training-set mean log-likelihood of the likelihood table's row `index` (independent pixels, the mixtures in
/// order, then the MADE): how much better each model fits what it was trained on than new digits.
func trainingLikelihood(_ index: Int, independent: IndependentBernoulli, mixtures: [BernoulliMixture], made: MADE, images: Tensor) -> Double {
    if index == 0 { return independent.logLikelihood(images).mean }
    if index <= mixtures.count { return mixtures[index - 1].logLikelihood(images).mean }
    return made.logLikelihood(images).mean
}

/// The paragraph after the likelihood table: the MADE against the best and the named mixture, from paired differences.
func madeVerdict(made: [Double], mixtures: [(components: Int, nats: [Double])], independent: [Double]) -> String {
    let best = mixtures.max { $0.nats.mean < $1.nats.mean }!
    let againstBest = pairedDifference(made, best.nats), z = againstBest.mean / againstBest.standardError
    let comparison = abs(z) < 4 ? "within 4 SE of the best mixture (\(best.components) components): \(formatNumber(againstBest.mean, digits: 2)) ± \(formatNumber(againstBest.standardError, digits: 2)) nats per image"
        : z > 0 ? "ahead of the best mixture (\(best.components) components) by \(formatNumber(againstBest.mean, digits: 3)) ± \(formatNumber(againstBest.standardError, digits: 2)) nats per image"
        : "behind the best mixture (\(best.components) components) by \(formatNumber(-againstBest.mean, digits: 3)) ± \(formatNumber(againstBest.standardError, digits: 2)) nats per image"
    return """
    The MADE is \(comparison). The mixture's likelihood is a sum over K components of products of independent \
    pixels, so adding components buys a coarse clustering of the digits; the MADE instead conditions every pixel \
    on all the pixels above and to its left, which is where a stroke's continuation is decided. Both are exact: \
    these are likelihoods, not bounds, and can be compared with chapter 2's ELBO only on the same (binarised) data.
    """
}


/// The log-density at each row of `points` of the Gaussian with the training points' mean and (maximum-likelihood)
/// covariance, in 2-D.
func fittedGaussianLogDensity(train: Tensor, at points: Tensor) -> [Double] {
    let n = Double(train.rowCount)
    let column = { (j: Int) in (0..<train.rowCount).map { Double(train[$0, j]) } }
    let (x, y) = (column(0), column(1))
    let (mx, my) = (x.mean, y.mean)
    let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) } / n, syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) } / n
    let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / n
    let determinant = sxx * syy - sxy * sxy
    return (0..<points.rowCount).map { row in
        let (dx, dy) = (Double(points[row, 0]) - mx, Double(points[row, 1]) - my)
        let quadratic = (syy * dx * dx - 2 * sxy * dx * dy + sxx * dy * dy) / determinant
        return -log(2 * Double.pi) - 0.5 * log(determinant) - 0.5 * quadratic
    }
}

/// The 2-norm condition number σ_max/σ_min of a 2 × 2 matrix, from its singular values in closed form.
func conditionNumber2x2(_ m: [[Double]]) -> Double {
    let (a, b, c, d) = (m[0][0], m[0][1], m[1][0], m[1][1])
    let sumOfSquares = a * a + b * b + c * c + d * d, determinant = abs(a * d - b * c)
    let root = (sumOfSquares * sumOfSquares - 4 * determinant * determinant).squareRoot()
    return ((sumOfSquares + root) / (sumOfSquares - root)).squareRoot()
}

/// The paragraph after the moons table: the flow's and the kernel estimate's distance from the truth.
func flowVerdict(flowGap: SampleSummary, kdeGap: SampleSummary, flowMinusKDE: SampleSummary) -> String {
    let z = flowMinusKDE.mean / flowMinusKDE.standardError
    let comparison = abs(z) < 4 ? "no different from the kernel estimate within 4 SE (\(formatNumber(flowMinusKDE.mean, digits: 2)) ± \(formatNumber(flowMinusKDE.standardError, digits: 2)) nats)"
        : z > 0 ? "ahead of the kernel estimate by \(formatNumber(flowMinusKDE.mean, digits: 3)) ± \(formatNumber(flowMinusKDE.standardError, digits: 2)) nats per point"
        : "behind the kernel estimate by \(formatNumber(-flowMinusKDE.mean, digits: 3)) ± \(formatNumber(flowMinusKDE.standardError, digits: 2)) nats per point"
    return """
    Because the moons' density is known, the gap to the truth is an estimate of KL(p ‖ p_θ): \
    \(formatNumber(flowGap.mean, digits: 3)) ± \(formatNumber(flowGap.standardError, digits: 2)) nats for the flow, \
    \(formatNumber(kdeGap.mean, digits: 3)) ± \(formatNumber(kdeGap.standardError, digits: 2)) for the kernel estimate. The flow is \(comparison). \
    With thousands of points in two dimensions a kernel estimate is a strong baseline; it stops being an option in \
    many dimensions, where its bandwidth must grow and its density blurs, while a flow's cost grows only with \
    the networks inside its couplings, and its map to the base space is a learned representation the kernel estimate lacks.
    """
}

/// The paragraph comparing the MADE and the 10-component mixture on likelihood and on sample quality.
func likelihoodAgainstSamples(made: DigitSampleQuality, mixture: DigitSampleQuality, madeOverMixture: SampleSummary) -> String {
    let likelihoodZ = madeOverMixture.mean / madeOverMixture.standardError
    let likelihood = abs(likelihoodZ) < 4 ? "matches the 10-component mixture on held-out likelihood within 4 SE"
        : likelihoodZ > 0 ? "beats the 10-component mixture on held-out likelihood by \(formatNumber(madeOverMixture.mean, digits: 3)) ± \(formatNumber(madeOverMixture.standardError, digits: 2)) nats per image"
        : "trails the 10-component mixture on held-out likelihood by \(formatNumber(-madeOverMixture.mean, digits: 3)) ± \(formatNumber(madeOverMixture.standardError, digits: 2)) nats per image"
    let z = separation(made.frechetDistance, mixture.frechetDistance)   // positive: the MADE's samples are farther from the data
    let fdd = abs(z) < 4 ? "is within 4 SE of it on the Fréchet digit distance (\(formatNumber(z, digits: 2)) SE)"
        : z > 0 ? "is worse on the Fréchet digit distance by \(formatNumber(z, digits: 3)) SE" : "is better on the Fréchet digit distance by \(formatNumber(-z, digits: 3)) SE"
    let disagree = likelihoodZ > 4 && z > -4
    let closing = disagree ? " So a better likelihood did not buy better-looking samples: the two measure different things and can rank models differently (Theis et al., 2016) — the likelihood rewards mass on every held-out digit, the Fréchet distance the features of typical samples." : ""
    return "The MADE \(likelihood), and \(fdd); precision \(String(format: "%.2f", made.precision.mean)) against \(String(format: "%.2f", mixture.precision.mean)), recall \(String(format: "%.2f", made.recall.mean)) against \(String(format: "%.2f", mixture.recall.mean))." + closing
}

/// "r ± SE" for a ratio of two repeated means.
func ratioText(_ ratio: RatioOfMeans) -> String { "\(formatNumber(ratio.value, digits: 3)) ± \(formatNumber(ratio.standardError, digits: 2))" }

/// What the mass check allows for the tail outside the box, in words.
func tailAllowanceText(outside: Double, samples: Int, allowance: Double) -> String {
    outside == 0 ? "no sample of \(samples) fell outside, so −log(10⁻⁴)/n = \(formatNumber(allowance, digits: 2)), the largest tail that leaves a 10⁻⁴ chance of seeing none"
        : "4 binomial SEs of the fraction outside, \(formatNumber(outside, digits: 2)): \(formatNumber(allowance, digits: 2))"
}
