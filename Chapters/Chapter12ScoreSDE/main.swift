import Foundation
import Distributions
import Metrics
import NeuralLayers
import Notebook
import Plotting
import ScoreBasedModels
import Statistics

// Chapter 12 — The score-SDE view: energy models, score matching, Langevin
// dynamics and diffusion as one theory.

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

// MARK: - 1. Forward SDEs

chapter.section("1. Noising as a stochastic differential equation")
chapter.prose("""
A diffusion model destroys data gradually by adding noise. Take the number of noise levels to infinity \
and the chain becomes a stochastic differential equation on t ∈ [0, 1] for x ∈ ℝᵈ (d = 2 throughout this \
chapter), with a drift f and a diffusion coefficient g. Two choices cover the classic models:
""")
chapter.equation(
    #"\mathrm{d}x = f(x, t)\,\mathrm{d}t + g(t)\,\mathrm{d}W, \qquad \text{VP: } f = -\tfrac12\beta(t)\,x,\ g = \sqrt{\beta(t)}; \qquad \text{VE: } f = 0,\ g = \eta(t)\sqrt{2\ln(\sigma_{\max}/\sigma_{\min})}"#,
    plain: "dx = f(x, t) dt + g(t) dW;   VP: f = −½β(t)x, g = √β(t);   VE: f = 0, g = η(t)·√(2 ln(σ_max/σ_min))")
chapter.prose("""
The variance-preserving (VP) SDE, with β(t) rising linearly from β₀ = 0.1 to β₁ = 20, is the continuous \
limit of DDPM (chapter 5): it shrinks the data while adding noise. The variance-exploding (VE) SDE only \
adds noise, on the geometric scale η(t) = σ_min(σ_max/σ_min)ᵗ of chapter 11's annealed Langevin levels. \
Both drifts are linear, f = a(t)x, so the transition from x₀ is Gaussian, x_t = α(t)x₀ + σ(t)z with \
z ~ N(0, I), and its moments solve dα/dt = a(t)α and dσ²/dt = 2a(t)σ² + g(t)² from α(0) = 1, σ(0) = 0:
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
distance between two training points is \(formatNumber(largestDistance)), so the VE SDE uses \
σ_max = \(formatNumber(ve.sigmaMax)) (Song & Ermon, 2020): at t = 1 the noise must be able to carry any \
data point to any other. We simulate both SDEs from x₀ = (1.5, −0.5) with the Euler–Maruyama method. One \
step is an affine map plus Gaussian noise, so the law of the *simulation* is known exactly as well: its \
mean and variance follow m ← (1 + aΔt)m and v ← (1 + aΔt)²v + g²Δt. The simulation is checked against that \
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

// MARK: - 2. Reverse time

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
whose score −(α²Σ + σ²I)⁻¹(x − αμ) is affine in x. The sampler starts from the prior N(0, s²I) (s = 1 for VP, \
σ_max for VE) and steps down to t_min = 10⁻³, where σ is small but the score still defined. Because the \
score is affine, the law of the sampler's output is again computable exactly (`eulerMaruyamaOutputLaw`), \
with both of its approximations — the finite step and the prior standing in for the true p_1 — and no \
Monte Carlo error; we check the simulation against it and read off what each approximation costs.
""")
chapter.listing("reverse-euler-maruyama", fromLibraryFile: "Sources/ScoreBasedModels/EulerMaruyamaSampler.swift")

