import AdversarialNetworks
import Datasets
import DigitEvaluation
import Distributions
import Foundation
import Metrics
import NeuralLayers
import Notebook
import Plotting
import Statistics
import Training

// Chapter 3 — Generative adversarial networks, and the measuring stick every later chapter uses.

let chapter = Chapter(
    number: 3, title: "Generative adversarial networks",
    summary: """
    A generative adversarial network trains a sampler without ever writing down a density: a \
    generator turns noise into data, a discriminator tries to tell its output from the real thing, \
    and each learns from the other. This chapter derives what the game optimises, shows why the \
    textbook loss gives the generator almost no gradient where it is worst and the practical one does not, trains GANs on rings of Gaussians and on \
    digits, and watches them drop modes while their losses say nothing. Then it builds the book's \
    measuring stick for samples — a Fréchet distance on a digit classifier's features, kernel MMD, precision and \
    recall, class coverage — that every later chapter uses.
    """)
let quick = chapter.isQuick

// MARK: - 1. The game

chapter.section("1. The adversarial game")
chapter.prose("""
A generator G maps a latent code z ~ N(0, I) to a point G(z) in data space; the law of G(z) is the \
generator's distribution, with density p_g. A discriminator D(x) ∈ (0, 1) is the probability it assigns \
to x being real, a sample of the data density p_data rather than of p_g. Goodfellow et al. (2014) let the \
two play a zero-sum game on the value function
""")
chapter.equation(#"V(D, G) = \mathbb{E}_{x\sim p_{\mathrm{data}}}\big[\log D(x)\big] + \mathbb{E}_{z\sim\mathcal N(0,I)}\big[\log\big(1 - D(G(z))\big)\big], \qquad \min_G \max_D V(D, G),"#,
                 plain: "V(D, G) = E_{x~p_data}[log D(x)] + E_{z~N(0,I)}[log(1 − D(G(z)))],   min_G max_D V(D, G)")
chapter.prose("""
the log-likelihood of a classifier that labels real points 1 and generated points 0. For a fixed \
generator, V = ∫ [p_data(x) log D(x) + p_g(x) log(1 − D(x))] dx, and the integrand can be maximised \
point by point: u log y + v log(1 − y) over y ∈ (0, 1) peaks at y = u/(u + v). So the best discriminator, \
and the value it reaches, are
""")
chapter.equation(#"D^*(x) = \frac{p_{\mathrm{data}}(x)}{p_{\mathrm{data}}(x) + p_g(x)}, \qquad V(D^*, G) = -\log 4 + 2\,\mathrm{JSD}(p_{\mathrm{data}}\,\|\,p_g),"#,
                 plain: "D*(x) = p_data(x)/(p_data(x) + p_g(x)),   V(D*, G) = −log 4 + 2·JSD(p_data ‖ p_g)")
chapter.prose("""
where JSD(p ‖ q) = ½KL(p ‖ m) + ½KL(q ‖ m) with m = (p + q)/2 is the Jensen–Shannon divergence (Lin, \
1991): substitute D* and write p/(p + q) = ½·p/m. The JSD lies between 0 (p_g = p_data, where D* = ½ \
everywhere) and log 2 (disjoint supports), so the generator's best reply to a perfect discriminator is \
p_g = p_data. We check all three claims on one-dimensional densities, where every integral can be done \
by quadrature on a fine grid: the data are two Gaussians, ½N(−2, 0.5²) + ½N(2, 0.5²), and the generator \
is a single N(0.5, 1.5²) that has not yet found them.
""")
let dataDensity1D = GaussianMixture1D(weights: [0.5, 0.5], means: [-2, 2], standardDeviations: [0.5, 0.5])
let generatorDensity1D = GaussianMixture1D(weights: [1], means: [0.5], standardDeviations: [1.5])
let quadrature = SimpsonGrid(from: -12, to: 12, points: 4_801)
let game = OptimalDiscriminator(dataDensity: { exp(dataDensity1D.logDensity($0)) },
                                generatorDensity: { exp(generatorDensity1D.logDensity($0)) }, on: quadrature)
chapter.listing("optimal-discriminator", fromLibraryFile: "Sources/AdversarialNetworks/OptimalDiscriminator.swift")

// Route 1 for D*: maximise each point's integrand numerically, knowing nothing of the formula.
let searched = zip(game.dataDensity, game.generatorDensity).map { p, q in
    GoldenSection.maximiser(in: 1e-15...(1 - 1e-15), tolerance: 1e-12) { y in p * log(y) + q * log(1 - y) }
}
let searchError = zip(searched, game.values).map { abs($0 - $1) }.max()!
// A maximum is flat: values of f within u₆₄|f| of the peak are indistinguishable, so the argmax is
// fixed only to √(2u₆₄|f|/|f″|) — largest over the grid.
let argmaxFloor = zip(game.dataDensity, game.generatorDensity).map { p, q -> Double in
    let y = p / (p + q), peak = abs(p * log(y)) + abs(q * log(1 - y)), curvature = p / (y * y) + q / ((1 - y) * (1 - y))
    return p > 0 && q > 0 ? (2 * Double.ulpOfOne / 2 * peak / curvature).squareRoot() : 0
}.max()!
chapter.check("largest |D*(x) − argmax_y [p_data log y + p_g log(1 − y)]| over the \(quadrature.points.count) grid points",
              measured: searchError, atMost: 4 * argmaxFloor,
              why: "4× the rounding floor of a numerical argmax, √(2u₆₄|f|/|f″|) at the peak (largest over the grid, \(formatNumber(argmaxFloor, digits: 2))); golden-section search brackets to 10⁻¹². p_g/(p_data + p_g) misses by up to 1")

// Route 2 for the value: V(D*) by quadrature, against −log 4 + 2·JSD with the JSD by Monte Carlo from its definition.
let jsdSamples = quick ? 50_000 : 200_000
let fromData = SampleSummary(logRatioToMixture(dataDensity1D, generatorDensity1D, count: jsdSamples))
let fromGenerator = SampleSummary(logRatioToMixture(generatorDensity1D, dataDensity1D, count: jsdSamples))
let monteCarloJSD = (fromData.mean + fromGenerator.mean) / 2
let monteCarloSE = (fromData.standardError * fromData.standardError + fromGenerator.standardError * fromGenerator.standardError).squareRoot() / 2
chapter.check("V(D*, G) by quadrature vs −log 4 + 2·JSD, the JSD by Monte Carlo (\(jsdSamples) draws from each density)",
              measured: game.optimalGameValue, expected: -log(4) + 2 * monteCarloJSD, tolerance: .standardErrors(4, standardError: 2 * monteCarloSE),
              why: "2 × 4 SE of the Monte Carlo JSD (two independent means of log(2p/(p + q)) under each density); Simpson's error on these smooth integrands is O(h⁴) ≈ 10⁻¹⁰. −log 4 alone is \(formatNumber(2 * monteCarloJSD / (2 * monteCarloSE), digits: 3)) SE away")
