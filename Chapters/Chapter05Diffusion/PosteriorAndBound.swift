import DiffusionModels
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 2: q(x_{t−1} | x_t, x₀) against a regression on simulated pairs; the bound's terms against a direct estimate.

func posteriorAndBoundSection() throws {
    chapter.prose("""
    To run the chain backwards we need q(x_{t−1} | x_t), which depends on the whole data distribution. Given x₀ \
    as well it is Gaussian — Bayes' rule multiplies two Gaussians in x_{t−1}, q(x_t | x_{t−1}) and q(x_{t−1} | x₀) — \
    with a mean linear in x₀ and x_t:
    """)
    chapter.equation(#"q(x_{t-1} \mid x_t, x_0) = \mathcal{N}\big(c_0 x_0 + c_t x_t,\ \tilde\beta_t I\big), \quad c_0 = \frac{\sqrt{\bar\alpha_{t-1}}\,\beta_t}{1-\bar\alpha_t},\ c_t = \frac{\sqrt{\alpha_t}\,(1-\bar\alpha_{t-1})}{1-\bar\alpha_t},\ \tilde\beta_t = \frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\,\beta_t."#,
                     plain: "q(x_{t−1} | x_t, x₀) = N(c₀x₀ + c_t x_t, β̃_t I),  c₀ = √ᾱ_{t−1}β_t/(1 − ᾱ_t),  c_t = √α_t(1 − ᾱ_{t−1})/(1 − ᾱ_t),  β̃_t = (1 − ᾱ_{t−1})β_t/(1 − ᾱ_t)")
    let schedule = DiffusionSchedule.linear(steps: 1_000), x0Value = 0.8, pairs = quick ? 20_000 : 200_000
    var zScores: [Double] = [], wrongVarianceZ: [Double] = []
    var rows: [[any TableCell]] = []
    for t in [2, 50, 500] {
        // Simulate x_{t−1} ~ q(x_{t−1} | x₀) in closed form, then x_t by one chain step, and regress x_{t−1} on x_t.
        let x0 = Tensor(repeating: Float(x0Value), shape: [pairs, 1])
        let previous = schedule.noised(x0: x0, timestep: t - 1, noise: Tensor.normal([pairs, 1], using: &chapter.random))
        let current = schedule.chainStep(previous: previous, t: t, noise: Tensor.normal([pairs, 1], using: &chapter.random))
        let line = LeastSquaresLine(x: current.doubles, y: previous.doubles)
        let exact = schedule.posterior(t: t)
        let varianceSE = line.residualVariance * (2 / Double(pairs - 2)).squareRoot()
        zScores += [abs(line.slope - exact.noisyCoefficient) / line.slopeStandardError,
                    abs(line.intercept - exact.cleanCoefficient * x0Value) / line.interceptStandardError,
                    abs(line.residualVariance - exact.variance) / varianceSE]
        wrongVarianceZ.append(abs(line.residualVariance - schedule.beta(t)) / varianceSE)
        rows.append([t, exact.noisyCoefficient, line.slope, exact.cleanCoefficient * x0Value, line.intercept, exact.variance, line.residualVariance, schedule.beta(t)])
    }
    chapter.table(["t", "c_t", "fitted slope", "c₀x₀", "fitted intercept", "β̃_t", "residual variance", "β_t"], rows,
                  caption: "x₀ = \(formatNumber(x0Value)) in one dimension; \(pairs) simulated pairs (x_{t−1}, x_t) per row, x_{t−1} regressed on x_t by least squares.")
    chapter.check("largest |regression − closed form| over slope, intercept and residual variance at t = 2, 50, 500, in SE", measured: zScores.max()!, atMost: 4,
                  why: "the least-squares SEs of slope and intercept, and √(2/(n − 2)) times the residual variance for its SE (Gaussian residuals); 9 comparisons at 4 SE. Taking β_t for the variance instead of β̃_t is \(formatNumber(wrongVarianceZ.max()!, digits: 3)) SE away at the largest (at t = 2, where the two differ most)")

    chapter.prose("""
    The reverse model imitates this posterior without x₀: p_θ(x_{t−1} | x_t) = N(μ_θ(x_t, t), σ_t²I), with the \
    network predicting the noise ε in x_t and μ_θ = (x_t − β_t ε̂/√(1 − ᾱ_t))/√α_t, the posterior mean with x₀ \
    replaced by its estimate (x_t − √(1 − ᾱ_t)ε̂)/√ᾱ_t. The negative log-likelihood is bounded by a sum of terms, \
    all but the last a KL divergence between Gaussians (Sohl-Dickstein et al., 2015; Ho et al., 2020):
    """)
    chapter.equation(#"-\log p_\theta(x_0) \le \underbrace{\mathrm{KL}\big(q(x_T|x_0)\,\|\,p(x_T)\big)}_{L_T} + \sum_{t=2}^{T} \underbrace{\mathbb{E}_q\,\mathrm{KL}\big(q(x_{t-1}|x_t,x_0)\,\|\,p_\theta(x_{t-1}|x_t)\big)}_{L_{t-1}} \underbrace{-\ \mathbb{E}_q \log p_\theta(x_0|x_1)}_{L_0}."#,
                     plain: "−log p_θ(x₀) ≤ L_T + Σ_{t=2}^T L_{t−1} + L₀,  L_T = KL(q(x_T|x₀) ‖ p(x_T)), L_{t−1} = E_q KL(q(x_{t−1}|x_t,x₀) ‖ p_θ(x_{t−1}|x_t)), L₀ = −E_q log p_θ(x₀|x₁)")
    chapter.prose("""
    With x_t = √ᾱ_t x₀ + √(1 − ᾱ_t)ε, the two Gaussians of L_{t−1} share their variance when σ_t² = β̃_t, and \
    their means differ by β_t(ε − ε̂)/√(α_t(1 − ᾱ_t)), so L_{t−1} = E_q[λ_t‖ε − ε̂‖²] with λ_t = β_t²/(2σ_t²α_t(1 − ᾱ_t)): \
    the bound is a weighted noise-prediction loss. Ho et al. found that dropping the weights — the *simple* loss \
    E‖ε − ε̂(x_t, t)‖² with t uniform — trains better samples; it moves weight away from small t, where λ_t is largest.
    """)
    chapter.listing("denoising-loss", fromLibraryFile: "Sources/DiffusionModels/DenoisingLoss.swift")
    // The bound on Gaussian data with the exact denoiser, where log p is known: every term is computable.
    let lossModel = GaussianDataDenoiser(mean: [1.0, -0.5], standardDeviation: 0.5, schedule: DiffusionSchedule.linear(steps: 1_000))
    let lossData = Tensor(shape: [20_000, 2], scalars: (0..<40_000).map { Float([1.0, -0.5][$0 % 2] + 0.5 * chapter.random.normalDouble()) })
    let lossSteps = [1, 10, 100, 300, 1_000]
    let measuredLosses = perTimestepLoss(model: lossModel, data: lossData, timesteps: lossSteps, using: &chapter.random)
    let lossZ = zip(lossSteps, measuredLosses).map { abs($1.mean - lossModel.minimumLoss(t: $0)) / $1.standardError }
    let zeroPredictorZ = zip(lossSteps, measuredLosses).map { abs($1.mean - 2) / $1.standardError }.max()!
    chapter.check("the perfect predictor's denoising loss at t = \(lossSteps.map(String.init).joined(separator: ", ")) against its minimum 2ᾱ_tσ_d²/(ᾱ_tσ_d² + 1 − ᾱ_t), largest gap in SE",
                  measured: lossZ.max()!, atMost: 4,
                  why: "Monte Carlo over 20,000 draws of (x₀, ε) against the closed form E‖ε − E[ε|x_t]‖² = Σ Var(ε|x_t), the posterior variance of the noise for Gaussian data (the floor a network's loss curve approaches); 4 SE. The predictor ε̂ = 0, whose expected loss is the dimension 2, is up to \(formatNumber(zeroPredictorZ, digits: 3)) SE from the measured values (far at large t, where x_t is mostly noise; close at t = 1, where the noise is a sliver and the best guess is nearly 0 too)")

    let short = DiffusionSchedule.linear(steps: 50), mean = [1.0, -0.5], spread = 0.5
    let exactModel = GaussianDataDenoiser(mean: mean, standardDeviation: spread, schedule: short)
    let examples = quick ? 1_000 : 4_000
    let data = Tensor(shape: [examples, 2], scalars: (0..<(2 * examples)).map { Float(mean[$0 % 2] + spread * chapter.random.normalDouble()) })
    let terms = elboTerms(model: exactModel, x0: data, using: &chapter.random)
    let direct = directELBOEstimate(model: exactModel, x0: data, using: &chapter.random)
    let exactNLL = exactModel.negativeLogLikelihood(data)
    let betaVariance = elboTerms(model: exactModel, x0: data, variance: .beta, using: &chapter.random)
    let routes = pairedDifference(terms.negativeELBO.map { -$0 }, direct), gap = pairedDifference(terms.negativeELBO, exactNLL)
    chapter.table(["term (nats per example, mean ± SE)", "value"],
                  [["L_T, prior", summaryText(terms.prior)], ["Σ L_{t−1}, the \(short.steps - 1) step KLs", summaryText(terms.totalStepKL)],
                   ["E log p_θ(x₀ | x₁), reconstruction (L₀ is its negative)", summaryText(terms.reconstruction)], ["−ELBO = L_T + Σ L_{t−1} + L₀", summaryText(terms.negativeELBO)],
                   ["−(direct estimate of the ELBO over whole chains)", summaryText(direct.map { -$0 })],
                   ["−ELBO with σ_t² = β_t instead (sum of terms)", summaryText(betaVariance.negativeELBO)], ["−log q(x₀), the data's own density (no model does better on average)", summaryText(exactNLL)]],
                  caption: "Data N(m, σ_d²I) with m = (1, −0.5) and σ_d = 0.5, \(examples) examples, T = \(short.steps) linear steps, and the exact noise predictor for this law, ε̂ = √(1 − ᾱ_t)(x_t − √ᾱ_t m)/(ᾱ_t σ_d² + 1 − ᾱ_t); σ_t² = β̃_t unless stated.")
    chapter.check("ELBO as the sum of its terms minus the direct Monte Carlo estimate over whole chains, in SE of the paired difference",
                  measured: abs(routes.mean) / routes.standardError, atMost: 4,
                  why: "two unbiased estimators of one expectation: the terms integrate each step's Gaussian in closed form at one x_t per step, the direct route draws the whole chain x_{1:T} ~ q and evaluates log p_θ(x_{0:T}) − log q(x_{1:T}|x₀). A sum that dropped the reconstruction term L₀ would be off by \(formatNumber(abs(SampleSummary(terms.reconstruction).mean) / routes.standardError, digits: 3)) SE; one that dropped the prior term L_T (\(formatNumber(terms.prior.mean, digits: 2)) nats here, since ᾱ_T = \(formatNumber(short.alphaBar(short.steps), digits: 2))) could not be told apart")
    let identityErrors = (2...short.steps).flatMap { t in
        zip(terms.stepKL(t: t), terms.squaredErrors[t - 2]).map { abs($0 - short.epsilonWeight(t: t, variance: .posterior) * $1) / max($0, 1e-300) } }
    chapter.prose("""
    The identity L_{t−1} = λ_t‖ε − ε̂‖² holds draw by draw: over all steps and examples the KL between the two \
    Gaussians and the weighted squared noise error differ by at most \(formatNumber(identityErrors.max()!, digits: 2)) relative (double rounding; \
    it is algebra, not evidence, so it is shown rather than checked).
    """)
    // The sampler with the perfect predictor: its output law is Gaussian and known exactly (the steps are affine).
    let fewSteps = short.respaced(steps: 10), sampler = AncestralSampler(schedule: fewSteps)
    let law = exactModel.ancestralOutputLaw(sampler: sampler), draws = quick ? 20_000 : 400_000
    let output = sampler.sample(model: exactModel, count: draws, using: &chapter.random).samples
    var lawZ: [Double] = [], dataLawZ: [Double] = []
    for j in 0..<2 {
        let column = (0..<draws).map { Double(output[$0, j]) }, summary = SampleSummary(column), varianceSE = varianceStandardError(column)
        lawZ += [abs(summary.mean - law[j].mean) / summary.standardError, abs(column.unbiasedVariance - law[j].variance) / varianceSE]
        dataLawZ.append(abs(column.unbiasedVariance - spread * spread) / varianceSE)
    }
    // The commonest sampler slip: noise added at the last step too, which adds σ₁² to the output variance.
    let lastStepNoise = ReverseVariance.posterior.value(at: 1, in: fewSteps)
    let slipZ = lastStepNoise / varianceStandardError((0..<draws).map { Double(output[$0, 0]) })
    chapter.check("\(draws) ancestral samples in 10 respaced steps with the perfect predictor: largest |sample mean or variance − the sampler's exact output law|, in SE", measured: lawZ.max()!, atMost: 4,
                  why: "each reverse step is affine in x plus Gaussian noise, so the output is Gaussian with a mean and variance that a recursion gives exactly (an independent route to the same numbers); 4 SE of a mean and of a sample variance. A sampler that also added noise at the last step would be \(formatNumber(slipZ, digits: 3)) SE away; the data law itself (variance \(formatNumber(spread * spread, digits: 3)), against the sampler's \(formatNumber(law[0].variance, digits: 3))) is \(formatNumber(dataLawZ.max()!, digits: 3)) SE away")
    let varianceRows = [10, 25, short.steps].map { k -> [any TableCell] in
        let laws = ReverseVariance.allCases.map { exactModel.ancestralOutputLaw(sampler: AncestralSampler(schedule: k == short.steps ? short : short.respaced(steps: k), variance: $0))[0].variance }
        return [k, laws[0], laws[1]]
    }
    chapter.table(["sampling steps K (of T = \(short.steps))", "output variance, σ_t² = β̃_t", "output variance, σ_t² = β_t"], varianceRows,
                  caption: "Exact output variances of the ancestral sampler with the perfect predictor (the data's variance is \(formatNumber(spread * spread)), from the recursion; no sampling. The β̃ choice shrinks the output, the β choice inflates it, and both errors fall with K.")
    let betaGap = pairedDifference(betaVariance.negativeELBO, exactNLL)
    chapter.prose("""
    The small variance β̃_t is the one the checks above used; with few steps it leaves the samples too narrow, and \
    β_t leaves them too wide — part of what ten steps cost is this choice, not the number of steps itself. \
    Even with the perfect noise predictor the bound sits \(formatNumber(gap.mean, digits: 3)) ± \(formatNumber(gap.standardError, digits: 2)) nats above the \
    data's own −log q(x₀) when σ_t² = β̃_t, but only \(formatNumber(betaGap.mean, digits: 3)) ± \(formatNumber(betaGap.standardError, digits: 2)) when σ_t² = β_t: with \
    T = \(short.steps) steps the true reverse step of this law has a variance close to β_t, several times β̃_t at small t, so a \
    Gaussian with the smaller variance pays for every draw it cannot reach. (The gap mixes the bound's slack with the \
    model's own distance from q, KL(q ‖ p_θ), which for the perfect predictor is a few hundredths of a nat.) Ho et al. found the two choices give \
    samples of similar quality with T = 1,000 steps, where the table's variances nearly agree; the bound distinguishes them.
    """)
}

/// "mean ± SE" of a list of per-example values.
func summaryText(_ values: [Double]) -> String {
    let summary = SampleSummary(values)
    return "\(formatNumber(summary.mean, digits: 4)) ± \(formatNumber(summary.standardError, digits: 2))"
}
