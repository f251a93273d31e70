import Foundation
import Distributions
import Metrics
import NeuralLayers
import Notebook
import Plotting
import ScoreBasedModels
import Statistics

// Chapter 12 — The score-SDE view: energy models, score matching, Langevin dynamics and diffusion as one theory.

let chapter = Chapter(
    number: 12, title: "The score-SDE view",
    summary: """
    Diffusion models, score matching and Langevin dynamics are one idea seen from three sides. Noise the \
    data with a stochastic differential equation; learn the score of every noised distribution by \
    denoising; then run the equation backwards, as an SDE or as an ODE with the same marginals. The ODE \
    even gives exact likelihoods. This chapter derives each piece, checks it against closed forms on \
    Gaussians and Gaussian mixtures, and trains it on 2-D data.
    """)
let quick = chapter.isQuick

chapter.section("1. Noising as a stochastic differential equation")
chapter.prose("""
A diffusion model destroys data gradually by adding noise. Take the number of noise levels to infinity \
and the chain becomes a stochastic differential equation on t ∈ [0, 1] for x ∈ ℝᵈ (d = 2 throughout this \
chapter), with a drift f and a diffusion coefficient g (Song et al., 2021). Two choices cover the classic models:
""")
chapter.equation(
    #"\mathrm{d}x = f(x, t)\,\mathrm{d}t + g(t)\,\mathrm{d}W, \qquad \text{VP: } f = -\tfrac12\beta(t)\,x,\ g = \sqrt{\beta(t)}; \qquad \text{VE: } f = 0,\ g = \eta(t)\sqrt{2\ln(\sigma_{\max}/\sigma_{\min})}"#,
    plain: "dx = f(x, t) dt + g(t) dW;   VP: f = −½β(t)x, g = √β(t);   VE: f = 0, g = η(t)·√(2 ln(σ_max/σ_min))")
chapter.prose("""
The variance-preserving (VP) SDE, with β(t) rising linearly from β₀ = 0.1 to β₁ = 20, is the continuous \
limit of DDPM (chapter 5): it shrinks the data while adding noise. The variance-exploding (VE) SDE only \
adds noise, on the geometric scale η(t) = σ_min(σ_max/σ_min)ᵗ of chapter 11's annealed Langevin levels. \
Both drifts are linear, f = a(t)x, so the transition from x₀ is Gaussian, x_t = α(t)x₀ + σ(t)ε with \
ε ~ N(0, I), and its moments solve dα/dt = a(t)α and dσ²/dt = 2a(t)σ² + g(t)² from α(0) = 1, σ(0) = 0:
""")
chapter.equation(
    #"\text{VP: } \alpha(t) = e^{-\frac14 t^2(\beta_1-\beta_0) - \frac12 t\beta_0},\ \sigma(t)^2 = 1 - \alpha(t)^2; \qquad \text{VE: } \alpha = 1,\ \sigma(t)^2 = \eta(t)^2 - \sigma_{\min}^2"#,
    plain: "VP: α(t) = exp(−¼t²(β₁ − β₀) − ½tβ₀), σ(t)² = 1 − α(t)²;   VE: α = 1, σ(t)² = η(t)² − σ_min²")

// The chapter's data: eight Gaussians on a circle, with an exact density and score.
let mixture = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.25)
let trainingData = mixture.sample(quick ? 4_000 : 20_000, using: &chapter.random)
// σ_max "suited to the data": the largest distance between two training points, so that at t = 1
// any point could have come from any other (Song & Ermon, 2020).
let largestDistance = Double(Tensor.pairwiseSquaredDistances(trainingData.slice(0..<2_000), trainingData.slice(0..<2_000)).max()).squareRoot()
let vp = VariancePreservingSDE(betaMin: 0.1, betaMax: 20)
let ve = VarianceExplodingSDE(sigmaMin: 0.01, sigmaMax: largestDistance.rounded(.up))
chapter.prose("""
The data are a mixture of eight Gaussians (standard deviation 0.25) on a circle of radius 2. The largest \
distance between two of the first 2,000 training points is \(formatNumber(largestDistance)), so the VE SDE uses \
σ_max = \(formatNumber(ve.sigmaMax)) (Song & Ermon, 2020): at t = 1 the noise must be able to carry any \
data point to any other. We simulate both SDEs from x₀ = (1.5, −0.5) with the Euler–Maruyama method. One \
step is an affine map plus Gaussian noise, so the law of the *simulation* is known exactly as well: its \
mean and variance follow m ← (1 + aΔt)m and V ← (1 + aΔt)²V + g²Δt. The simulation is checked against that \
law, and that law against the closed form as Δt → 0.
""")
chapter.listing("forward-euler-maruyama", fromLibraryFile: "Sources/ScoreBasedModels/ForwardSimulation.swift")

