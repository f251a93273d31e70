import Distributions
import Foundation
import Notebook
import Plotting
import Sampling
import Statistics
import TensorCore

// Chapter 11 — Langevin dynamics: turning a score into samples.

let chapter = Chapter(
    number: 11, title: "Langevin dynamics",
    summary: """
    A score ∇ₓ log p(x) is a vector field, not a sample. Langevin dynamics turns it into a sampler: \
    follow the score a little, add a little noise, repeat. This chapter measures what that costs — \
    a bias that grows with the step size, and chains that cannot cross between distant modes — and \
    the two classic repairs: a Metropolis correction and annealing over noise levels.
    """)
let quick = chapter.isQuick

// MARK: - 1. From a score to samples

chapter.section("1. From a score to samples")
chapter.prose("""
Picture a particle in a landscape whose height is the energy E(x) = −log p(x). Gradient descent would \
slide it into the nearest valley and leave it there: one point, not a distribution. Langevin dynamics \
adds random kicks whose size is tied to the step, so the particle keeps wandering, and the fraction of \
time it spends near x becomes proportional to p(x). Only the score ∇ₓ log p(x) = −∇ₓE(x) is needed: \
the normalising constant of p never appears.
""")
chapter.equation(
    #"x_{k+1} = x_k + \frac{\epsilon}{2}\,\nabla_x \log p(x_k) + \sqrt{\epsilon}\,z_k, \qquad z_k \sim \mathcal{N}(0, I)"#,
    plain: "x_{k+1} = x_k + (ε/2)·∇ₓ log p(x_k) + √ε·z_k,   z_k ~ N(0, I)")
chapter.prose("""
This is the Euler–Maruyama discretisation, with time step ε/2, of the Langevin diffusion \
dx = ∇ log p(x) dt + √2 dW, whose stationary distribution is exactly p. The whole sampler is a few lines:
""")

chapter.listing("langevin-update", fromLibraryFile: "Sources/Sampling/UnadjustedLangevin.swift")

chapter.prose("""
The simplest test: the standard normal, whose score is −x. We start every particle at 0 — a single \
point, nothing like a Gaussian — and let the chain run.
""")
let particles = quick ? 8_000 : 40_000
let standardNormalScore: (Tensor) -> Tensor = { -$0 }
let smallStep: Float = 0.02
let fromZero = Langevin.chain(Tensor.zeros([particles]), score: standardNormalScore, stepSize: smallStep,
                              steps: quick ? 600 : 1_200, using: &chapter.random)
let zeroSummary = SampleSummary(fromZero.doubles)
let n = Double(particles)
// With ε = 0.02 the stationary variance is 1/(1 − ε/4) = 1.005 (section 2); a
// variance estimate from n normal samples has standard error v·√(2/(n − 1)).
let smallStepVariance = 1 / (1 - Double(smallStep) / 4)
chapter.check("mean of \(particles) particles after Langevin on N(0, 1)", measured: zeroSummary.mean, expected: 0,
              tolerance: .standardErrors(4, standardError: (smallStepVariance / n).squareRoot()))
chapter.check("variance of the particles, vs 1/(1 − ε/4) at ε = 0.02", measured: zeroSummary.variance, expected: smallStepVariance,
              tolerance: .standardErrors(4, standardError: normalVarianceStandardError(variance: smallStepVariance, count: particles)))

// MARK: - 2. The price of a finite step

chapter.section("2. The price of a finite step")
chapter.prose("""
The diffusion samples p exactly; the discretised chain does not. For the standard normal the update is \
linear, x' = (1 − ε/2)·x + √ε·z, so a stationary variance v must satisfy v = (1 − ε/2)²·v + ε. Solving:
""")
chapter.equation(
    #"v_\infty = \frac{\epsilon}{1 - (1 - \epsilon/2)^2} = \frac{1}{1 - \epsilon/4}"#,
    plain: "v∞ = ε / (1 − (1 − ε/2)²) = 1 / (1 − ε/4)")