let gaussianData = Gaussian(mean: [1, -0.5], covariance: Matrix(rows: [[0.5, 0.3], [0.3, 0.4]]))
let reverseCount = quick ? 5_000 : 20_000
let reverseSampler = EulerMaruyamaSampler(steps: quick ? 250 : 1_000)
var reverseRows: [[any TableCell]] = []
var mismatchSentences: [String] = []
for sde in [vp, ve] as [any ForwardSDE] {
    let samples = reverseSampler.sample(ExactScore(data: gaussianData, sde: sde), count: reverseCount, using: &chapter.random)
    let moments = BivariateMoments(samples)
    let law = eulerMaruyamaOutputLaw(data: gaussianData, sde: sde, sampler: reverseSampler)
    let fromTrueMarginal = eulerMaruyamaOutputLaw(data: gaussianData, sde: sde, sampler: reverseSampler, start: gaussianData.marginal(of: sde, at: 1))
    let (c11, c12, c22) = (law.covariance[0, 0], law.covariance[0, 1], law.covariance[1, 1])
    let meanError = (c11 / Double(reverseCount)).squareRoot()
    reverseRows.append([sde.name, moments.mean.x, law.mean[0], fromTrueMarginal.mean[0], moments.covariance.b, c12, fromTrueMarginal.covariance[0, 1]])
    chapter.check("\(sde.name) reverse SDE, exact score: mean of x₁ vs the sampler's exact output law", measured: moments.mean.x, expected: law.mean[0],
                  tolerance: .standardErrors(4, standardError: meanError), why: "the output is normal with the propagated covariance C, so the mean has SE √(C₁₁/n)")
    chapter.check("\(sde.name) reverse SDE, exact score: covariance vs the sampler's exact output law", measured: moments.covariance.b, expected: c12,
                  tolerance: .standardErrors(4, standardError: normalCovarianceStandardError(varianceI: c11, varianceJ: c22, covariance: c12, count: reverseCount)),
                  why: "SE of a bivariate normal's sample covariance, √((C₁₁C₂₂ + C₁₂²)/(n−1))")
    mismatchSentences.append("\(sde.name): the prior moves the mean of x₁ by \(formatNumber(law.mean[0] - fromTrueMarginal.mean[0])) " +
        "(\(formatNumber((law.mean[0] - fromTrueMarginal.mean[0]) / meanError, digits: 2)) SE at this n), the finite step by \(formatNumber(fromTrueMarginal.mean[0] - 1))")
}
reverseRows.append(["data", 1, 1, 1, 0.3, 0.3, 0.3])
chapter.table(["sampler", "mean x₁ (sampled)", "exact law", "exact law, started from p₁", "covariance (sampled)", "exact law", "exact law, started from p₁"],
              reverseRows, caption: "\(reverseCount) reverse-SDE samples with the exact score, \(reverseSampler.steps) steps")