let paths = quick ? 4_000 : 20_000, forwardSteps = quick ? 500 : 1_000
let forwardStart = Tensor.zeros([paths, 2]) + Tensor([1.5, -0.5])
var forwardRows: [[any TableCell]] = []
for sde in [vp, ve] as [any ForwardSDE] {
    let recorded = sde.simulate(from: forwardStart, steps: forwardSteps, snapshots: [0.1, 0.25, 0.5, 1.0], using: &chapter.random)
    for t in [0.1, 0.25, 0.5, 1.0] {
        let moments = BivariateMoments(recorded[t]!), law = sde.eulerMaruyamaLaw(steps: forwardSteps, upTo: t)
        let pooledVariance = (moments.covariance.a + moments.covariance.c) / 2
        let sigma2 = sde.noiseStandardDeviation(t) * sde.noiseStandardDeviation(t)
        forwardRows.append([sde.name, t, moments.mean.x, 1.5 * law.meanFactor, 1.5 * sde.meanScale(t), pooledVariance, law.variance, sigma2])
        if t == 0.5 {
            chapter.check("\(sde.name): mean of x₁ at t = 0.5, simulated vs the Euler–Maruyama law", measured: moments.mean.x,
                          expected: 1.5 * law.meanFactor, tolerance: .standardErrors(4, standardError: (law.variance / Double(paths)).squareRoot()),
                          why: "x₁ is normal with the law's variance v, so its sample mean has SE √(v/n)")
        }
        if t == 0.25 || t == 1.0 {
            chapter.check("\(sde.name): variance at t = \(formatNumber(t)), simulated vs the Euler–Maruyama law", measured: pooledVariance,
                          expected: law.variance, tolerance: .standardErrors(4, standardError: law.variance / Double(paths - 1).squareRoot()),
                          why: "each coordinate's sample variance has SE v√(2/(n−1)); the two coordinates are independent, so their average has v/√(n−1)")
        }
    }
    // Euler–Maruyama is first order: halving Δt halves its error against the exact σ(1)², if the closed form is right.
    let sigma2 = sde.noiseStandardDeviation(1) * sde.noiseStandardDeviation(1)
    let ratio = (sde.eulerMaruyamaLaw(steps: 500, upTo: 1).variance - sigma2) / (sde.eulerMaruyamaLaw(steps: 1_000, upTo: 1).variance - sigma2)
    chapter.check("\(sde.name): closed-form σ(1)² is the Δt → 0 limit (error ratio of 500 vs 1,000 steps)", measured: ratio, expected: 2,
                  tolerance: .absolute(0.1), why: "a first-order scheme's error is CΔt + O(Δt²), so the ratio is 2 up to O(Δt); a wrong closed form leaves a constant error and a ratio near 1")
}
chapter.table(["SDE", "t", "mean x₁ (simulated)", "Euler–Maruyama law", "1.5·α(t)", "variance (simulated)", "Euler–Maruyama law", "σ(t)²"],
              forwardRows, caption: "\(paths) Euler–Maruyama paths (\(forwardSteps) steps) against the exact law of the scheme and the SDE's closed form")

let chainFigure = noisingChainFigure(mixture.sample(1_500, using: &chapter.random), sdes: [vp, ve], times: [0.0, 0.1, 0.25, 0.5, 1.0],
                                     using: &chapter.random)
chapter.figure(chainFigure, name: "noising_chain",
               caption: "Samples of p_t. VP shrinks the data towards N(0, I); VE keeps the data and buries them in noise of growing scale (note the axes).",
               vectorCopy: false)

chapter.section("2. Running the SDE backwards")
chapter.prose("""
Anderson (1982) showed that the time reversal of a diffusion is again a diffusion, whose drift needs one \
thing beyond f and g: the score ∇ₓ log p_t of the noised data at every time.
""")
chapter.equation(
    #"\mathrm{d}x = \big[f(x, t) - g(t)^2\,\nabla_x \log p_t(x)\big]\,\mathrm{d}t + g(t)\,\mathrm{d}\bar W, \qquad t: 1 \to 0"#,
    plain: "dx = [f(x, t) − g(t)²·∇ₓ log p_t(x)] dt + g(t) dW̄,   t running from 1 to 0")
chapter.prose("""
We test the theory where the score is known. For Gaussian data N(μ, Σ), p_t = N(α(t)μ, α(t)²Σ + σ(t)²I), \
whose score −(α²Σ + σ²I)⁻¹(x − αμ) is affine in x. The sampler starts from the prior — N(0, I) for VP, \
N(0, σ_max²I) for VE — and steps down to t_min = 10⁻³, where σ is small but the score still defined. Because the \
score is affine, the law of the sampler's output is again computable exactly (`eulerMaruyamaOutputLaw`), \
with both of its approximations — the finite step and the prior standing in for the true p_1 — and no \
Monte Carlo error; we check the simulation against it and read off what each approximation costs.
""")
chapter.listing("reverse-euler-maruyama", fromLibraryFile: "Sources/ScoreBasedModels/EulerMaruyamaSampler.swift")

let gaussianData = Gaussian(mean: [1, -0.5], covariance: Matrix(rows: [[0.5, 0.3], [0.3, 0.4]]))
let reverseCount = quick ? 5_000 : 20_000
let reverseSampler = EulerMaruyamaSampler(steps: quick ? 250 : 1_000)
var reverseRows: [[any TableCell]] = []
var mismatchSentences: [String] = [], largestShift = 0.0   // the prior's shift of the mean, in SE
for sde in [vp, ve] as [any ForwardSDE] {
    let samples = reverseSampler.sample(ExactScore(data: gaussianData, sde: sde), count: reverseCount, using: &chapter.random)
    let moments = BivariateMoments(samples), law = eulerMaruyamaOutputLaw(data: gaussianData, sde: sde, sampler: reverseSampler)
    let fromTrueMarginal = eulerMaruyamaOutputLaw(data: gaussianData, sde: sde, sampler: reverseSampler, start: gaussianData.marginal(of: sde, at: 1))
    let (c11, c12, c22) = (law.covariance[0, 0], law.covariance[0, 1], law.covariance[1, 1])
    let meanError = (c11 / Double(reverseCount)).squareRoot()
    reverseRows.append([sde.name, moments.mean.x, law.mean[0], fromTrueMarginal.mean[0], moments.covariance.b, c12, fromTrueMarginal.covariance[0, 1]])
    chapter.check("\(sde.name) reverse SDE, exact score: mean of x₁ vs the sampler's exact output law", measured: moments.mean.x, expected: law.mean[0],
                  tolerance: .standardErrors(4, standardError: meanError), why: "the output is normal with the propagated covariance C, so the mean has SE √(C₁₁/n)")
    chapter.check("\(sde.name) reverse SDE, exact score: covariance vs the sampler's exact output law", measured: moments.covariance.b, expected: c12,
                  tolerance: .standardErrors(4, standardError: normalCovarianceStandardError(varianceI: c11, varianceJ: c22, covariance: c12, count: reverseCount)),
                  why: "SE of a bivariate normal's sample covariance, √((C₁₁C₂₂ + C₁₂²)/(n−1))")
    largestShift = max(largestShift, abs(law.mean[0] - fromTrueMarginal.mean[0]) / meanError)
    mismatchSentences.append("\(sde.name): the prior moves the mean of x₁ by \(formatNumber(law.mean[0] - fromTrueMarginal.mean[0])) " +
        "(\(formatNumber((law.mean[0] - fromTrueMarginal.mean[0]) / meanError, digits: 2)) SE at this n) and the finite step moves " +
        "the covariance by \(formatNumber(fromTrueMarginal.covariance[0, 1] - 0.3))")
}
reverseRows.append(["data", 1, 1, 1, 0.3, 0.3, 0.3])
chapter.table(["sampler", "mean x₁ (sampled)", "exact law", "exact law, started from p₁", "covariance (sampled)", "exact law", "exact law, started from p₁"],
              reverseRows, caption: "\(reverseCount) reverse-SDE samples with the exact score, \(reverseSampler.steps) steps")