chapter.prose("""
The bias is first order in ε: at ε = 1 the chain's variance is 4/3, a third too wide. We check the \
formula by simulation at several step sizes (each chain starts at the target, so only the bias is measured).
""")
let stepSizes: [Float] = [0.1, 0.5, 1.0, 1.5]
var measuredVariances: [Double] = []
for epsilon in stepSizes {
    let start = Tensor.normal([particles], using: &chapter.random)
    let end = Langevin.chain(start, score: standardNormalScore, stepSize: epsilon, steps: Int(40 / epsilon), using: &chapter.random)
    let variance = SampleSummary(end.doubles).variance
    measuredVariances.append(variance)
    let expected = 1 / (1 - Double(epsilon) / 4)
    chapter.check("stationary variance at ε = \(epsilon), vs 1/(1 − ε/4)", measured: variance, expected: expected,
                  tolerance: .standardErrors(4, standardError: normalVarianceStandardError(variance: expected, count: particles)))
}
let biasAtOne = measuredVariances[2] - 1
chapter.check("the bias at ε = 1 is real: variance − 1, in standard errors", measured: biasAtOne / ((2 / n).squareRoot()), atLeast: 4)

// MARK: - 3. Watching the chain converge

chapter.section("3. Watching the chain converge")
chapter.prose("""
Started far away, at x = 4, the particles drift towards the target while spreading out. For the \
Gaussian, the mean contracts by exactly (1 − ε/2) per step, so after k steps it is 4·(1 − ε/2)ᵏ — \
another closed form to hold the simulation to.
""")
let convergenceStep: Float = 0.1
let snapshotSteps = [0, 3, 10, 30, 300]
var snapshots: [Int: [Double]] = [0: [Double](repeating: 4, count: particles)]
_ = Langevin.chain(Tensor.full([particles], 4), score: standardNormalScore, stepSize: convergenceStep, steps: snapshotSteps.last!,
                   using: &chapter.random) { step, x in
    if snapshotSteps.contains(step) { snapshots[step] = x.doubles }
}
let contraction = 1 - Double(convergenceStep) / 2
let meanAtTen = snapshots[10]!.mean
let varianceAtTen = (1 / (1 - Double(convergenceStep) / 4)) * (1 - pow(contraction, 20))
chapter.check("mean after 10 steps from x = 4, vs 4(1 − ε/2)¹⁰", measured: meanAtTen, expected: 4 * pow(contraction, 10),
              tolerance: .standardErrors(4, standardError: (varianceAtTen / n).squareRoot()))

var histogramFigure = Figure(rows: 1, columns: snapshotSteps.count, width: 1100, height: 250,
                             title: "Langevin on N(0, 1) from x₀ = 4, ε = 0.1: the particle histogram after k steps")
for (column, step) in snapshotSteps.enumerated() {
    histogramFigure[0, column].title = "k = \(step)"
    histogramFigure[0, column].histogram(snapshots[step]!, bins: 40, range: -4...5, color: Color.cycle(0))
    histogramFigure[0, column].function({ exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }, over: -4...5, color: .black, width: 1.4)
    histogramFigure[0, column].yLimits = 0...0.65
    histogramFigure[0, column].xLabel = "x"
}
chapter.figure(histogramFigure, name: "histograms_over_iterations",
               caption: "All particles start at x = 4; the histogram slides towards the target density (black) and spreads to its width.")

// MARK: - 4. Trajectories over an energy landscape

