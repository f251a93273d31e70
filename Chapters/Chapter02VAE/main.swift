import Autoencoders
import Datasets
import DigitEvaluation
import Distributions
import Foundation
import Metrics
import Notebook
import Plotting
import Statistics
import TensorCore
import VariationalAutoencoders

// Chapter 2 — Variational autoencoders: a bound on the likelihood, trained through a random draw.

let chapter = Chapter(
    number: 2, title: "Variational autoencoders",
    summary: """
    A variational autoencoder is an autoencoder whose code is a probability distribution and whose \
    decoder is a likelihood, trained by maximising a lower bound on the log-likelihood of the data. \
    This chapter derives the bound and measures its gap exactly on a model where everything is \
    tractable, tightens it by importance weighting, compares the two ways of differentiating through a \
    random draw, trains VAEs on the digits — likelihoods in nats and bits per dimension, reconstructions, \
    samples measured against the data and against chapter 1's autoencoder — and shows latent \
    dimensions collapsing onto the prior and what keeps them alive.
    """)
let quick = chapter.isQuick
let digits: Digits
do { digits = try Digits.load() } catch { Chapter.stop("\(error)") }
let (train, test) = digits.split(testFraction: 0.25, using: &chapter.random)   // chapter 1's split at the same seed
let d = Digits.pixelCount, doubleRoundoff = Double.ulpOfOne / 2

// MARK: - 1. The evidence lower bound

chapter.section("1. The evidence lower bound")
chapter.prose("""
Chapter 1's autoencoder maps each image to one code, and random codes decode to garbage. A *latent variable \
model* turns the decoder into a density: draw a code z ∈ ℝᵏ from a prior p(z) = N(0, I), then an image from \
p(x | z), whose parameters a decoder network computes from z. The model's likelihood of an image is an \
integral over every code that could have produced it, and its posterior says which codes did:
""")
chapter.equation(#"p(x) = \int p(x \mid z)\,p(z)\,dz, \qquad p(z \mid x) = \frac{p(x \mid z)\,p(z)}{p(x)}."#,
                 plain: "p(x) = ∫ p(x | z) p(z) dz,   p(z | x) = p(x | z) p(z) / p(x)")
chapter.prose("""
For a neural decoder neither is tractable. Variational inference replaces the posterior by a simple law \
q(z | x) — for a VAE a Gaussian N(μ(x), diag σ²(x)) whose means μ(x) and standard deviations σ(x) an \
*encoder* network computes (Kingma & Welling, 2014; Rezende et al., 2014). Writing log p(x) = \
E_q[log p(x, z) − log q(z | x)] + E_q[log q(z | x) − log p(z | x)], which holds for any q because \
p(x, z) = p(z | x)p(x), splits the log-likelihood into the *evidence lower bound* (ELBO) and a KL divergence:
""")
chapter.equation(#"\log p(x) = \underbrace{\mathbb{E}_{q(z\mid x)}\big[\log p(x \mid z)\big] - \mathrm{KL}\big(q(z \mid x)\,\|\,p(z)\big)}_{\mathrm{ELBO}(x)} + \mathrm{KL}\big(q(z \mid x)\,\|\,p(z \mid x)\big)."#,
                 plain: "log p(x) = E_q[log p(x | z)] − KL(q(z | x) ‖ p(z))  +  KL(q(z | x) ‖ p(z | x)),  the first two terms being ELBO(x)")
chapter.prose("""
The first term rewards codes that reconstruct x, the second keeps q close to the prior, and the last — \
the *gap* — is never negative, so ELBO ≤ log p(x), with equality exactly when q is the true posterior. \
To see every term computed, take a latent variable model where all of them are known in closed \
form: chapter 1's probabilistic PCA (Tipping & Bishop, 1999), z ~ N(0, I_k) and x = Wz + b + η with \
η ~ N(0, σ_η²I) (chapter 1 wrote σ² for σ_η²). Then p(x) = N(b, WWᵀ + σ_η²I) and the posterior is \
Gaussian too, N(M⁻¹Wᵀ(x − b), σ_η²M⁻¹) with M = WᵀW + σ_η²I. We fit it with k = 2 to the \
\(train.count) training digits, by chapter 1's closed form, and score the \(test.count) held-out ones.
""")
let fittedModel: LinearGaussianLatentModel
do { fittedModel = try LinearGaussianLatentModel.maximumLikelihood(fittedTo: train.images, latentDimension: 2) } catch { Chapter.stop("\(error)") }
let columnFactor = 0.5, scaledModel = fittedModel.scalingLoadingColumn(1, by: columnFactor), linearModel = scaledModel.rotated(byDegrees: 45)
let heldOut = (0..<test.count).map { test.images.row($0).doubles }
let (fittedRho, rho) = (fittedModel.largestPosteriorCorrelation, scaledModel.largestPosteriorCorrelation)
chapter.prose(rotationParagraph(fitted: fittedModel, changed: linearModel, columnFactor: columnFactor, heldOut: heldOut))
chapter.listing("linear-gaussian-elbo", fromLibraryFile: "Sources/VariationalAutoencoders/LinearGaussianLatentModel.swift")
let approximations = posteriorApproximations(linearModel)
let gapRows = approximations.map { gapSummary(linearModel, heldOut, $0) }
chapter.table(["q(z | x)", "ELBO", "E_q log p(x | z)", "KL(q ‖ p(z))", "log p(x) − ELBO", "KL(q ‖ p(z | x))", "KL(p(z | x) ‖ q)"],
              gapRows.map { [$0.name, $0.elbo, $0.reconstruction, $0.kl, $0.logEvidenceMinusELBO, $0.gap, $0.reverseGap] },
              caption: "Means over the \(test.count) held-out digits, in nats; log p(x) averages \(formatNumber(gapRows[0].logEvidence, digits: 5)) (a density on pixel values, not comparable with the discrete likelihoods of section 4). In the first row every gap is zero up to rounding, which can print as a tiny negative number.")
let worstExact = gapRows[0].largestIdentityError, worstOthers = gapRows.dropFirst().map(\.largestIdentityError).max()!
let roundingScale = gapRows.map(\.largestMagnitude).max()!, identityBound = Double(d * d) * doubleRoundoff * roundingScale
let withoutSpread = linearModel.traceTerm(linearModel.posterior(heldOut[0]))
chapter.check("largest |ELBO − log p(x)| with q the exact posterior, over the held-out digits (nats)", measured: worstExact, atMost: identityBound,
              why: "rounding: d²·u₆₄ times the largest term (\(formatNumber(roundingScale, digits: 3)) nats), a generous bound (measured errors sit far below it) for sums over the d² products of a triangular solve, u₆₄ = 2⁻⁵³. ELBO and log p(x) are computed by different formulas (a 2-D Gaussian integral vs the 64-D marginal density); an ELBO that forgets the spread term tr(WᵀWS)/2σ_η² would be \(formatNumber(withoutSpread, digits: 3)) nats too high")
chapter.check("largest |log p(x) − ELBO − KL(q ‖ p(z | x))| over the held-out digits and the other three q", measured: worstOthers, atMost: identityBound,
              why: "the same rounding bound; the gap is computed as a third thing, the KL between two Gaussians in latent space. The reverse divergence KL(p(z | x) ‖ q) misses by up to \(formatNumber(gapRows.dropFirst().map(\.largestReverseError).max()!, digits: 3)) nats")