chapter.demonstration("JSD by quadrature of its definition vs (V(D*) + log 4)/2 on the same grid (one identity, two spellings)",
                      lhs: game.jensenShannonDivergence, rhs: (game.optimalGameValue + log(4)) / 2)

// The closed form: U[c, 1 + c] against the same interval shifted by s has JSD = s·log 2.
let uniformGrid = SimpsonGrid(from: -1, to: 3, points: 40_001)
let offset = 3.7e-5, otherOffset = 6.1e-5   // every edge strictly between two nodes, each at its own place in its panel
let uniformRows = uniformShifts([0, 0.25003, 0.500055, 0.750015, 1.00007], offsets: (offset, otherOffset), on: uniformGrid)
chapter.table(["shift s", "V(D*) by quadrature", "−log 4 · max(0, 1 − s′)", "difference"],
              uniformRows.map { [$0.shift, $0.value, $0.closedForm, $0.value - $0.closedForm] },
              caption: "Two uniform densities of width 1, the second shifted by s′ = s + \(formatNumber(otherOffset - offset, digits: 2)): D* is 1 where only the data live, ½ on the overlap and 0 where only the generator lives, so V(D*) = −(1 − s′)·log 4 while they overlap (s′ ≤ 1), and 0 once they are disjoint.")
let simpsonJumpBound = 2 * (2.0 / 3) * uniformGrid.spacing * log(4)
chapter.check("largest |V(D*) − (−log 4 · max(0, 1 − s′))| over the five shifts", measured: uniformRows.map { abs($0.value - $0.closedForm) }.max()!,
              atMost: simpsonJumpBound,
              why: "Simpson's rule errs by at most ⅔h·|J| at a jump J between nodes (h = \(formatNumber(uniformGrid.spacing)), two jumps of log 4 in the integrand); a JSD off by a factor 2 misses by s·log 2, \(formatNumber(0.25 * log(2))) at s = ¼")

chapter.prose("""
A real discriminator is a network fitted to finite samples, not D*. We train one — a multilayer \
perceptron 1 → 64 → 64 → 1 (leaky ReLU, slope 0.2) whose output is the logit a(x), so D = sigmoid(a) = 1/(1 + e^{−a}) — by minimising the \
discriminator's loss L_D = −V on fresh batches from both densities, the generator held fixed. D* is \
the maximiser of V over *all* functions, so the network's value, computed by the same quadrature, must \
stay below V(D*); how close it gets says how well a network of this size, trained this long, can play.
""")
chapter.listing("discriminator-loss", fromLibraryFile: "Sources/AdversarialNetworks/AdversarialLosses.swift")
let critic1D = MLP(sizes: [1, 64, 64, 1], activation: .leakyRelu(slope: 0.2), name: "discriminator", using: &chapter.random)
let gridInputs = Tensor(shape: [quadrature.points.count, 1], scalars: quadrature.points.map(Float.init))
let untrainedValue = game.gameValue(of: logitsToProbabilities(critic1D(gridInputs)))
let critic1DTrainer = Trainer(label: "1-D discriminator", parameters: critic1D.parameters, steps: quick ? 800 : 2_000,
                              optimizer: Adam(parameters: critic1D.parameters, learningRate: 2e-3, beta1: 0.5), schedule: .cosine(floor: 0.05))
try chapter.train(critic1DTrainer.label, steps: critic1DTrainer.steps) { step in
    let real = dataDensity1D.sample(256, using: &chapter.random).reshaped([256, 1])
    let fake = generatorDensity1D.sample(256, using: &chapter.random).reshaped([256, 1])
    try critic1DTrainer.step(step) { tape in
        Variable.discriminatorLoss(realLogits: critic1D(tape.constant(real)), fakeLogits: critic1D(tape.constant(fake)))
    }
}
let trainedCritic1D = logitsToProbabilities(critic1D(gridInputs))
let trainedValue = game.gameValue(of: trainedCritic1D)
let logFour = log(4.0), attainable = game.optimalGameValue + logFour   // V(D*) − V(½)
chapter.table(["discriminator", "V(D, G) by quadrature", "share of V(D*) − V(½) attained"], [
    ["D ≡ ½ (cannot tell)", -logFour, 0.0],
    ["the network, untrained", untrainedValue, (untrainedValue + logFour) / attainable],
    ["the network after \(critic1DTrainer.steps) steps", trainedValue, (trainedValue + logFour) / attainable],
    ["D* = p_data/(p_data + p_g)", game.optimalGameValue, 1.0],
])
chapter.check("share of V(D*) − V(½) the trained network attains", measured: (trainedValue + log(4)) / attainable, atLeast: 0.9,
              why: "a bound set before the run for a trained discriminator; the constant ½ attains 0 and the untrained network \(formatNumber((untrainedValue + log(4)) / attainable, digits: 3))")
let worstPoint = game.values.indices.filter { game.dataDensity[$0] + game.generatorDensity[$0] >= 1e-3 }.max { abs(trainedCritic1D[$0] - game.values[$0]) < abs(trainedCritic1D[$1] - game.values[$1]) }!
chapter.figure(optimalDiscriminatorFigure(game: game, trained: trainedCritic1D), name: "optimal_discriminator", caption: """
    Top: the data density (two Gaussians) and the generator's (one broad Gaussian). Bottom: the optimal \
    discriminator D* = p_data/(p_data + p_g) and the trained network's D, which attains \
    \(formatNumber((trainedValue + logFour) / attainable * 100, digits: 3))% of the value D* attains above D ≡ ½. \
    Where p_data + p_g ≥ 10⁻³ the two differ most, by \(formatNumber(abs(trainedCritic1D[worstPoint] - game.values[worstPoint]), digits: 2)), at \
    x = \(formatNumber(quadrature.points[worstPoint], digits: 3)), where p_data + p_g = \
    \(formatNumber(game.dataDensity[worstPoint] + game.generatorDensity[worstPoint], digits: 2)): few training samples land there, \
    and V weighs the error by that small density; further out the network extrapolates freely. JSD(p_data ‖ p_g) = \(formatNumber(game.jensenShannonDivergence, digits: 3)) nats \
    (log 2 ≈ 0.693 would mean disjoint supports).
    """)

// MARK: - 2. Saturating and non-saturating generator losses