chapter.prose("""
What each approximation costs, from the exact laws: \(mismatchSentences.joined(separator: "; ")). The VE prior \
N(0, σ_max²I) ignores the data's mean μ, and the reverse dynamics only partly forget it; the shift shrinks \
as σ_max grows compared with the data, which is why σ_max must be large. (For VE the finite step leaves the \
mean exactly unchanged: μ is a fixed point of the mean's recursion.) The two checks test the implementation \
against its exact law; an effect of \(formatNumber(largestShift, digits: 2)) SE at most, like these, is below what they resolve.
""")

chapter.prose("""
The same closed form holds for a mixture: every component is noised separately, so p_t is again a \
mixture, with means α(t)μₖ and covariances α(t)²Σₖ + σ(t)²I, and its score is the responsibility-weighted \
sum of the components' scores. It is the ground truth for everything learned below, so we check it \
against central differences of log p_t.
""")
chapter.equation(
    #"\nabla_x \log p_t(x) = -\sum_k r_k(x)\,\big(\alpha^2\Sigma_k + \sigma^2 I\big)^{-1}(x - \alpha\mu_k), \qquad r_k(x) = \frac{w_k\,\mathcal N_k(x)}{\sum_j w_j\,\mathcal N_j(x)}"#,
    plain: "∇ₓ log p_t(x) = −Σₖ rₖ(x)·(α²Σₖ + σ²I)⁻¹(x − αμₖ),   rₖ = wₖNₖ(x) / Σⱼ wⱼNⱼ(x)")
let largestScoreError = [0.01, 0.1, 0.3, 0.7].map { t in
    mixture.marginal(of: vp, at: t).largestScoreFiniteDifferenceError(at: mixture.marginal(of: vp, at: t).sample(200, using: &chapter.random))
}.max()!
chapter.check("closed-form mixture score vs central differences of log p_t (largest relative error, 800 points)",
              measured: largestScoreError, atMost: 1e-6,
              why: "central differences with h = 10⁻⁵ err by h²|∂³log p|/6 + 10⁻¹⁶|log p|/h, about 10⁻⁹ here; a wrong responsibility or precision errs by order 1")

let exactModel = ExactScore(data: mixture, sde: vp)
var fieldFigure = Figure(rows: 1, columns: 4, width: 1_200, height: 340, title: "The score of p_t over its log-density (VP)")
for (index, t) in [0.02, 0.2, 0.5, 1.0].enumerated() {
    fieldFigure[0, index].field(fieldGrid, vectors: exactModel.score(fieldGrid.points, at: t), over: densityGrid,
                                values: background(mixture.marginal(of: vp, at: t)), title: "t = \(formatNumber(t))")
}
chapter.figure(fieldFigure, name: "score_fields",
               caption: "Arrows: the exact score ∇ log p_t (scaled to the longest), colour: log p_t. Early on the score points into each mode; by t = 1 it is close to the prior's −x.")

chapter.section("3. Learning the score at every noise level")
chapter.prose("""
For real data p_t is unknown, but the transition from x₀ is not: x_t = α(t)x₀ + σ(t)ε with ε ~ N(0, I) has \
the score −ε/σ(t) with respect to x_t. Regressing a network s_θ(x, t) on that target — denoising score matching \
(Vincent, 2011; chapter 10) — gives the true score of p_t. Expand the square around s = ∇log p_t:
""")
chapter.equation(
    #"\mathbb E\,\big\|s_\theta + \tfrac{\varepsilon}{\sigma}\big\|^2 = \mathbb E\,\|s_\theta - s\|^2 + 2\,\mathbb E\big[(s_\theta - s)\cdot\big(s + \tfrac{\varepsilon}{\sigma}\big)\big] + \mathbb E\,\big\|s + \tfrac{\varepsilon}{\sigma}\big\|^2"#,
    plain: "E‖s_θ + ε/σ‖² = E‖s_θ − s‖² + 2E[(s_θ − s)·(s + ε/σ)] + E‖s + ε/σ‖²")