chapter.prose("""
What each approximation costs, from the exact laws: \(mismatchSentences.joined(separator: "; ")). The VE prior \
N(0, σ_max²I) ignores the data's mean μ, and the reverse dynamics only partly forget it; the shift shrinks \
as σ_max grows compared with the data, which is why σ_max must be large.
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
              why: "central differences with h = 10⁻⁵ err by O(h²) + O(10⁻¹⁶/h) ≈ 10⁻¹⁰; a wrong responsibility or precision errs by order 1")

let exactModel = ExactScore(data: mixture, sde: vp)
var fieldFigure = Figure(rows: 1, columns: 4, width: 1_200, height: 340, title: "The score of p_t over its log-density (VP)")
for (index, t) in [0.02, 0.2, 0.5, 1.0].enumerated() {
    fieldFigure[0, index].field(fieldGrid, vectors: exactModel.score(fieldGrid.points, at: t), over: densityGrid,
                                values: background(mixture.marginal(of: vp, at: t)), title: "t = \(formatNumber(t))")
}
chapter.figure(fieldFigure, name: "score_fields",
               caption: "Arrows: the exact score ∇ log p_t (scaled to the longest), colour: log p_t. Early on the score points into each mode; by t = 1 it is close to the prior's −x.")

// MARK: - 3. Learning the score by denoising

chapter.section("3. Learning the score at every noise level")
chapter.prose("""
For real data p_t is unknown, but the transition from x₀ is not: x_t = α(t)x₀ + σ(t)ε with ε ~ N(0, I) has \
the score −ε/σ(t) with respect to x_t. Regressing a network on that target — denoising score matching \
(Vincent, 2011; chapter 10) — gives the true score of p_t. Expand the square around s = ∇log p_t:
""")
chapter.equation(
    #"\mathbb E\,\big\|s_\theta + \tfrac{\varepsilon}{\sigma}\big\|^2 = \mathbb E\,\|s_\theta - s\|^2 + 2\,\mathbb E\big[(s_\theta - s)\cdot\big(s + \tfrac{\varepsilon}{\sigma}\big)\big] + \mathbb E\,\big\|s + \tfrac{\varepsilon}{\sigma}\big\|^2"#,
    plain: "E‖s_θ + ε/σ‖² = E‖s_θ − s‖² + 2E[(s_θ − s)·(s + ε/σ)] + E‖s + ε/σ‖²")
chapter.prose("""
The cross term vanishes: given x_t, the expected noise is E[ε | x_t] = −σ(t)∇log p_t(x_t) (Tweedie's \
formula), so E[s + ε/σ | x_t] = 0. The last term does not involve θ. Hence the denoising loss and the \
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
One design choice helps a small network a great deal. For Gaussian data N(0, vI) the best noise prediction \
is known, ε̂_G = σ(t)x/(α(t)²v + σ(t)²), with v = \(formatNumber(secondMoment)) the data's second moment. The \
network is built around it (the preconditioning of Karras et al., 2022): ε̂ = ε̂_G + c_out(t)·F(c_in(t)x, t), with \
c_in = 1/√(α²v + σ²), so F sees inputs of unit scale at every t, and c_out = √(α²v/(α²v + σ²)). The exact residual \
ε̂ − ε̂_G equals (α/σ) times a difference of two posterior means of x₀, so it vanishes where p_t is nearly \
Gaussian, and c_out keeps the network's residual small there too. That matters in section 5: at large t the \
probability-flow ODE barely moves the points, and amplifies any error in the score.
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
chapter.table(["t", "σ(t)", "learned score", "Gaussian part alone"],
              errorTimes.indices.map { [errorTimes[$0], vp.noiseStandardDeviation(errorTimes[$0]), learnedErrors[$0], gaussianErrors[$0]] },
              caption: "Relative error of the score, E‖s − ∇log p_t‖ / E‖∇log p_t‖")
for t in [0.1, 0.2, 0.3] {   // where the data are far from Gaussian, so the baseline is a real competitor
    let index = errorTimes.firstIndex(of: t)!
    chapter.check("learned score error at t = \(formatNumber(t)), in units of the Gaussian part's error", measured: learnedErrors[index] / gaussianErrors[index],
                  atMost: 0.5, why: "the network must remove at least half of the error left by the Gaussian part; the baseline itself scores 1")
}
let worseTimes = errorTimes.indices.filter { learnedErrors[$0] > gaussianErrors[$0] }.map { formatNumber(errorTimes[$0]) }
chapter.prose("""
The learned score is least accurate at small t, where the score is steep (of size 1/σ(t)) and changes \
within the width of a mode, and between modes p_t is so small that training rarely sees a sample. \
\(worseTimes.isEmpty ? "At every time in the table the network improves on the Gaussian part." : "At t = \(worseTimes.joined(separator: ", ")) the network is worse than the Gaussian part alone: there p_t is so nearly Gaussian that the residual is below what training resolves.")
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

// MARK: - 4. Samplers

chapter.section("4. Three ways to run time backwards")
chapter.prose("""
With a score model, sampling is numerical integration, and the integrator is a choice. **Euler–Maruyama** \
discretises the reverse SDE: one network evaluation (NFE) per step. **Predictor–corrector** (Song et al., \
2021) follows each step with chapter 11's Langevin update at the new time, x ← x + (δ/2)s + √δ·z (δ is \
chapter 11's step size, renamed because ε is the noise here), with δ set so that the drift is a fixed \
fraction r = 0.16 of the noise. The **probability-flow ODE** removes the noise: its continuity equation \
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
let tooLarge = quality { GaussianMixture2D.ring(modes: 8, radius: 2.2, spread: 0.25).sample(evaluationCount, using: &$0) }
let tooWide = quality { GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.3).sample(evaluationCount, using: &$0) }
// Each metric's bound is the midpoint between the data's own value and a named, visibly wrong law,
// fixed by this rule before any sampler runs: a sampler passes if it is closer to the data.
let distanceBound = (dataQuality.slicedWasserstein.mean + tooLarge.slicedWasserstein.mean) / 2
let widthBound = (dataQuality.modeWidth.mean + tooWide.modeWidth.mean) / 2
chapter.prose("""
Quality has three views, each measured on \(evaluationCount) samples in each of \(repeats) repeats: the sliced \
Wasserstein distance SW₂ (256 directions) to \(referenceCount) fresh data points; the modes covered (a mode counts \
if it receives a quarter of its share within 3 standard deviations); and the mode width, the mean squared \
distance to the nearest mode centre (2s² = 0.125 for the data), which SW₂ on a few thousand points barely \
sees. Fresh data score \(formatNumber(dataQuality.slicedWasserstein.mean)) ± \(formatNumber(dataQuality.slicedWasserstein.spread)) \
on SW₂ (spread over repeats): the floor. To know what each metric can see, two visibly wrong laws are \
measured the same way: the ring 10% too large (SW₂ \(formatNumber(tooLarge.slicedWasserstein.mean))) and modes 20% too wide \
(width \(formatNumber(tooWide.modeWidth.mean)) against the data's \(formatNumber(dataQuality.modeWidth.mean))). A sampler passes \
a metric if it is closer to the data than to the wrong law: SW₂ below \(formatNumber(distanceBound)), width below \(formatNumber(widthBound)).
""")
let stepCounts = quick ? [25, 100] : [10, 25, 100, 500]
let samplers: [any ReverseTimeSampler] = stepCounts.flatMap { [EulerMaruyamaSampler(steps: $0), PredictorCorrectorSampler(steps: $0)] as [any ReverseTimeSampler] }
    + (quick ? [10, 25, 50] : [5, 10, 25, 50, 100]).map { ProbabilityFlowSampler(steps: $0, method: .heun) }
let runs = samplers.map { sampler in (sampler: sampler, quality: quality { sampler.sample(network, count: evaluationCount, using: &$0) }) }
func row(_ name: String, _ nfe: String, _ q: MixtureSampleQuality) -> [any TableCell] {
    [name, nfe, q.slicedWasserstein.mean, q.slicedWasserstein.spread, RatioOfMeans(q.slicedWasserstein, over: dataQuality.slicedWasserstein).value,
     q.modeWidth.mean, "\(q.fewestModesCovered) / 8", formatNumber(q.nearFraction * 100) + "%"]
}
chapter.table(["sampler", "NFE", "SW₂ to fresh data", "spread", "÷ floor", "mode width", "fewest modes covered", "samples near a mode"],
              runs.map { row($0.sampler.name, String($0.sampler.networkEvaluations), $0.quality) }
              + [row("fresh data (floor)", "—", dataQuality), row("ring 10% too large", "—", tooLarge), row("modes 20% too wide", "—", tooWide)],
              caption: "Sample quality against network evaluations (\(evaluationCount) samples, mean over \(repeats) repeats)")
let namedEM = runs.first { $0.sampler is EulerMaruyamaSampler && $0.sampler.networkEvaluations == stepCounts.last! }!
let namedODE = runs.first { $0.sampler is ProbabilityFlowSampler && $0.sampler.networkEvaluations == (quick ? 50 : 100) }!
chapter.check("modes covered by Euler–Maruyama with \(namedEM.sampler.networkEvaluations) steps (fewest over repeats)",
              measured: Double(namedEM.quality.fewestModesCovered), atLeast: 8, why: "a collapsed sampler leaves some modes below a quarter of their share")
for run in [namedEM, namedODE] {
    chapter.check("\(run.sampler.name) with \(run.sampler.networkEvaluations) NFE: mean SW₂ closer to the data than to the ring 10% too large",
                  measured: run.quality.slicedWasserstein.mean, atMost: distanceBound, why: "the midpoint between the data floor and the wrong law, both measured above")
    chapter.check("\(run.sampler.name) with \(run.sampler.networkEvaluations) NFE: mode width vs the data's, closer than modes 20% too wide or narrow",
                  measured: run.quality.modeWidth.mean, expected: dataQuality.modeWidth.mean, tolerance: .absolute(widthBound - dataQuality.modeWidth.mean),
                  why: "half the distance from the data's width to the wrong law's, both measured above")
}
let fewest = runs.filter { $0.sampler.networkEvaluations <= 20 }.min { $0.quality.slicedWasserstein.mean < $1.quality.slicedWasserstein.mean }
let series = ["Euler–Maruyama", "predictor–corrector", "probability-flow ODE (Heun)"].map { kind in
    let selected = runs.filter { $0.sampler.name == kind }
    return (name: kind, cost: selected.map { Double($0.sampler.networkEvaluations) }, mean: selected.map(\.quality.slicedWasserstein.mean),
            spread: selected.map(\.quality.slicedWasserstein.spread))
}
let nfeFigure = Figure.qualityAgainstCost(series, floor: dataQuality.slicedWasserstein.mean, bound: distanceBound,
                                          title: "Sample quality against network evaluations", costLabel: "NFE", metricLabel: "SW₂ to fresh data")
chapter.figure(nfeFigure, name: "nfe_quality", caption: """
Mean SW₂ over \(repeats) repeats (bands: ± one spread) against network evaluations; grey dashes: the data floor, coloured dashes: the pass bound. \
With at most 20 evaluations the best is \(fewest.map { "\($0.sampler.name) at \($0.sampler.networkEvaluations) NFE (\(formatNumber($0.quality.slicedWasserstein.mean)))" } ?? "—").
""")

chapter.prose("""
The ODE is deterministic, so the same starting noise always gives the same sample, and it can be run \
forwards: data → noise → data should come back to where it started, up to the solver's error.
""")
let heun = ProbabilityFlowSampler(steps: 100, method: .heun)
let roundTripPoints = mixture.sample(500, using: &chapter.random)
let roundTrip = heun.sample(network, from: heun.encode(roundTripPoints, model: network), using: &chapter.random)
chapter.check("probability-flow ODE round trip data → noise → data: mean distance (Heun, 100 steps each way)",
              measured: (roundTrip - roundTripPoints).squared().sum(alongAxis: 1).sqrt().doubles.mean, atMost: 0.02,
              why: "Heun's error is O(h²) per unit time; 0.02 is a tenth of a mode's width, and a sign error in the flow would send points far away")

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
weighting of the times has the true score as its optimum, so this only moves effort):
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
    chapter.check("fraction of checkerboard samples on the dark squares", measured: onBoard, atLeast: 0.85,
                  why: "data give 100%, a sampler that ignored the pattern would give 50% of the board; 0.85 needs the squares, with blurred edges allowed")
    let checkerboardFigure = checkerboardComparisonFigure(data: checkerboardData.slice(0..<evaluationCount), samples: checkerboardSamples)
    chapter.figure(checkerboardFigure, name: "checkerboard_samples",
                   caption: "\(formatNumber(onBoard * 100))% of the samples land on dark squares; the rest blur the edges and corners, where the score changes fastest.",
                   vectorCopy: false)
}

