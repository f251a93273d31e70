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

// MARK: - Helpers for moments and grids

/// The centres of a `size × size` grid over [−extent, extent]², as an `[size², 2]` tensor (row-major, y outer).
func grid(size: Int, extent: Double) -> Tensor {
    Tensor(shape: [size * size, 2]) { buffer in
        for i in 0..<size {
            for j in 0..<size {
                buffer[2 * (i * size + j)] = Float(-extent + 2 * extent * (Double(j) + 0.5) / Double(size))
                buffer[2 * (i * size + j) + 1] = Float(-extent + 2 * extent * (Double(i) + 0.5) / Double(size))
            }
        }
    }
}

/// Reshapes one value per grid point into heatmap rows (row 0 at the bottom).
func gridRows(_ values: [Double], size: Int) -> [[Double]] {
    (0..<size).map { i in Array(values[(i * size)..<((i + 1) * size)]) }
}

func column(_ points: Tensor, _ index: Int) -> [Double] {
    (0..<points.rowCount).map { Double(points.scalars[2 * $0 + index]) }
}

// MARK: - 1. Forward SDEs

chapter.section("1. Noising as a stochastic differential equation")
chapter.prose("""
A diffusion model destroys data gradually by adding noise. Take the number of noise levels to infinity \
and the chain becomes a stochastic differential equation on t ∈ [0, 1], with a drift f and a diffusion \
coefficient g. Two choices cover the classic models:
""")
chapter.equation(
    #"\mathrm{d}x = f(x, t)\,\mathrm{d}t + g(t)\,\mathrm{d}W, \qquad \text{VP: } f = -\tfrac12\beta(t)\,x,\ g = \sqrt{\beta(t)}; \qquad \text{VE: } f = 0,\ g = \sqrt{\mathrm{d}[\sigma^2(t)]/\mathrm{d}t}"#,
    plain: "dx = f(x, t) dt + g(t) dW;   VP: f = −½β(t)x, g = √β(t);   VE: f = 0, g = √(d[σ²(t)]/dt)")
chapter.prose("""
The variance-preserving (VP) SDE, with β(t) rising linearly from 0.1 to 20, is the continuous limit of \
DDPM (chapter 5): it shrinks the data while adding noise, so unit-variance data stay at unit variance. \
The variance-exploding (VE) SDE, with σ(t) = σ_min(σ_max/σ_min)ᵗ, only adds noise — the limit of the noise \
levels of chapter 11's annealed Langevin. Both drifts are linear in x, so the transition from x₀ is \
Gaussian, x_t = α(t)x₀ + σ(t)z, with moments that solve two ordinary differential equations, \
dα/dt = a(t)α and dσ²/dt = 2a(t)σ² + g(t)², where f = a(t)x. Solving them:
""")
chapter.equation(
    #"\text{VP: } \alpha(t) = e^{-\frac14 t^2(\beta_1-\beta_0) - \frac12 t\beta_0},\ \sigma^2(t) = 1 - \alpha(t)^2; \qquad \text{VE: } \alpha = 1,\ \sigma^2(t) = \sigma_{\min}^2\big((\sigma_{\max}/\sigma_{\min})^{2t} - 1\big)"#,
    plain: "VP: α(t) = exp(−¼t²(β₁ − β₀) − ½tβ₀), σ²(t) = 1 − α(t)²;   VE: α = 1, σ²(t) = σ_min²((σ_max/σ_min)^(2t) − 1)")

// The data of the chapter: eight Gaussians on a circle, with an exact density and score.
let mixture = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.25)
let trainingCount = quick ? 4_000 : 20_000
let trainingData = mixture.sample(trainingCount, using: &chapter.random)
// σ_max "suited to the data": the largest distance between two training points, so that at t = 1
// any point could have come from any other (Song & Ermon's rule).
let largestDistance = Tensor.pairwiseSquaredDistances(trainingData.slice(0..<2_000), trainingData.slice(0..<2_000)).max().squareRoot()
let vp = VariancePreservingSDE(betaMin: 0.1, betaMax: 20)
let ve = VarianceExplodingSDE(sigmaMin: 0.01, sigmaMax: Double(largestDistance).rounded(.up))
chapter.prose("""
The data of this chapter are a mixture of eight Gaussians (standard deviation 0.25) on a circle of radius \
2. The largest distance between two training points is \(formatNumber(Double(largestDistance))), so the VE \
SDE uses σ_max = \(formatNumber(ve.sigmaMax)): at t = 1 the noise must be able to carry any data point to \
any other. We check the closed forms by simulating the SDEs with the Euler–Maruyama method, \
x ← x + f(x, t)Δt + g(t)√Δt·z, from a fixed starting point x₀ = (1.5, −0.5).
""")

// listing: forward-euler-maruyama
/// Simulates dx = a(t)x dt + g(t) dW from `start`, recording the particles at `snapshots`.
func simulateForward(_ sde: some ForwardSDE, start: Tensor, steps: Int, snapshots: [Double],
                     using generator: inout RandomGenerator) -> [Double: Tensor] {
    var x = start
    var recorded: [Double: Tensor] = [:]
    let dt = 1 / Double(steps)
    for step in 0..<steps {
        let t = Double(step) * dt
        let noise = Tensor.normal(x.shape, using: &generator)
        x = x + x * Float(sde.driftRate(t) * dt) + noise * Float(sde.diffusion(t) * dt.squareRoot())
        for snapshot in snapshots where abs(snapshot - Double(step + 1) * dt) < dt / 2 { recorded[snapshot] = x }
    }
    return recorded
}
// end listing
chapter.listing("forward-euler-maruyama")