chapter.section("2. Where the minimax loss gives no gradient")
chapter.prose("""
The generator minimises V, and only V's second term depends on it: ℓ_sat = E log(1 − D(G(z))), the \
*saturating* loss. Goodfellow et al. (2014) noticed that it gives almost no gradient early in training, \
and proposed the *non-saturating* loss ℓ_ns = −E log D(G(z)) instead: maximise the probability of being \
called real rather than minimise the probability of being called fake. Both push a sample x = G(z) \
uphill on the discriminator's logit a(x); by the chain rule, with D = sigmoid(a),
""")
chapter.equation(#"\frac{\partial}{\partial x}\log\big(1 - D(x)\big) = -D(x)\,\nabla_x a(x), \qquad \frac{\partial}{\partial x}\big[-\log D(x)\big] = -\big(1 - D(x)\big)\,\nabla_x a(x)."#,
                 plain: "∂/∂x log(1 − D(x)) = −D(x)·∇ₓa(x),   ∂/∂x [−log D(x)] = −(1 − D(x))·∇ₓa(x)")
chapter.prose("""
The two differ only in the weight: D for the saturating loss, 1 − D for the non-saturating one. Where the \
discriminator confidently rejects a sample, D(x) → 0, the saturating weight vanishes with it — the \
generator learns least where it is worst — while the non-saturating weight tends to 1. We differentiate \
both losses through the trained 1-D discriminator above by the tape, at 4,000 samples of the generator, \
and compare with the weights times ∇ₓa(x), which the tape computes separately.
""")
chapter.listing("generator-losses", fromLibraryFile: "Sources/AdversarialNetworks/AdversarialLosses.swift")
let generated1D = generatorDensity1D.sample(4_000, using: &chapter.random).reshaped([4_000, 1])
let logitSlopes = inputGradient(of: critic1D, at: generated1D) { $0.mean() }                 // ∇ₓa(x)
let critic1DLogits = critic1D(generated1D).doubles
let lossGradients = GeneratorLoss.allCases.map { kind in inputGradient(of: critic1D, at: generated1D) { kind(fakeLogits: $0) } }
let closedFormGradients = GeneratorLoss.allCases.map { kind in zip(critic1DLogits, logitSlopes).map { kind.derivative(atLogit: $0) * $1 } }
let gradientError = worstRelativeError(lossGradients, closedFormGradients)
let swappedError = worstRelativeError(lossGradients, closedFormGradients.reversed())
chapter.check("largest error of the tape gradient of each generator loss vs the closed-form weight × ∇ₓa, relative to that loss's largest gradient",
              measured: gradientError, atMost: 1e-4,
              why: "single precision through the network (u₃₂ ≈ 6·10⁻⁸, a few hundred roundings per gradient); swapping the weights D and 1 − D errs by \(formatNumber(swappedError, digits: 3))")
let discriminations = critic1DLogits.map { 1 / (1 + exp(-$0)) }
let binned = gradientsByConfidence(discriminations: discriminations, saturating: lossGradients[0], nonSaturating: lossGradients[1])
chapter.table(["generated samples where", "count", "mean |∂ℓ_sat/∂x|", "mean |∂ℓ_ns/∂x|", "ratio ns/sat"], binned.map { bin in
    bin.count == 0 ? [bin.name, 0, "—", "—", "—"] : [bin.name, bin.count, bin.saturating, bin.nonSaturating, bin.nonSaturating / bin.saturating]
}, caption: "Gradients of the two generator losses at 4,000 samples of p_g, grouped by how confidently the trained discriminator rejects them.")
let confident = binned[0]
chapter.figure(saturationFigure(samples: generated1D.doubles, discriminations: discriminations, gradients: lossGradients,
                                logitSlopes: logitSlopes), name: "generator_loss_gradients", caption: """
    Left: the magnitude of each loss's gradient with respect to the generated sample x (log scale), at 4,000 samples of the generator. \
    Where the discriminator rejects a sample confidently (D < 0.01: \(confident.count) samples\(confident.count > 0 ? ", with gradients on average \(formatNumber(confident.nonSaturating / confident.saturating, digits: 3))× smaller for the saturating loss" : "")) \
    the saturating loss gives the generator almost nothing to follow; both vanish where ∇ₓa = 0, at the discriminator's turning points. \
    Right: the weight on ∇ₓa — D for the saturating loss, 1 − D for the non-saturating one — measured by the tape (points) and in closed form (lines).
    """)

// MARK: - 3. Training on a ring of Gaussians

chapter.section("3. Training a GAN, and how it drops modes")
let wideRing = RingProblem(spread: 0.05), narrowRing = RingProblem(spread: 0.02)
chapter.prose("""
Now both players learn. The data are eight Gaussians of standard deviation σ = 0.05 on a circle of radius \
2 — well separated modes, where the usual failure of GANs is easy to see. The generator is a multilayer \
perceptron 2 → 128 → 128 → 2 (ReLU) from z ~ N(0, I₂), the discriminator 2 → 128 → 128 → 1 (leaky \
ReLU, slope 0.2); each step updates the discriminator once on 256 real and 256 generated points, then \
the generator once with the non-saturating loss, both by Adam with β₁ = 0.5 (Radford et al., 2016) and \
learning rate 10⁻³. Every 250 steps we count the modes the generator covers (a mode is covered if it \
receives at least a quarter of its share of the samples that land within 3σ of some centre) and the \
fraction of samples that land that close to any mode; at the end, the sliced Wasserstein distance from \
2,000 samples to as many fresh data points, SW₂² = E_θ W₂²(θᵀP, θᵀQ) over unit directions θ, where each \
one-dimensional W₂ is computed by sorting (Rabin et al., 2011; also chapter 12). The ring is the standard \
test bed for mode collapse since Metz et al. (2017).
""")
chapter.listing("adversarial-trainer", fromLibraryFile: "Sources/AdversarialNetworks/AdversarialTrainer.swift")
let ringRuns = quick ? 2 : 5, ringSteps = quick ? 1_000 : 2_000, ringEvery = 250
let (wideHistories, wideModels, wideUntrained) = try trainRingRuns(count: ringRuns, steps: ringSteps, every: ringEvery, on: wideRing, learningRate: 1e-3, name: "ring GAN (σ = 0.05)")
let (narrowHistories, _, _) = try trainRingRuns(count: ringRuns, steps: ringSteps, every: ringEvery, on: narrowRing, learningRate: 1e-3, name: "ring GAN (σ = 0.02)")
let ringFloor = RepeatedMeasurement(values: (0..<8).map { _ in wideRing.slicedWasserstein(wideRing.ring.sample(2_000, using: &chapter.random)) })
let oneModeDropped = RepeatedMeasurement(values: (0..<8).map { _ in wideRing.slicedWasserstein(wideRing.withOneModeDropped.sample(2_000, using: &chapter.random)) })
let wideData = wideRing.coverage(wideRing.ring.sample(2_000, using: &chapter.random)).highQualityFraction
chapter.table(["run", "modes covered at the end", "samples near a mode", "SW₂ to the data", "discriminator loss (last \(ringEvery) steps)", "generator loss"],
              ringRows(wideHistories, spread: 0.05) + ringRows(narrowHistories, spread: 0.02) + referenceRows(floor: ringFloor, oneModeDropped: oneModeDropped, dataNear: wideData),
              caption: "At equilibrium, p_g = p_data and D ≡ ½, the discriminator's loss would be log 4 ≈ 1.386 and the generator's log 2 ≈ 0.693. SW₂ rows: mean ± SE over 8 draws.")
