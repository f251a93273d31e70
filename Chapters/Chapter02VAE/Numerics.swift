import Distributions
import Notebook
import Foundation
import Statistics
import TensorCore
import VariationalAutoencoders

// Sections 1 and 2's bookkeeping on the linear-Gaussian model, kept out of main.swift so that it reads as
// the chapter. Everything here arranges what the library computes; the formulas live in
// `LinearGaussianLatentModel` and `ImportanceWeighting`.

/// One kind of approximate posterior q(z | x) for the linear-Gaussian model, as a rule that builds it for any x.
struct PosteriorApproximation {
    let name: String
    let build: (LinearGaussianLatentModel, [Double]) -> Gaussian

    func distribution(_ model: LinearGaussianLatentModel, _ x: [Double]) -> Gaussian { build(model, x) }

    /// The correlation of the first two coordinates of the exact posterior at x.
    func posteriorCorrelation(_ model: LinearGaussianLatentModel, _ x: [Double]) -> Double {
        let covariance = model.posterior(x).covariance
        return covariance[0, 1] / (covariance[0, 0] * covariance[1, 1]).squareRoot()
    }
}

/// The exact posterior; the best diagonal Gaussian (the exact mean, variances 1/Λᵢᵢ from the posterior precision Λ:
/// the factorised q minimising KL(q ‖ p(z | x)), Bishop 2006, §10.1.2); the posterior with its standard deviations
/// doubled; and the prior, which ignores x.
func posteriorApproximations(_ model: LinearGaussianLatentModel) -> [PosteriorApproximation] {
    [PosteriorApproximation(name: "the exact posterior p(z | x)") { model, x in model.posterior(x) },
     PosteriorApproximation(name: "the best diagonal Gaussian") { model, x in
         let posterior = model.posterior(x)
         return Gaussian(mean: posterior.mean, covariance: Matrix.diagonal((0..<posterior.dimension).map { 1 / posterior.precision[$0, $0] }))
     },
     PosteriorApproximation(name: "the posterior, standard deviations ×2") { model, x in
         let posterior = model.posterior(x)
         return Gaussian(mean: posterior.mean, covariance: 4 * posterior.covariance)
     },
     PosteriorApproximation(name: "the prior p(z) (a collapsed encoder)") { model, _ in model.prior }]
}

/// Section 1's table row for one approximation: means over the data points, and the largest errors of the
/// decomposition log p(x) = ELBO + KL(q ‖ p(z | x)) and of the same with the divergence reversed.
struct GapSummary {
    let name: String
    let logEvidence: Double, elbo: Double, reconstruction: Double, kl: Double, gap: Double, reverseGap: Double
    /// max over x of |log p(x) − ELBO − KL(q ‖ p(z | x))|, and of the same with KL(p(z | x) ‖ q).
    let largestIdentityError: Double, largestReverseError: Double
    /// The largest |term| among log p(x), the ELBO's terms and the gap, for the rounding bound.
    let largestMagnitude: Double
    var logEvidenceMinusELBO: Double { logEvidence - elbo }
}

func gapSummary(_ model: LinearGaussianLatentModel, _ points: [[Double]], _ approximation: PosteriorApproximation) -> GapSummary {
    var rows: [(evidence: Double, bound: EvidenceLowerBound, gap: Double, reverse: Double)] = []
    for x in points {
        let q = approximation.distribution(model, x), posterior = model.posterior(x)
        rows.append((model.logMarginalLikelihood(x), model.evidenceLowerBound(x, approximatePosterior: q),
                     model.posteriorGap(x, approximatePosterior: q), posterior.klDivergence(to: q)))
    }
    return GapSummary(
        name: approximation.name, logEvidence: rows.map(\.evidence).mean, elbo: rows.map(\.bound.value).mean,
        reconstruction: rows.map(\.bound.reconstruction).mean, kl: rows.map(\.bound.kl).mean, gap: rows.map(\.gap).mean,
        reverseGap: rows.map(\.reverse).mean,
        largestIdentityError: rows.map { abs($0.evidence - $0.bound.value - $0.gap) }.max()!,
        largestReverseError: rows.map { abs($0.evidence - $0.bound.value - $0.reverse) }.max()!,
        largestMagnitude: rows.map { [$0.evidence, $0.bound.reconstruction, $0.bound.kl, $0.gap].map(abs).max()! }.max()!)
}