chapter.check("KL(q ‖ p(z | x)) of the best diagonal q, mean over the held-out digits, vs −½log(1 − ρ²) with ρ = (ν₁ − ν₂)/(ν₁ + ν₂)",
              measured: gapRows[1].gap, expected: meanFieldLoss(rho), tolerance: .absolute(identityBound),
              why: "the posterior covariance is the same for every x, so the loss is too: for a 2-D Gaussian with precision Λ, the diagonal q with variances 1/Λᵢᵢ has KL = ½log(Λ₁₁Λ₂₂/det Λ) = −½log(1 − ρ²). The library's route is a KL between two Gaussians, this one the eigenvalues of M; the rounding bound above (generous for 2 × 2 matrices). The reverse divergence KL(p(z | x) ‖ q) = ½[2/(1 − ρ²) − 2 + log(1 − ρ²)] would be \(formatNumber(0.5 * (2 / (1 - rho * rho) - 2 + log(1 - rho * rho)), digits: 3)), and the fitted model's loss \(formatNumber(meanFieldLoss(fittedRho), digits: 2))")
chapter.prose("""
The approximations are the kinds of q an encoder can produce. A VAE's q is a *diagonal* Gaussian; the best \
one (the exact mean, variances 1/Λᵢᵢ from the posterior's precision matrix Λ) loses \(formatNumber(gapRows[1].gap, digits: 3)) nats, \
because the posterior's correlation is \(formatNumber(approximations[1].posteriorCorrelation(linearModel, heldOut[0]), digits: 3)) (it would lose nothing \
without the rotation: the bound, unlike p(x), prefers latent axes along which the posterior factorises; at ρ = 0.9 it would lose \
\(formatNumber(meanFieldLoss(0.9), digits: 3)) nats). \
A q twice as wide as the posterior loses \(formatNumber(gapRows[2].gap, digits: 3)) nats, and the prior itself — an encoder that ignores x, \
the *collapsed* posterior of section 6 — loses \(formatNumber(gapRows[3].gap, digits: 3)): its KL term is zero, and its reconstruction \
term pays for everything the code no longer says.
""")

// Both terms again, by Monte Carlo from their definitions, at the first held-out digit.
let monteCarloDraws = quick ? 20_000 : 100_000
let wideQ = approximations[2].distribution(linearModel, heldOut[0])
let reconstructionDraws = SampleSummary((0..<monteCarloDraws).map { _ in linearModel.logLikelihood(heldOut[0], given: wideQ.sample(using: &chapter.random)) })
let wideTerms = linearModel.evidenceLowerBound(heldOut[0], approximatePosterior: wideQ)
chapter.check("E_q log p(x | z) for the widened q at the first held-out digit: closed form vs the mean over \(monteCarloDraws) draws z ~ q",
              measured: reconstructionDraws.mean, expected: wideTerms.reconstruction, tolerance: .standardErrors(4, standardError: reconstructionDraws.standardError),
              why: "4 SE of a mean of independent draws; without the spread term tr(WᵀWS)/2σ_η² the closed form is \(formatNumber(linearModel.traceTerm(wideQ) / reconstructionDraws.standardError, digits: 3)) SE away")
chapter.listing("gaussian-kl", fromLibraryFile: "Sources/VariationalAutoencoders/GaussianKL.swift")
let diagonalQ = approximations[1].distribution(linearModel, heldOut[0])
let diagonalLogVariances = (0..<2).map { log(diagonalQ.covariance[$0, $0]) }
let klClosed = GaussianKL.toStandardNormal(means: diagonalQ.mean, logVariances: diagonalLogVariances)
let klDraws = GaussianKL.monteCarloEstimate(means: diagonalQ.mean, logVariances: diagonalLogVariances, sampleCount: monteCarloDraws, using: &chapter.random)
let klWithSigma = GaussianKL.toStandardNormal(means: diagonalQ.mean, logVariances: diagonalLogVariances.map { $0 / 2 })   // exp(v/2) = σ taken as σ²
chapter.check("KL(q ‖ N(0, I)) of the best diagonal q at the first held-out digit: closed form vs Monte Carlo E_q[log q(z) − log p(z)]",
              measured: klDraws.mean, expected: klClosed, tolerance: .standardErrors(4, standardError: klDraws.standardError),
              why: "4 SE of the mean of \(monteCarloDraws) independent log-ratios; the formula fed log σ as the log-variance (σ in place of σ²) is \(formatNumber(abs(klWithSigma - klDraws.mean) / klDraws.standardError, digits: 3)) SE away, and without its ½ \(formatNumber(abs(2 * klClosed - klDraws.mean) / klDraws.standardError, digits: 3)) SE")

// MARK: - 2. Tightening the bound

chapter.section("2. Tightening the bound by importance weighting")
chapter.prose("""
The gap can be closed without a better q. Draw K codes z₁, …, z_K from q and weigh each by \
w_j = p(x, z_j)/q(z_j | x): the mean weight is an unbiased estimate of p(x), and the log of it — by Jensen's \
inequality, since log is concave — is a lower bound in expectation, the *importance-weighted* bound of \
Burda et al. (2016):
""")
chapter.equation(#"\mathcal{L}_K(x) = \mathbb{E}\Big[\log \frac{1}{K}\sum_{j=1}^{K} w_j\Big] \le \log p(x), \qquad \log p(x) - \mathcal{L}_K(x) \approx \frac{\chi^2}{2K}, \quad \chi^2 = \frac{\operatorname{Var}_q(w)}{p(x)^2}."#,
                 plain: "L_K(x) = E[log (1/K) Σⱼ wⱼ] ≤ log p(x),   log p(x) − L_K ≈ χ²/(2K),  χ² = Var_q(w)/p(x)²")
chapter.prose("""
L₁ is the ELBO; L_K never decreases with K, and it reaches log p(x) as K → ∞ if the weights are bounded \
(Burda et al., 2016, theorem 1). How fast, when w has a finite variance, follows from a second-order expansion of the log around p(x) (the delta method; Maddison et al., 2017): the mean of K \
weights has relative variance χ²/K, and log(1 + ε) ≈ ε − ε²/2 loses half of it. χ², the relative variance \
of one weight, is the χ² divergence of the posterior from q; for Gaussians it is another Gaussian \
integral, finite only when q's covariance exceeds half the posterior's (q's tails must not be much lighter):
""")
chapter.listing("importance-weight-variance", fromLibraryFile: "Sources/VariationalAutoencoders/LinearGaussianImportanceWeights.swift")
let x0 = heldOut[0], logEvidence0 = linearModel.logMarginalLikelihood(x0)
let proposals = [("q = posterior, standard deviations ×2", wideQ), ("q = p(z), the collapsed encoder", linearModel.prior)]
let chiSquared = proposals.map { linearModel.importanceWeightRelativeVariance(x0, proposal: $0.1) }
let sweepBudget = quick ? 1 << 14 : 1 << 17, checkBudget = quick ? 1 << 17 : 1 << 20
let sampleSizes = (0...10).map { 1 << $0 }
let sweeps = proposals.map { proposal in importanceSweep(linearModel, x0, proposal: proposal.1, sampleSizes: sampleSizes, budget: sweepBudget) }
chapter.table(["K"] + proposals.flatMap { ["\($0.0): L_K ± SE", "log p(x) − L_K", "χ²/2K"] },
              sampleSizes.indices.map { i in [sampleSizes[i]] + proposals.indices.flatMap { p -> [any TableCell] in
                  let estimate = sweeps[p][i]
                  return ["\(formatNumber(estimate.mean, digits: 6)) ± \(formatNumber(estimate.standardError, digits: 2))", logEvidence0 - estimate.mean, chiSquared[p] / Double(2 * sampleSizes[i])]
              } },
              caption: "The first held-out digit, log p(x) = \(formatNumber(logEvidence0, digits: 6)); each row averages \(sweepBudget)/K independent values of the K-sample bound. χ² = \(formatNumber(chiSquared[0], digits: 4)) and \(formatNumber(chiSquared[1], digits: 4)).")