let paths = quick ? 4_000 : 20_000
let forwardSteps = quick ? 500 : 1_000
let startPoint = Tensor([1.5, -0.5])
let forwardStart = Tensor.zeros([paths, 2]) + startPoint
let snapshotTimes = [0.1, 0.25, 0.5, 1.0]
var forwardRows: [[String]] = []
for sde in [vp, ve] as [any ForwardSDE] {
    let recorded = simulateForward(sde, start: forwardStart, steps: forwardSteps, snapshots: snapshotTimes, using: &chapter.random)
    for t in snapshotTimes {
        let m = BivariateMoments(recorded[t]!)
        let alpha = sde.meanScale(t), sigma = sde.noiseStandardDeviation(t)
        forwardRows.append([sde.name, formatNumber(t), formatNumber(m.mean.x), formatNumber(1.5 * alpha),
                            formatNumber((m.covariance.a + m.covariance.c) / 2), formatNumber(sigma * sigma)])
        let n = Double(paths)
        if t == 0.5 {
            chapter.check("\(sde.name): mean of x₁ at t = 0.5, simulated vs 1.5·α(t)", measured: m.mean.x, expected: 1.5 * alpha,
                          tolerance: .standardErrors(4, standardError: sigma / n.squareRoot()))
        }
        if t == 0.25 || t == 1.0 {
            // The two coordinates' variances pooled: 2n samples, SE of a normal variance = σ²·√(2/(2n)).
            chapter.check("\(sde.name): variance at t = \(formatNumber(t)), simulated vs σ(t)²", measured: (m.covariance.a + m.covariance.c) / 2,
                          expected: sigma * sigma, tolerance: .standardErrors(4, standardError: sigma * sigma * (1 / n).squareRoot()))
        }
    }
}
chapter.table(["SDE", "t", "mean of x₁ (simulated)", "1.5·α(t)", "variance (simulated)", "σ(t)²"], forwardRows,
              caption: "Euler–Maruyama paths against the closed-form marginals")