// MARK: - 5. Exact likelihoods

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
whole batch. We integrate the augmented ODE with classical Runge–Kutta (100 steps) for held-out points and \
compare with the true log-density of the mixture — first with the exact score (this tests the integrator), \
then with the network.
""")
chapter.listing("augmented-ode", fromLibraryFile: "Sources/ScoreBasedModels/ProbabilityFlowLikelihood.swift")
let likelihood = ProbabilityFlowLikelihood(steps: 100, method: .rungeKutta4)
let testPoints = mixture.sample(quick ? 200 : 1_000, using: &chapter.random)
let trueLogDensity = mixture.logDensity(testPoints)
let exactODE = likelihood.logDensity(testPoints, under: exactModel), learnedODE = likelihood.logDensity(testPoints, under: network)
let errors = zip(learnedODE.logDensity, trueLogDensity).map { $0 - $1 }
let gaps = SampleSummary(errors.map { -$0 })
let absoluteErrors = errors.map(abs)
let worst = absoluteErrors.indices.max { absoluteErrors[$0] < absoluteErrors[$1] }!
let trimmed = absoluteErrors.sorted().prefix(absoluteErrors.count * 99 / 100)
chapter.check("ODE log-likelihood with the exact score vs the true log-density (mean |error|, nats)",
              measured: meanAbsoluteError(exactODE.logDensity, trueLogDensity), atMost: 0.01,
              why: "RK4 with 100 steps; a missing ½ or a sign error in the divergence term costs nats, not hundredths")
chapter.check("average ODE log-likelihood of held-out points vs the true average (nats)", measured: learnedODE.logDensity.mean,
              expected: trueLogDensity.mean, tolerance: .absolute(quick ? 0.5 : 0.1),
              why: "the accuracy this chapter asks of its model; the gap's Monte Carlo SE is \(formatNumber(gaps.standardError))")
chapter.table(["log-density of \(testPoints.rowCount) held-out points", "value (nats)"], [
    ["true mean log p", trueLogDensity.mean], ["ODE, exact score: mean log p", exactODE.logDensity.mean],
    ["ODE, learned score: mean log p", learnedODE.logDensity.mean],
    ["mean gap E[log p − log p_θ] (an estimate of KL(data ‖ model))", "\(formatNumber(gaps.mean)) ± \(formatNumber(gaps.standardError))"],
    ["median |error|", absoluteErrors.median], ["mean |error|, all points", absoluteErrors.mean], ["mean |error|, best 99%", Array(trimmed).mean],
    ["worst point: true log p, model log p", "\(formatNumber(trueLogDensity[worst])), \(formatNumber(learnedODE.logDensity[worst]))"],
    ["bits per dimension, true / model", "\(formatNumber(bitsPerDimension(negativeLogLikelihood: -trueLogDensity.mean, dimension: 2))) / \(formatNumber(bitsPerDimension(negativeLogLikelihood: -learnedODE.logDensity.mean, dimension: 2)))"],
])
chapter.prose("""
The model loses \(formatNumber(gaps.mean)) ± \(formatNumber(gaps.standardError)) nats per point on average. Point by \
point the errors are larger and skewed: the median |error| is \(formatNumber(absoluteErrors.median)), the mean \
\(formatNumber(absoluteErrors.mean)), and the worst point, with true log p = \(formatNumber(trueLogDensity[worst])) \
(far in a tail, where training almost never looks), is off by \(formatNumber(absoluteErrors[worst])) nats — \
\(formatNumber(absoluteErrors[worst] / absoluteErrors.reduce(0, +) * 100))% of the total.
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
moves the points only slightly; at larger t the score is more accurate but weighted by a β(t) up to a \
hundred times larger.
""")

let probePoints = vp.perturb(testPoints, times: Tensor.full([testPoints.rowCount, 1], 0.3), noise: Tensor.normal(testPoints.shape, using: &chapter.random))
let exactDivergence = network.scoreAndDivergence(probePoints, at: 0.3).divergence
let hutchinson = SampleSummary(zip(network.hutchinsonDivergence(probePoints, at: 0.3, probes: 1, using: &chapter.random), exactDivergence).map { $0 - $1 })
chapter.prose("""
In high dimensions d backward passes are too many; Hutchinson's estimator vᵀ(∂s/∂x)v, unbiased for any random \
v with E[vvᵀ] = I (Rademacher ±1 here), needs one. Its error per point has spread \(formatNumber(hutchinson.standardDeviation)) \
against divergences of typical size \(formatNumber(exactDivergence.map(abs).mean)): unbiased, but noisy.
""")
chapter.check("Hutchinson (one probe per point) minus the exact divergence, mean over points at t = 0.3", measured: hutchinson.mean,
              expected: 0, tolerance: .standardErrors(4, standardError: hutchinson.standardError),
              why: "SE of the mean difference over \(testPoints.rowCount) independent probes; a probe with E[vvᵀ] ≠ I would be biased by a multiple of the divergence itself")

let densitySize = quick ? 24 : 48
let modelGrid = Grid2D(size: densitySize, extent: 3.2)
let modelGridDensity = ProbabilityFlowLikelihood(steps: quick ? 25 : 50).logDensity(modelGrid.points, under: network).logDensity
let trueGridDensity = mixture.logDensity(modelGrid.points)
let nearData = trueGridDensity.indices.filter { trueGridDensity[$0] > -4 }, farFromData = trueGridDensity.indices.filter { trueGridDensity[$0] < -8 }
func gridError(_ indices: [Int]) -> Double { indices.map { abs(modelGridDensity[$0] - trueGridDensity[$0]) }.mean }
let densityFigure = Figure.densityComparison(modelGrid, truth: trueGridDensity, model: modelGridDensity, title: "The density of the probability-flow ODE")
chapter.figure(densityFigure, name: "ode_density", caption: """
Where log p > −4 the model's log-density is off by \(formatNumber(gridError(nearData))) nats on average; where log p < −8, far from \
any training data, by \(formatNumber(gridError(farFromData))).
""")

// MARK: - Exercises

chapter.exercises([
    Exercise(title: "The VP marginal variance",
             text: "From dσ²/dt = −β(t)σ² + β(t) with σ²(0) = 0, derive σ²(t) for β(t) = β₀ + t(β₁ − β₀) and implement `vpMarginalVariance(t:betaMin:betaMax:)`. The grader integrates the ODE numerically."),
    Exercise(title: "The reverse drift of the VE SDE",
             text: "Implement `veReverseDrift(x:score:t:sigmaMin:sigmaMax:)`, the drift f − g²s of the reverse-time VE SDE (per unit of forward time). The grader compares g² with a finite-difference derivative of σ(t)² and checks the drift on Gaussian data."),
    Exercise(title: "Hutchinson's trace estimator",
             text: "Implement `hutchinsonTrace(matrixTimesVector:dimension:probes:using:)`, an unbiased estimate of tr(A) from products Av with Rademacher vectors v. The grader checks it against the exact trace within Monte Carlo error, and that single-probe estimates vary as Hutchinson's do (an exact trace is not an estimator)."),
    Exercise(title: "The probability-flow drift",
             text: "Implement `probabilityFlowDrift(x:t:score:betaMin:betaMax:)` for the VP SDE. The grader integrates your ODE for Gaussian data, whose flow is known in closed form: x_t/√(α²s² + σ²) stays constant."),
])

chapter.finish()