let wideCovered = wideHistories.map { $0.covered.last! }, narrowCovered = narrowHistories.map { $0.covered.last! }
let wideNearValues = wideHistories.map { $0.nearFraction.last! }, wideNear = SampleSummary(wideNearValues)
let wideSW = SampleSummary(wideHistories.map(\.slicedWasserstein)), swBound = (ringFloor.mean + oneModeDropped.mean) / 2
chapter.prose("""
On the ring of σ = 0.05, \(coverageSentence(wideCovered)); between \(formatNumber(wideNearValues.min()!, digits: 2)) and \
\(formatNumber(wideNearValues.max()!, digits: 2)) of their samples land near a mode, where \(formatNumber(wideData, digits: 3)) of the data's own \
points do. \(swSentence(wideSW, floor: ringFloor, oneModeDropped: oneModeDropped)) Narrow the modes to σ = 0.02 and train the same way: \(coverageSentence(narrowCovered)), and the figure below shows \
modes lost and found again during training. \(lossSentence(wide: wideHistories, narrow: narrowHistories)). \
Only measurements of the samples say which modes are missing, which is why section 4 builds them.
""")
if !quick {   // two short quick runs give no usable spread across runs
    chapter.check("σ = 0.05: samples near a mode, mean over the \(ringRuns) trained runs minus the untrained generators' mean, in SE over runs",
                  measured: (wideNear.mean - wideUntrained.map(\.coverage.highQualityFraction).mean) / wideNear.standardError, atLeast: 4,
                  why: "the runs learn the modes' positions: \(formatNumber(wideNear.mean, digits: 3)) ± \(formatNumber(wideNear.standardError, digits: 2)) of samples within 3σ of a centre, against \(formatNumber(wideUntrained.map(\.coverage.highQualityFraction).mean, digits: 2)) untrained")
    chapter.check("σ = 0.05: SW₂ to the data, worst of the \(ringRuns) runs", measured: wideHistories.map(\.slicedWasserstein).max()!, atMost: swBound,
                  why: "the bound, fixed before the runs, is halfway between the data's own floor (\(formatNumber(ringFloor.mean, digits: 3))) and the ring with one mode dropped (\(formatNumber(oneModeDropped.mean, digits: 3))), so that wrong law fails; untrained generators: \(formatNumber(wideUntrained.map(\.slicedWasserstein).mean, digits: 3))")
}

let frozenSteps = quick ? 500 : 2_000, lossWindow = 50
chapter.prose("""
Why do modes drop? Freeze the discriminator of run 1 on the wide ring and let the generator alone chase it \
(with a fresh Adam at learning rate 10⁻², ten times the training rate, for \(frozenSteps) steps). For a fixed D, \
the generator's loss −E log D(G(z)) is smallest when *every* sample sits where D is largest, so the best \
reply to a fixed discriminator is a point mass at its maximum. Gradient steps carry each sample uphill on \
D — to a local maximum, or, since a leaky-ReLU network's logit is piecewise linear, along a ray on which it \
keeps growing — so the samples desert the modes where D is low and pile onto the few where it is high, \
while the loss improves. In the game the discriminator moves on and punishes the pile-up, the generator \
moves elsewhere, and the two can chase each other around the modes instead of settling.
""")
let frozenGAN = wideModels[0], beforeSamples = frozenGAN.sample(2_000, using: &chapter.random), beforeFreezing = wideRing.coverage(beforeSamples)
let frozenTrainer = AdversarialTrainer(label: "generator against a frozen discriminator", model: frozenGAN, generatorLearningRate: 1e-2)
var frozenLosses: [Double] = []
try chapter.train(frozenTrainer.label, steps: frozenSteps) { step in
    frozenLosses.append(Double(try frozenTrainer.updateGenerator(count: 256, step: step, using: &chapter.random)))
}
let afterSamples = frozenGAN.sample(2_000, using: &chapter.random), afterFreezing = wideRing.coverage(afterSamples)
let firstLosses = SampleSummary(Array(frozenLosses.prefix(lossWindow))), lastLosses = SampleSummary(Array(frozenLosses.suffix(lossWindow)))
chapter.check("effective number of modes (exp of the entropy of the near samples' mode shares), before freezing minus after \(frozenSteps) steps against the frozen discriminator, in SE",
              measured: (beforeFreezing.effectiveModes - afterFreezing.effectiveModes) / (pow(beforeFreezing.effectiveModesStandardError, 2) + pow(afterFreezing.effectiveModesStandardError, 2)).squareRoot(), atLeast: 4,
              why: "the samples pile onto fewer modes: \(formatNumber(beforeFreezing.effectiveModes, digits: 3)) → \(formatNumber(afterFreezing.effectiveModes, digits: 3)), \(afterFreezing.covered) covered (SE by the delta method for multinomial counts; an unchanged generator scores about 0); on all samples, near a mode \(formatNumber(beforeFreezing.highQualityFraction, digits: 2)) → \(formatNumber(afterFreezing.highQualityFraction, digits: 2)), occupied 0.05 × 0.05 cells (exp of the histogram's entropy) \(formatNumber(occupiedCells(beforeSamples), digits: 3)) → \(formatNumber(occupiedCells(afterSamples), digits: 3))")
chapter.check("generator loss over the first \(lossWindow) frozen steps minus the last \(lossWindow), in SE of the difference",
              measured: separation(firstLosses, lastLosses), atLeast: 4, why: "the loss improves while the modes collapse: \(formatNumber(firstLosses.mean, digits: 3)) → \(formatNumber(lastLosses.mean, digits: 3)) (SE from the batch-to-batch spread in each window)")
chapter.figure(ringSnapshotsFigure(data: wideRing.ring.sample(2_000, using: &chapter.random), snapshots: wideHistories[0].snapshots,
                                   steps: snapshotCheckpoints(steps: ringSteps, every: ringEvery).map { $0 * ringEvery }, collapsed: frozenGAN.sample(2_000, using: &chapter.random)),
               name: "ring_training", caption: """
    Generator samples of run 1 on the σ = 0.05 ring over training (orange) on the data (grey), and — last panel — after \
    \(frozenSteps) further generator steps against its frozen discriminator: \(afterFreezing.covered) mode\(afterFreezing.covered == 1 ? "" : "s") left, \
    the largest holding \(Int((afterFreezing.largestShare * 100).rounded()))% of the samples near a mode.
    """)