extension LinearGaussianLatentModel {
    /// The same model with W replaced by WR, R the rotation by `degrees` in the plane of the first two latent
    /// coordinates: p(x) depends on W only through WWᵀ, so it is unchanged, but the posterior turns with R.
    func rotated(byDegrees degrees: Double) -> LinearGaussianLatentModel {
        let (angle, k) = (degrees * Double.pi / 180, latentDimension)
        var rotation = Matrix.identity(k)
        rotation.elements[0] = cos(angle); rotation.elements[1] = -sin(angle)
        rotation.elements[k] = sin(angle); rotation.elements[k + 1] = cos(angle)
        return LinearGaussianLatentModel(loadings: components.loadings * rotation, offset: offset, noiseVariance: components.noiseVariance)
    }

    /// tr(WᵀW S)/(2σ_η²) for q = N(m, S): what the ELBO's reconstruction term loses to q's spread, the
    /// term a formula that evaluates log p(x | z) at the mean alone would forget.
    func traceTerm(_ q: Gaussian) -> Double {
        (components.loadings.transposed * components.loadings * q.covariance).trace / (2 * components.noiseVariance)
    }
}

/// L_K at each K in `sampleSizes` for one data point, each from budget/K independent K-sample bounds.
func importanceSweep(_ model: LinearGaussianLatentModel, _ x: [Double], proposal: Gaussian, sampleSizes: [Int],
                     budget: Int) -> [ImportanceWeightedEstimate] {
    sampleSizes.map { model.importanceWeightedBound(x, proposal: proposal, samples: $0, repeats: budget / $0, using: &chapter.random) }
}

/// E_q[(w/p(x))ⁿ] = E_q[(p(z | x)/q(z))ⁿ] when q is the posterior with every standard deviation multiplied by s, in k
/// dimensions. Whitening by the posterior makes both laws isotropic, and per coordinate
/// ∫ N(u; 0, 1)ⁿ N(u; 0, s²)¹⁻ⁿ du = sⁿ⁻¹/√(n − (n − 1)/s²), finite while n − (n − 1)/s² > 0.
func scaledPosteriorMoment(order n: Int, widening s: Double, dimension k: Int) -> Double {
    let perCoordinate = pow(s, Double(n - 1)) / (Double(n) - Double(n - 1) / (s * s)).squareRoot()
    return pow(perCoordinate, Double(k))
}

/// E(r − 1)³ from [E r², E r³, …] for a ratio with E r = 1: E r³ − 3E r² + 2.
func centralThirdMoment(_ moments: [Double]) -> Double { moments[1] - 3 * moments[0] + 2 }

/// The largest power of 2, K, at which the predicted gap χ²/2K is still 8 standard errors of a mean of
/// `budget`/K K-sample bounds: each has variance ≈ χ²/K, so the mean's SE is ≈ √(χ²/budget) whatever K.
func checkSampleSize(chiSquared: Double, budget: Int) -> Int {
    let limit = (chiSquared * Double(budget)).squareRoot() / 16
    var size = 1
    while 2 * size <= Int(limit) { size *= 2 }
    return size
}

/// Central differences D(h) of a function of (μ, log σ) at step h, with D(2h) to measure their truncation error.
struct RichardsonDifferences {
    let step: Double
    let values: [Double], doubled: [Double]
    /// |E f| at the point, the scale of the rounding error u₆₄|E f|/h.
    let scale: Double

    func largestError(against reference: [Double]) -> Double { zip(values, reference).map { abs($0 - $1) }.max()! }

    /// 4× the truncation error the step-halving reveals, max |D(2h) − D(h)|/3 (the error is ch², so D(2h) − D(h) ≈ 3ch²),
    /// plus 10u₆₄|E f|/h for the rounding of the two function values.
    var tolerance: Double {
        4 * zip(values, doubled).map { abs($0 - $1) / 3 }.max()! + 10 * Double.ulpOfOne / 2 * scale / step
    }
}