chapter.section("4. Trajectories over an energy landscape")
chapter.prose("""
In two dimensions the picture is the one the physics suggests: particles roll down the energy \
E(x, y) = (x² − 1)² + y²/2 and jitter around the valleys at x = ±1, occasionally hopping the ridge at x = 0.
""")
func doubleWellEnergy(_ x: Double, _ y: Double) -> Double { (x * x - 1) * (x * x - 1) + 0.5 * y * y }
let doubleWellScore: (Tensor) -> Tensor = { points in
    let x = points.slice(0..<1, alongAxis: 1), y = points.slice(1..<2, alongAxis: 1)
    return Tensor.concatenate([(x.squared() - 1) * x * -4, -y], alongAxis: 1)
}
var paths: [[(Double, Double)]] = Array(repeating: [], count: 5)
let trajectoryStart = Tensor(shape: [5, 2], scalars: [-1.8, 1.5, -0.3, -1.6, 0.4, 1.7, 1.7, -1.2, 1.2, 0.2])
_ = Langevin.chain(trajectoryStart, score: doubleWellScore, stepSize: 0.005, steps: 400, using: &chapter.random) { _, x in
    for particle in 0..<5 { paths[particle].append((Double(x[particle, 0]), Double(x[particle, 1]))) }
}
let energyGrid = (0..<90).map { i in (0..<90).map { j in doubleWellEnergy(-2 + 4 * Double(j) / 89, -2 + 4 * Double(i) / 89) } }
var trajectoryFigure = Figure(width: 520, height: 440, title: "Langevin paths on E(x, y) = (x² − 1)² + y²/2")
trajectoryFigure[0, 0].heatmap(values: energyGrid, xRange: -2...2, yRange: -2...2, colorMap: .viridis, valueRange: 0...4, colorBar: "energy E")
trajectoryFigure[0, 0].contour(values: energyGrid, xRange: -2...2, yRange: -2...2, levels: [0.25, 1, 2], color: Color.white.withAlpha(0.7), width: 0.8)
let pathColors = [Color.white, Color(hex: 0xFFB000), Color(hex: 0xFF6F91), Color(hex: 0x9AE6FF), Color(hex: 0xFFFFFF, alpha: 0.6)]
for (index, path) in paths.enumerated() {
    trajectoryFigure[0, 0].trajectory(x: [Double(trajectoryStart[index, 0])] + path.map(\.0),
                                      y: [Double(trajectoryStart[index, 1])] + path.map(\.1), color: pathColors[index])
}
trajectoryFigure[0, 0].equalAspect = true
trajectoryFigure[0, 0].xLabel = "x"; trajectoryFigure[0, 0].yLabel = "y"
chapter.figure(trajectoryFigure, name: "trajectories",
               caption: "Five particles, 400 steps of ε = 0.005 each (circle: start, square: end), drift downhill into the two valleys and keep jittering there.")

// MARK: - 5. When the modes are far apart

chapter.section("5. When the modes are far apart")
chapter.prose("""
Between two well-separated modes the density is nearly zero, so the score gives no help across the gap \
and only an unlikely run of kicks carries a particle over. For an equal mixture of N(−μ, 0.5²) and \
N(μ, 0.5²) we count how often chains cross from one mode to the other (entering the region beyond ±μ/2) \
and report the average number of steps between crossings.
""")
let separations: [Double] = quick ? [0.75, 1.0, 1.25] : [0.75, 1.0, 1.25, 1.5]
let crossingChains = quick ? 400 : 1_000
let crossingSteps = quick ? 3_000 : 8_000
let crossingStep: Float = 0.05
var crossingTimes: [Double] = []
for mu in separations {
    let mixture = GaussianMixture1D(weights: [0.5, 0.5], means: [-mu, mu], standardDeviations: [0.5, 0.5])
    var side = [Int](repeating: -1, count: crossingChains)   // which mode each chain last visited
    var crossings = 0
    _ = Langevin.chain(Tensor.full([crossingChains], Float(-mu)), score: { mixture.score($0) }, stepSize: crossingStep,
                       steps: crossingSteps, using: &chapter.random) { _, x in
        for chain in 0..<crossingChains {
            let value = Double(x.scalars[chain])
            if side[chain] < 0 && value > mu / 2 { side[chain] = 1; crossings += 1 }
            else if side[chain] > 0 && value < -mu / 2 { side[chain] = -1; crossings += 1 }
        }
    }
    crossingTimes.append(Double(crossingChains * crossingSteps) / Double(max(crossings, 1)))
}
// The barrier each crossing must climb: ΔU = max log p (at a mode) − log p(0).
let barriers = separations.map { mu -> Double in
    let mixture = GaussianMixture1D(weights: [0.5, 0.5], means: [-mu, mu], standardDeviations: [0.5, 0.5])
    let peak = (0...400).map { mixture.logDensity(2 * mu * Double($0) / 400) }.max()!
    return peak - mixture.logDensity(0)
}
chapter.table(["separation 2μ", "barrier ΔU", "mean steps between crossings"],
              separations.indices.map { [formatNumber(2 * separations[$0]), formatNumber(barriers[$0]), formatNumber(crossingTimes[$0])] },
              caption: "Mode hopping of unadjusted Langevin (ε = 0.05)")
chapter.prose("""
Kramers' law for diffusions predicts the waiting time to grow like exp(ΔU), where ΔU is the height of \
the energy barrier between the modes. On a log scale the measured times should therefore lie on a line \
of slope one against ΔU.
""")
let logTimes = crossingTimes.map { log($0) }
let meanBarrier = barriers.mean, meanLogTime = logTimes.mean
let arrheniusSlope = LeastSquaresLine(x: barriers, y: logTimes).slope
// Kramers' law is the leading term for ΔU ≫ 1; at barriers of 0.4–3.8 its prefactor and the finite
// crossing regions bend the line by up to ~20%, so we allow ±0.25 around the asymptotic slope 1.
chapter.check("slope of ln(crossing time) against ΔU (Kramers: 1)", measured: arrheniusSlope, expected: 1, tolerance: .absolute(0.25))