// χ² by Monte Carlo: the sample variance of the normalised weights w/p(x) under the widened q.
let normalisedWeights = linearModel.logImportanceWeights(x0, proposal: wideQ, samples: sweepBudget, using: &chapter.random).map { exp($0 - logEvidence0) }
let widening = 2.0, widenedMoments = (2...4).map { scaledPosteriorMoment(order: $0, widening: widening, dimension: 2) }
let chiRoutes = ChiSquaredRoutes(linearModel, x0, widening: widening, library: chiSquared[0])
chapter.check("χ² for the posterior widened by s = 2: the library's Gaussian-integral closed form vs the elementary E(w/p)² − 1 = [s/√(2 − 1/s²)]ᵏ − 1",
              measured: chiSquared[0], expected: chiRoutes.elementary, tolerance: .absolute(chiRoutes.rounding), why: chiRoutes.why)
chapter.check("sample variance of w/p(x) over \(sweepBudget) draws from the widened q vs χ² in closed form", measured: normalisedWeights.unbiasedVariance,
              expected: chiSquared[0], tolerance: .standardErrors(4, standardError: varianceStandardError(normalisedWeights)),
              why: "4 SE of a sample variance, from the sample's fourth moment (Cramér 1946); for a posterior widened by s = 2 the moments are elementary, E(w/p)ʳ = [sʳ⁻¹/√(r − (r − 1)/s²)]ᵏ for moment order r. The divergence the other way round, ∫q²/p − 1, is infinite for a q more than √2 times as wide")
let checkSize = checkSampleSize(chiSquared: chiSquared[0], budget: checkBudget)
let atCheck = linearModel.importanceWeightedBound(x0, proposal: wideQ, samples: checkSize, repeats: checkBudget / checkSize, using: &chapter.random)
let secondOrder = abs(0.75 * chiSquared[0] * chiSquared[0] - centralThirdMoment(widenedMoments) / 3) / Double(checkSize * checkSize)
chapter.check("log p(x) − L_K at K = \(checkSize), widened q, vs χ²/(2K)", measured: logEvidence0 - atCheck.mean, expected: chiSquared[0] / Double(2 * checkSize),
              tolerance: .absolute(4 * atCheck.standardError + secondOrder),
              why: "4 SE of the mean of \(checkBudget / checkSize) bounds, plus the next term of the expansion (Nowozin 2018), |3χ⁴/4 − E(w/p − 1)³/3|/K² = \(formatNumber(secondOrder, digits: 2)), the third moment in closed form too; K is the largest power of 2 at which χ²/2K is 8 SE. No gap is \(formatNumber((logEvidence0 - atCheck.mean) / atCheck.standardError, digits: 3)) SE away, χ²/K \(formatNumber(abs(chiSquared[0] / Double(checkSize) - logEvidence0 + atCheck.mean) / atCheck.standardError, digits: 3)) SE")
let largest = sampleSizes.count - 1
let reachZ = proposals.indices.map { abs(logEvidence0 - sweeps[$0][largest].mean) / sweeps[$0][largest].standardError }
chapter.check("|log p(x) − L_K| at K = \(sampleSizes[largest]) for both proposals, in SE (largest)", measured: reachZ.max()!, atMost: 4,
              why: "the bound reaches log p(x) within Monte Carlo error (predicted gaps χ²/2K = \(proposals.indices.map { formatNumber(chiSquared[$0] / Double(2 * sampleSizes[largest]), digits: 2) }.joined(separator: " and ")) nats, \(proposals.indices.map { formatNumber(chiSquared[$0] / Double(2 * sampleSizes[largest]) / sweeps[$0][largest].standardError, digits: 2) }.joined(separator: " and ")) SE); the ELBO, L₁, is \(proposals.indices.map { formatNumber((logEvidence0 - sweeps[$0][0].mean) / sweeps[$0][0].standardError, digits: 3) }.joined(separator: " and ")) SE below")
chapter.figure(boundFigure(linearModel, x0, proposals: proposals, sampleSizes: sampleSizes, sweeps: sweeps, chiSquared: chiSquared), name: "iwae_bound", caption: """
    Left: the latent plane for the first held-out digit — the exact posterior p(z | x) (1- and 2-SD ellipses, tilted by the \
    correlation ρ = \(formatNumber(rho, digits: 2))), the widened q (its 1-SD ellipse is the posterior's 2-SD one) and the prior. Middle: the importance-weighted bound L_K against log₂ K for both \
    proposals (± 2 SE bands), with the exact log p(x) (grey) and the predicted log p(x) − χ²/2K (dashed). Right: the same curves \
    zoomed to the last 0.25 nats below log p(x). \
    The widened q starts \(formatNumber(logEvidence0 - sweeps[0][0].mean, digits: 3)) nats below log p(x) and the prior \(formatNumber(logEvidence0 - sweeps[1][0].mean, digits: 3)); \
    at K = \(sampleSizes[largest]) both are within \(formatNumber(max(abs(logEvidence0 - sweeps[0][largest].mean), abs(logEvidence0 - sweeps[1][largest].mean)), digits: 2)) nats of it.
    """)

// MARK: - 3. Gradients through a random draw

chapter.section("3. Gradients through a random draw")
chapter.prose("""
Training the encoder needs the gradient of an expectation over q with respect to q's own parameters: \
g = ∇ E_{z~q}[f(z)] for q = N(μ, diag σ²), where f stands for log p(x | z), the integrand of the ELBO's reconstruction term. There are two classical \
unbiased estimators. The *score-function* estimator (REINFORCE; Williams, 1992) differentiates the \
density, g = E_q[f(z)∇log q(z)], and needs only values of f. The *reparameterisation* or pathwise \
estimator (Kingma & Welling, 2014; Rezende et al., 2014) writes the draw as a differentiable function of \
the parameters, z = μ + σ ⊙ ε with ε ~ N(0, I) independent of them, and differentiates inside the \
expectation:
""")
chapter.equation(#"\nabla_{\mu,\log\sigma}\,\mathbb{E}_{q}[f(z)] = \mathbb{E}_{\varepsilon}\big[\nabla_{\mu,\log\sigma} f(\mu + \sigma\odot\varepsilon)\big] = \mathbb{E}_{q}\big[f(z)\,\nabla_{\mu,\log\sigma}\log q(z)\big],"#,
                 plain: "∇ E_q[f(z)] = E_ε[∇ f(μ + σ ⊙ ε)] = E_q[f(z) ∇ log q(z)],  ∇ over (μ, log σ)")
chapter.prose("""
with ∂f/∂μⱼ = ∂ⱼf(z) and ∂f/∂log σⱼ = ∂ⱼf(z)σⱼεⱼ on the left, ∂log q/∂μⱼ = εⱼ/σⱼ and ∂log q/∂log σⱼ = εⱼ² − 1 \
on the right. (The encoder outputs v = log σ², so ∂/∂v = ½ ∂/∂log σ.) We compare them on f(z) = Σⱼ cos(ωⱼzⱼ), \
bounded and not a polynomial, whose Gaussian expectation Σⱼ cos(ωⱼμⱼ)exp(−ωⱼ²σⱼ²/2) gives the exact \
gradient by hand, and check it in turn by central differences of that closed form.
""")
chapter.listing("gradient-estimators", fromLibraryFile: "Sources/VariationalAutoencoders/GradientEstimators.swift")
let testFunction = GradientTestFunction.cosine(frequencies: [1, 2, 0.5, 3])
let testMean = [0.4, -0.3, 1.2, 0.2], testLogSigma = [-0.5, -1.0, 0.3, -0.7]
let gradientDraws = quick ? 20_000 : 100_000
let exactGradient = testFunction.expectationGradient(mean: testMean, logStandardDeviation: testLogSigma)
let pathwise = GradientEstimators.reparameterization(testFunction, mean: testMean, logStandardDeviation: testLogSigma, sampleCount: gradientDraws, using: &chapter.random)
let scoreFunction = GradientEstimators.scoreFunction(testFunction, mean: testMean, logStandardDeviation: testLogSigma, sampleCount: gradientDraws, using: &chapter.random)
let expectationValue = testFunction.expectation(mean: testMean, logStandardDeviation: testLogSigma)
let withBaseline = GradientEstimators.scoreFunction(testFunction, mean: testMean, logStandardDeviation: testLogSigma, sampleCount: gradientDraws,
                                                    baseline: expectationValue, using: &chapter.random)