chapter.prose("""
The cross term vanishes: given x_t, the expected noise is E[ε | x_t] = −σ(t)∇log p_t(x_t) (Tweedie's \
formula: Robbins, 1956; Efron, 2011), so E[s + ε/σ | x_t] = 0. The last term does not involve θ. Hence the denoising loss and the \
explicit score error have the same minimiser. The target −ε/σ explodes as t → 0, so the network predicts \
the noise, ε̂(x, t), and s = −ε̂/σ(t); weighting each time by σ(t)² turns the loss into ‖ε̂ − ε‖², chapter 5's \
DDPM loss with ᾱ = α(t)².
""")
let secondMoment = Double(trainingData.squared().mean().scalar)
let network = NoisePredictionNetwork(sde: vp, hidden: 128, hiddenLayers: 3, gaussianPartSecondMoment: secondMoment, using: &chapter.random)
do {
    let batch = trainingData.slice(0..<512), times = Tensor.uniform([512, 1], low: 0.001, high: 1, using: &chapter.random)
    let noise = Tensor.normal([512, 2], using: &chapter.random)
    let sigma = times.map { Float(vp.noiseStandardDeviation(Double($0))) }
    let prediction = network(vp.perturb(batch, times: times, noise: noise), times: times)
    chapter.demonstration("σ²-weighted DSM loss = DDPM's ε-loss on one batch (the same outputs, rewritten)",
                          lhs: Double(((prediction * (-1 / sigma) + noise / sigma).squared() * sigma.squared()).sum().scalar / 512),
                          rhs: Double((prediction - noise).squared().sum().scalar / 512))
}
chapter.prose("""
One design choice helps a small network a great deal. For Gaussian data N(0, σ_d²I) the best noise \
prediction is known, ε̂_G = σ(t)x/(α(t)²σ_d² + σ(t)²), with σ_d² = \(formatNumber(secondMoment)) the data's second \
moment per coordinate. The network is built around it (the preconditioning of Karras et al., 2022): \
ε̂ = ε̂_G + c_out(t)·F(c_in(t)x, t), with c_in = 1/√(α²σ_d² + σ²), so F sees inputs of unit scale at every t, \
and c_out = √(α²σ_d²/(α²σ_d² + σ²)). The exact residual ε̂ − ε̂_G equals (α/σ) times a difference of two \
posterior means of x₀, so it vanishes where p_t is nearly Gaussian, and c_out keeps the network's residual \
small there too. That matters in section 5: at large t the probability-flow ODE is neutrally stable (p_t is \
close to N(0, I) and the flow barely moves the points), so it does not damp errors in the score.
""")
chapter.listing("score-network-trainer", fromLibraryFile: "Sources/ScoreBasedModels/ScoreNetworkTraining.swift")
let trainingSteps = quick ? 5_000 : 15_000
/// Trains `network` on `data` (batches of 1,024 points: the likelihood of section 5 is sensitive to small
/// systematic errors of the score, which larger batches measurably reduce; the quick run takes smaller ones).
func train(_ network: NoisePredictionNetwork, on data: Tensor, label: String, logUniformFraction: Double) throws {
    let settings = ScoreTrainingSettings(steps: trainingSteps, batchSize: quick ? 512 : 1_024,
                                         objective: DenoisingScoreMatching(logUniformFraction: logUniformFraction))
    let trainer = ScoreNetworkTrainer(network, data: data, settings: settings, label: label)
    try chapter.train(label, steps: trainingSteps) { step in try trainer.step(step, using: &chapter.random) }
    trainer.finish()
}
try train(network, on: trainingData, label: "score network on the mixture", logUniformFraction: 0)