var crossingFigure = Figure(width: 480, height: 340, title: "Mixing failure: time between mode crossings")
crossingFigure[0, 0].scatter(x: barriers, y: logTimes, color: Color.cycle(0), size: 4.5, label: "measured (ε = 0.05)")
crossingFigure[0, 0].function({ meanLogTime + ($0 - meanBarrier) }, over: 0...(barriers.max()! + 0.3), color: .gray, dashed: true,
                              label: "slope 1 (Kramers)")
crossingFigure[0, 0].xLabel = "barrier ΔU = log p(mode) − log p(0)"
crossingFigure[0, 0].yLabel = "ln(steps between crossings)"
crossingFigure[0, 0].legendPosition = .topLeft
chapter.figure(crossingFigure, name: "crossing_times",
               caption: "Waiting times between mode crossings grow exponentially with the energy barrier, as Kramers' law predicts.")

// MARK: - 6. Annealing over noise levels

chapter.section("6. Annealing over noise levels")
chapter.prose("""
A worse failure than slow mixing: the *proportions* come out wrong. Take 30% of the mass at −2 and 70% \
at +2. Chains started from a broad cloud fall into whichever valley is nearer and stay there, so each \
mode gets about half the particles. Annealed Langevin (Song & Ermon, 2019) first samples a heavily \
smoothed version p_σ = p ∗ N(0, σ²), which has one broad basin, then lowers σ step by step, so \
particles are shared out between the modes while they can still move. For a Gaussian mixture the \
smoothed score is exact: each component's variance grows by σ².
""")
let target = GaussianMixture1D(weights: [0.3, 0.7], means: [-2, 2], standardDeviations: [0.5, 0.5])
let annealedParticles = quick ? 4_000 : 20_000
let broadStart = Tensor.normal([annealedParticles], standardDeviation: 3, using: &chapter.random)
let plain = Langevin.chain(broadStart, score: { target.score($0) }, stepSize: 0.025, steps: quick ? 400 : 1_000, using: &chapter.random)
// listing: annealed-langevin
let noiseLevels = (0..<20).map { 4 * pow(0.02 / 4, Double($0) / 19) } + [0]   // geometric 4 → 0.02, then the target
let annealed = Langevin.annealedChain(
    broadStart, noiseLevels: noiseLevels, stepsPerLevel: quick ? 100 : 300,
    stepSize: { sigma in Float(0.1 * (0.25 + sigma * sigma)) },   // a tenth of the smoothed components' variance
    score: { x, sigma in target.noised(noiseStandardDeviation: sigma).score(x) }, using: &chapter.random)
// end listing
chapter.listing("annealed-langevin")
let rightFractionPlain = Double(plain.scalars.filter { $0 > 0 }.count) / Double(annealedParticles)
let rightFractionAnnealed = Double(annealed.scalars.filter { $0 > 0 }.count) / Double(annealedParticles)
let fractionError = (0.7 * 0.3 / Double(annealedParticles)).squareRoot()
chapter.check("plain Langevin misplaces mass: |fraction at +2 − 0.7|", measured: abs(rightFractionPlain - 0.7), atLeast: 0.1)
chapter.check("annealed Langevin: fraction of particles at +2, vs the weight 0.7", measured: rightFractionAnnealed, expected: 0.7,
              tolerance: .standardErrors(4, standardError: fractionError))

var annealFigure = Figure(rows: 1, columns: 2, width: 860, height: 300, title: "A 30/70 mixture: plain vs annealed Langevin")
for (column, (name, samples)) in [("plain Langevin", plain), ("annealed Langevin", annealed)].enumerated() {
    annealFigure[0, column].title = name
    annealFigure[0, column].histogram(samples.doubles, bins: 60, range: -4...4, color: Color.cycle(column == 0 ? 5 : 2), label: "particles")
    annealFigure[0, column].function({ exp(target.logDensity($0)) }, over: -4...4, color: .black, label: "target p(x)")
    annealFigure[0, column].xLabel = "x"
    annealFigure[0, column].yLimits = 0...0.75
    annealFigure[0, column].legendPosition = .topLeft
}
chapter.figure(annealFigure, name: "annealed_vs_plain",
               caption: "Plain Langevin splits the particles about evenly between the modes; annealing through p ∗ N(0, σ²) recovers the 30/70 weights.")