let closedFormDifferences = richardsonDifferences(of: { testFunction.expectation(mean: $0, logStandardDeviation: $1) }, mean: testMean, logSigma: testLogSigma)
let componentNames = (1...4).map { "∂/∂μ\($0)" } + (1...4).map { "∂/∂log σ\($0)" }
chapter.table(["component", "exact", "central difference", "pathwise ± SE", "score function ± SE", "variance per draw: pathwise", "score function", "score fn., baseline E f"],
              componentNames.indices.map { i in [componentNames[i], exactGradient[i], closedFormDifferences.values[i],
                  "\(formatNumber(pathwise.mean[i], digits: 4)) ± \(formatNumber(pathwise.standardError[i], digits: 2))",
                  "\(formatNumber(scoreFunction.mean[i], digits: 4)) ± \(formatNumber(scoreFunction.standardError[i], digits: 2))",
                  pathwise.variance[i], scoreFunction.variance[i], withBaseline.variance[i]] },
              caption: "f(z) = Σⱼ cos(ωⱼzⱼ) with ω = (1, 2, 0.5, 3), μ = (0.4, −0.3, 1.2, 0.2), log σ = (−0.5, −1, 0.3, −0.7); \(gradientDraws) draws for each estimator.")
chapter.check("largest |central difference − exact gradient| over the 8 components", measured: closedFormDifferences.largestError(against: exactGradient),
              atMost: closedFormDifferences.tolerance,
              why: "central differences err by Ch² + O(u₆₄|E f|/h); 4× the error that halving the step reveals, |D(2h) − D(h)|/3, plus 10u₆₄·(|E f| + 1)/h (h = \(formatNumber(closedFormDifferences.step)); the 1 covers E f ≈ 0). A gradient with ∂/∂log σ taken as ∂/∂σ² misses by \(formatNumber(closedFormDifferences.largestError(against: exactGradient.indices.map { $0 < 4 ? exactGradient[$0] : exactGradient[$0] / (2 * exp(2 * testLogSigma[$0 - 4])) }), digits: 3))")
let pathwiseZ = zip(zip(pathwise.mean, exactGradient), pathwise.standardError).map { abs($0.0 - $0.1) / $1 }
let scoreZ = zip(zip(scoreFunction.mean, exactGradient), scoreFunction.standardError).map { abs($0.0 - $0.1) / $1 }
chapter.check("pathwise estimator: largest |mean − exact| over the 8 components, in SE", measured: pathwiseZ.max()!, atMost: 4.5,
              why: "each component within 4.5 SE of its mean over \(gradientDraws) independent draws (8 components: a false alarm at 4.5 SE has probability 5·10⁻⁵); the exact gradient with ∂/∂log σ halved (the ∂/∂v of the encoder's log-variance) is \(formatNumber(zip(zip(pathwise.mean.suffix(4), exactGradient.suffix(4)), pathwise.standardError.suffix(4)).map { abs($0.0 - $0.1 / 2) / $1 }.max()!, digits: 3)) SE away")
chapter.check("score-function estimator: largest |mean − exact| over the 8 components, in SE", measured: scoreZ.max()!, atMost: 4.5,
              why: "as above, with the score-function estimator's own, larger, standard errors. Dropping the −1 of ε² − 1 adds E_q[f(z)εⱼ²] − E_q[f(z)(εⱼ² − 1)] = E f = \(formatNumber(expectationValue, digits: 4)) to every ∂/∂log σⱼ: at least \(formatNumber(abs(expectationValue) / scoreFunction.standardError.suffix(4).max()!, digits: 3)) SE away")
// The library's estimators draw each εₙ coordinate by coordinate from the stream they are given, so copies of one
// stream hand them, and the finite differences, the same draws.
let fixedCount = quick ? 500 : 2_000, fixedStream = RandomGenerator(seed: chapter.random.next())
var (noiseCopy, pathwiseCopy, scoreCopy) = (fixedStream, fixedStream, fixedStream)
let fixedNoise = (0..<fixedCount).map { _ in (0..<4).map { _ in noiseCopy.normalDouble() } }
let smoothed = GradientEstimators.expectationWithFixedNoise(testFunction, noise: fixedNoise)
let fixedPathwise = GradientEstimators.reparameterization(testFunction, mean: testMean, logStandardDeviation: testLogSigma, sampleCount: fixedCount, using: &pathwiseCopy).mean
let fixedScore = GradientEstimators.scoreFunction(testFunction, mean: testMean, logStandardDeviation: testLogSigma, sampleCount: fixedCount, using: &scoreCopy).mean
let fixedDifferences = richardsonDifferences(of: smoothed, mean: testMean, logSigma: testLogSigma)
chapter.check("pathwise estimate on \(fixedNoise.count) fixed draws ε vs central differences of (1/N)Σₙ f(μ + σ ⊙ εₙ), largest error",
              measured: fixedDifferences.largestError(against: fixedPathwise), atMost: fixedDifferences.tolerance,
              why: "the same finite-difference tolerance: for fixed noise the pathwise estimate is not just unbiased, it is the exact gradient of the Monte Carlo objective, which is what the optimiser of a VAE follows; the score-function estimate on the same draws misses by \(formatNumber(fixedDifferences.largestError(against: fixedScore), digits: 3))")
let varianceGaps = componentNames.indices.map { i -> Double in
    let a = pathwise.samples.map { $0[i] }, b = scoreFunction.samples.map { $0[i] }
    return (b.unbiasedVariance - a.unbiasedVariance) / (pow(varianceStandardError(a), 2) + pow(varianceStandardError(b), 2)).squareRoot()
}
chapter.check("score-function minus pathwise variance per draw, smallest over the 8 components, in SE of the difference", measured: varianceGaps.min()!, atLeast: 4,
              why: "the price of needing no ∇f, claimed for every component: 4 SE of a difference of two independent sample variances (fourth-moment SEs); the variance ratio ranges from \(formatNumber(componentNames.indices.map { scoreFunction.variance[$0] / pathwise.variance[$0] }.min()!, digits: 3)) to \(formatNumber(componentNames.indices.map { scoreFunction.variance[$0] / pathwise.variance[$0] }.max()!, digits: 3))")

chapter.prose(oracleBaselineParagraph(componentNames, pathwise: pathwise.variance, scoreFunction: scoreFunction.variance, withBaseline: withBaseline.variance))

// MARK: - 4. A VAE on digits