chapter.prose("""
How good is the learned score? Here we know the truth, so we measure at every time the relative error \
E‖s_θ − ∇log p_t‖ / E‖∇log p_t‖ over samples of p_t, next to the trivial baseline that the network improves \
on: the Gaussian part ε̂_G alone.
""")
let errorTimes = [0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
let gaussianPart = ExactScore(data: Gaussian(mean: [0, 0], covariance: secondMoment * Matrix.identity(2)), sde: vp)
let scoreErrors = relativeScoreErrors(of: [network, gaussianPart], reference: exactModel, data: mixture, times: errorTimes,
                                      count: quick ? 2_000 : 10_000, using: &chapter.random)
let (learnedErrors, gaussianErrors) = (scoreErrors[0], scoreErrors[1])
chapter.table(["t", "σ(t)", "learned score", "Gaussian part alone", "learned ÷ Gaussian part"],
              errorTimes.indices.map { [errorTimes[$0], vp.noiseStandardDeviation(errorTimes[$0]), learnedErrors[$0], gaussianErrors[$0],
                                        learnedErrors[$0] / gaussianErrors[$0]] },
              caption: "Relative error of the score, E‖s − ∇log p_t‖ / E‖∇log p_t‖")
// Checked where the baseline is a real competitor — its error above 0.3, which depends only on the data —
// so the times are fixed without looking at the network.
for index in errorTimes.indices where gaussianErrors[index] > 0.3 {
    chapter.check("learned score error at t = \(formatNumber(errorTimes[index])), in units of the Gaussian part's error",
                  measured: learnedErrors[index] / gaussianErrors[index], atMost: quick ? 0.75 : 0.5,
                  why: "the network must remove at least half of the error the Gaussian part leaves (a quarter in the shorter quick run); the baseline itself scores 1")
}
let worseTimes = errorTimes.indices.filter { learnedErrors[$0] > gaussianErrors[$0] }.map { errorTimes[$0] }
// Why the network loses there: its excess loss against the noise of the evidence about it near t = 0.7.
let lateGap = denoisingScoreMatchingGap(of: network, exact: exactModel, data: mixture, at: 0.7, count: quick ? 20_000 : 100_000, using: &chapter.random)
let samplesToResolve = pow(lateGap.lossStandardDeviation / lateGap.explicitError, 2)
let samplesDrawn = Double(trainingSteps * (quick ? 512 : 1_024)) * 0.1
chapter.prose("""
The learned score is least accurate at small t, where the score is steep (of size 1/σ(t)) and changes \
within the width of a mode, and between modes p_t is so small that training rarely sees a sample. \
\(worseTimes.isEmpty ? "At every time in the table the network improves on the Gaussian part." : "At t = \(worseTimes.map { formatNumber($0) }.joined(separator: ", ")) the network is worse than the Gaussian part alone, whose error there is tiny.") \
At t = 0.7 the network's excess loss E‖s_θ − ∇log p_t‖² is \(formatNumber(lateGap.explicitError)), while one sample's loss varies by \
\(formatNumber(lateGap.lossStandardDeviation)): seeing that excess at one standard error takes about \(formatNumber(samplesToResolve, digits: 2)) \
samples near that time, against the \(formatNumber(samplesDrawn, digits: 2)) that training drew with t in [0.65, 0.75] — \
\(samplesToResolve > samplesDrawn ? "more than it had, so this residual error is below what training can resolve" : "fewer than it had: the samples were there, so the limit is elsewhere (the optimiser's noise, or one network shared by all times), which this chapter does not measure").
""")

// The identity above with the trained network, on many samples: the per-sample cross term is noisy,
// and the check must resolve the explicit error itself.
let identityCount = quick ? 40_000 : 400_000
let gap = denoisingScoreMatchingGap(of: network, exact: exactModel, data: mixture, at: 0.3, count: identityCount, using: &chapter.random)
chapter.check("at t = 0.3: DSM loss(s_θ) − DSM loss(exact score) vs E‖s_θ − ∇log p_t‖² (\(identityCount) samples)",
              measured: gap.lossDifference, expected: gap.explicitError, tolerance: .standardErrors(4, standardError: gap.differenceStandardError),
              why: "the SE of the mean per-sample difference; the explicit error is \(formatNumber(gap.explicitError / gap.differenceStandardError, digits: 2)) SE, so a zero gap would fail")

let comparisonFigure = scoreComparisonFigure(exact: exactModel, learned: network, data: mixture, times: [0.05, 0.3, 0.7])
chapter.figure(comparisonFigure, name: "learned_vs_exact_score",
               caption: "The network's score −ε̂/σ(t) after \(trainingSteps) steps against the closed form, over log p_t.")
let errorFigure = scoreErrorFigure(times: errorTimes, learned: learnedErrors, baseline: gaussianErrors)
chapter.figure(errorFigure, name: "score_error_vs_time",
               caption: "Score error against time: the network (solid) and the Gaussian part it is built around (dashed).")

chapter.section("4. Three ways to run time backwards")
chapter.prose("""
With a score model, sampling is numerical integration, and the integrator is a choice. **Euler–Maruyama** \
discretises the reverse SDE: one network evaluation (NFE) per step. **Predictor–corrector** (Song et al., \
2021) follows each step with chapter 11's Langevin update at the new time, x ← x + (δ/2)s + √δ·z (δ is \
chapter 11's step size, renamed because ε is the noise here), with δ set so that the drift is a fixed \
fraction of the noise (0.16, the signal-to-noise ratio). The **probability-flow ODE** removes the noise: its continuity equation \
∂p/∂t = −∇·(pv) with v = f − ½g²∇log p_t equals the Fokker–Planck equation ∂p/∂t = −∇·(pf) + ½g²Δp of the \
forward SDE, because ½g²Δp = ∇·(½g²p∇log p). So it moves particles with the same marginals p_t — for the \
exact score. With a learned score the SDE and the ODE define two different models; the likelihoods of \
section 5 belong to the ODE's.
""")
chapter.equation(#"\frac{\mathrm{d}x}{\mathrm{d}t} = f(x, t) - \tfrac12 g(t)^2\,\nabla_x \log p_t(x)"#, plain: "dx/dt = f(x, t) − ½g(t)²·∇ₓ log p_t(x)")

let evaluationCount = 2_000, referenceCount = 10_000, repeats = quick ? 2 : 3
func quality(_ sample: (inout RandomGenerator) -> Tensor) -> MixtureSampleQuality {
    MixtureSampleQuality(of: mixture, repeats: repeats, referenceCount: referenceCount, radius: 0.75, using: &chapter.random, sample: sample)
}
let dataQuality = quality { mixture.sample(evaluationCount, using: &$0) }
/// The data's ring with radius and mode spread scaled: the named wrong laws the bounds are set against.
func wrongLaw(radius: Double = 2, spread: Double = 0.25) -> MixtureSampleQuality {
    quality { GaussianMixture2D.ring(modes: 8, radius: radius, spread: spread).sample(evaluationCount, using: &$0) }
}
let (tooLarge, tooWide, tooNarrow) = (wrongLaw(radius: 2.2), wrongLaw(spread: 0.3), wrongLaw(spread: 0.2))
// Each bound is the midpoint between the data's own value and a named, visibly wrong law's, fixed by
// this rule before any sampler runs.
let distanceBound = (dataQuality.slicedWasserstein.mean + tooLarge.slicedWasserstein.mean) / 2
let widthBand = ((dataQuality.modeWidth.mean + tooNarrow.modeWidth.mean) / 2)...((dataQuality.modeWidth.mean + tooWide.modeWidth.mean) / 2)
chapter.prose("""
Quality has three views, each measured on \(evaluationCount) samples in each of \(repeats) repeats: the sliced \
Wasserstein distance SW₂ (256 directions) to \(referenceCount) fresh data points; the modes covered (a mode counts \
if it receives a quarter of its share within 3 standard deviations); and the mode width, the mean squared \
distance to the nearest mode centre (2 × 0.25² = 0.125 for well-separated modes), which SW₂ on a few thousand \
points barely sees. Fresh data score \(formatNumber(dataQuality.slicedWasserstein.mean)) ± \(formatNumber(dataQuality.slicedWasserstein.spread)) \
on SW₂ (spread over repeats): the floor. To know what each metric can see, visibly wrong laws are measured \
the same way: the ring 10% too large (SW₂ \(formatNumber(tooLarge.slicedWasserstein.mean))), and modes 20% too wide or too \
narrow (widths \(formatNumber(tooWide.modeWidth.mean)) and \(formatNumber(tooNarrow.modeWidth.mean)), against the data's \
\(formatNumber(dataQuality.modeWidth.mean))). A sampler passes if its SW₂ is below the midpoint between the floor and the \
larger ring, \(formatNumber(distanceBound)), and its width lies between the midpoints towards the narrow and the wide \
law, \(formatNumber(widthBand.lowerBound)) to \(formatNumber(widthBand.upperBound)).
""")
let stepCounts = quick ? [25, 100] : [10, 25, 100, 500]
// The corrector doubles the cost of each step, so it stops one step count earlier.
let samplers: [any ReverseTimeSampler] = stepCounts.map { EulerMaruyamaSampler(steps: $0) } + stepCounts.dropLast().map { PredictorCorrectorSampler(steps: $0) }
    + (quick ? [10, 25, 50] : [5, 10, 25, 50, 100]).map { ProbabilityFlowSampler(steps: $0, method: .heun) }
let runs = samplers.map { sampler in (sampler: sampler, quality: quality { sampler.sample(network, count: evaluationCount, using: &$0) }) }
chapter.table(["sampler", "NFE", "SW₂ to fresh data", "spread", "÷ floor (± SE)", "mode width", "fewest modes covered", "samples near a mode"],
              runs.map { samplerRow($0.sampler.name, String($0.sampler.networkEvaluations), $0.quality, floor: dataQuality) }
              + [("fresh data (floor)", dataQuality), ("ring 10% too large", tooLarge), ("modes 20% too wide", tooWide),
                 ("modes 20% too narrow", tooNarrow)].map { samplerRow($0.0, "—", $0.1, floor: dataQuality) },
              caption: "Sample quality against network evaluations (\(evaluationCount) samples, mean over \(repeats) repeats)")
let namedEM = runs.first { $0.sampler is EulerMaruyamaSampler && $0.sampler.networkEvaluations == stepCounts.last! }!
let namedODE = runs.first { $0.sampler is ProbabilityFlowSampler && $0.sampler.networkEvaluations == (quick ? 50 : 100) }!
chapter.check("modes covered by Euler–Maruyama with \(namedEM.sampler.networkEvaluations) steps (fewest over repeats)",
              measured: Double(namedEM.quality.fewestModesCovered), atLeast: 8, why: "a collapsed sampler leaves some modes below a quarter of their share")
for run in [namedEM, namedODE] {
    chapter.check("\(run.sampler.name) with \(run.sampler.networkEvaluations) NFE: mean SW₂ below the floor–larger-ring midpoint",
                  measured: run.quality.slicedWasserstein.mean, atMost: distanceBound, why: "halfway from the data floor to the ring 10% too large, both measured above")
    chapter.check("\(run.sampler.name) with \(run.sampler.networkEvaluations) NFE: mode width vs the data's, within the narrow–wide midpoints",
                  measured: run.quality.modeWidth.mean, expected: (widthBand.lowerBound + widthBand.upperBound) / 2,
                  tolerance: .absolute((widthBand.upperBound - widthBand.lowerBound) / 2),
                  why: "the band runs halfway from the data's width to the widths of modes 20% too narrow and too wide, all measured above")
}
let outsideBand = runs.filter { !widthBand.contains($0.quality.modeWidth.mean) }.map { "\($0.sampler.name) at \($0.sampler.networkEvaluations) NFE" }
let nfeFigure = Figure.qualityAgainstCost([
    QualityMetricPanel(label: "SW₂ to fresh data", series: qualityCurves(runs, \.slicedWasserstein), dataValue: dataQuality.slicedWasserstein.mean, bounds: [distanceBound]),
    QualityMetricPanel(label: "mode width", series: qualityCurves(runs, \.modeWidth), dataValue: dataQuality.modeWidth.mean,
                       bounds: [widthBand.lowerBound, widthBand.upperBound], legendPosition: .bottomRight),
], title: "Sample quality against network evaluations", costLabel: "NFE")
chapter.figure(nfeFigure, name: "nfe_quality", caption: """
Mean over \(repeats) repeats (bands: ± one spread) against network evaluations; grey dashes: the data's own value, coloured dashes: \
the pass bounds. Outside the width band: \(outsideBand.isEmpty ? "none" : outsideBand.joined(separator: ", ")).
""")

chapter.prose("""
The ODE is deterministic, so the same starting noise always gives the same sample, and it can be run \
forwards: data → noise → data should come back to where it started, up to the solver's error. This tests \
the solver and the smoothness of the learned flow, not whether the flow is the right one — every ODE can be \
run back — which the exact-score likelihood of section 5 checks.
""")
let heun = ProbabilityFlowSampler(steps: 100, method: .heun)
let roundTripPoints = mixture.sample(500, using: &chapter.random)
let roundTrip = heun.sample(network, from: heun.encode(roundTripPoints, model: network), using: &chapter.random)
chapter.check("solver check: probability-flow round trip data → noise → data, mean distance (Heun, 100 steps each way)",
              measured: (roundTrip - roundTripPoints).rowNorms().doubles.mean, atMost: 1e-3,
              why: "Heun's global error is O(h²) = 10⁻⁴ at h = 0.01 for a velocity of Lipschitz constant of order one; 10⁻³ allows for β(t) up to 20")

let trajectoryStarts = vp.samplePrior(8, using: &chapter.random)
var sdeSnapshots = [trajectoryStarts], odeSnapshots = [trajectoryStarts], sdeSteps = 0
_ = EulerMaruyamaSampler(steps: 500).sample(network, from: trajectoryStarts, using: &chapter.random) { _, x in
    sdeSteps += 1
    if sdeSteps % 5 == 0 { sdeSnapshots.append(x) }     // every 5th step keeps the plot legible
}
_ = heun.sample(network, from: trajectoryStarts, using: &chapter.random) { _, x in odeSnapshots.append(x) }
let trajectoryFigure = trajectoryComparisonFigure(sde: sdeSnapshots, ode: odeSnapshots, data: mixture)
chapter.figure(trajectoryFigure, name: "sde_vs_ode_trajectories",
               caption: "Eight particles from identical starting noise (circles) to their samples (squares), over the data density: the SDE paths jitter, the ODE paths are smooth.")

chapter.prose("""
A mixture of Gaussians is kind to a network: its score is smooth. The checkerboard — uniform on eight \
squares, with sharp edges and corners — is not. Same network, same loss, with half of each batch's times \
drawn log-uniformly on [10⁻³, 1] to spend more effort at small t, where the edges live (any positive \
weighting of the times has the true score as its optimum, for a network that can represent it, so this \
only moves effort):
""")
if quick {
    chapter.note("Skipped in --quick mode: the checkerboard needs the full training budget to show its edges.")
} else {
    let checkerboardData = Checkerboard().sample(trainingData.rowCount, using: &chapter.random)
    let checkerboardNetwork = NoisePredictionNetwork(sde: vp, hidden: 128, hiddenLayers: 3,
                                                     gaussianPartSecondMoment: Double(checkerboardData.squared().mean().scalar), using: &chapter.random)
    try train(checkerboardNetwork, on: checkerboardData, label: "score network on the checkerboard", logUniformFraction: 0.5)
    let checkerboardSamples = EulerMaruyamaSampler(steps: 500).sample(checkerboardNetwork, count: evaluationCount, using: &chapter.random)
    let onBoard = Checkerboard.fractionOnBoard(checkerboardSamples)
    chapter.check("fraction of checkerboard samples on the board's eight squares", measured: onBoard, atLeast: 0.85,
                  why: "data give 100%, a sampler that ignored the pattern would give 50% of the board; 0.85 needs the squares, with blurred edges allowed")
    let checkerboardFigure = checkerboardComparisonFigure(data: checkerboardData.slice(0..<evaluationCount), samples: checkerboardSamples)
    chapter.figure(checkerboardFigure, name: "checkerboard_samples",
                   caption: "\(formatNumber(onBoard * 100))% of the samples land on the board's eight squares (where the data lie); the rest blur the edges and corners, where the score changes fastest.",
                   vectorCopy: false)
}

chapter.section("5. Exact likelihood through the probability-flow ODE")
chapter.prose("""
Because the ODE is a smooth invertible map from data to noise, the change-of-variables formula of \
normalising flows (chapter 6) applies in its continuous form (Chen et al., 2018): along a trajectory, \
d log p_t(x_t)/dt = −∇·v, the divergence of the velocity v = a(t)x − ½g²s. Integrating from t_min to 1:
""")
chapter.equation(
    #"\log p_{t_{\min}}(x) = \log p_1(x_1) + \int_{t_{\min}}^1 \nabla\cdot v(x_t, t)\,\mathrm{d}t, \qquad \nabla\cdot v = d\,a(t) - \tfrac12 g(t)^2\,\nabla\cdot s_\theta(x, t)"#,
    plain: "log p_tmin(x) = log p_1(x_1) + ∫ ∇·v(x_t, t) dt over [t_min, 1],   ∇·v = d·a(t) − ½g(t)²·∇·s_θ(x, t)")
chapter.prose("""
In two dimensions the divergence is exact and cheap: two backward passes give ∂ε̂₁/∂x₁ and ∂ε̂₂/∂x₂ for the \
whole batch. The density this defines, p_θ, is the law of the ODE's output when its input is drawn from \
the prior. We integrate the augmented ODE with classical Runge–Kutta (100 steps) for held-out points and \
compare with the true log-density of the mixture — first with the exact score (this tests the integrator), \
then with the network.
""")
chapter.listing("augmented-ode", fromLibraryFile: "Sources/ScoreBasedModels/ProbabilityFlowLikelihood.swift")
let likelihood = ProbabilityFlowLikelihood(steps: 100, method: .rungeKutta4)
let testPoints = mixture.sample(quick ? 200 : 1_000, using: &chapter.random)
let trueLogDensity = mixture.logDensity(testPoints)
let exactODE = likelihood.logDensity(testPoints, under: exactModel), learnedODE = likelihood.logDensity(testPoints, under: network)
let comparison = LogLikelihoodComparison(model: learnedODE.logDensity, truth: trueLogDensity)
let (gaps, worst) = (comparison.gap, comparison.worstIndex)
chapter.check("ODE log-likelihood with the exact score vs the true log-density (mean |error|, nats)",
              measured: meanAbsoluteError(exactODE.logDensity, trueLogDensity), atMost: 0.01,
              why: "RK4 with 100 steps; a missing ½ or a sign error in the divergence term costs nats, not hundredths")
// The model passes if it is closer to the data, in KL, than a named wrong law: the same wrong laws as in
// section 4 (the quick run, with less training, is held to the coarser one).
let (wrongName, wrongLaw) = quick ? ("the ring 10% too large", GaussianMixture2D.ring(modes: 8, radius: 2.2, spread: 0.25))
                                  : ("modes 20% too wide", GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.3))
let wrongLawKL = zip(trueLogDensity, wrongLaw.logDensity(testPoints)).map { $0 - $1 }.mean
let gaussianBaseline = gaussianPart.data.logDensity(testPoints).mean   // the density the Gaussian part alone defines
chapter.check("KL(data ‖ p_θ) estimated on held-out points, vs KL(data ‖ \(wrongName))", measured: gaps.mean, atMost: wrongLawKL,
              why: "the model must be closer to the data than a visibly wrong law; the gap's Monte Carlo SE is \(formatNumber(gaps.standardError))")
let tailFraction = Double(mixture.logDensity(trainingData).filter { $0 < trueLogDensity[worst] }.count) / Double(trainingData.rowCount)
chapter.table(["log-density of \(testPoints.rowCount) held-out points", "value (nats)"], [
    ["true mean log p", trueLogDensity.mean], ["ODE, exact score: mean log p", exactODE.logDensity.mean],
    ["ODE, learned score: mean log p", learnedODE.logDensity.mean],
    ["Gaussian part alone, N(0, σ_d²I): mean log p", gaussianBaseline],
    ["mean gap E[log p − log p_θ] (an estimate of KL(data ‖ p_θ))", "\(formatNumber(gaps.mean)) ± \(formatNumber(gaps.standardError))"],
    ["KL(data ‖ \(wrongName))", wrongLawKL],
    ["median |error|", comparison.medianAbsoluteError], ["mean |error|, all points", comparison.meanAbsoluteError],
    ["mean |error|, best 99%", comparison.trimmedMeanAbsoluteError(keeping: 0.99)],
    ["worst point: true log p, model log p", "\(formatNumber(trueLogDensity[worst])), \(formatNumber(learnedODE.logDensity[worst]))"],
    ["bits per dimension, true / model", "\(formatNumber(bitsPerDimension(negativeLogLikelihood: -trueLogDensity.mean, dimension: 2))) / \(formatNumber(bitsPerDimension(negativeLogLikelihood: -learnedODE.logDensity.mean, dimension: 2)))"],
])
chapter.prose("""
The model loses \(formatNumber(gaps.mean)) ± \(formatNumber(gaps.standardError)) nats per point on average. Point by \
point the errors are larger and skewed: the median |error| is \(formatNumber(comparison.medianAbsoluteError)), the mean \
\(formatNumber(comparison.meanAbsoluteError)), and the worst point, with true log p = \(formatNumber(trueLogDensity[worst])) \
(\(formatNumber(tailFraction * 100, digits: 2))% of the training data are less likely), is off by \(formatNumber(comparison.absoluteErrors[worst])) \
nats — \(formatNumber(comparison.worstShare * 100))% of the total.
""")

chapter.prose("Where do the errors come from? Use the learned score only inside one window of times and the exact one elsewhere:")
let windowPoints = testPoints.slice(0..<(quick ? 100 : 300))
let windows = [(0.0, 0.03), (0.03, 0.1), (0.1, 0.3), (0.3, 1.01)]
let windowErrors = windows.map { low, high in
    meanAbsoluteError(likelihood.logDensity(windowPoints, under: TimeWindowedScore(network, inside: low..<high, otherwise: exactModel)).logDensity,
                      Array(trueLogDensity.prefix(windowPoints.rowCount)))
}
chapter.table(["learned score used only for t in", "β(t) = g(t)² there", "mean |error| of log p (nats)"],
              windows.indices.map { ["[\(formatNumber(windows[$0].0)), \(formatNumber(min(windows[$0].1, 1))))",
                                     "\(formatNumber(vp.beta(windows[$0].0))) – \(formatNumber(vp.beta(min(windows[$0].1, 1))))", windowErrors[$0]] },
              caption: "Where the likelihood's errors come from")
let costliest = windowErrors.indices.max { windowErrors[$0] < windowErrors[$1] }!
chapter.prose("""
The costliest window in this run is t ∈ [\(formatNumber(windows[costliest].0)), \(formatNumber(min(windows[costliest].1, 1)))). \
Two effects compete: the score's error is largest at small t, but there g(t)² = β(t) is small and the ODE \
moves the points only slightly; at larger t the score is more accurate but weighted by a β(t) up to two \
hundred times larger.
""")

let probePoints = vp.perturb(testPoints, times: Tensor.full([testPoints.rowCount, 1], 0.3), noise: Tensor.normal(testPoints.shape, using: &chapter.random))
let exactDivergence = network.scoreAndDivergence(probePoints, at: 0.3).divergence
let hutchinson = SampleSummary(zip(network.hutchinsonDivergence(probePoints, at: 0.3, probes: 1, using: &chapter.random), exactDivergence).map { $0 - $1 })
chapter.prose("""
In high dimensions d backward passes are too many; Hutchinson's (1989) estimator uᵀ(∂s/∂x)u, unbiased for any \
random u with E[uuᵀ] = I (Rademacher ±1 here), needs one. Its error per point has spread \(formatNumber(hutchinson.standardDeviation)) \
against divergences of typical size \(formatNumber(exactDivergence.map(abs).mean)): unbiased, but noisy.
""")
chapter.check("Hutchinson (one probe per point) minus the exact divergence, mean over points at t = 0.3", measured: hutchinson.mean,
              expected: 0, tolerance: .standardErrors(4, standardError: hutchinson.standardError),
              why: "SE of the mean difference over \(testPoints.rowCount) independent probes; a probe with E[uuᵀ] ≠ I would be biased by a multiple of the divergence itself")

let densitySize = quick ? 24 : 48
let modelGrid = Grid2D(size: densitySize, extent: 3.2)
let modelGridDensity = ProbabilityFlowLikelihood(steps: quick ? 25 : 50).logDensity(modelGrid.points, under: network).logDensity
let trueGridDensity = mixture.logDensity(modelGrid.points)
// The solver's own error on this grid: the exact score through the same 50-step solver.
let solverFloor = meanAbsoluteError(ProbabilityFlowLikelihood(steps: quick ? 25 : 50).logDensity(modelGrid.points, under: exactModel).logDensity, trueGridDensity)
let nearData = trueGridDensity.indices.filter { trueGridDensity[$0] > -4 }.map { abs(modelGridDensity[$0] - trueGridDensity[$0]) }.mean
let densityFigure = Figure.densityComparison(modelGrid, truth: trueGridDensity, model: modelGridDensity, title: "The density of the probability-flow ODE")
chapter.figure(densityFigure, name: "ode_density", caption: """
Where log p > −4 the model's log-density is off by \(formatNumber(nearData)) nats on average (|model − true|; the same solver with the \
exact score errs by \(formatNumber(solverFloor)) over the whole grid). Far from the data the signed error is \(formatNumber(meanSignedError(modelGridDensity, trueGridDensity, on: modelGrid) { $0 * $0 + $1 * $1 < 1 })) \
nats inside the ring (|x| < 1) and \(formatNumber(meanSignedError(modelGridDensity, trueGridDensity, on: modelGrid) { $0 * $0 + $1 * $1 > 9 })) outside it (|x| > 3), where training never looked; \
the colour scale clips at ±3 nats.
""")

chapter.exercises(exercises)

chapter.finish()
