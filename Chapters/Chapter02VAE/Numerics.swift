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
    /// The same model with W's column `column` multiplied by `factor`: another probabilistic PCA model, no longer the
    /// maximum-likelihood fit but with p(x) = N(b, WWᵀ + σ_η²I) and the posterior still exact.
    func scalingLoadingColumn(_ column: Int, by factor: Double) -> LinearGaussianLatentModel {
        var scale = Matrix.identity(latentDimension)
        scale.elements[column * latentDimension + column] = factor
        return LinearGaussianLatentModel(loadings: components.loadings * scale, offset: offset, noiseVariance: components.noiseVariance)
    }

    /// The eigenvalues ν₁ ≥ ν₂ ≥ … of M = WᵀW + σ_η²I; the posterior covariance is σ_η²M⁻¹, so a rotation by 45° in the
    /// plane of the first two eigenvectors gives its coordinates the correlation ±(ν₁ − ν₂)/(ν₁ + ν₂), the largest any
    /// rotation can.
    var posteriorPrecisionEigenvalues: [Double] {
        let w = components.loadings
        // Cannot throw: WᵀW + σ_η²I is symmetric.
        return try! SymmetricEigendecomposition(w.transposed * w + components.noiseVariance * Matrix.identity(latentDimension)).values.sorted(by: >)
    }

    /// (ν₁ − ν₂)/(ν₁ + ν₂): the posterior correlation after a rotation by 45° of a W whose WᵀW is diagonal.
    var largestPosteriorCorrelation: Double {
        let m = posteriorPrecisionEigenvalues
        return (m[0] - m[1]) / (m[0] + m[1])
    }

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
    /// |E f| + 1 at the point, the scale of the rounding error u₆₄(|E f| + 1)/h (the 1 keeps a floor under it
    /// where E f ≈ 0 and the rounding of the evaluation point, not of the value, dominates).
    let scale: Double

    func largestError(against reference: [Double]) -> Double { zip(values, reference).map { abs($0 - $1) }.max()! }

    /// 4× the truncation error the step-halving reveals, max |D(2h) − D(h)|/3 (the error is ch², so D(2h) − D(h) ≈ 3ch²),
    /// plus 10u₆₄(|E f| + 1)/h for the rounding of the two function values.
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