chapter.section("4. A VAE on the digits")
let latentSize = 32, hidden = [256, 256], vaeSteps = quick ? 400 : 5_000
chapter.prose("""
Now the networks. The encoder maps an image to the \(2 * latentSize) numbers μ(x) and v(x) = log σ²(x) of a \
diagonal Gaussian in k = \(latentSize) dimensions; the decoder maps a code to one logit ℓⱼ(z) per pixel. Both are \
multilayer perceptrons with two hidden layers of \(hidden[0]) SiLU units. The likelihood must be a proper \
distribution over what the data can be, or log p(x) means nothing: the UCI digits store each pixel as a count \
cⱼ ∈ {0, …, 16} of ink (we scale it to cⱼ/16), so p(x | z) makes each count binomial with 16 trials and \
success probability sigmoid(ℓⱼ). A log-likelihood in nats is then a code length: −log₂ p(x)/\(d) is the \
number of bits per pixel a coder built on the model would need (*bits per dimension*).
""")
chapter.listing("decoder-log-likelihood", fromLibraryFile: "Sources/VariationalAutoencoders/DecoderLikelihood.swift")
chapter.prose("""
Each training step draws one code per image by reparameterisation, so that the gradient flows through the \
draw as in section 3, and takes the KL term in closed form (only the reconstruction term is estimated):
""")
chapter.listing("elbo-terms", fromLibraryFile: "Sources/VariationalAutoencoders/VariationalAutoencoder.swift")
let collapseSeeds = RunSeeds(using: &chapter.random)
let (vae, vaeTrainer) = try trainVAE("VAE, k = \(latentSize)", latentSize: latentSize, hidden: hidden, steps: vaeSteps, seeds: collapseSeeds, on: train.images)
let digitSampleSizes = quick ? [1, 10, 100] : [1, 10, 100, 1_000]
let report = LikelihoodReport(vae, data: test.images, elboDraws: 16, sampleSizes: digitSampleSizes, using: &chapter.random)
let trainingELBO = vae.evaluateELBO(train.images, samplesPerExample: 16, using: &chapter.random)
let binomialPixels = DecoderLikelihood.digits.independentPixelLogLikelihood(test.images, trainingImages: train.images)
let categoricalPixels = independentLevelsLogLikelihood(test.images, trainingImages: train.images), uniformLevels = -Double(d) * log(17.0)
let bitsPerPixel = { (nats: Double) in bitsPerDimension(negativeLogLikelihood: -nats, dimension: d) }
chapter.table(["held-out log-likelihood or bound", "nats per image ± SE", "bits per dimension"],
              [["uniform law on the 17 grey levels (exact: −64 log 17)", formatNumber(uniformLevels, digits: 5), bitsPerPixel(uniformLevels)],
               ["independent binomial pixels, p = training pixel mean (no latent variable)", "\(formatNumber(binomialPixels.mean, digits: 5)) ± \(formatNumber(binomialPixels.standardErrorOfMean, digits: 2))", bitsPerPixel(binomialPixels.mean)],
               ["independent 17-level categorical pixels, add-one smoothed (no latent variable)", "\(formatNumber(categoricalPixels.mean, digits: 5)) ± \(formatNumber(categoricalPixels.standardErrorOfMean, digits: 2))", bitsPerPixel(categoricalPixels.mean)],
               ["VAE: ELBO (KL in closed form, 16 draws for the reconstruction)", "\(formatNumber(report.elbo.meanELBO, digits: 5)) ± \(formatNumber(report.elbo.standardError, digits: 2))", report.elbo.bitsPerDimension]]
              + digitSampleSizes.indices.map { i in ["VAE: importance-weighted bound L_\(digitSampleSizes[i])", "\(formatNumber(report.bounds[i].mean, digits: 5)) ± \(formatNumber(report.bounds[i].standardErrorOfMean, digits: 2))", bitsPerPixel(report.bounds[i].mean)] },
              caption: "The \(test.count) held-out digits (the SE includes the spread between images). On the \(train.count) training digits the ELBO is \(formatNumber(trainingELBO.meanELBO, digits: 4)) nats: the model fits its training images \(formatNumber(trainingELBO.meanELBO - report.elbo.meanELBO, digits: 3)) nats better than new ones.")
let routes = pairedDifference(report.elbo.elbo, report.singleWeight)
let wholeKL = report.elbo.kl.mean   // dropping the ½ doubles the KL, moving the ELBO by the KL itself
chapter.check("ELBO two ways: closed-form KL and 16 draws vs one importance weight log w = log p(x, z) − log q(z | x) per image, mean paired difference in SE",
              measured: abs(routes.mean) / routes.standardError, atMost: 4,
              why: "both are unbiased for the same mean ELBO, by independent draws, and the second estimates the KL by Monte Carlo; 4 SE of the paired per-image difference (SE \(formatNumber(routes.standardError, digits: 2)) nats). A closed-form KL without its ½ would shift the first by the whole KL, \(formatNumber(wholeKL, digits: 3)) nats, \(formatNumber(wholeKL / routes.standardError, digits: 3)) SE")
let (overCategorical, overBinomial) = (pairedDifference(report.elbo.elbo, categoricalPixels), pairedDifference(report.elbo.elbo, binomialPixels))
let categoricalOverBinomial = pairedDifference(categoricalPixels, binomialPixels), extremeShare = pixelCounts(train.images).joined().filter { $0 == 0 || $0 == 16 }.count
if !quick {   // 400 quick steps leave the VAE below the categorical pixels; the quick run only shows the table
chapter.check("held-out ELBO minus the per-pixel categorical model's log-likelihood, in SE of the paired difference", measured: overCategorical.mean / overCategorical.standardError, atLeast: 4,
              why: "the latent code must earn its keep: a bound on the VAE's log p(x) above the exact log-likelihood of the strongest model without a latent variable measured here (\(formatNumber(overCategorical.mean, digits: 3)) ± \(formatNumber(overCategorical.standardError, digits: 2)) nats). Against the binomial pixels the same difference is \(formatNumber(overBinomial.mean / overBinomial.standardError, digits: 3)) SE, a baseline too weak to test anything")
}
let tightening = pairedDifference(report.bounds.last!, report.elbo.elbo)
chapter.check("L_\(digitSampleSizes.last!) minus the ELBO on the held-out digits, in SE of the paired difference", measured: tightening.mean / tightening.standardError, atLeast: 4,
              why: "the bound tightens with K (Burda et al., theorem 1): \(formatNumber(tightening.mean, digits: 3)) ± \(formatNumber(tightening.standardError, digits: 2)) nats, a lower bound on the average gap KL(q ‖ p(z | x)) that the encoder leaves")
let lastStep = pairedDifference(report.bounds[digitSampleSizes.count - 1], report.bounds[digitSampleSizes.count - 2])
chapter.prose("""
The binomial decoder is a proper likelihood for the counts, but a misspecified one: \(formatNumber(100 * Double(extremeShare) / Double(train.count * d), digits: 3))% \
of the training pixels are 0 or 16, and a binomial with 16 trials puts its mass around 16p, so a pixel that is blank in \
some digits and full in others costs it dearly. A model with no latent code at all that simply tabulates each pixel's 17 \
levels — a categorical law per pixel, the training histogram with one added to every count so that a level unseen in \
training keeps some probability — scores \(formatNumber(categoricalOverBinomial.mean, digits: 3)) ± \(formatNumber(categoricalOverBinomial.standardError, digits: 2)) nats per image \
\(categoricalOverBinomial.mean > 0 ? "above" : "below") the binomial pixels\(uniformLevels > binomialPixels.mean ? ", and even the uniform law on the 17 levels, which knows nothing about digits, beats them by \(formatNumber(uniformLevels - binomialPixels.mean, digits: 3)) nats" : ""). \
The VAE, with the same misspecified law per pixel but a code to choose its parameters, \
\(overCategorical.mean > 0 ? "beats the categorical model by" : "falls short of the categorical model by") \(formatNumber(abs(overCategorical.mean), digits: 3)) ± \(formatNumber(overCategorical.standardError, digits: 2)) nats \
(\(formatNumber(abs(overCategorical.mean) / overCategorical.standardError, digits: 3)) SE) with its ELBO alone.
""")
chapter.prose("""
So the ELBO of \(formatNumber(report.elbo.meanELBO, digits: 4)) nats (\(formatNumber(report.elbo.bitsPerDimension, digits: 3)) bits per pixel) \
sits \(formatNumber(tightening.mean, digits: 3)) nats below L_\(digitSampleSizes.last!), and even that is a lower bound: the last \
tenfold increase of K still gained \(formatNumber(lastStep.mean, digits: 2)) ± \(formatNumber(lastStep.standardError, digits: 2)) nats, \
and the effective sample size of the \(digitSampleSizes.last!) weights, (Σw)²/Σw² (Kong, 1992), has a median of \
\(formatNumber(report.effectiveSampleSizes.sorted()[test.count / 2], digits: 3)) over the held-out images\(report.effectiveSampleSizes.sorted()[test.count / 2] < 50 ? ": a few draws carry each estimate" : "")\(report.effectiveSampleSizes.sorted()[test.count / 2] < 50 ? "" : " of the 1000")
""")