let checkpoints = (1...(ringSteps / ringEvery)).map { $0 * ringEvery }; let narrowLossRange = (narrowHistories.map { $0.discriminatorLoss.last! }.min()!, narrowHistories.map { $0.discriminatorLoss.last! }.max()!)
chapter.figure(modeCollapseFigure(steps: checkpoints, runs: narrowHistories), name: "mode_collapse", caption: """
    The \(ringRuns) runs on the narrow ring (σ = 0.02), one line each. Top: modes covered out of 8. Middle: the fraction of samples near a mode. Bottom: \
    the discriminator's loss (solid) and the generator's (dashed), averaged over each \(ringEvery) steps, with log 4 and log 2 \
    dotted; at the end the discriminators' losses span \(formatNumber(narrowLossRange.0, digits: 3))–\(formatNumber(narrowLossRange.1, digits: 3)) while the runs cover \
    \(Set(narrowCovered).sorted().map(String.init).joined(separator: ", ")) modes.
    """)

// MARK: - 4. Measuring samples

chapter.section("4. Measuring samples without a likelihood")
chapter.prose("""
A GAN has no density to evaluate, so its quality must be read off its samples: compare a set of \
generated points with a set of real ones. On 2-D data the sliced Wasserstein distance and mode counts \
do this well. For images, distances between raw pixels say little about what a person sees, so the \
standard recipe (Heusel et al., 2017) maps both sets through the penultimate layer of a trained \
classifier, fits a Gaussian to each set of features, and reports the Fréchet distance between the two \
Gaussians — the squared 2-Wasserstein distance between them (Dowson & Landau, 1982):
""")
chapter.equation(#"d_F^2 = \lVert \mu_1 - \mu_2 \rVert^2 + \operatorname{tr}\Big(\Sigma_1 + \Sigma_2 - 2\big(\Sigma_1^{1/2}\,\Sigma_2\,\Sigma_1^{1/2}\big)^{1/2}\Big)."#,
                 plain: "d_F² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2})")
chapter.prose("""
The first term measures where the two feature clouds sit, the second how they spread. The matrix square \
roots come from symmetric eigendecompositions: M = Σ₁^{1/2}Σ₂Σ₁^{1/2} is symmetric and positive \
semi-definite, so tr M^{1/2} = Σᵢ √λᵢ(M). Two closed forms check the implementation: in one dimension \
d_F² = (μ₁ − μ₂)² + (σ₁ − σ₂)², and for any 2 × 2 positive semi-definite M with eigenvalues λ₁, λ₂, \
(√λ₁ + √λ₂)² = tr M + 2√det M, where tr M = tr(Σ₁Σ₂) and det M = det Σ₁·det Σ₂ — no square root of a matrix at all.
""")
chapter.listing("frechet-distance", fromLibraryFile: "Sources/Metrics/FrechetDistance.swift")
let closedForms = try frechetClosedFormExamples()
chapter.check("d_F² of N(0.3, 0.7²) and N(−1.1, 1.5²): eigendecomposition route vs (μ₁ − μ₂)² + (σ₁ − σ₂)²", measured: closedForms.oneDimensional,
              expected: closedForms.oneDimensionalClosedForm, tolerance: .relative(1e-12), why: "double-precision rounding of a few operations")
chapter.check("d_F² of two 2-D Gaussians with non-commuting covariances vs the trace–determinant identity", measured: closedForms.twoDimensional,
              expected: closedForms.twoDimensionalClosedForm, tolerance: .relative(1e-12),
              why: "double-precision rounding; the tempting tr(Σ₁^{1/2}Σ₂^{1/2}) for the root term, right only for commuting covariances, gives \(formatNumber(closedForms.withCommutingShortcut, digits: 4))")

let digits: Digits
do { digits = try Digits.load() } catch { Chapter.stop("\(error)") }
let (digitsTrain, digitsHeldOut) = digits.split(testFraction: 0.25, using: &chapter.random)
chapter.prose("""
For the digits (chapter 1's \(digits.count) images, split \(digitsTrain.count) for training and \(digitsHeldOut.count) \
held out) this book's feature map is a small classifier trained here: a multilayer perceptron \
64 → 128 → 64 → 10 with SiLU activations, trained by Adam on the cross-entropy. Its 64 penultimate \
activations are the features, and d_F² on them is the **Fréchet digit distance** (FDD), this book's FID.
""")
chapter.listing("digit-classifier-trainer", fromLibraryFile: "Sources/DigitEvaluation/DigitClassifierTraining.swift")
let classifier = DigitClassifier(using: &chapter.random)
let classifierTrainer = DigitClassifierTrainer(classifier, images: digitsTrain.images, labels: digitsTrain.labels)
try chapter.train("digit classifier", steps: classifierTrainer.settings.steps) { step in try classifierTrainer.step(step, using: &chapter.random) }
let accuracy = classifier.accuracy(images: digitsHeldOut.images, labels: digitsHeldOut.labels)
chapter.check("held-out accuracy of the digit classifier", measured: accuracy, atLeast: 0.95,
              why: "a classifier whose features are to judge digits must tell them apart (binomial SE on \(digitsHeldOut.count) images: \(formatNumber((accuracy * (1 - accuracy) / Double(digitsHeldOut.count)).squareRoot(), digits: 2))); chance is 0.1")

let pool = classifier.features(digits.images), poolMoments = GaussianMoments(fitting: pool)
let selfTerms = try FrechetDistance.terms(poolMoments, poolMoments)
let selfDistance = abs(selfTerms.meanTerm + selfTerms.unclampedCovarianceTerm)
let poolSpectrum = try SymmetricEigendecomposition(poolMoments.covariance).values
let featureCount = Double(DigitClassifier.featureCount), traceOfPool = poolMoments.covariance.trace
let eigenvalueError = featureCount * Double.ulpOfOne * poolSpectrum.last! * poolSpectrum.last!
let selfBound = 2 * poolSpectrum.map { min(eigenvalueError.squareRoot(), eigenvalueError / (2 * max($0, 0))) }.reduce(0, +) + 16 * featureCount * Double.ulpOfOne * traceOfPool
chapter.check("|d_F²| of the \(digits.count) digits' features against themselves, before the library clamps rounding below zero to 0", measured: selfDistance, atMost: selfBound,
              why: "rounding: LAPACK's eigenvalues of M = Σ² err by up to δ = d·2u₆₄·λ_max(Σ)² (2u₆₄ = 2⁻⁵², machine epsilon), and each root λᵢ(Σ) then by min(√δ, δ/2λᵢ); twice their sum plus 32d·u₆₄·tr Σ for the traces = \(formatNumber(selfBound, digits: 2)); dropping the factor 2 of the root term would give tr Σ = \(formatNumber(traceOfPool, digits: 3))")