func richardsonDifferences(of function: @escaping ([Double], [Double]) -> Double, mean: [Double], logSigma: [Double],
                           step: Double = 1e-4) -> RichardsonDifferences {
    RichardsonDifferences(step: step,
                          values: GradientEstimators.centralDifference(of: function, mean: mean, logStandardDeviation: logSigma, step: step),
                          doubled: GradientEstimators.centralDifference(of: function, mean: mean, logStandardDeviation: logSigma, step: 2 * step),
                          scale: abs(function(mean, logSigma)) + 1)
}

/// The per-item differences a − b of two measurements on the same items, summarised: their mean and its SE
/// (what the items share cancels).
func pairedDifference(_ a: [Double], _ b: [Double]) -> SampleSummary {
    precondition(a.count == b.count, "A paired difference needs two equally long lists.")
    return SampleSummary(zip(a, b).map { $0 - $1 })
}

/// Each row's Euclidean distance to its nearest *other* row.
func nearestOtherDistances(_ rows: Tensor) -> [Double] {
    let distances = Tensor.pairwiseSquaredDistances(rows, rows)
    return (0..<rows.rowCount).map { i in
        Double((0..<rows.rowCount).filter { $0 != i }.map { distances[i, $0] }.min()!).squareRoot()
    }
}

/// (a − b) in standard errors of the difference of two independent repeated means.
func separation(_ a: RepeatedMeasurement, _ b: RepeatedMeasurement) -> Double {
    (a.mean - b.mean) / (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
}

/// A sentence on how each remedy changed the held-out ELBO, from paired differences (remedy minus standard).
func elboSentence(_ changes: [SampleSummary], names: [String]) -> String {
    zip(changes, names).map { change, name in
        let z = change.mean / change.standardError
        let verdict = abs(z) < 4 ? "no significant change" : z > 0 ? "a gain" : "a loss"
        return "\(name) gives \(verdict) (\(formatNumber(change.mean, digits: 3)) ± \(formatNumber(change.standardError, digits: 2)) nats per image)"
    }.joined(separator: " and ")
}

/// The standard deviations along the principal axes of the pooled posterior (1/n) Σᵢ q(z | xᵢ) of 2-D posteriors:
/// the square roots of the eigenvalues of Cov(μ) + mean of diag σ², largest first.
func pooledStandardDeviations(_ posterior: DiagonalGaussians) -> [Double] {
    let means = posterior.mean, n = Double(means.rowCount), k = posterior.dimension
    let centre = columnMeans(of: means), variances = posterior.standardDeviation.squared().mean(alongAxis: 0).doubles
    var covariance = Matrix.diagonal(variances)
    for i in 0..<k { for j in 0..<k {
        covariance.elements[i * k + j] += (0..<means.rowCount).reduce(0) { total, row in
            total + (Double(means[row, i]) - centre[i]) * (Double(means[row, j]) - centre[j])
        } / n
    } }
    let eigenvalues = (try? SymmetricEigendecomposition(covariance).values) ?? variances
    return eigenvalues.sorted(by: >).map { max($0, 0).squareRoot() }
}

/// How the VAE's prior samples compare with decodes of codes from a Gaussian fitted to its posterior means, from
/// the FDD separation (prior minus fitted, in SE).
func exPostSentence(_ z: Double) -> String {
    abs(z) < 4 ? "no different from the prior's samples within 4 SE, so here the prior is where the codes are"
        : z > 0 ? "better than the prior's samples by \(formatNumber(z, digits: 3)) SE: prior draws land where few digits' posteriors live and decode to in-between shapes"
        : "worse than the prior's samples by \(formatNumber(-z, digits: 3)) SE"
}

/// Whether switching units off was the bound's choice or a failure of training, from each remedy's paired ELBO change.
func collapseVerdict(_ changes: [SampleSummary]) -> String {
    let improves = changes.contains { $0.mean > 4 * $0.standardError }
    return improves
        ? "Here a remedy raises the bound beyond 4 SE, so some of the collapse was a failure of training rather than the bound's choice."
        : "Here the decoder is a factorised law that needs the code to describe any digit at all; no remedy raises the bound, so the units the standard ELBO switches off are ones it cannot pay for — its own choice, not a failure of training (Lucas et al., 2019)."
}