chapter.prose("""
What does the code space look like? Chapter 1's autoencoder with a 2-number code scatters the digits' codes over \
an irregular region with gaps between classes; random codes land in the gaps. A VAE with k = 2 (one hidden \
layer of 256 units) maps each digit to a whole Gaussian, and the KL term pulls the mixture of all of them \
towards N(0, I), so that a code drawn from the prior should land where some digit's posterior lives \
(section 5 measures how far that holds).
""")
let vae2 = try trainVAE("VAE, k = 2", latentSize: 2, hidden: [256], steps: quick ? 400 : 3_000, seeds: RunSeeds(using: &chapter.random), on: train.images).model
let autoencoder2 = try trainAutoencoder(codeSize: 2, steps: quick ? 400 : 5_000, on: train.images)
let autoencoder8 = try trainAutoencoder(codeSize: 8, steps: quick ? 400 : 5_000, on: train.images)
let clouds = test.images.slice(0..<min(300, test.count)), cloudLabels = Array(test.labels.prefix(clouds.rowCount))
let posterior2 = vae2.encode(clouds)
let meanPosteriorSD = posterior2.standardDeviation.doubles.mean, meanCodeSpacing = nearestOtherDistances(posterior2.mean).mean
let pooledDeviations = pooledStandardDeviations(posterior2)
chapter.figure(latentCloudsFigure(autoencoderCodes: autoencoder2.encode(clouds), posterior: posterior2, labels: cloudLabels, using: &chapter.random),
               name: "latent_clouds", caption: """
    Left: chapter 1's autoencoder, the 2-number codes of \(clouds.rowCount) held-out digits, coloured by class. Right: the 2-D VAE, four draws \
    z ~ q(z | x) for each of the same digits, with the prior's 1- and 2-SD circles. The posteriors' standard deviations average \
    σ̄ = \(formatNumber(meanPosteriorSD, digits: 2)) and neighbouring posterior means sit Δ = \(formatNumber(meanCodeSpacing, digits: 2)) apart on average, \
    \(cloudOverlapPhrase(spacing: meanCodeSpacing, standardDeviation: meanPosteriorSD, digits: clouds.rowCount)); pooled, they spread by \(formatNumber(pooledDeviations[0], digits: 2)) and \
    \(formatNumber(pooledDeviations[1], digits: 2)) along their principal axes, against the prior's 1 and 1.
    """, vectorCopy: false)

let pairs = [(0, 6), (2, 7), (4, 9)].map { pair in (test.labels.firstIndex(of: pair.0)!, test.labels.firstIndex(of: pair.1)!) }
let steps = 9
let vaePaths = pairs.map { vae.interpolate(from: test.images.row($0.0), to: test.images.row($0.1), count: steps) }
let autoencoderPaths = pairs.map { pair -> Tensor in
    let codes = autoencoder8.encode(test.images.gatherRows([pair.0, pair.1])).doubles
    return autoencoder8.decoder(LatentInterpolation.linear.path(from: Array(codes[0..<8]), to: Array(codes[8..<16]), count: steps))
}
let interiorDistances = { (paths: [Tensor]) in paths.flatMap { CodeSpace.nearestDistances($0.slice(1..<(steps - 1)), to: train.images) } }
let heldOutDistances = CodeSpace.nearestDistances(test.images, to: train.images)
chapter.figure(interpolationFigure(vaePaths: vaePaths, autoencoderPaths: autoencoderPaths, ends: pairs.map { test.images.gatherRows([$0.0, $0.1]) }),
               name: "interpolation", caption: """
    Straight lines in code space between three pairs of held-out digits (0 → 6, 2 → 7, 4 → 9), decoded: the VAE (k = \(latentSize), \
    between posterior means) and chapter 1's autoencoder (code 8). \(interpolationVerdict(vae: interiorDistances(vaePaths), autoencoder: interiorDistances(autoencoderPaths), heldOut: heldOutDistances, perPath: steps - 2))
    """)

// MARK: - 5. Samples, measured

chapter.section("5. Samples, measured")
chapter.prose("""
A VAE generates by decoding prior draws z ~ N(0, I). Shown, as usual, are the mean images E[x | z] = \
sigmoid(ℓ(z)); a draw from p(x | z) adds independent binomial grain to every pixel. We measure both with \
chapter 3's yardstick — the Fréchet digit distance (FDD; the Fréchet inception distance of Heusel et al., 2017, on \
the features of a digit classifier trained here), improved precision and recall (Kynkäänniemi et al., 2019), class \
coverage — each set of 400 images against 400 held-out digits, repeated \
with fresh draws, next to the data floor (training digits against held-out ones) and next to chapter 1's \
autoencoder (code 8) decoding random codes, drawn as chapter 1 drew them: from a Gaussian fitted to its \
training codes, and uniformly from their bounding box. Blurred real digits calibrate what blur alone costs.
""")
let classifier = DigitClassifier(using: &chapter.random)
let classifierTrainer = DigitClassifierTrainer(classifier, images: train.images, labels: train.labels)
try chapter.train("digit classifier", steps: classifierTrainer.settings.steps) { step in try classifierTrainer.step(step, using: &chapter.random) }
let accuracy = classifier.accuracy(images: test.images, labels: test.labels)
chapter.check("held-out accuracy of the digit classifier", measured: accuracy, atLeast: 0.95,
              why: "a classifier whose features judge digits must tell them apart (binomial SE on \(test.count) images: \(formatNumber((accuracy * (1 - accuracy) / Double(test.count)).squareRoot(), digits: 2))); chance is 0.1")