chapter.prose("""
With finite samples d_F² is biased upwards: two samples of the *same* law are not at distance zero. The \
mean term alone shows why. For two disjoint random subsets of n from a pool of N images whose features have \
covariance S, E‖x̄₁ − x̄₂‖² = 2 tr S / n exactly (sampling without replacement: each mean's variance \
shrinks by the factor 1 − n/N, and the two are correlated by −S/N, and the corrections cancel). The \
covariance term adds its own bias of order 1/n, so d_F² ≈ d_∞² + b/n (Chong & Forsyth, 2020): fitting \
d_F² against 1/n at several n and reading off the intercept estimates the distance an infinite sample would give.
""")
let biasSize = 600, biasRepeats = quick ? 100 : 400
let biasTerms = try (0..<biasRepeats).map { _ in try disjointSubsetTerms(biasSize, of: pool) }
let meanTermSummary = SampleSummary(biasTerms.map(\.meanTerm))
chapter.check("mean term of d_F² between disjoint random subsets of \(biasSize) digits, averaged over \(biasRepeats) draws, vs 2 tr S / n",
              measured: meanTermSummary.mean, expected: 2 * traceOfPool / Double(biasSize),
              tolerance: .standardErrors(4, standardError: meanTermSummary.standardError),
              why: "4 SE of the mean over independent draws (S is the pool's covariance with divisor N − 1, as `GaussianMoments` fits it); forgetting the two means' correlation, 2 tr S(1 − n/N)/n, is \(formatNumber((meanTermSummary.mean - 2 * traceOfPool * (1 - Double(biasSize) / Double(digits.count)) / Double(biasSize)) / meanTermSummary.standardError, digits: 3)) SE away; the covariance term adds \(formatNumber(biasTerms.map(\.covarianceTerm).mean, digits: 3)) more")

let extrapolationSizes = [100, 150, 225, 300, 450], extrapolationRepeats = quick ? 20 : 40
let noisyPool = classifier.features(DigitCorruptions.addingNoise(to: digits.images, standardDeviation: 0.2, using: &chapter.random))
let sameLaw = try FrechetDistance.extrapolatedToInfiniteSamples(sampleSizes: extrapolationSizes, repeats: extrapolationRepeats) { n in
    try disjointSubsetTerms(n, of: pool).squaredDistance
}
let againstNoisy = try FrechetDistance.extrapolatedToInfiniteSamples(sampleSizes: extrapolationSizes, repeats: extrapolationRepeats) { n in
    try disjointSubsetTerms(n, of: pool, against: noisyPool).squaredDistance
}
chapter.table(["pair of samples", "d_F² at n = 100", "d_F² at n = 450", "intercept d_∞² ± SE", "slope c ± SE"], [sameLaw, againstNoisy].enumerated().map { index, fit in
    [["digits vs digits", "digits vs digits with noise σ = 0.2"][index], fit.expectedDistance(sampleSize: 100), fit.expectedDistance(sampleSize: 450),
     "\(formatNumber(fit.infiniteSampleDistance, digits: 3)) ± \(formatNumber(fit.infiniteSampleStandardError, digits: 2))",
     "\(formatNumber(fit.biasCoefficient, digits: 4)) ± \(formatNumber(fit.biasCoefficientStandardError, digits: 3))"]
}, caption: "Least-squares fits of d_F² = d_∞² + c/n to \(extrapolationRepeats) draws of disjoint subsets at each n in \(extrapolationSizes.map(String.init).joined(separator: ", ")) (the fitted line's values at n = 100 and 450).")
chapter.check("extrapolated d_∞² of digits against digits, in standard errors of the intercept", measured: abs(sameLaw.infiniteSampleDistance) / sameLaw.infiniteSampleStandardError,
              atMost: 4, why: "two samples of one law are at distance 0 in the limit; at n = 100 the raw d_F² is \(formatNumber(sameLaw.expectedDistance(sampleSize: 100) / sameLaw.infiniteSampleStandardError, digits: 3)) SE above 0")
chapter.check("extrapolated d_∞² of digits against noisy digits (σ = 0.2), in standard errors of the intercept",
              measured: againstNoisy.infiniteSampleDistance / againstNoisy.infiniteSampleStandardError, atLeast: 4,
              why: "a real difference survives the extrapolation: the same 4 SE that the same-law intercept stays within")
chapter.prose("""
A yardstick must order what it measures. We corrupt held-out digits by increasing Gaussian pixel noise of \
standard deviation σ (clamped to [0, 1]) and by increasing blur (each pixel mixed with the mean of its \
3 × 3 neighbourhood), and measure the FDD to the *other* half of the held-out digits: clean images of the \
same law, which the classifier has not seen either, so that at zero corruption the two halves differ by \
sampling alone. Each repeat splits the held-out digits afresh and reuses its noise draw at every level, so \
the steps between levels are paired. How fast should the distance rise? For the laws themselves, d_F² \
is a squared distance, smallest when they agree, and σ moves the corrupted law by O(σ) (the clamp at 0 \
shifts the mean of a black pixel by σ/√(2π)), so the population distance rises only as O(σ²). The \
estimate adds its bias b/n, and b depends on the corrupted set's covariance, which the clamp changes at \
first order in σ, in either direction: the first step, O(σ²) + O(σ/n), has either sign and is not resolved. \
The check requires every step from σ = 0.05 upwards, where the O(σ²) rise has taken over.
""")
let ladderRepeats = 24
let noiseLevels = [0.0, 0.05, 0.1, 0.2, 0.3, 0.4], blurLevels = [0.0, 0.25, 0.5, 0.75, 1.0]
let ladders = try corruptionLadders(noise: noiseLevels, blur: blurLevels, repeats: ladderRepeats, images: digitsHeldOut.images,
                                    shifted: digitsTrain.images, classifier: classifier)
let noiseSteps = stepsInStandardErrors(ladders.noise), blurSteps = stepsInStandardErrors(ladders.blur)
chapter.table(["corruption", "level"] + (0..<noiseLevels.count).map { "step \($0)" },
              ladderRows("pixel noise", "σ", levels: noiseLevels, ladder: ladders.noise) + ladderRows("blur", "strength", levels: blurLevels, ladder: ladders.blur), caption: "Mean FDD over \(ladderRepeats) repeats, \(digitsHeldOut.count / 2) corrupted held-out digits against the other \(digitsHeldOut.count / 2); each step in standard errors of its paired difference.")