// The noising chain on the mixture, for both SDEs.
let chainTimes = [0.0, 0.1, 0.25, 0.5, 1.0]
let chainSample = mixture.sample(1_500, using: &chapter.random)
var chainFigure = Figure(rows: 2, columns: 5, width: 1_150, height: 500, title: "The noising chain: VP (top) and VE (bottom)")
for (row, sde) in ([vp, ve] as [any ForwardSDE]).enumerated() {
    for (index, t) in chainTimes.enumerated() {
        let noised = sde.perturb(chainSample, times: Tensor.full([1_500, 1], Float(t)), noise: Tensor.normal([1_500, 2], using: &chapter.random))
        chainFigure[row, index].scatter(x: column(noised, 0), y: column(noised, 1), color: Color.cycle(row == 0 ? 0 : 1), size: 1.4, alpha: 0.5)
        chainFigure[row, index].title = "\(sde.name), t = \(formatNumber(t))"
        let extent = row == 0 ? 3.5 : max(3.5, 3 * sde.noiseStandardDeviation(t))
        chainFigure[row, index].xLimits = -extent...extent
        chainFigure[row, index].yLimits = -extent...extent
        chainFigure[row, index].equalAspect = true
    }
}
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
Before learning anything we test the theory where the score is known exactly. If the data are Gaussian, \
N(μ, Σ), then p_t = N(α(t)μ, α(t)²Σ + σ(t)²I), whose score is −(α²Σ + σ²I)⁻¹(x − αμ). Start from the prior \
and integrate the reverse SDE with Euler–Maruyama: the samples should come out with the data's mean and \
covariance.
""")

chapter.listing("reverse-euler-maruyama", fromLibraryFile: "Sources/ScoreBasedModels/EulerMaruyamaSampler.swift")

let gaussianData = GaussianMixture2D([.init(weight: 1, mean: SIMD2(1, -0.5), covariance: (0.5, 0.3, 0.4))])
let reverseParticles = quick ? 5_000 : 20_000
let reverseSteps = quick ? 250 : 1_000
var reverseRows: [[String]] = []
for sde in [vp, ve] as [any ForwardSDE] {
    let exactScore = ExactScore(data: gaussianData, sde: sde)
    let samples = EulerMaruyamaSampler(steps: reverseSteps).sample(exactScore, count: reverseParticles, using: &chapter.random)
    let m = BivariateMoments(samples)
    let n = Double(reverseParticles)
    reverseRows.append([sde.name, formatNumber(m.mean.x) + ", " + formatNumber(m.mean.y), formatNumber(m.covariance.a),
                        formatNumber(m.covariance.c), formatNumber(m.covariance.b)])
    chapter.check("\(sde.name) reverse SDE, exact score: mean of x₁ vs μ₁ = 1", measured: m.mean.x, expected: 1,
                  tolerance: .standardErrors(4, standardError: (0.5 / n).squareRoot()))
    // SE of a sample covariance of a bivariate normal: √((Σ₁₁Σ₂₂ + Σ₁₂²)/(n − 1)).
    chapter.check("\(sde.name) reverse SDE, exact score: covariance vs Σ₁₂ = 0.3", measured: m.covariance.b, expected: 0.3,
                  tolerance: .standardErrors(4, standardError: normalCovarianceStandardError(varianceI: 0.5, varianceJ: 0.4, covariance: 0.3,
                                                                                             count: reverseParticles)))
}
reverseRows.append(["data", "1, −0.5", "0.5", "0.4", "0.3"])
chapter.table(["sampler", "mean", "variance x₁", "variance x₂", "covariance"], reverseRows,
              caption: "\(reverseParticles) reverse-SDE samples with the exact score, \(reverseSteps) steps")
chapter.prose("""
The VE sampler starts from N(0, σ_max²I) although p_1 is N(μ, Σ + σ_max²I): with σ_max² = \
\(formatNumber(ve.sigmaMax * ve.sigmaMax)) against a data variance below 1 the mismatch is invisible at \
this sample size — which is exactly why σ_max must be large compared with the data.
""")

chapter.prose("""
The same closed form holds for a mixture: every component is noised separately, so p_t is again a \
mixture, with means α(t)μₖ and covariances α(t)²Σₖ + σ(t)²I, and its score is the responsibility-weighted \
sum of the components' scores. It is the ground truth for everything we learn below — so we check it \
against a finite-difference gradient of log p_t.
""")
chapter.equation(
    #"\nabla_x \log p_t(x) = -\sum_k r_k(x)\,\big(\alpha^2\Sigma_k + \sigma^2 I\big)^{-1}(x - \alpha\mu_k), \qquad r_k(x) = \frac{w_k\,\mathcal N_k(x)}{\sum_j w_j\,\mathcal N_j(x)}"#,
    plain: "∇ₓ log p_t(x) = −Σₖ rₖ(x)·(α²Σₖ + σ²I)⁻¹(x − αμₖ),   rₖ = wₖNₖ(x) / Σⱼ wⱼNⱼ(x)")
var largestScoreError = 0.0
for t in [0.01, 0.1, 0.3, 0.7] {
    let noisedMixture = mixture.noised(meanScale: vp.meanScale(t), noiseStandardDeviation: vp.noiseStandardDeviation(t))
    let probes = noisedMixture.sample(200, using: &chapter.random)
    for row in 0..<probes.rowCount {
        let x = SIMD2(Double(probes.scalars[2 * row]), Double(probes.scalars[2 * row + 1]))
        let h = 1e-5
        let numeric = SIMD2((noisedMixture.logDensity(x + SIMD2(h, 0)) - noisedMixture.logDensity(x - SIMD2(h, 0))) / (2 * h),
                            (noisedMixture.logDensity(x + SIMD2(0, h)) - noisedMixture.logDensity(x - SIMD2(0, h))) / (2 * h))
        let exact = noisedMixture.score(x)
        let difference = exact - numeric
        largestScoreError = max(largestScoreError, (difference * difference).sum().squareRoot() / max(1, (exact * exact).sum().squareRoot()))
    }
}
chapter.check("closed-form mixture score vs central differences of log p_t (largest relative error, 800 points)",
              measured: largestScoreError, atMost: 1e-6)

let fieldTimes = [0.02, 0.2, 0.5, 1.0]
let fieldExtent = 3.5
let coarse = grid(size: 17, extent: fieldExtent)
let fine = grid(size: 80, extent: fieldExtent)
var fieldFigure = Figure(rows: 1, columns: 4, width: 1_200, height: 340, title: "The score of p_t over its log-density (VP)")
for (index, t) in fieldTimes.enumerated() {
    let noisedMixture = mixture.noised(meanScale: vp.meanScale(t), noiseStandardDeviation: vp.noiseStandardDeviation(t))
    fieldFigure[0, index].heatmap(values: gridRows(noisedMixture.logDensity(fine).map { max($0, -12) }, size: 80),
                                  xRange: -fieldExtent...fieldExtent, yRange: -fieldExtent...fieldExtent)
    let scores = noisedMixture.score(coarse)
    fieldFigure[0, index].quiver(x: column(coarse, 0), y: column(coarse, 1), u: column(scores, 0), v: column(scores, 1))
    fieldFigure[0, index].title = "t = \(formatNumber(t))"
    fieldFigure[0, index].equalAspect = true
}
chapter.figure(fieldFigure, name: "score_fields",
               caption: "Arrows: the exact score ∇ log p_t (scaled to the longest), colour: log p_t. Early on the score points into each mode; by t = 1 it is the prior's −x.")

// MARK: - 3. Learning the score by denoising

chapter.section("3. Learning the score at every noise level")
chapter.prose("""
For real data p_t is unknown, but the transition from x₀ is not: x_t = α(t)x₀ + σ(t)ε has the score \
−ε/σ(t) with respect to x_t. Regressing a network on that target — denoising score matching (Vincent, 2011; \
chapter 10) — gives the true score of p_t, because the two regressions differ by a constant that does not \
depend on the network:
""")
chapter.equation(
    #"\mathbb E\,\big\|s_\theta(x_t, t) + \varepsilon/\sigma(t)\big\|^2 = \mathbb E\,\big\|s_\theta(x_t, t) - \nabla \log p_t(x_t)\big\|^2 + C(t)"#,
    plain: "E‖s_θ(x_t, t) + ε/σ(t)‖² = E‖s_θ(x_t, t) − ∇ log p_t(x_t)‖² + C(t)")
chapter.prose("""
The target −ε/σ(t) explodes as t → 0, so instead of the score the network predicts the noise, ε̂(x, t), \
and we set s = −ε̂/σ(t). Weighting each time by λ(t) = σ(t)² then turns the score-matching loss into the \
plain noise-prediction loss — and with ᾱ = α(t)², that is chapter 5's DDPM loss exactly:
""")
chapter.equation(
    #"\sigma(t)^2\,\big\|s_\theta + \varepsilon/\sigma(t)\big\|^2 = \big\|\hat\varepsilon_\theta(x_t, t) - \varepsilon\big\|^2, \qquad x_t = \sqrt{\bar\alpha}\,x_0 + \sqrt{1-\bar\alpha}\,\varepsilon"#,
    plain: "σ(t)²·‖s_θ + ε/σ(t)‖² = ‖ε̂_θ(x_t, t) − ε‖²,   x_t = √ᾱ·x₀ + √(1 − ᾱ)·ε")

chapter.prose("""
One more choice helps a small network. For Gaussian data N(0, vI) the best noise prediction is known: \
ε̂_G(x, t) = σ(t)x / (α(t)²v + σ(t)²). We add it to the network's output, so the network only learns how \
the data differ from a Gaussian with their second moment v. At large t, where p_t is nearly Gaussian, \
that difference — and its error — is small.
""")
// The data's second moment per coordinate, for the Gaussian part of the prediction.
func secondMoment(_ data: Tensor) -> Double { Double(data.squared().mean().scalar) }
let network = NoisePredictionNetwork(sde: vp, hidden: 128, hiddenLayers: 3, gaussianPartSecondMoment: secondMoment(trainingData),
                                     using: &chapter.random)
// The three forms of the loss on one batch, computed independently.
do {
    let batch = trainingData.slice(0..<512)
    let times = Tensor.uniform([512, 1], low: 0.001, high: 1, using: &chapter.random)
    let noise = Tensor.normal([512, 2], using: &chapter.random)
    let alphaBar = times.map { Float(vp.meanScale(Double($0)) * vp.meanScale(Double($0))) }
    let ddpmInput = batch * alphaBar.sqrt() + noise * (1 - alphaBar).sqrt()
    let ddpmLoss = (network(ddpmInput, times: times) - noise).squared().sum().scalar / 512
    let sigma = times.map { Float(vp.noiseStandardDeviation(Double($0))) }
    let score = network(vp.perturb(batch, times: times, noise: noise), times: times) * (-1 / sigma)
    let weightedDSM = ((score + noise / sigma).squared() * sigma.squared()).sum().scalar / 512
    chapter.check("σ²-weighted denoising score matching vs DDPM's ε-loss on one batch", measured: Double(weightedDSM),
                  expected: Double(ddpmLoss), tolerance: .relative(1e-4))
}

chapter.listing("score-network-trainer", fromLibraryFile: "Sources/ScoreBasedModels/ScoreNetworkTraining.swift")
/// Trains `network` on `data` with the chapter's settings, showing progress.
func trainScoreNetwork(_ network: NoisePredictionNetwork, data: Tensor, steps: Int, label: String,
                       logUniformFraction: Double, using generator: inout RandomGenerator) throws {
    // Large batches: the likelihood of section 5 is sensitive to the score's small systematic
    // errors, and 1,024 points per step measurably reduce them compared with 512. The quick
    // run takes more, smaller steps instead, which early in training is worth more.
    let settings = ScoreTrainingSettings(steps: steps, batchSize: quick ? 512 : 1_024,
                                         objective: DenoisingScoreMatching(logUniformFraction: logUniformFraction))
    let trainer = ScoreNetworkTrainer(network, data: data, settings: settings, label: label)
    try chapter.train(label, steps: steps) { step in try trainer.step(step, using: &generator) }
    trainer.finish()
}

let trainingSteps = quick ? 5_000 : 15_000
try trainScoreNetwork(network, data: trainingData, steps: trainingSteps,
                      label: "score network on the mixture", logUniformFraction: 0, using: &chapter.random)
let exactModel = ExactScore(data: mixture, sde: vp)
func learnedScore(_ x: Tensor, _ t: Double) -> Tensor { network.score(x, at: t) }
func exactMixtureScore(_ x: Tensor, _ t: Double) -> Tensor { exactModel.score(x, at: t) }

chapter.prose("""
How good is the learned score? Here we know the truth, so we can measure it at every time: the relative \
error E‖s_θ − ∇log p_t‖ / E‖∇log p_t‖ over samples of p_t. We also test the identity above with the trained \
network: the DSM loss minus the DSM loss of the exact score must equal the explicit score error.
""")
var errorRows: [[String]] = []
var errorTimes: [Double] = []
var relativeErrors: [Double] = []
let errorSamples = quick ? 2_000 : 10_000
for t in [0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0] {
    let clean = mixture.sample(errorSamples, using: &chapter.random)
    let noise = Tensor.normal([errorSamples, 2], using: &chapter.random)
    let noisy = vp.perturb(clean, times: Tensor.full([errorSamples, 1], Float(t)), noise: noise)
    let learned = learnedScore(noisy, t), exact = exactMixtureScore(noisy, t)
    let errorNorms = (learned - exact).squared().sum(alongAxis: 1).sqrt().doubles
    let exactNorms = exact.squared().sum(alongAxis: 1).sqrt().doubles
    let relative = errorNorms.reduce(0, +) / exactNorms.reduce(0, +)
    errorTimes.append(t); relativeErrors.append(relative)
    errorRows.append([formatNumber(t), formatNumber(vp.noiseStandardDeviation(t)), formatNumber(relative)])
    if t == 0.3 {
        // Per sample: ‖s_θ + ε/σ‖² − ‖s + ε/σ‖² − ‖s_θ − s‖² = 2(s_θ − s)·(s + ε/σ), whose mean is 0.
        let sigma = Float(vp.noiseStandardDeviation(t))
        let target = noise * (1 / sigma)
        let dsmLearned = (learned + target).squared().sum(alongAxis: 1).doubles
        let dsmExact = (exact + target).squared().sum(alongAxis: 1).doubles
        let explicit = (learned - exact).squared().sum(alongAxis: 1).doubles
        let differences = SampleSummary((0..<errorSamples).map { dsmLearned[$0] - dsmExact[$0] - explicit[$0] })
        let dsmGap: Double = zip(dsmLearned, dsmExact).map { $0 - $1 }.reduce(0, +) / Double(errorSamples)
        chapter.check("at t = 0.3: DSM loss(s_θ) − DSM loss(exact score) vs E‖s_θ − ∇log p_t‖²", measured: dsmGap,
                      expected: explicit.reduce(0, +) / Double(errorSamples),
                      tolerance: .standardErrors(4, standardError: differences.standardError))
    }
}
chapter.table(["t", "σ(t)", "relative score error"], errorRows, caption: "The learned score against the exact one")
let midError = relativeErrors[errorTimes.firstIndex(of: 0.5)!]
chapter.check("relative error of the learned score at t = 0.5", measured: midError, atMost: quick ? 0.3 : 0.1)
chapter.prose("""
The error is largest at small t: there the score is steep (of size 1/σ(t)) and changes within the width of \
a mode, and between modes p_t is so small that training almost never sees a sample there. Drawing some \
training times log-uniformly on [10⁻³, 1] instead of uniformly moves effort there (any positive weighting \
of the times has the true score as its optimum, so this changes only where training works hardest). We do \
that for the checkerboard below, whose sharp edges live at small t; for this mixture uniform times are \
better, because — as section 5 measures — its likelihood depends most on the score at intermediate t.
""")

var comparisonFigure = Figure(rows: 2, columns: 3, width: 960, height: 640, title: "Exact (top) and learned (bottom) scores")
for (index, t) in [0.05, 0.3, 0.7].enumerated() {
    let noisedMixture = mixture.noised(meanScale: vp.meanScale(t), noiseStandardDeviation: vp.noiseStandardDeviation(t))
    let background = gridRows(noisedMixture.logDensity(fine).map { max($0, -12) }, size: 80)
    for (row, field) in [exactMixtureScore(coarse, t), learnedScore(coarse, t)].enumerated() {
        comparisonFigure[row, index].heatmap(values: background, xRange: -fieldExtent...fieldExtent, yRange: -fieldExtent...fieldExtent)
        comparisonFigure[row, index].quiver(x: column(coarse, 0), y: column(coarse, 1), u: column(field, 0), v: column(field, 1))
        comparisonFigure[row, index].title = (row == 0 ? "exact" : "learned") + ", t = \(formatNumber(t))"
        comparisonFigure[row, index].equalAspect = true
    }
}
var errorFigure = Figure(width: 520, height: 340, title: "Relative error of the learned score")
errorFigure[0, 0].line(x: errorTimes, y: relativeErrors, color: Color.cycle(0))
errorFigure[0, 0].scatter(x: errorTimes, y: relativeErrors, color: Color.cycle(0), size: 4)
errorFigure[0, 0].xLabel = "t"; errorFigure[0, 0].yLabel = "E‖s_θ − ∇log p_t‖ / E‖∇log p_t‖"
chapter.figure(comparisonFigure, name: "learned_vs_exact_score",
               caption: "The network's score −ε̂/σ(t) after \(trainingSteps) steps against the closed form, over log p_t.")
chapter.figure(errorFigure, name: "score_error_vs_time", caption: "The learned score is least accurate at small t, where it is steepest.")

// MARK: - 4. Samplers

chapter.section("4. Three ways to run time backwards")
chapter.prose("""
With a score model in hand, sampling is numerical integration, and the integrator is a choice. \
**Euler–Maruyama** discretises the reverse SDE directly: one network evaluation (NFE) per step. \
**Predictor–corrector** follows each Euler–Maruyama step with a few steps of chapter 11's Langevin \
dynamics at the new time, which pull the particles back towards p_t; the Langevin step size is set so \
the drift is a fixed fraction r (the signal-to-noise ratio, 0.16 here) of the noise. The **probability-flow \
ODE** removes the noise altogether: the deterministic equation below moves particles so that their \
distribution at each t is the same p_t as the SDE's, and a higher-order solver (Heun's method here) \
takes much larger steps.
""")
chapter.equation(
    #"\frac{\mathrm{d}x}{\mathrm{d}t} = f(x, t) - \tfrac12 g(t)^2\,\nabla_x \log p_t(x)"#,
    plain: "dx/dt = f(x, t) − ½g(t)²·∇ₓ log p_t(x)")
chapter.prose("""
We measure sample quality by the sliced Wasserstein distance (SW₂, 256 directions) between 2,000 samples and \
2,000 held-out data points. Two samples of the data itself are not at distance zero, so the data-vs-data \
distance is printed as the floor. Mode coverage counts the modes that receive at least a quarter of their \
expected share of samples (within 3 standard deviations of the mode).
""")

let evaluationCount = 2_000
let heldOut = mixture.sample(evaluationCount, using: &chapter.random)
let secondHeldOut = mixture.sample(evaluationCount, using: &chapter.random)
let baseline = SlicedWasserstein.distance(heldOut, secondHeldOut)
let modeCentres = mixture.components.map { [$0.mean.x, $0.mean.y] }
func quality(_ samples: Tensor) -> (distance: Double, coverage: ModeCoverage) {
    (SlicedWasserstein.distance(samples, heldOut),
     ModeCoverage(samples: samples, centres: modeCentres, weights: mixture.components.map(\.weight), radius: 0.75))
}

struct SamplerRun { let name: String; let nfe: Int; let distance: Double; let modes: Int; let nearFraction: Double }
var runs: [SamplerRun] = []
func measure(_ name: String, nfe: Int, _ samples: Tensor) {
    let (distance, coverage) = quality(samples)
    runs.append(SamplerRun(name: name, nfe: nfe, distance: distance, modes: coverage.covered, nearFraction: coverage.highQualityFraction))
}
let stepCounts = quick ? [25, 100] : [10, 25, 50, 100, 250, 500]
let samplers: [any ReverseTimeSampler] = stepCounts.flatMap { steps -> [any ReverseTimeSampler] in
    [EulerMaruyamaSampler(steps: steps), PredictorCorrectorSampler(steps: steps)]
} + (quick ? [10, 25] : [5, 10, 25, 50, 100]).map { ProbabilityFlowSampler(steps: $0, method: .heun) }
for sampler in samplers {
    measure(sampler.name, nfe: sampler.networkEvaluations, sampler.sample(network, count: evaluationCount, using: &chapter.random))
}
chapter.table(["sampler", "NFE", "SW₂ to held-out data", "× data-vs-data", "modes covered", "samples near a mode"],
              runs.map { [$0.name, String($0.nfe), formatNumber($0.distance), formatNumber($0.distance / baseline), "\($0.modes) / 8",
                          formatNumber($0.nearFraction * 100) + "%"] }
              + [["held-out data (floor)", "—", formatNumber(baseline), "1", "8 / 8", "—"]],
              caption: "Sample quality against network evaluations (\(evaluationCount) samples each)")

// The default sampler: Euler–Maruyama with the largest step count of the table.
let defaultRun = runs.last { $0.name == "Euler–Maruyama" }!
chapter.check("modes covered by Euler–Maruyama with \(defaultRun.nfe) steps", measured: Double(defaultRun.modes), atLeast: 8)
chapter.check("SW₂ of Euler–Maruyama (\(defaultRun.nfe) steps) in units of the data-vs-data distance",
              measured: defaultRun.distance / baseline, atMost: quick ? 4 : 2)
let bestODE = runs.filter { $0.name.hasPrefix("probability-flow") }.min { $0.distance < $1.distance }!
chapter.check("SW₂ of the probability-flow ODE (best of the table, NFE \(bestODE.nfe)) in data-vs-data units",
              measured: bestODE.distance / baseline, atMost: quick ? 4 : 2)

var nfeFigure = Figure(width: 600, height: 400, title: "Sample quality against network evaluations")
for (index, name) in ["Euler–Maruyama", "predictor–corrector", "probability-flow ODE (Heun)"].enumerated() {
    let selected = runs.filter { $0.name == name }
    nfeFigure[0, 0].line(x: selected.map { log10(Double($0.nfe)) }, y: selected.map(\.distance), color: Color.cycle(index), label: name)
    nfeFigure[0, 0].scatter(x: selected.map { log10(Double($0.nfe)) }, y: selected.map(\.distance), color: Color.cycle(index), size: 4)
}
nfeFigure[0, 0].referenceLine(at: baseline)
nfeFigure[0, 0].text("data vs data", x: log10(Double(stepCounts.first!)) + 0.1, y: baseline * 1.15, anchor: .left)
nfeFigure[0, 0].xLabel = "log₁₀ NFE"; nfeFigure[0, 0].yLabel = "SW₂ to held-out data"
chapter.figure(nfeFigure, name: "nfe_quality",
               caption: "All three samplers approach the data-vs-data floor (grey) within a few hundred network evaluations; the ODE's samples are the worst at 10 evaluations and among the best at 200.")
chapter.prose("""
Read the table with its noise in mind: with 2,000 samples a sliced Wasserstein distance fluctuates by \
roughly 20% from one draw to the next, so only trends across several step counts mean something. What \
stands out is that no sampler needs a thousand steps on this data, that the deterministic ODE degrades \
first when steps are very few (its samples fall between the modes: see the last column), and that the \
corrector's extra evaluations buy little here — they pay off when the score is accurate but the \
predictor's steps are coarse, as in high dimensions.
""")

chapter.prose("""
The ODE is deterministic, so the same starting noise always gives the same sample, and it can be run \
forwards: data → noise → data should come back to where it started, up to the solver's error.
""")
let roundTripPoints = heldOut.slice(0..<500)
let heun100 = ProbabilityFlowSampler(steps: 100, method: .heun)
let encoded = heun100.encode(roundTripPoints, model: network)
let decoded = heun100.sample(network, from: encoded, using: &chapter.random)
let roundTripError = (decoded - roundTripPoints).squared().sum(alongAxis: 1).sqrt().doubles.reduce(0, +) / 500
chapter.check("probability-flow ODE round trip data → noise → data: mean distance (Heun, 100 steps each way)",
              measured: roundTripError, atMost: 0.02)

// Trajectories from the same starting noise.
let trajectoryStarts = vp.samplePrior(8, using: &chapter.random)
var sdePaths: [[SIMD2<Double>]] = Array(repeating: [], count: 8)
var odePaths: [[SIMD2<Double>]] = Array(repeating: [], count: 8)
func record(_ x: Tensor, into paths: inout [[SIMD2<Double>]]) {
    for row in 0..<x.rowCount { paths[row].append(SIMD2(Double(x.scalars[2 * row]), Double(x.scalars[2 * row + 1]))) }
}
record(trajectoryStarts, into: &sdePaths); record(trajectoryStarts, into: &odePaths)
var recordedSteps = 0
_ = EulerMaruyamaSampler(steps: 500).sample(network, from: trajectoryStarts, using: &chapter.random) { _, x in
    recordedSteps += 1
    if recordedSteps % 5 == 0 { record(x, into: &sdePaths) }     // every 5th step keeps the plot legible
}
_ = heun100.sample(network, from: trajectoryStarts, using: &chapter.random) { _, x in record(x, into: &odePaths) }
var trajectoryFigure = Figure(rows: 1, columns: 2, width: 900, height: 460, title: "From the same noise: reverse SDE vs probability-flow ODE")
let dataDensity = gridRows(mixture.logDensity(fine).map { max($0, -12) }, size: 80)
for (index, (title, paths)) in [("reverse SDE (Euler–Maruyama, 500 steps)", sdePaths), ("probability-flow ODE (Heun, 100 steps)", odePaths)].enumerated() {
    trajectoryFigure[0, index].heatmap(values: dataDensity, xRange: -fieldExtent...fieldExtent, yRange: -fieldExtent...fieldExtent,
                                       colorMap: .inverseGrayscale)
    for (k, path) in paths.enumerated() {
        trajectoryFigure[0, index].trajectory(x: path.map(\.x), y: path.map(\.y), color: Color.cycle(k % 8), width: 1)
    }
    trajectoryFigure[0, index].title = title
    trajectoryFigure[0, index].equalAspect = true
}
chapter.figure(trajectoryFigure, name: "sde_vs_ode_trajectories",
               caption: "Eight particles from identical starting noise (circles) to their samples (squares), over the data density. The SDE paths wander; the ODE paths are smooth, and both end in the modes.")

// A harder shape: the checkerboard.
chapter.prose("""
A mixture of Gaussians is kind to a network: its score is smooth. The checkerboard — uniform on eight \
squares, with sharp edges and corners — is not. Same network, same loss, same sampler:
""")
if quick {
    chapter.note("Skipped in --quick mode: the checkerboard needs the full training budget to show its edges.")
} else {
    let checkerboardData = Checkerboard().sample(trainingCount, using: &chapter.random)
    let checkerboardNetwork = NoisePredictionNetwork(sde: vp, hidden: 128, hiddenLayers: 3, gaussianPartSecondMoment: secondMoment(checkerboardData),
                                                     using: &chapter.random)
    try trainScoreNetwork(checkerboardNetwork, data: checkerboardData, steps: trainingSteps,
                          label: "score network on the checkerboard", logUniformFraction: 0.5, using: &chapter.random)
    let checkerboardSamples = EulerMaruyamaSampler(steps: quick ? 100 : 500).sample(checkerboardNetwork, count: evaluationCount, using: &chapter.random)
    let onBoard = Checkerboard.fractionOnBoard(checkerboardSamples)
    let checkerboardBaseline = SlicedWasserstein.distance(Checkerboard().sample(evaluationCount, using: &chapter.random),
                                                          Checkerboard().sample(evaluationCount, using: &chapter.random))
    let checkerboardHeldOut = Checkerboard().sample(evaluationCount, using: &chapter.random)
    chapter.table(["checkerboard", "value"], [
        ["samples on a dark square", formatNumber(onBoard * 100) + "%"],
        ["SW₂ to held-out data", formatNumber(SlicedWasserstein.distance(checkerboardSamples, checkerboardHeldOut))],
        ["SW₂ data vs data", formatNumber(checkerboardBaseline)],
    ])
    chapter.check("fraction of checkerboard samples on the dark squares (uniform noise would give 50% of the board)",
                  measured: onBoard, atLeast: 0.85)
    var checkerboardFigure = Figure(rows: 1, columns: 2, width: 820, height: 430, title: "The checkerboard: data and samples")
    checkerboardFigure[0, 0].scatter(x: column(checkerboardHeldOut, 0), y: column(checkerboardHeldOut, 1), color: Color.cycle(0), size: 1.4, alpha: 0.6)
    checkerboardFigure[0, 0].title = "data"
    checkerboardFigure[0, 1].scatter(x: column(checkerboardSamples, 0), y: column(checkerboardSamples, 1), color: Color.cycle(1), size: 1.4, alpha: 0.6)
    checkerboardFigure[0, 1].title = "reverse SDE samples"
    for index in 0..<2 {
        checkerboardFigure[0, index].xLimits = -2.5...2.5; checkerboardFigure[0, index].yLimits = -2.5...2.5
        checkerboardFigure[0, index].equalAspect = true
    }
    chapter.figure(checkerboardFigure, name: "checkerboard_samples",
                   caption: "Sharp edges are the hard part: the samples blur the corners slightly, where the score changes fastest.",
                   vectorCopy: false)
}

// MARK: - 5. Exact likelihoods

chapter.section("5. Exact likelihood through the probability-flow ODE")
chapter.prose("""
Because the ODE is a smooth invertible map from data to noise, the change-of-variables formula of \
normalising flows (chapter 6) applies to it, in its continuous form: along a trajectory, \
d log p_t(x_t)/dt = −∇·v, the divergence of the ODE's velocity v = f − ½g²s. Integrating from the data \
(t = ε) to the prior (t = 1):
""")
chapter.equation(
    #"\log p_\varepsilon(x_\varepsilon) = \log p_1(x_1) + \int_\varepsilon^1 \nabla_x\cdot v(x_t, t)\,\mathrm{d}t, \qquad \nabla\cdot v = d\,a(t) - \tfrac12 g(t)^2\,\nabla\cdot s_\theta(x, t)"#,
    plain: "log p_ε(x_ε) = log p_1(x_1) + ∫_ε¹ ∇·v(x_t, t) dt,   ∇·v = d·a(t) − ½g(t)²·∇·s_θ(x, t)")
chapter.prose("""
In two dimensions the divergence is exact and cheap: two backward passes give ∂ε̂₁/∂x₁ and ∂ε̂₂/∂x₂ for the \
whole batch. In high dimensions one uses Hutchinson's estimator E_v[vᵀ(∂s/∂x)v], unbiased for any v with \
E[vvᵀ] = I; we compare the two. We integrate the augmented ODE with classical Runge–Kutta (100 steps) for \
held-out points and compare with the true log-density of the mixture — first with the exact score (this \
tests the integrator), then with the network.
""")

chapter.listing("augmented-ode", fromLibraryFile: "Sources/ScoreBasedModels/ProbabilityFlowLikelihood.swift")
// listing: likelihood
let likelihood = ProbabilityFlowLikelihood(steps: 100, method: .rungeKutta4)
let testPoints = mixture.sample(quick ? 200 : 1_000, using: &chapter.random)
let trueLogDensity = mixture.logDensity(testPoints)
let exactODE = likelihood.logDensity(testPoints, under: exactModel)
let learnedODE = likelihood.logDensity(testPoints, under: network)
// end listing
chapter.listing("likelihood")

let exactScoreError = meanAbsoluteError(exactODE.logDensity, trueLogDensity)
let learnedError = meanAbsoluteError(learnedODE.logDensity, trueLogDensity)
let meanTrue = trueLogDensity.reduce(0, +) / Double(trueLogDensity.count)
let meanLearned = learnedODE.logDensity.reduce(0, +) / Double(trueLogDensity.count)
chapter.table(["log-density of \(testPoints.rowCount) held-out points", "mean log p (nats)", "mean |error| (nats)", "bits per dimension"], [
    ["true mixture", formatNumber(meanTrue), "—", formatNumber(bitsPerDimension(negativeLogLikelihood: -meanTrue, dimension: 2))],
    ["ODE with the exact score", formatNumber(exactODE.logDensity.reduce(0, +) / Double(trueLogDensity.count)), formatNumber(exactScoreError),
     formatNumber(bitsPerDimension(negativeLogLikelihood: -exactODE.logDensity.reduce(0, +) / Double(trueLogDensity.count), dimension: 2))],
    ["ODE with the learned score", formatNumber(meanLearned), formatNumber(learnedError),
     formatNumber(bitsPerDimension(negativeLogLikelihood: -meanLearned, dimension: 2))],
])
chapter.check("ODE log-likelihood with the exact score vs the true log-density (mean |error|, nats)", measured: exactScoreError, atMost: 0.01)
// The average gap E_p[log p − log p_θ] is the KL divergence from the data to the model (≥ 0):
// how many nats per point the model loses. Its standard error comes from the spread of the per-point gaps.
let gaps = SampleSummary(zip(trueLogDensity, learnedODE.logDensity).map { $0 - $1 })
// Signed errors on the likelier and the less likely half of the test points.
let byTrueDensity = trueLogDensity.indices.sorted { trueLogDensity[$0] > trueLogDensity[$1] }
func meanSignedError(_ indices: ArraySlice<Int>) -> Double {
    indices.reduce(0) { $0 + learnedODE.logDensity[$1] - trueLogDensity[$1] } / Double(indices.count)
}
let likelyHalfError = meanSignedError(byTrueDensity.prefix(byTrueDensity.count / 2))
let unlikelyHalfError = meanSignedError(byTrueDensity.suffix(byTrueDensity.count - byTrueDensity.count / 2))
let errorPattern = abs(unlikelyHalfError) > abs(likelyHalfError)
    ? "the tails, where training saw fewest samples, are where it errs most."
    : "the model errs as much where the data are dense as in the tails."
chapter.check("average ODE log-likelihood of held-out points vs the true average log-density (nats)",
              measured: meanLearned, expected: meanTrue, tolerance: .absolute(quick ? 0.5 : 0.1))
chapter.prose("""
The model loses \(formatNumber(gaps.mean)) ± \(formatNumber(gaps.standardError)) nats per point \
on average — an estimate of the KL divergence from the data to the model, which can only be positive. \
Point by point the errors are larger (mean |error| \(formatNumber(learnedError)) nats). Splitting the test \
points by their true density: on the likelier half the model's log-density is off by \
\(formatNumber(likelyHalfError)) nats on average (signed, model − true), on the less likely half by \
\(formatNumber(unlikelyHalfError)) — \(errorPattern)
""")

// Which times matter? Use the learned score only inside one window of t, the exact one elsewhere.
chapter.prose("""
Where do the pointwise errors come from? Swap in the exact score everywhere except one window of times, \
and the remaining error is what the network's score in that window costs:
""")
let windowPoints = testPoints.slice(0..<(quick ? 100 : 300))
let windowTruth = Array(trueLogDensity.prefix(windowPoints.rowCount))
var windowRows: [[String]] = []
/// The learned score inside [low, high), the exact one elsewhere.
struct WindowedScore: ScoreModel {
    let inside: NoisePredictionNetwork, outside: ExactScore<GaussianMixture2D>, window: Range<Double>
    var sde: any ForwardSDE { inside.sde }
    func score(_ x: Tensor, at t: Double) -> Tensor { window.contains(t) ? inside.score(x, at: t) : outside.score(x, at: t) }
    func scoreAndDivergence(_ x: Tensor, at t: Double) -> (score: Tensor, divergence: [Double]) {
        window.contains(t) ? inside.scoreAndDivergence(x, at: t) : outside.scoreAndDivergence(x, at: t)
    }
}
for (low, high) in [(0.0, 0.03), (0.03, 0.1), (0.1, 0.3), (0.3, 1.01)] {
    let hybrid = likelihood.logDensity(windowPoints, under: WindowedScore(inside: network, outside: exactModel, window: low..<high))
    windowRows.append(["[\(formatNumber(low)), \(formatNumber(min(high, 1))))", formatNumber(vp.beta(low)) + " – " + formatNumber(vp.beta(min(high, 1))),
                       formatNumber(meanAbsoluteError(hybrid.logDensity, windowTruth))])
}
chapter.table(["learned score used only for t in", "β(t) = g(t)² there", "mean |error| of log p (nats)"], windowRows,
              caption: "Where the likelihood's errors come from")
chapter.prose("""
The score is least accurate at small t, yet that window costs little: there g(t)² = β(t) is small, and \
the ODE moves the points only slightly. At intermediate t the score is more accurate but weighed by a \
β(t) ten to a hundred times larger. This is also where the Gaussian part of the prediction pays off: when \
we wrote this chapter, the same network without it lost about four times as much in the window t > 0.3, \
which then dominated the error.
""")

// Hutchinson against the exact divergence, on one batch at one time.
let probePoints = vp.perturb(testPoints, times: Tensor.full([testPoints.rowCount, 1], 0.3), noise: Tensor.normal(testPoints.shape, using: &chapter.random))
let exactDivergence = network.scoreAndDivergence(probePoints, at: 0.3).divergence
let hutchinson = network.hutchinsonDivergence(probePoints, at: 0.3, probes: 1, using: &chapter.random)
let hutchinsonErrors = SampleSummary(zip(hutchinson, exactDivergence).map { $0 - $1 })
chapter.check("Hutchinson (one Rademacher probe per point) minus exact divergence, mean over points at t = 0.3",
              measured: hutchinsonErrors.mean, expected: 0, tolerance: .standardErrors(4, standardError: hutchinsonErrors.standardError))
chapter.prose("""
One probe per point is unbiased but noisy (its spread across points here is \(formatNumber(hutchinsonErrors.standardDeviation)) \
against divergences of typical size \(formatNumber(exactDivergence.map(abs).reduce(0, +) / Double(exactDivergence.count)))): \
in high dimensions that noise is the price of a likelihood that costs one backward pass per step instead of d.
""")

// The density the model defines, on a grid.
let densitySize = quick ? 24 : 48
let densityExtent = 3.2
let densityGrid = grid(size: densitySize, extent: densityExtent)
let modelGridDensity = ProbabilityFlowLikelihood(steps: quick ? 25 : 50).logDensity(densityGrid, under: network).logDensity
let trueGridDensity = mixture.logDensity(densityGrid)
var densityFigure = Figure(rows: 1, columns: 3, width: 1_150, height: 380, title: "The density of the probability-flow ODE")
let densityRange = -8.0...1.0
densityFigure[0, 0].heatmap(values: gridRows(trueGridDensity.map { max($0, densityRange.lowerBound) }, size: densitySize),
                            xRange: -densityExtent...densityExtent, yRange: -densityExtent...densityExtent, valueRange: densityRange,
                            colorBar: "log density")
densityFigure[0, 0].title = "true log p(x)"
densityFigure[0, 1].heatmap(values: gridRows(modelGridDensity.map { max($0, densityRange.lowerBound) }, size: densitySize),
                            xRange: -densityExtent...densityExtent, yRange: -densityExtent...densityExtent, valueRange: densityRange,
                            colorBar: "log density")
densityFigure[0, 1].title = "model log p(x), from the ODE"
densityFigure[0, 2].heatmap(values: gridRows(zip(modelGridDensity, trueGridDensity).map { min(max($0 - $1, -3), 3) }, size: densitySize),
                            xRange: -densityExtent...densityExtent, yRange: -densityExtent...densityExtent, colorMap: .blueWhiteRed,
                            valueRange: -3...3, colorBar: "model − true")
densityFigure[0, 2].title = "difference (nats)"
for index in 0..<3 { densityFigure[0, index].equalAspect = true }
chapter.figure(densityFigure, name: "ode_density",
               caption: "Where the data are, the model's log-density matches the truth to a fraction of a nat; far from the data, where training never looked, it does not.")

// MARK: - Exercises

chapter.exercises([
    Exercise(title: "The VP marginal variance",
             text: "From dσ²/dt = −β(t)σ² + β(t) with σ²(0) = 0, derive σ²(t) for β(t) = β₀ + t(β₁ − β₀) and implement `vpMarginalVariance(t:betaMin:betaMax:)`. The grader integrates the ODE numerically."),
    Exercise(title: "The reverse drift of the VE SDE",
             text: "Implement `veReverseDrift(x:score:t:sigmaMin:sigmaMax:)`, the drift f − g²s of the reverse-time VE SDE (per unit of forward time). The grader compares g² with a finite-difference derivative of σ(t)² and checks the drift on Gaussian data."),
    Exercise(title: "Hutchinson's trace estimator",
             text: "Implement `hutchinsonTrace(matrixTimesVector:dimension:probes:using:)`, an unbiased estimate of tr(A) from products Av with Rademacher vectors v. The grader checks it against the exact trace within Monte Carlo error."),
    Exercise(title: "The probability-flow drift",
             text: "Implement `probabilityFlowDrift(x:t:score:betaMin:betaMax:)` for the VP SDE. The grader integrates your ODE for Gaussian data, whose flow is known in closed form: x_t/√(α²s² + σ²) stays constant."),
])

chapter.finish()