let codes8 = autoencoder8.encode(train.images)
let fittedCodes: FittedGaussian
do { fittedCodes = try FittedGaussian(fitting: codes8) } catch { Chapter.stop("\(error)") }
let codeBox = (low: -(-codes8).max(alongAxis: 0), high: codes8.max(alongAxis: 0))
let fittedMeans: FittedGaussian, trainPosterior = vae.encode(train.images)
do { fittedMeans = try FittedGaussian(fitting: trainPosterior.mean) } catch { Chapter.stop("\(error)") }
let qualityCount = 400, qualityRepeats = quick ? 4 : 10
let quality = try DigitQualityComparison(sampleCount: qualityCount, repeats: qualityRepeats, real: train.images, heldOut: test.images, classifier: classifier, samplers: [
    ("VAE: mean images decode(z), z ~ N(0, I)", { n, random in vae.sample(n, using: &random) }),
    ("VAE: x ~ p(x | z), z ~ N(0, I)", { n, random in vae.likelihood.sample(outputs: vae.decoderOutputs(vae.sampleLatents(n, using: &random)), using: &random) }),
    ("autoencoder: Gaussian-fitted random codes", { n, random in autoencoder8.decoder(fittedCodes.sample(n, using: &random)) }),
    ("autoencoder: uniform codes in the box", { n, random in autoencoder8.decoder(codeBox.low + (codeBox.high - codeBox.low) * Tensor.uniform([n, 8], using: &random)) }),
    ("VAE: decode(z), z ~ Gaussian fitted to the posterior means", { n, random in vae.decode(fittedMeans.sample(n, using: &random)) }),
    ("training digits, blurred (3 × 3)", { n, random in DigitCorruptions.blurred(train.images.randomRows(n, using: &random), strength: 1) }),
], using: &chapter.random)
chapter.table(["\(qualityCount) images", "FDD ± spread", "FDD ÷ floor", "precision", "recall", "classes (fewest)", "effective classes"],
              quality.rows.indices.map { qualityRow(quality.rows[$0].name, quality.rows[$0].quality, floor: quality.floor, isFloor: $0 == 0) },
              caption: "Means over \(qualityRepeats) repeats; the ratio's ± is its delta-method SE. Every repeat draws its \(qualityCount) reference digits from the same \(test.count) held-out ones, so the spread leaves out how much another held-out set would move the numbers.")
let (vaeQuality, vaeDrawQuality, gaussianCodesQuality, boxQuality, fittedMeansQuality) = (quality.rows[1].quality, quality.rows[2].quality, quality.rows[3].quality, quality.rows[4].quality, quality.rows[5].quality)
let ratioOf = { (q: DigitSampleQuality) in q.frechetRatio(over: quality.floor).value }
let againstAutoencoder = separation(vaeQuality.frechetDistance, gaussianCodesQuality.frechetDistance)
let densityAtDraws = [vae.sampleLatents(qualityCount, using: &chapter.random), fittedMeans.sample(qualityCount, using: &chapter.random)].map { SampleSummary(aggregatePosteriorLogDensity(trainPosterior, at: $0)) }
chapter.prose("""
The VAE's prior samples sit at \(formatNumber(ratioOf(vaeQuality), digits: 3)) times the data floor's FDD as mean images and \
\(formatNumber(ratioOf(vaeDrawQuality), digits: 3)) times as draws from p(x | z), against \(formatNumber(ratioOf(boxQuality), digits: 3)) for chapter 1's \
autoencoder decoding codes from the box — the garbage of chapter 1's holes. Yet the same autoencoder decoding codes from a \
Gaussian fitted to its own codes reaches \(formatNumber(ratioOf(gaussianCodesQuality), digits: 3)), \(abs(againstAutoencoder) < 4 ? "no different from the VAE within 4 SE" : againstAutoencoder > 0 ? "better than the VAE by \(formatNumber(againstAutoencoder, digits: 3)) SE" : "worse than the VAE by \(formatNumber(-againstAutoencoder, digits: 3)) SE"): \
once a density is fitted to its codes after training, an autoencoder is a generative model too (Ghosh et al., 2020). \
The KL term pulls the *average* posterior towards N(0, I) but need not make the two equal (Hoffman & Johnson, 2016; \
Rosca et al., 2018); decoding codes from a Gaussian fitted to the VAE's own posterior means instead of the prior gives \
\(formatNumber(ratioOf(fittedMeansQuality), digits: 3)) times the floor, \(exPostSentence(separation(vaeQuality.frechetDistance, fittedMeansQuality.frechetDistance), atPrior: densityAtDraws[0], atFitted: densityAtDraws[1])).
""")
if !quick {   // 400 quick steps leave the VAE far from these bounds; the quick run only shows the table
    chapter.check("FDD: chapter 1's autoencoder on codes from the box minus the VAE's prior samples (mean images), in SE of the difference",
                  measured: separation(boxQuality.frechetDistance, vaeQuality.frechetDistance), atLeast: 4,
                  why: "4 SE over the \(qualityRepeats) repeats: a prior to sample from is what the plain autoencoder lacked (its box codes: \(formatNumber(boxQuality.frechetDistance.mean, digits: 3)), the VAE: \(formatNumber(vaeQuality.frechetDistance.mean, digits: 3)))")
    let classCounts = quality.rows.map { formatNumber($0.quality.effectiveClassCount.mean, digits: 3) }
    chapter.check("effective number of classes exp(H) of the VAE's prior samples (mean images) minus that of chapter 1's autoencoder on box codes, in SE of the difference",
                  measured: separation(vaeQuality.effectiveClassCount, boxQuality.effectiveClassCount), atLeast: 4,
                  why: "H the entropy of the classifier's predicted digits, so exp(H) = 10 for an even spread and 1 for a single digit; 4 SE over the \(qualityRepeats) repeats. Measured: the floor \(classCounts[0]), the VAE \(classCounts[1]), the box codes \(classCounts[4]), blurred training digits \(classCounts[6]). The check fails for any sampler no more class-diverse than the box codes; blur is no such baseline (its merged classes can fall either side of the box codes': here \(formatNumber(separation(quality.rows[6].quality.effectiveClassCount, boxQuality.effectiveClassCount), digits: 3)) SE)")
}
chapter.figure(samplesFigure(heldOut: test.images.gatherRows(pairs.flatMap { [$0.0, $0.1] } + (0..<4).map { test.labels.firstIndex(of: [1, 3, 5, 8][$0])! }),
                             vae: vae, autoencoder: autoencoder8, codes: fittedCodes, using: &chapter.random), name: "samples", caption: """
    Rows: held-out digits; their VAE reconstructions decode(μ(x)); VAE prior samples as mean images; the same codes with a draw \
    from p(x | z); chapter 1's autoencoder decoding Gaussian-fitted random codes.
    """)

// MARK: - 6. Posterior collapse

chapter.section("6. Posterior collapse, and keeping units alive")
chapter.prose("""
The KL term charges every latent dimension for the information it carries. A dimension the decoder does not \
use costs nothing in reconstruction, and its KL is smallest when q(z_u | x) = p(z_u) = N(0, 1) for every x: \
the dimension *collapses* onto the prior and carries nothing. Burda et al. (2016) count the dimensions still \
in use by how much their posterior mean moves with the data, the *activity* A_u = Cov_x(E_q[z_u]), \
a unit being active if A_u > 0.01. The KL of each dimension, averaged over the n data points, is a related \
quantity in nats but not the same one. For q(z_u | x) = N(μ_u(x), σ_u²(x)), since σ² − 1 − log σ² ≥ 0 and a mean \
square is at least a variance (A_u being the unbiased one),
""")
chapter.equation(#"\mathrm{KL}_u = \mathbb{E}_x\Big[\tfrac12\big(\mu_u^2 + \sigma_u^2 - 1 - \log\sigma_u^2\big)\Big] \ge \tfrac12\,\mathbb{E}_x\big[\mu_u^2\big] \ge \tfrac12\big(1 - \tfrac1n\big)A_u,"#,
                 plain: "KL_u = E_x[½(μ_u² + σ_u² − 1 − log σ_u²)] ≥ ½ E_x[μ_u²] ≥ ½(1 − 1/n) A_u,")