chapter.check("noise ladder from σ = \(formatNumber(noiseLevels[1])): the smallest step up, in standard errors of the paired step",
              measured: noiseSteps.dropFirst().min()!, atLeast: 4,
              why: "monotone: each step of σ over \(noiseLevels.dropFirst().map { formatNumber($0) }.joined(separator: ", ")) exceeds 4 SE of its mean over the \(ladderRepeats) repeats; the first step, 0 → \(formatNumber(noiseLevels[1])), is \(formatNumber(noiseSteps[0], digits: 2)) SE (see above)")
chapter.check("blur ladder: the smallest step up, in standard errors of the paired step", measured: blurSteps.min()!, atLeast: 4,
              why: "as above, for every step of the blur's strength from 0 to 1")
let shiftedStep = SampleSummary(ladders.shiftedFirstStep)
chapter.prose("""
The reference matters. Measured against as many of the classifier's own training digits (all \(digitsHeldOut.count) held-out digits corrupted, \
so with a different n and bias), the first step of noise moves the FDD by \(formatNumber(shiftedStep.mean / shiftedStep.standardError, digits: 3)) standard errors\
\(shiftedStep.mean < -4 * shiftedStep.standardError ? " — *downwards*" : ""). The training and held-out features already differ by a \
shift δ (the classifier was fitted to the one set and has never seen the other), and a small corruption that moves the \
features by Δ adds ‖δ + Δ‖² − ‖δ‖² = 2δ·Δ + ‖Δ‖², whose first term has either sign. Monotonicity is a property \
of the distance to the law the corrupted images came from; a floor between two different sets of real images \
(as in section 5's table) is itself such a shift, which is why every comparison there is read against it.
""")
let cleanDistance = SampleSummary(ladders.noise.map { $0[0] }), sameLawKernel = SampleSummary(ladders.sameLawKernel), withDiagonal = ladders.kernelDiagonalBias.mean
chapter.prose("""
A different metric has no small-sample bias. The squared maximum mean discrepancy (Gretton et al., 2012), \
MMD² = E κ(x, x′) + E κ(y, y′) − 2E κ(x, y) for x, x′ ~ P and y, y′ ~ Q, here with the Gaussian kernel \
κ(u, v) = exp(−‖u − v‖²/2ℓ²) on the features, ℓ their median distance (the KID of Bińkowski et al., \
2018, is the same estimator with a cubic polynomial kernel), has an unbiased estimator: average κ over \
pairs of *distinct* points within each sample. Between the two clean halves of each repeat above, d_F² is \
\(formatNumber(cleanDistance.mean, digits: 3)) ± \(formatNumber(cleanDistance.standardError, digits: 2)), its O(1/n) bias, while MMD² is \
\(formatNumber(sameLawKernel.mean * 1e3, digits: 3)) × 10⁻³ ± \(formatNumber(sameLawKernel.standardError * 1e3, digits: 2)) × 10⁻³.
""")
chapter.check("unbiased MMD² between the two clean halves, mean over the \(ladderRepeats) repeats, in SE", measured: abs(sameLawKernel.mean) / sameLawKernel.standardError,
              atMost: 4, why: "two samples of one law: the unbiased estimator averages to 0; including the i = j terms of the within-sample sums would add 2(1 − κ̄)/n = \(formatNumber(withDiagonal * 1e3, digits: 3)) × 10⁻³, with κ̄ the mean kernel value between distinct points")
chapter.prose("""
One number cannot say *how* two samples differ. Improved precision and recall (Kynkäänniemi et al., \
2019) separate the two failures: around each real point draw a ball reaching its k-th nearest real \
neighbour (k = 3); the union of the balls approximates the support of the data. **Precision** is the \
fraction of generated points inside the real balls (are the samples realistic?), **recall** the \
fraction of real points inside the balls built the same way around the generated points (is all of \
the data produced?). We check both on constructed cases in 8 dimensions, where we know what should \
happen: samples of N(0, I) itself; only its core (points inside the median radius — a truncated, \
too-cautious sampler); and N(0, 1.75²I) (a widened sampler that strays off the data).
""")
let precisionRecallSize = quick ? 500 : 1_000, precisionRecallRepeats = quick ? 3 : 6
let (constructedNames, constructedScores) = constructedPrecisionRecall(size: precisionRecallSize, repeats: precisionRecallRepeats)
let precisions = constructedScores.map { RepeatedMeasurement(values: $0.map(\.precision)) }
let recalls = constructedScores.map { RepeatedMeasurement(values: $0.map(\.recall)) }
chapter.table(["generated sample (n = \(precisionRecallSize), against N(0, I₈))", "precision ± SE", "recall ± SE"], constructedNames.indices.map { index in
    [constructedNames[index], "\(formatNumber(precisions[index].mean, digits: 3)) ± \(formatNumber(precisions[index].standardError, digits: 2))",
     "\(formatNumber(recalls[index].mean, digits: 3)) ± \(formatNumber(recalls[index].standardError, digits: 2))"]
}, caption: "Means over \(precisionRecallRepeats) repeats with fresh real and generated samples.")
chapter.check("truncated sampler: the smaller of (its precision − the same law's) and (the same law's recall − its recall), in SE",
              measured: min(separation(precisions[1], precisions[0]), separation(recalls[0], recalls[1])), atLeast: 4,
              why: "the core sits deep inside the data's balls but misses the outer half of the data: precision \(formatNumber(precisions[1].mean, digits: 3)) and recall \(formatNumber(recalls[1].mean, digits: 3)) against the same law's \(formatNumber(precisions[0].mean, digits: 3)) and \(formatNumber(recalls[0].mean, digits: 3))")
chapter.check("widened sampler: the smaller of (the same law's precision − its precision) and (its recall − the same law's), in SE",
              measured: min(separation(precisions[0], precisions[2]), separation(recalls[2], recalls[0])), atLeast: 4,
              why: "widened samples stray outside the data's balls while their own wide balls cover the data: precision \(formatNumber(precisions[2].mean, digits: 3)), recall \(formatNumber(recalls[2].mean, digits: 3))")
chapter.figure(precisionRecallFigure(names: constructedNames, scores: constructedScores), name: "precision_recall_cases", caption: """
    Precision against recall for the three constructed samplers, one small point per repeat and a large one for the mean. \
    Truncating moves a sampler left (recall \(formatNumber(recalls[1].mean, digits: 2))), widening moves it down (precision \(formatNumber(precisions[2].mean, digits: 2))); \
    even samples of the law itself sit below (1, 1), at (\(formatNumber(recalls[0].mean, digits: 2)), \(formatNumber(precisions[0].mean, digits: 2))): k-NN balls of finite samples miss some of the support.
    """)

// MARK: - 5. A GAN on digits, measured