// MARK: - 7. Removing the bias: MALA

chapter.section("7. Removing the bias: the Metropolis-adjusted Langevin algorithm")
chapter.prose("""
Section 2's bias comes from taking the Langevin move at face value. MALA treats it as a *proposal* \
x' ~ q(x' | x) = N(x + (ε/2)∇log p(x), ε) and accepts it with the Metropolis–Hastings probability, which \
makes p exactly stationary for any ε — large steps now cost rejections instead of accuracy.
""")
chapter.equation(
    #"\alpha(x \to x') = \min\left(1,\ \frac{p(x')\,q(x \mid x')}{p(x)\,q(x' \mid x)}\right)"#,
    plain: "α(x → x') = min(1, p(x')·q(x | x') / (p(x)·q(x' | x)))")
var malaRows: [[String]] = []
var malaVariances: [Double] = []
for epsilon: Float in [0.5, 1.0, 1.5] {
    let (x, acceptance) = Langevin.metropolisAdjustedChain(Tensor.normal([particles], using: &chapter.random),
                                                          logDensity: { ($0.squared() * -0.5).doubles }, score: standardNormalScore,
                                                          stepSize: epsilon, steps: 40, using: &chapter.random)
    let variance = SampleSummary(x.doubles).variance
    malaVariances.append(variance)
    malaRows.append([formatNumber(Double(epsilon)), formatNumber(1 / (1 - Double(epsilon) / 4)), formatNumber(variance), formatNumber(acceptance)])
    chapter.check("MALA variance at ε = \(epsilon), vs the target's 1", measured: variance, expected: 1,
                  tolerance: .standardErrors(4, standardError: normalVarianceStandardError(variance: 1, count: particles)))
}
chapter.table(["ε", "ULA stationary variance", "MALA variance", "MALA acceptance"], malaRows, caption: "The bias removed")

var varianceFigure = Figure(width: 520, height: 360, title: "Stationary variance on N(0, 1) against the step size")
varianceFigure[0, 0].function({ 1 / (1 - $0 / 4) }, over: 0...1.6, color: Color.cycle(0), label: "1/(1 − ε/4)")
varianceFigure[0, 0].scatter(x: stepSizes.map(Double.init), y: measuredVariances, color: Color.cycle(0), size: 4.5, label: "ULA, simulated")
varianceFigure[0, 0].scatter(x: [0.5, 1.0, 1.5], y: malaVariances, color: Color.cycle(1), size: 4.5, shape: .square, label: "MALA, simulated")
varianceFigure[0, 0].referenceLine(at: 1)
varianceFigure[0, 0].xLabel = "step size ε"; varianceFigure[0, 0].yLabel = "variance of the chain"
varianceFigure[0, 0].legendPosition = .topLeft
chapter.figure(varianceFigure, name: "variance_vs_step_size",
               caption: "The unadjusted chain is too wide by a factor 1/(1 − ε/4); the Metropolis correction brings it back to 1 at every step size.")

// MARK: - Exercises

chapter.exercises([
    Exercise(title: "One Langevin update",
             text: "Implement `langevinStep(x:score:stepSize:noise:)`, returning x + (ε/2)·score + √ε·noise. The grader runs 100,000 chains on N(0, 1) with your step and compares their variance with 1/(1 − ε/4)."),
    Exercise(title: "The discretisation bias for any Gaussian",
             text: "For a target N(0, σ²) the unadjusted chain is still linear. Derive its stationary variance as a function of σ² and ε and implement `stationaryVariance(targetVariance:stepSize:)`. The grader simulates long chains."),
    Exercise(title: "Metropolis adjustment",
             text: "Implement `metropolisLogAcceptance`, the log acceptance probability of a Langevin proposal. The grader checks that chains started from a bimodal target stay there — a step size at which plain Langevin visibly drifts."),
    Exercise(title: "The score of a Gaussian mixture",
             text: "Implement `mixtureScore(x:weights:means:standardDeviations:)` with responsibilities, stably (subtract the largest log-term). The grader compares it with finite differences of the log-density."),
])

chapter.finish()