chapter.prose("""
so every active unit carries more than ½(1 − 1/n)·0.01 ≈ 0.005 nats, but not conversely: a unit can carry KL \
without activity, spending it on variances σ_u²(x) away from the prior's 1, or on a mean that is the same non-zero \
number for every x. Early in training, before the decoder has learnt to use a dimension, the KL's pull is \
already there; two standard remedies weaken it. *KL warm-up* (Bowman et al., 2016; Sønderby et al., 2016) \
multiplies the KL by a weight β_t rising linearly from 0 to 1; *free bits* (Kingma et al., 2016) let each \
dimension keep λ nats of KL (averaged over the batch) for free.
""")
chapter.listing("elbo-objective", fromLibraryFile: "Sources/VariationalAutoencoders/ELBOObjective.swift")
chapter.listing("active-units", fromLibraryFile: "Sources/VariationalAutoencoders/ActiveUnits.swift")
let warmUpSteps = vaeSteps / 2, freeNats = 0.5
chapter.prose("""
We train the VAE of section 4 twice more, from the same initial weights and on the same minibatches and \
noise: once with the KL weight warming up over the first \(warmUpSteps) steps, once with λ = \(formatNumber(freeNats)) free \
nats per dimension. Only the training objective differs; every number below is the true ELBO on the held-out digits.
""")
let warmRun = try trainVAE("VAE, KL warm-up", latentSize: latentSize, hidden: hidden, steps: vaeSteps, objective: ELBOObjective(warmUpSteps: warmUpSteps),
                           seeds: collapseSeeds, on: train.images)
let freeRun = try trainVAE("VAE, free bits", latentSize: latentSize, hidden: hidden, steps: vaeSteps, objective: ELBOObjective(freeBitsPerDimension: freeNats),
                           seeds: collapseSeeds, on: train.images)
let collapseRuns = [("standard ELBO (section 4, fresh draws)", vae, vaeTrainer), ("KL warm-up over \(warmUpSteps) steps", warmRun.model, warmRun.trainer),
                    ("free bits, λ = \(formatNumber(freeNats)) nats", freeRun.model, freeRun.trainer)]
let collapse = collapseRuns.map { CollapseSummary($0.0, $0.1, data: test.images, using: &chapter.random) }
chapter.table(["objective", "active units (of \(latentSize))", "units with KL_u > ½(1 − 1/n)·0.01", "of them inactive", "held-out ELBO", "E_q log p(x | z)", "KL", "L_100"],
              collapse.map { [$0.name, $0.units.count, $0.unitsAboveThreshold, $0.inactiveWithKL.count, "\(formatNumber($0.evaluation.meanELBO, digits: 5)) ± \(formatNumber($0.evaluation.standardError, digits: 2))",
                              $0.evaluation.meanReconstruction, $0.evaluation.meanKL, $0.bound.mean] },
              caption: "Held-out digits (n = \(test.count), so the KL threshold is \(formatNumber(collapse[0].klThreshold, digits: 3)) nats); KL and activities per dimension in the figure below.")
let withoutActivity = collapse.flatMap { run in run.inactiveWithKL.map { (kl: run.evaluation.klPerDimension[$0], spread: run.spreadKL[$0], activity: run.units.activities[$0]) } }
chapter.prose("""
\(collapse.map(\.activeWithoutKL).reduce(0, +) == 0 ? "As the inequality demands, every active unit carries more than the threshold." : "\(collapse.map(\.activeWithoutKL).reduce(0, +)) active units sit at or below the threshold, by rounding.") \
\(withoutActivity.isEmpty ? "The converse holds here too: no inactive unit carries more than the threshold." : "The converse fails for \(collapse.map { "\($0.inactiveWithKL.count)" }.joined(separator: ", ")) units of the three runs, inactive yet above the threshold: \(withoutActivity.map { "A_u = \(formatNumber($0.activity, digits: 2)) with KL_u = \(formatNumber($0.kl, digits: 3)) nats, \(formatNumber($0.kl - $0.spread, digits: 2)) of it in the mean's part ½E_x[μ_u²] and \(formatNumber($0.spread, digits: 2)) on variances off the prior's" }.joined(separator: "; ")).\(withoutActivity.allSatisfy { $0.activity > 0.005 } ? " \(withoutActivity.count == 1 ? "It is a borderline unit" : "They are borderline units"), with activity a hair below the threshold, not units that spend their KL on variances." : "")") \
So the two counts answer different questions: A_u whether the code moves with the image, KL_u what the unit costs.
""")
let reconstructionGains = [1, 2].map { pairedDifference(collapse[$0].evaluation.reconstruction, collapse[0].evaluation.reconstruction) }, warmGain = reconstructionGains[0]
let elboChanges = [1, 2].map { pairedDifference(collapse[$0].evaluation.elbo, collapse[0].evaluation.elbo) }
chapter.check("free bits: active units", measured: Double(collapse[2].units.count), atLeast: Double(latentSize),
              why: "measured, not implied: a unit kept at λ = \(formatNumber(freeNats)) nats of KL could spend them on its variances with A_u = 0 (the inequality runs one way). Its least active unit has A_u = \(formatNumber(collapse[2].units.activities.min()!, digits: 2)), against the threshold 0.01; the standard ELBO, from the same weights, batches and noise, keeps \(collapse[0].units.count) of \(latentSize) active")
if !quick {   // 400 quick steps are too few for units to collapse, or for warm-up to tell
    chapter.check("standard ELBO: units left inactive (A_u ≤ 0.01)", measured: Double(latentSize - collapse[0].units.count), atLeast: Double(latentSize / 8),
                  why: "collapse shown: at least k/8 of the k = \(latentSize) units switched off, their KL \(formatNumber(collapse[0].inactiveKL, digits: 2)) nats in total")
    chapter.check("KL warm-up: active units minus the standard ELBO's", measured: Double(collapse[1].units.count - collapse[0].units.count), atLeast: Double(latentSize / 8),
                  why: "warm-up keeps at least k/8 of the units that the standard objective switches off (same initial weights, batches and noise), the size of the collapse the previous check demands; units near the threshold 0.01 make either count move by a few between seeds")
    chapter.check("KL warm-up: held-out reconstruction term minus the standard ELBO's, in SE of the paired difference", measured: warmGain.mean / warmGain.standardError, atLeast: 4,
                  why: "the kept units carry information the decoder uses: \(formatNumber(warmGain.mean, digits: 3)) ± \(formatNumber(warmGain.standardError, digits: 2)) nats per image")
}
chapter.prose("""
Do the remedies make a better model? Measured by the held-out ELBO, \(elboSentence(elboChanges, names: ["warm-up", "free bits"])). \
The reconstruction term changes by \(reconstructionGains.map { "\(formatNumber($0.mean, digits: 3)) ± \(formatNumber($0.standardError, digits: 2))" }.joined(separator: " and ")) nats, \
and the KL by \([1, 2].map { formatNumber(collapse[$0].evaluation.meanKL - collapse[0].evaluation.meanKL, digits: 3) }.joined(separator: " and ")): \
the units kept alive carry information, and the KL charges for every nat of it. \(collapseVerdict(elboChanges)) Collapse becomes a disease when the decoder is powerful enough to model the data without z — an \
autoregressive decoder over the pixels (Bowman et al., 2016; Chen et al., 2017) — and then the remedies above are \
what keeps the code in use at all.
""")
chapter.figure(collapseFigure(collapse), name: "posterior_collapse", caption: """
    Each latent dimension's activity A_u (left) and average KL (right), sorted, for the three objectives; the dashed line is \
    Burda et al.'s threshold 0.01 and λ = \(formatNumber(freeNats)). The standard ELBO leaves \(latentSize - collapse[0].units.count) of \(latentSize) units inactive.
    """)
chapter.figure(elboTermsFigure(collapseRuns.map { ($0.0, $0.2.history) }), name: "elbo_terms", caption: """
    The ELBO's terms on the training batches during training (means over 50 steps): reconstruction E_q log p(x | z), KL(q ‖ p(z)) \
    and the ELBO, for the three objectives. Each panel's vertical range fits the steps after the first tenth of training, so the first \
    steps (hundreds of nats lower, and warm-up's early KL peak) run off the panel.
    """)

// MARK: - Exercises

chapter.exercises(exercises)
chapter.finish()