/// Each row's Euclidean distance to its nearest *other* row.
func nearestOtherDistances(_ rows: Tensor) -> [Double] {
    let distances = Tensor.pairwiseSquaredDistances(rows, rows)
    return (0..<rows.rowCount).map { i in
        Double((0..<rows.rowCount).filter { $0 != i }.map { distances[i, $0] }.min()!).squareRoot()
    }
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
/// the FDD separation z (prior minus fitted, in SE), and where each kind of draw lands: the mean log-density of the
/// aggregate posterior at prior draws and at fitted draws (`AggregatePosteriorDensity`).
func exPostSentence(_ z: Double, atPrior: SampleSummary, atFitted: SampleSummary) -> String {
    let fdd = abs(z) < 4 ? "no different from the prior's samples within 4 SE"
        : z > 0 ? "better than the prior's samples by \(formatNumber(z, digits: 3)) SE" : "worse than the prior's samples by \(formatNumber(-z, digits: 3)) SE"
    let gap = atFitted.mean - atPrior.mean, gapSE = (atFitted.standardError * atFitted.standardError + atPrior.standardError * atPrior.standardError).squareRoot()
    let density = "the aggregate posterior (1/n)Σᵢ q(z | xᵢ) of the training digits has a mean log-density of \(formatNumber(atPrior.mean, digits: 4)) ± \(formatNumber(atPrior.standardError, digits: 2)) at prior draws and \(formatNumber(atFitted.mean, digits: 4)) ± \(formatNumber(atFitted.standardError, digits: 2)) at draws from the fitted Gaussian"
    let verdict = abs(gap) < 4 * gapSE ? "so the two kinds of draw land where the posteriors are about equally dense"
        : gap > 0 ? "so prior draws land where the digits' posteriors are sparser, by \(formatNumber(gap, digits: 3)) nats of density (\(formatNumber(gap / gapSE, digits: 3)) SE)"
        : "so prior draws land where the digits' posteriors are denser, by \(formatNumber(-gap, digits: 3)) nats (\(formatNumber(-gap / gapSE, digits: 3)) SE)"
    return "\(fdd); \(density), \(verdict)"
}

/// log of the aggregate posterior q̄(z) = (1/n) Σᵢ N(z; μᵢ, diag σᵢ²) at each row of `points`, in double precision.
func aggregatePosteriorLogDensity(_ posterior: DiagonalGaussians, at points: Tensor) -> [Double] {
    let (n, k) = (posterior.count, posterior.dimension)
    let means = posterior.mean.doubles, logVariances = posterior.logVariance.doubles
    let precisions = logVariances.map { Foundation.exp(-$0) }
    let constants = (0..<n).map { i in -0.5 * (Double(k) * Foundation.log(2 * Double.pi) + (0..<k).reduce(0) { $0 + logVariances[i * k + $1] }) }
    let z = points.doubles
    return (0..<points.rowCount).map { row in
        var terms = [Double](repeating: 0, count: n)
        means.withUnsafeBufferPointer { m in precisions.withUnsafeBufferPointer { p in z.withUnsafeBufferPointer { zs in
            for i in 0..<n {
                var quadratic = 0.0
                for u in 0..<k { let delta = zs[row * k + u] - m[i * k + u]; quadratic += delta * delta * p[i * k + u] }
                terms[i] = constants[i] - 0.5 * quadratic
            }
        } } }
        return ImportanceWeighting.logMeanExp(terms[...])
    }
}

/// What each remedy's paired ELBO change (remedy minus standard) is consistent with: collapse as the bound's choice, or as
/// a failure of optimisation.
func collapseVerdict(_ changes: [SampleSummary]) -> String {
    let improves = changes.contains { $0.mean > 4 * $0.standardError }
    return improves
        ? "Here a remedy raises the bound beyond 4 SE, consistent with some of the collapse being a failure of optimisation rather than the bound's choice."
        : "Here no remedy raises the bound beyond 4 SE, consistent with the units the standard ELBO switches off being ones it cannot pay for — the bound's own choice rather than a failure of training (Lucas et al., 2019) — though three runs cannot rule out that another optimiser would find a better optimum."
}

/// How two neighbouring posterior clouds of standard deviation s whose means sit d apart relate, said with numbers:
/// d against 2s, and the overlap 2Φ(−d/2s) of two such Gaussians along the line joining their means.
func cloudOverlapPhrase(spacing d: Double, standardDeviation s: Double, digits count: Int) -> String {
    let overlap = erfc(d / (2 * s) / 2.0.squareRoot())   // 2Φ(−x) = erfc(x/√2)
    let relation = d < 2 * s ? "less than two standard deviations (2σ̄ = \(formatNumber(2 * s, digits: 2)))" : "more than two standard deviations (2σ̄ = \(formatNumber(2 * s, digits: 2)))"
    let verdict = overlap > 0.3 ? "neighbouring clouds overlap heavily" : overlap > 0.05 ? "neighbouring clouds overlap in their tails" : "neighbouring clouds barely overlap"
    return "\(relation): two such Gaussians share a fraction 2Φ(−Δ/2σ̄) = \(formatNumber(overlap, digits: 2)) of their mass, so for these \(count) digits \(verdict) (with more digits the spacing Δ shrinks, in two dimensions roughly as one over the square root of their number)"
}

/// The interpolation figure's verdict: the intermediate images' Euclidean distances (in [0, 1] pixel units) to their
/// nearest training digit, VAE against autoencoder (paired by position on the path) and against the held-out end points.
func interpolationVerdict(vae: [Double], autoencoder: [Double], heldOut: [Double], perPath: Int) -> String {
    let difference = pairedDifference(vae, autoencoder), z = difference.mean / difference.standardError
    let caveat = "treating the \(vae.count) images as independent, which neighbours on a path are not"
    let comparison = abs(z) < 4 ? "no different within 4 SE of the paired difference (\(formatNumber(difference.mean, digits: 2)) ± \(formatNumber(difference.standardError, digits: 2)), \(caveat))"
        : "the VAE's \(z < 0 ? "closer" : "farther") by \(formatNumber(abs(difference.mean), digits: 2)) ± \(formatNumber(difference.standardError, digits: 2)) (\(formatNumber(abs(z), digits: 3)) SE, \(caveat))"
    let reference = SampleSummary(heldOut)
    // Each path's images against all held-out digits: an unpaired difference of two means.
    let verdicts = [vae, autoencoder].map { distances -> String in
        let summary = SampleSummary(distances)
        let gap = summary.mean - reference.mean, se = (summary.standardError * summary.standardError + reference.standardError * reference.standardError).squareRoot()
        return abs(gap) < 4 * se ? "as close as real held-out digits are (within 4 SE)" : (gap > 0 ? "farther than real held-out digits are (\(formatNumber(gap / se, digits: 2)) SE)" : "closer than real held-out digits are (\(formatNumber(-gap / se, digits: 2)) SE)")
    }
    let relation = verdicts[0] == verdicts[1] ? "both \(verdicts[0])" : "the VAE's \(verdicts[0]), the autoencoder's \(verdicts[1])"
    return "The \(perPath) intermediate images of each path lie on average \(formatNumber(vae.mean, digits: 3)) (VAE) and \(formatNumber(autoencoder.mean, digits: 3)) (autoencoder) from their nearest training digit, in Euclidean distance on the 64 pixels in [0, 1] units — \(comparison) — against \(formatNumber(reference.mean, digits: 3)) ± \(formatNumber(reference.standardError, digits: 2)) for all \(heldOut.count) held-out digits: \(relation)."
}

/// Section 1's paragraph on the rotation: why the fitted model's posterior correlation is small, and the changed model.
func rotationParagraph(fitted: LinearGaussianLatentModel, changed: LinearGaussianLatentModel, columnFactor: Double, heldOut: [[Double]]) -> String {
    let m = fitted.posteriorPrecisionEigenvalues, fittedRho = fitted.largestPosteriorCorrelation
    let rho = changed.posterior(heldOut[0]).correlation(0, 1), drop = heldOut.map { fitted.logMarginalLikelihood($0) - changed.logMarginalLikelihood($0) }.mean
    return """
    W is fixed only up to a rotation, W ↦ WR, which leaves p(x) alone but turns the posterior; the closed form \
    picks the R for which the posterior's coordinates are uncorrelated. The posterior covariance is σ_η²M⁻¹, so a \
    rotation by 45° away from those axes gives its coordinates the correlation ρ = ±(ν₁ − ν₂)/(ν₁ + ν₂), ν₁ ≥ ν₂ \
    the eigenvalues of M — the largest any rotation can. For the fitted W, ν₁/ν₂ = \(formatNumber(m[0] / m[1], digits: 3)) \
    and ρ would be only \(formatNumber(fittedRho, digits: 2)), too small for a diagonal q to lose anything visible (−½log(1 − ρ²) = \
    \(formatNumber(meanFieldLoss(fittedRho), digits: 2)) nats). So we change the model: we multiply W's second column by \
    \(formatNumber(columnFactor)) — no longer the maximum-likelihood fit (the held-out log p(x) drops by \(formatNumber(drop, digits: 3)) nats), but still \
    a probabilistic PCA model whose p(x) and posterior are exact — and rotate it by 45°, which makes ρ = \(formatNumber(rho, digits: 3)). \
    For a Gaussian q = N(m, S) both ELBO terms are integrals of quadratics:
    """
}

/// What a diagonal q with the exact mean and variances 1/Λᵢᵢ loses against a 2-D Gaussian posterior of correlation ρ:
/// KL = ½log(Λ₁₁Λ₂₂/det Λ) = −½log(1 − ρ²).
func meanFieldLoss(_ rho: Double) -> Double { -0.5 * Foundation.log(1 - rho * rho) }

extension Gaussian {
    /// The correlation of coordinates i and j.
    func correlation(_ i: Int, _ j: Int) -> Double { covariance[i, j] / (covariance[i, i] * covariance[j, j]).squareRoot() }
}

/// χ² of the posterior widened by s against q, by the elementary route, with the rounding tolerance for comparing it
/// with the library's closed form: that sums five terms of log E(w/p)² — log-determinants of Σ_p, Σ_q = s²Σ_p and
/// P = (2 − 1/s²)Σ_p⁻¹, and two quadratic forms (zero here, the means being equal) — each from 2 × 2 matrices of
/// condition number κ, to an absolute error below (10κ + its size)·u₆₄; expm1 turns an error δ in the log into (1 + χ²)δ.
struct ChiSquaredRoutes {
    let elementary: Double, rounding: Double, why: String

    init(_ model: LinearGaussianLatentModel, _ x: [Double], widening s: Double, library: Double) {
        let k = model.latentDimension, logDetP = model.posterior(x).logDeterminant
        let eigenvalues = model.posteriorPrecisionEigenvalues, kappa = eigenvalues[0] / eigenvalues[k - 1]
        let sizes = [logDetP, logDetP + 2 * Double(k) * Foundation.log(s), Double(k) * Foundation.log(2 - 1 / (s * s)) - logDetP].map(abs)
        elementary = scaledPosteriorMoment(order: 2, widening: s, dimension: k) - 1
        rounding = (1 + library) * sizes.map { 10 * kappa + $0 }.reduce(0, +) * Double.ulpOfOne / 2
        let varianceDoubled = scaledPosteriorMoment(order: 2, widening: 2.0.squareRoot(), dimension: k) - 1
        why = "two formulas that share nothing: the library's log E(w/p)² sums the log-determinants of Σ_p, Σ_q = s²Σ_p and P = (2 − 1/s²)Σ_p⁻¹ (the largest \(formatNumber(sizes.max()!, digits: 3)) in size) and two quadratic forms, zero here, from 2 × 2 matrices of condition number κ = \(formatNumber(kappa, digits: 3)); each term is good to a generous (10κ + its size)·u₆₄, and expm1 turns an error δ in the log into (1 + χ²)δ. A q with its variances doubled instead of its standard deviations (s = √2) has χ² = \(formatNumber(varianceDoubled, digits: 4))"
    }
}

/// Section 3's paragraph on the last column of the gradient table: the score-function variance with the oracle
/// baseline b = E f, against the plain score function and the pathwise estimator.
func oracleBaselineParagraph(_ names: [String], pathwise: [Double], scoreFunction: [Double], withBaseline: [Double]) -> String {
    let overPathwise = names.indices.map { withBaseline[$0] / pathwise[$0] }, cut = names.indices.map { scoreFunction[$0] / withBaseline[$0] }
    let closest = overPathwise.indices.min { overPathwise[$0] < overPathwise[$1] }!, farthest = overPathwise.indices.max { overPathwise[$0] < overPathwise[$1] }!
    return """
    The table's last column subtracts a baseline b = E f from f — the exact value, an *oracle* baseline that a VAE \
    does not have (in practice a running mean of f, or a learned control variate, stands in for it). It cuts the \
    score-function variance by a factor between \(formatNumber(cut.min()!, digits: 3)) and \(formatNumber(cut.max()!, digits: 3)), and leaves it \
    \(formatNumber(overPathwise[closest], digits: 3)) times the pathwise variance for \(names[closest])\(overPathwise[closest] < 1.25 ? " (nearly equal)" : "") \
    and up to \(formatNumber(overPathwise[farthest], digits: 3)) times for \(names[farthest]).
    """
}