chapter.section("5. A GAN on digits, measured")
let digitSampleCount = 400, digitRepeats = quick ? 4 : 10
let digitSteps = quick ? 600 : 9_000, snapshotSteps = [digitSteps / 6, digitSteps / 3, digitSteps]
chapter.prose("""
The same game on the digits: a generator 32 → 256 → 256 → 64 (ReLU, sigmoid output so pixels lie in \
[0, 1]) from z ~ N(0, I₃₂), a discriminator 64 → 256 → 256 → 1 (leaky ReLU), batches of 128 training \
digits, Adam at 2·10⁻⁴ with β₁ = 0.5, the non-saturating loss, \(digitSteps) steps. Then the yardstick: every row of the \
table below is measured the same way — \(digitSampleCount) images against \(digitSampleCount) held-out digits, \
repeated with fresh draws of the generated images and of 400 of the held-out digits — and the first row, real training digits against held-out ones, is the floor \
any generator is compared with.
""")
let digitGAN = GenerativeAdversarialNetwork(latentSize: 32, dataSize: 64, generatorHidden: [256, 256], discriminatorHidden: [256, 256],
                                            outputActivation: .sigmoid, using: &chapter.random)
let untrainedDigitGAN = GenerativeAdversarialNetwork(latentSize: 32, dataSize: 64, generatorHidden: [256, 256], discriminatorHidden: [256, 256],
                                                     outputActivation: .sigmoid, using: &chapter.random)
let fixedLatents = digitGAN.latents(10, using: &chapter.random)
let digitSnapshots = try trainDigitGAN(digitGAN, steps: digitSteps, on: digitsTrain.images, codes: fixedLatents, snapshotSteps: snapshotSteps)
let table = try digitTable(sampleCount: digitSampleCount, repeats: digitRepeats, train: digitsTrain, heldOut: digitsHeldOut, classifier: classifier, generators: [
    ("the GAN after \(digitSteps) steps", { n, random in digitGAN.sample(n, using: &random) }),
    ("the same generator untrained", { n, random in untrainedDigitGAN.sample(n, using: &random) }),
])
let floorQuality = table.floor, ganQuality = table.generators[0].quality, untrainedQuality = table.generators[1].quality
let gaussianQuality = table.pixelGaussian, lowDigitsQuality = table.lowDigits
chapter.table(["\(digitSampleCount) images", "FDD ± spread", "FDD ÷ floor", "MMD² × 10³ ± SE", "precision", "recall", "classes (fewest)", "effective classes"],
              table.rows.map { digitTableRow($0.name, $0.quality, floor: floorQuality) },
              caption: "Means over \(digitRepeats) repeats; the FDD's spread is the standard deviation across repeats, the ratio's and MMD²'s ± a standard error. The repeats draw 400 of the same \(digitsHeldOut.count) held-out digits (and, for the floor, of the same \(digitsTrain.count) training digits), so every ± is conditional on these two pools: it leaves out how the pools themselves were drawn, which is why the floor's MMD² can sit a few SE below 0.")

let ganRatio = ganQuality.frechetRatio(over: floorQuality), gaussianRatio = gaussianQuality.frechetRatio(over: floorQuality)
chapter.prose("""
The GAN's digits sit at \(formatNumber(ganRatio.value, digits: 3)) times the data floor's FDD, against \(formatNumber(gaussianRatio.value, digits: 3)) for a \
Gaussian fitted to the pixel means and covariances (its samples clamped to [0, 1], which shrinks \
their spread) — a model of every pixel and every pair of pixels that still draws \(ganQuality.precision.mean > gaussianQuality.precision.mean ? "less realistic" : "no less realistic") digits \
(precision \(formatNumber(gaussianQuality.precision.mean, digits: 2)) against the GAN's \(formatNumber(ganQuality.precision.mean, digits: 2))). \
The calibration rows show what each number reads: digits 0–4 alone are realistic (precision \
\(formatNumber(lowDigitsQuality.precision.mean, digits: 2))) but cover only half of the data (recall \(formatNumber(lowDigitsQuality.recall.mean, digits: 2)), \
\(lowDigitsQuality.fewestClassesCovered) classes), while noisy digits keep the recall (\(formatNumber(table.noisy.recall.mean, digits: 2))) \
and lose precision (\(formatNumber(table.noisy.precision.mean, digits: 2))).
""")
if !quick {   // 600 quick steps leave the GAN far from these bounds; the quick run only shows the table
    chapter.check("FDD: training digits 0–4 only minus the GAN, in SE of the difference", measured: separation(lowDigitsQuality.frechetDistance, ganQuality.frechetDistance), atLeast: 4,
                  why: "the GAN must beat a sampler of real digits that drops half the classes (\(formatNumber(lowDigitsQuality.frechetDistance.mean, digits: 3))), and the untrained generator (\(formatNumber(untrainedQuality.frechetDistance.mean, digits: 3))); against the pixel Gaussian (\(formatNumber(gaussianQuality.frechetDistance.mean, digits: 3))) it wins or loses depending on the seed, so that is reported, not checked")
    chapter.check("precision: the GAN minus the pixel Gaussian, in SE of the difference", measured: separation(ganQuality.precision, gaussianQuality.precision),
                  atLeast: 4, why: "4 SE over the repeats: the GAN's digits are more often inside the real digits' k-NN balls")
    chapter.check("classes the GAN's samples cover, fewest over the \(digitRepeats) repeats", measured: Double(ganQuality.fewestClassesCovered), atLeast: 10,
                  why: "a class is covered if it gets a quarter of its uniform share; the data floor covers all 10 in every repeat (fewest \(floorQuality.fewestClassesCovered)); the untrained generator covers \(untrainedQuality.fewestClassesCovered) and digits 0–4 alone \(lowDigitsQuality.fewestClassesCovered)")
}
chapter.figure(digitSamplesFigure(heldOut: digitsHeldOut.images, snapshots: digitSnapshots, labels: snapshotSteps.map { "step \($0)" }),
               name: "digit_samples", caption: """
    Top: ten held-out digits. Below: the GAN's images of ten fixed latent codes after \(snapshotSteps.map(String.init).joined(separator: ", ")) steps.
    """)
chapter.figure(metricChart(names: table.rows.map(\.name), qualities: table.rows.map(\.quality)), name: "metric_chart", caption: """
    The table as a chart. Left: precision against recall, one small point per repeat. Right: FDD in units of the data floor \
    (log scale) against the effective number of classes. The floor sits at (0, \(formatNumber(floorQuality.effectiveClassCount.mean, digits: 3))); the GAN at \
    (\(formatNumber(log10(ganRatio.value), digits: 2)), \(formatNumber(ganQuality.effectiveClassCount.mean, digits: 3))).
    """)

// MARK: - Exercises

chapter.exercises(exercises)
chapter.finish()
