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
/// "0.71" — every number quoted in the prose comes from this run.
func text(_ value: Double) -> String { formatNumber(value, digits: 3) }
/// How many standard errors a true effect must span for a 4-SE check to detect it with
/// probability 0.95: P(|Z + d| > 4) = 0.95 at d = 4 + 1.645.
let detectableSeparation = 4 + 1.645

// MARK: - 1. From a score to samples

chapter.section("1. From a score to samples")
chapter.prose("""
Picture a particle in a landscape whose height is the energy E(x) = −log p(x). Gradient descent would \
slide it into the nearest valley and leave it there: one point, not a distribution. Langevin dynamics \
adds random kicks whose size is tied to the step, so the particle keeps wandering, and the fraction of \
time it spends near x becomes proportional to p(x). Only the score ∇ₓ log p(x) = −∇ₓE(x) is \
needed: the normalising constant of p never appears. With step size ε > 0 (the variance of each kick) \
and independent standard normal kicks z_k, the unadjusted Langevin algorithm (ULA) is
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
/// v = 1/(1 − ε/4), the chain's stationary variance on N(0, 1) (derived in section 2).
func ulaVariance(_ epsilon: Double) -> Double { 1 / (1 - epsilon / 4) }
let smallStepVariance = ulaVariance(Double(smallStep))
let smallStepError = normalVarianceStandardError(variance: smallStepVariance, count: particles)
let (zeroTransient, zeroMeanError) = (smallStepVariance * pow(1 - Double(smallStep) / 2, Double(2 * (quick ? 600 : 1_200))), (smallStepVariance / Double(particles)).squareRoot())
chapter.table(["statistic", "measured", "reference", "SE", "(measured − reference)/SE", "(1 − reference)/SE"], [
    ["mean", zeroSummary.mean, 0.0, zeroMeanError, zeroSummary.mean / zeroMeanError, "— (any symmetric update gives 0)"],
    ["variance", zeroSummary.variance, smallStepVariance, smallStepError, (zeroSummary.variance - smallStepVariance) / smallStepError, text((smallStepVariance - 1) / smallStepError)],
], caption: "Consistency rows, not checks: \(particles) chains from x₀ = 0 after \(quick ? 600 : 1_200) steps of ε = \(smallStep)")
chapter.prose("""
These rows are consistent with the theory but could not have failed for the reason that matters. Every update symmetric \
in x, right or wrong, gives mean 0. The chain's law is exactly normal (the chain is linear and Gaussian, so \
SE = v√(2/(n − 1)), and the start is forgotten up to v(1 − ε/2)^(2k) = \(text(zeroTransient))), but at ε = 0.02 the \
predicted excess v − 1 = \(text(smallStepVariance - 1)) is only \(text((smallStepVariance - 1) / smallStepError)) standard \
errors, so a chain with no bias would match as well. For the bias to span 4 standard errors at this step size would take \
\(text(2 * pow(4 * smallStepVariance / (smallStepVariance - 1), 2) + 1)) particles; the next section uses larger steps instead.
""")

// MARK: - 2. The price of a finite step

chapter.section("2. The price of a finite step")
chapter.prose("""
The diffusion samples p exactly; the discretised chain does not. For a Gaussian target N(0, s²) (standard deviation s) the \
update is linear, x′ = (1 − ε/(2s²))·x + √ε·z. It is stable only if the factor has modulus below one, \
that is for ε < 4s²; a stationary variance v must then satisfy v = (1 − ε/(2s²))²·v + ε, so
""")
chapter.equation(
    #"v_\infty = \frac{\epsilon}{1 - (1 - \epsilon/(2s^2))^2} = \frac{s^2}{1 - \epsilon/(4s^2)}, \qquad \epsilon < 4s^2"#,
    plain: "v∞ = ε / (1 − (1 − ε/(2s²))²) = s² / (1 − ε/(4s²)),   valid for ε < 4s²")
chapter.prose("""
For the standard normal (s² = 1) this is 1/(1 − ε/4): the bias is first order in ε, and at ε = 1 the \
variance is a third too large (the standard deviation \(text(100 * (ulaVariance(1).squareRoot() - 1)))% too large). We \
check the formula at several step sizes, each chain started at the target so that only the bias is \
measured (the start is forgotten after ⌊40/ε⌋ steps).
""")
let stepSizes: [Float] = [0.1, 0.5, 1.0, 1.5]
var (measuredVariances, biasRows, resolvedSteps): ([Double], [[any TableCell]], [Float]) = ([], [], [])
for epsilon in stepSizes {
    let start = Tensor.normal([particles], using: &chapter.random)
    let end = Langevin.chain(start, score: standardNormalScore, stepSize: epsilon, steps: Int(40 / epsilon), using: &chapter.random)
    let variance = SampleSummary(end.doubles).variance; measuredVariances.append(variance)
    let expected = ulaVariance(Double(epsilon)), error = normalVarianceStandardError(variance: expected, count: particles)
    let separation = (expected - 1) / error   // decided by n and ε before the run, not by its outcome
    if separation >= detectableSeparation {
        resolvedSteps.append(epsilon)
        chapter.check("stationary variance at ε = \(epsilon), vs 1/(1 − ε/4)", measured: variance, expected: expected, tolerance: .standardErrors(4, standardError: error),
                      why: "4 SE of a normal sample's variance, v√(2/(n − 1)) with v = 1/(1 − ε/4); the bias spans \(text(separation)) SE, so the wrong answer 1 fails")
    }
    biasRows.append([Double(epsilon), expected, variance, error, separation, (variance - 1) / error])
}
chapter.table(["ε", "v = 1/(1 − ε/4)", "measured variance", "SE under v", "(v − 1)/SE", "(measured − 1)/SE"], biasRows,
              caption: "Which step sizes resolve the bias (n = \(particles)); rows below \(text(detectableSeparation)) in (v − 1)/SE are consistency rows, not checks")
chapter.prose("""
A 4-SE check detects a true offset of d standard errors with probability 0.95 only when \
d ≥ \(text(detectableSeparation)). By that standard this sample size resolves the bias at \
ε ∈ {\(resolvedSteps.map { "\($0)" }.joined(separator: ", "))}, and only those step sizes are checks; at \
\(stepSizes.filter { !resolvedSteps.contains($0) }.map { "ε = \($0)" }.joined(separator: ", ")) the simulation agrees \
with 1/(1 − ε/4) but could not have told it from 1.
""")
let errorAtOne = normalVarianceStandardError(variance: ulaVariance(1), count: particles)
chapter.check("the bias at ε = 1 is real: (variance − 1)/SE", measured: (measuredVariances[2] - 1) / errorAtOne, atLeast: 4,
              why: "SE = v√(2/(n − 1)) under the chain's own variance v = 4/3; the predicted separation is \(text((ulaVariance(1) - 1) / errorAtOne)) SE")

let unstableStep = 4.5, unstableSteps = 40
let unstableContraction = 1 - unstableStep / 2
let unstablePredicted = unstableStep * (pow(unstableContraction, Double(2 * unstableSteps)) - 1) / (unstableContraction * unstableContraction - 1)
let unstable = Langevin.chain(Tensor.zeros([particles]), score: standardNormalScore, stepSize: Float(unstableStep), steps: unstableSteps, using: &chapter.random)
chapter.prose("""
Beyond the bound the chain does not converge to anything. At ε = \(unstableStep) > 4 the factor is \
1 − ε/2 = \(text(unstableContraction)), and after k steps from 0 the variance is ε(c^{2k} − 1)/(c² − 1) with \
c = 1 − ε/2: \(text(unstablePredicted)) after \(unstableSteps) steps.
""")
chapter.check("variance after \(unstableSteps) steps at ε = \(unstableStep) > 4s², vs ε(c^{2k} − 1)/(c² − 1)",
              measured: SampleSummary(unstable.doubles).variance, expected: unstablePredicted,
              tolerance: .standardErrors(4, standardError: normalVarianceStandardError(variance: unstablePredicted, count: particles)),
              why: "the k-step law from 0 is exactly N(0, v_k), so SE = v_k√(2/(n − 1))")

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
                   using: &chapter.random) { step, x in if snapshotSteps.contains(step) { snapshots[step] = x.doubles } }
let contraction = 1 - Double(convergenceStep) / 2
let meanAtTen = SampleSummary(snapshots[10]!)
let varianceAtTen = ulaVariance(Double(convergenceStep)) * (1 - pow(contraction, 20))
chapter.check("mean after 10 steps from x = 4, vs 4(1 − ε/2)¹⁰", measured: meanAtTen.mean, expected: 4 * pow(contraction, 10),
              tolerance: .standardErrors(4, standardError: (varianceAtTen / Double(particles)).squareRoot()),
              why: "the 10-step law is exactly N(4c¹⁰, v(1 − c²⁰)) with c = 1 − ε/2, so SE = √(v(1 − c²⁰)/n)")
chapter.check("variance after 10 steps, vs v(1 − (1 − ε/2)²⁰)", measured: meanAtTen.variance, expected: varianceAtTen,
              tolerance: .standardErrors(4, standardError: normalVarianceStandardError(variance: varianceAtTen, count: particles)),
              why: "4 SE of a normal sample's variance, v₁₀√(2/(n − 1))")

var histogramFigure = Figure(rows: 1, columns: snapshotSteps.count, width: 1100, height: 250,
                             title: "Langevin on N(0, 1) from x₀ = 4, ε = 0.1: the particle histogram after k steps")
for (column, step) in snapshotSteps.enumerated() {
    histogramFigure[0, column].title = "k = \(step)"
    histogramFigure[0, column].histogram(snapshots[step]!, bins: 40, range: -4...5, color: Color.cycle(0))
    histogramFigure[0, column].function({ exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }, over: -4...5, color: .black, width: 1.4)
    histogramFigure[0, column].yLimits = 0...0.65; histogramFigure[0, column].xLabel = "x"
}
chapter.figure(histogramFigure, name: "histograms_over_iterations",
               caption: "All particles start at x = 4; the histogram slides towards the target density (black) and spreads to its width. "
                   + "Mean after k = 10, 30, 300 steps: \(text(snapshots[10]!.mean)), \(text(snapshots[30]!.mean)), \(text(snapshots[300]!.mean)); "
                   + "standard deviation after 300: \(text(SampleSummary(snapshots[300]!).standardDeviation)).")

// MARK: - 4. Trajectories over an energy landscape

chapter.section("4. Trajectories over an energy landscape")
chapter.prose("""
In two dimensions the picture is the one the physics suggests: particles roll down the energy \
E(x, y) = (x² − 1)² + y²/2 and jitter around the valleys at x = ±1. The ridge at x = 0 is only one unit \
of energy above them, so a run of kicks carries a particle over it now and then; section 5 measures how \
the waiting time for such a hop grows with the height of the barrier.
""")
func doubleWellEnergy(_ x: Double, _ y: Double) -> Double { (x * x - 1) * (x * x - 1) + 0.5 * y * y }
let doubleWellScore: (Tensor) -> Tensor = { points in
    let x = points.slice(0..<1, alongAxis: 1), y = points.slice(1..<2, alongAxis: 1)
    return Tensor.concatenate([(x.squared() - 1) * x * -4, -y], alongAxis: 1)
}
let trajectoryStep: Float = 0.005
var paths: [[(Double, Double)]] = Array(repeating: [], count: 5)
let trajectoryStart = Tensor(shape: [5, 2], scalars: [-1.8, 1.5, -0.3, -1.6, 0.4, 1.7, 1.7, -1.2, 1.2, 0.2])
_ = Langevin.chain(trajectoryStart, score: doubleWellScore, stepSize: trajectoryStep, steps: 400, using: &chapter.random) { _, x in
    for particle in 0..<5 { paths[particle].append((Double(x[particle, 0]), Double(x[particle, 1]))) } }
// The plotted window holds every path with its end square: at least ±2 in x and ±2.5 in y.
let (xReach, yReach) = (max(2, paths.joined().map { abs($0.0) }.max()! + 0.15), max(2.5, paths.joined().map { abs($0.1) }.max()! + 0.15))
let energyGrid = (0..<90).map { i in (0..<90).map { j in doubleWellEnergy(xReach * (2 * Double(j) / 89 - 1), yReach * (2 * Double(i) / 89 - 1)) } }
var trajectoryFigure = Figure(width: 520, height: 540, title: "Langevin paths on E(x, y) = (x² − 1)² + y²/2")
trajectoryFigure.panel.heatmap(values: energyGrid, xRange: -xReach...xReach, yRange: -yReach...yReach, colorMap: .viridis, valueRange: 0...4, colorBar: "energy E")
trajectoryFigure.panel.contour(values: energyGrid, xRange: -xReach...xReach, yRange: -yReach...yReach, levels: [0.25, 1, 2], color: Color.white.withAlpha(0.7), width: 0.8)
let pathColors = [Color.white, Color(hex: 0xFFB000), Color(hex: 0xFF6F91), Color(hex: 0x9AE6FF), Color(hex: 0xFFFFFF, alpha: 0.6)]
for (index, path) in paths.enumerated() {
    trajectoryFigure.panel.trajectory(x: [Double(trajectoryStart[index, 0])] + path.map(\.0), y: [Double(trajectoryStart[index, 1])] + path.map(\.1), color: pathColors[index])
}
trajectoryFigure.panel.equalAspect = true; trajectoryFigure.panel.xLabel = "x"; trajectoryFigure.panel.yLabel = "y"
trajectoryFigure.panel.xLimits = -xReach...xReach; trajectoryFigure.panel.yLimits = -yReach...yReach
let switchedSides = paths.indices.filter { (paths[$0].last!.0 > 0) != (trajectoryStart[$0, 0] > 0) }.count
chapter.figure(trajectoryFigure, name: "trajectories",
               caption: "Five particles, 400 steps of ε = \(trajectoryStep) each (circle: start, square: end), drift downhill into the valleys and jitter there; "
                   + "\(switchedSides) of the five end on the other side of the ridge x = 0 from where they started.")
chapter.prose("""
The quartic well hides a trap. Its score −4x(x² − 1) grows like x³, and an explicit step cannot follow \
a drift that steep: far out, the move (ε/2)·4x³ overshoots the valley and lands further away on the other \
side. Without the noise, x′ = x(1 − 2ε(x² − 1)); for |x| > 1 the step moves outwards, |x′| > |x|, \
exactly when x² > 1 + 1/ε (for 0 < |x| < 1 it also grows |x|, but towards the valley). Unadjusted \
Langevin on this well is transient from every start (Roberts & Tweedie 1996; Mattingly, Stuart & Higham \
2002, for explicit schemes with non-Lipschitz drift): a Gaussian kick carries the chain beyond that radius \
with positive, if tiny, probability, and from there it runs off to infinity. The radius \
|x| = √(1 + 1/ε) = \(text((1 + 1 / Double(trajectoryStep)).squareRoot())) (at ε = \(trajectoryStep)) is where \
escape becomes near-certain rather than where it begins. Steps for such targets must be chosen for the \
region the chain can reach; here every start lies within |x| ≤ 1.8. We start 1-D chains on the x-profile \
of the well a tenth inside and a tenth outside that radius.
""")
let escapeRadius = (1 + 1 / Double(trajectoryStep)).squareRoot()
let quarticScore: (Tensor) -> Tensor = { x in (x.squared() - 1) * x * -4 }
func fractionSettled(from start: Double) -> Double {
    let end = Langevin.chain(Tensor.full([1_000], Float(start)), score: quarticScore, stepSize: trajectoryStep, steps: 100, using: &chapter.random)
    return Double(end.scalars.filter { abs($0) < 3 }.count) / 1_000
}
chapter.check("chains from x₀ = 0.9·√(1 + 1/ε) that settle in the wells (|x| < 3 after 100 steps)", measured: fractionSettled(from: 0.9 * escapeRadius), atLeast: 1,
              why: "inside the radius the noiseless map shrinks |x| by a factor ≤ 0.62 at once; from the valley at 1, reaching the radius would take a kick of \(text((escapeRadius - 1) / Double(trajectoryStep).squareRoot())) standard deviations (√ε = \(text(Double(trajectoryStep).squareRoot())))")
chapter.check("chains from x₀ = 1.1·√(1 + 1/ε) that settle in the wells", measured: fractionSettled(from: 1.1 * escapeRadius), atMost: 0,
              why: "outside it |x′|/|x| = 2ε(x² − 1) − 1 ≥ 1.4 and grows with |x|, so every chain diverges (to ±∞, then NaN in floating point)")

// MARK: - 5. When the modes are far apart

chapter.section("5. When the modes are far apart")
chapter.prose("""
Between two well-separated modes the density is nearly zero, so the score gives no help across the gap \
and only an unlikely run of kicks carries a particle over. Take the equal mixture \
p = ½N(−μ, s²) + ½N(μ, s²) with s = 0.5, and call the regions x < −μ/2 and x > μ/2 the two sides. Each \
chain remembers the side it last visited; a step that lands on the other side is a crossing. From the \
crossings C of all chains, the mean number of steps between crossings is R = chains·steps/C, and its \
standard error follows from the spread of the per-chain counts (the chains are independent; crossings \
within a chain need not be). The barrier a crossing must climb is ΔE = log p(mode) − log p(0), the height \
of the energy E = −log p at the ridge x = 0 above the modes.
""")
let separations: [Double] = quick ? [0.75, 1.0, 1.25] : [0.75, 1.0, 1.25, 1.5]
let (crossingChains, crossingSteps, crossingStep) = (quick ? 400 : 1_000, quick ? 3_000 : 8_000, 0.05)
func twoModes(_ mu: Double) -> GaussianMixture1D { GaussianMixture1D(weights: [0.5, 0.5], means: [-mu, mu], standardDeviations: [0.5, 0.5]) }
/// The exact ULA chain at separation μ on a grid of width 0.0125 over [−μ − 4, μ + 4] (at most 880 bins).
func exactCrossings(_ mu: Double) -> LangevinCrossingTime {
    let mixture = twoModes(mu)
    guard let exact = try? LangevinCrossingTime(score: { mixture.score($0) }, stepSize: crossingStep, threshold: mu / 2,
                                                range: (-mu - 4)...(mu + 4), binWidth: 0.0125) else {
        Chapter.stop("The grid chain for μ = \(mu) gave a singular linear system.")
    }
    return exact
}
/// ΔE = log p(mode) − log p(0), the mode located on a grid of 4,001 points over [0, 2μ].
func barrier(_ mu: Double) -> Double {
    let mixture = twoModes(mu); return (0...4_000).map { mixture.logDensity(2 * mu * Double($0) / 4_000) }.max()! - mixture.logDensity(0)
}
func diffusionSteps(_ mu: Double) -> Double {
    let mixture = twoModes(mu); return LangevinCrossingTime.diffusionCrossingTime(logDensity: { mixture.logDensity($0) }, threshold: mu / 2) / (crossingStep / 2)
}
chapter.prose("""
Two exact references, computed without simulation. The *diffusion* that ULA discretises crosses, on \
average, every T = ½∫ dy/p(y) (over −μ/2 < y < μ/2) units of time — the two mean first-passage times \
between the sides add up to ∫e^E dy·∫e^{−E} dz — and one step is ε/2 of that time. The \
*chain itself* is a Markov chain with a Gaussian kernel: on a grid of bins its transition matrix is a \
table of normal probabilities, and adding the last side visited to the state makes the crossing rate the \
solution of a linear system (its stationary law, and a Poisson equation for the start at x₀ = −μ). The \
library's `LangevinCrossingTime` solves the two linear systems with LAPACK and the diffusion's integral \
by Simpson's rule, and is tested against an independent SciPy \
computation.
""")
chapter.equation(#"T_{\mathrm{diffusion}} = \frac{1}{2}\int_{-\mu/2}^{\mu/2} \frac{dy}{p(y)}, \qquad \text{steps} = \frac{T}{\epsilon/2}"#,
                 plain: "T_diffusion = ½ ∫_{−μ/2}^{μ/2} dy / p(y),   steps = T/(ε/2)")
var barriers: [Double] = [], measuredSteps: [Double] = [], relativeErrors: [Double] = []
var predictedSteps: [Double] = [], stationarySteps: [Double] = [], continuousSteps: [Double] = [], ownBarriers: [Double] = []
var crossingRows: [[any TableCell]] = []
for mu in separations {
    let mixture = twoModes(mu)
    let crossings = ModeCrossings(start: Tensor.full([crossingChains], Float(-mu)), score: { mixture.score($0) }, stepSize: Float(crossingStep),
                                  steps: crossingSteps, threshold: mu / 2, using: &chapter.random)
    let exact = exactCrossings(mu)
    let predicted = exact.stepsPerCrossing(steps: crossingSteps, from: -mu)
    barriers.append(barrier(mu)); measuredSteps.append(crossings.stepsPerCrossing)
    relativeErrors.append(crossings.standardError / crossings.stepsPerCrossing)
    predictedSteps.append(predicted); stationarySteps.append(exact.stepsPerCrossing)
    continuousSteps.append(diffusionSteps(mu)); ownBarriers.append(exact.stationaryBarrier(above: 0))
    chapter.check("steps between crossings at 2μ = \(2 * mu), vs the exact ULA chain", measured: crossings.stepsPerCrossing, expected: predicted,
                  tolerance: .standardErrors(4, standardError: crossings.standardError),
                  why: "SE = R·sd(Nᵢ)/(√chains·mean(Nᵢ)) from this run's per-chain crossing counts Nᵢ; the prediction includes the start at −μ, and its grid error (≤ 0.1%) is below 0.1 SE")
    crossingRows.append([2 * mu, barriers.last!, crossings.stepsPerCrossing, crossings.standardError, predicted,
                         (crossings.stepsPerCrossing - predicted) / crossings.standardError, continuousSteps.last!, ownBarriers.last!])
}
chapter.table(["2μ", "barrier ΔE", "measured R", "SE", "exact chain", "(R − exact)/SE", "diffusion T/(ε/2)", "chain's own barrier"],
              crossingRows, caption: "Steps between mode crossings, ULA at ε = \(crossingStep): \(crossingChains) chains × \(crossingSteps) steps from x₀ = −μ")

let logMeasured = measuredSteps.map { log($0) }
let measuredLine = LeastSquaresLine(x: barriers, y: logMeasured)
// The slope is Σ wᵢ ln Rᵢ with wᵢ = (ΔEᵢ − mean ΔE)/Σ(ΔEⱼ − mean ΔE)², so SE² = Σ wᵢ²·(SE(Rᵢ)/Rᵢ)².
let centredBarriers = barriers.map { $0 - barriers.mean }
let barrierSpread = centredBarriers.reduce(0) { $0 + $1 * $1 }
let slopeError = zip(centredBarriers, relativeErrors).reduce(0) { $0 + pow($1.0 / barrierSpread * $1.1, 2) }.squareRoot()
let exactSlope = LeastSquaresLine(x: barriers, y: predictedSteps.map { log($0) }).slope
let stationarySlope = LeastSquaresLine(x: barriers, y: stationarySteps.map { log($0) }).slope
let continuousSlope = LeastSquaresLine(x: barriers, y: continuousSteps.map { log($0) }).slope
let ownBarrierSlope = LeastSquaresLine(x: ownBarriers, y: stationarySteps.map { log($0) }).slope
chapter.check("slope of ln R against ΔE, vs the exact ULA chain's slope", measured: measuredLine.slope, expected: exactSlope,
              tolerance: .standardErrors(4, standardError: slopeError),
              why: "the slope is linear in the ln Rᵢ, so its SE is √Σwᵢ²(SE(Rᵢ)/Rᵢ)² from the per-point SEs (the fit's residual SE, \(text(measuredLine.slopeStandardError)), measures the curvature of ln R, not noise)")
chapter.table(["route", "slope of ln(steps) against ΔE"], [
    ["measured, this run (± SE)", "\(text(measuredLine.slope)) ± \(text(slopeError))"],
    ["exact ULA chain, ε = \(crossingStep), from x₀ = −μ", exactSlope],
    ["exact ULA chain, stationary", stationarySlope],
    ["exact ULA chain, against its own barrier", ownBarrierSlope],
    ["Langevin diffusion, exact first passage (ε → 0)", continuousSlope],
    ["Kramers (1940), ΔE → ∞", 1.0],
], caption: "Arrhenius slopes over ΔE from \(text(barriers.first!)) to \(text(barriers.last!))")
chapter.prose("""
Kramers (1940) showed that the diffusion's waiting time grows like e^{ΔE} times a prefactor set by the \
curvatures of E = −log p at the mode and at the barrier top. That law is asymptotic: here the barrier \
is only \(text(barriers.first!))–\(text(barriers.last!)), the curvatures change with the separation, and at \
barriers of a few units the Laplace approximation behind the law is still rough, so the exact \
first-passage times of the diffusion rise with slope \(text(continuousSlope)), not 1. The chain \
at ε = \(crossingStep) is flatter still, \(text(exactSlope)): its stationary law is wider than p (section 2's \
bias), which lowers its own barrier to \(text(ownBarriers.first!))–\(text(ownBarriers.last!)); measured \
against that barrier its slope is \(text(ownBarrierSlope)). The measured slope is \
\(text(abs(measuredLine.slope - continuousSlope) / slopeError)) SE from the diffusion's and \
\(text(abs(measuredLine.slope - 1) / slopeError)) SE from Kramers' 1: at these barriers and this step, only the \
exact chain describes the sampler.
""")

let curveSeparations = stride(from: 0.7, through: separations.last! + 0.05, by: quick ? 0.15 : 0.05).map { $0 }
let curveBarriers = curveSeparations.map(barrier)
let curveExact = curveSeparations.map { exactCrossings($0).stepsPerCrossing }, curveDiffusion = curveSeparations.map(diffusionSteps)
var crossingFigure = Figure(rows: 1, columns: 2, width: 900, height: 360, title: "Mixing failure: steps between mode crossings (ULA, ε = \(crossingStep))")
crossingFigure[0, 0].line(x: curveBarriers, y: curveExact.map { log($0) }, color: Color.cycle(0), label: "exact ULA chain")
crossingFigure[0, 0].line(x: curveBarriers, y: curveDiffusion.map { log($0) }, color: Color.cycle(1), dashed: true, label: "diffusion, T/(ε/2)")
let anchor = (curveBarriers.last!, log(curveDiffusion.last!))
crossingFigure[0, 0].function({ anchor.1 + ($0 - anchor.0) }, over: curveBarriers.first!...curveBarriers.last!, color: .gray, dashed: true, label: "slope 1 (Kramers)")
crossingFigure[0, 0].scatter(x: barriers, y: logMeasured, color: .black, size: 4.5, label: "measured ± 2 SE")
crossingFigure[0, 1].title = "measured and diffusion, relative to the exact chain"
crossingFigure[0, 1].scatter(x: barriers, y: zip(measuredSteps, predictedSteps).map { 100 * ($0 / $1 - 1) }, color: .black, size: 4.5, label: "measured ± 2 SE")
for index in barriers.indices {   // ± 2 SE bars on both panels
    let (low, high) = (logMeasured[index] - 2 * relativeErrors[index], logMeasured[index] + 2 * relativeErrors[index])
    crossingFigure[0, 0].line(x: [barriers[index], barriers[index]], y: [low, high], color: .black, width: 1.2)
    let centre = 100 * (measuredSteps[index] / predictedSteps[index] - 1), half = 200 * relativeErrors[index] * measuredSteps[index] / predictedSteps[index]
    crossingFigure[0, 1].line(x: [barriers[index], barriers[index]], y: [centre - half, centre + half], color: .black, width: 1.2)
}
crossingFigure[0, 0].xLabel = "barrier ΔE = log p(mode) − log p(0)"; crossingFigure[0, 0].yLabel = "ln(steps between crossings)"
crossingFigure[0, 0].legendPosition = .topLeft; crossingFigure[0, 1].legendPosition = .bottomRight
crossingFigure[0, 1].line(x: curveBarriers, y: zip(curveDiffusion, curveExact).map { 100 * ($0 / $1 - 1) }, color: Color.cycle(1), dashed: true, label: "diffusion")
crossingFigure[0, 1].referenceLine(at: 0)
crossingFigure[0, 1].xLabel = "barrier ΔE"; crossingFigure[0, 1].yLabel = "difference from the exact chain (%)"
chapter.figure(crossingFigure, name: "crossing_times",
               caption: "Left: waiting times grow roughly like e^{ΔE}, with slope \(text(measuredLine.slope)) measured, \(text(exactSlope)) for the exact chain, "
                   + "\(text(continuousSlope)) for the diffusion and 1 in Kramers' limit. Right: the measured points lie within "
                   + "\(text(zip(measuredSteps, predictedSteps).enumerated().map { abs($1.0 / $1.1 - 1) / relativeErrors[$0] }.max()!)) SE of the exact chain, "
                   + "while the diffusion undercounts the chain's steps by \(text(100 * (1 - continuousSteps.last! / stationarySteps.last!)))–"
                   + "\(text(100 * (1 - continuousSteps.first! / stationarySteps.first!)))%.")

// MARK: - 6. Annealing over noise levels

chapter.section("6. Annealing over noise levels")
chapter.prose("""
A worse failure than slow mixing: the *proportions* come out wrong. Take 30% of the mass at −2 and 70% \
at +2. Chains started from a broad cloud fall into whichever valley is nearer and stay there, so each \
mode keeps the particles that started in its basin. Annealed Langevin (Song & Ermon 2019) first samples \
a heavily smoothed version p_σ = p ∗ N(0, σ²), which has one broad basin, then lowers σ step by step, so \
particles are shared out between the modes while they can still move. For a Gaussian mixture the \
smoothed score is exact: each component's variance grows by σ².
""")
let target = GaussianMixture1D(weights: [0.3, 0.7], means: [-2, 2], standardDeviations: [0.5, 0.5])
let annealedParticles = quick ? 4_000 : 20_000
let startSpread = 3.0, broadStart = Tensor.normal([annealedParticles], standardDeviation: Float(startSpread), using: &chapter.random)
let plain = Langevin.chain(broadStart, score: { target.score($0) }, stepSize: 0.025, steps: quick ? 400 : 1_000, using: &chapter.random)
// listing: annealed-langevin
let noiseLevels = (0..<20).map { 4 * pow(0.02 / 4, Double($0) / 19) } + [0]   // geometric 4 → 0.02, then the target
let annealed = Langevin.annealedChain(
    broadStart, noiseLevels: noiseLevels, stepsPerLevel: quick ? 100 : 300,
    stepSize: { sigma in Float(0.1 * (0.25 + sigma * sigma)) },   // a tenth of the smoothed components' variance
    score: { x, sigma in target.noised(noiseStandardDeviation: sigma).score(x) }, using: &chapter.random)
// end listing
chapter.listing("annealed-langevin")
// The basin boundary: the density's minimum between the modes.
let saddle = (0...4_000).map { -2 + 4 * Double($0) / 4_000 }.min { target.logDensity($0) < target.logDensity($1) }!
let basinFraction = 0.5 * erfc(saddle / (startSpread * 2.0.squareRoot()))
let rightFractionPlain = Double(plain.scalars.filter { $0 > 0 }.count) / Double(annealedParticles)
let rightFractionAnnealed = Double(annealed.scalars.filter { $0 > 0 }.count) / Double(annealedParticles)
let startedBeyond = Double(broadStart.scalars.filter { Double($0) > saddle }.count) / Double(annealedParticles)
let switchedBasin = Double(zip(broadStart.scalars, plain.scalars).filter { (Double($0) > saddle) != ($1 > 0) }.count) / Double(annealedParticles)
/// The chains' own expected fraction f at +2: their law from N(0, 3²) on grids of h = 0.025 and 0.05 over [−20, 20], extrapolated to h → 0.
func expectedFraction(_ stages: [(score: (Double) -> Double, stepSize: Double, steps: Int)]) -> (value: Double, correction: Double) {
    LangevinLawOnGrid.extrapolatedProbability(above: 0, range: -20...20, binWidth: 0.025, cumulative: { 0.5 * erfc(-$0 / (startSpread * 2.0.squareRoot())) }, stages: stages)
}
let annealedExpected = expectedFraction(noiseLevels.map { sigma in
    (score: { target.noised(noiseStandardDeviation: sigma).score($0) }, stepSize: Double(Float(0.1 * (0.25 + sigma * sigma))), steps: quick ? 100 : 300) })
let plainExpected = expectedFraction([(score: { target.score($0) }, stepSize: Double(Float(0.025)), steps: quick ? 400 : 1_000)])
func fractionError(_ f: Double) -> Double { (f * (1 - f) / Double(annealedParticles)).squareRoot() }
func gridNote(_ f: (value: Double, correction: Double)) -> String {
    "f = \(text(f.value)) from the schedule's law on grids of h = 0.025 and 0.05; the extrapolation moves it by \(text(f.correction)), \(text(abs(f.correction) / fractionError(f.value))) SE"
}
chapter.check("annealed Langevin: fraction of particles at +2, vs the annealed chain's own expected fraction f", measured: rightFractionAnnealed,
              expected: annealedExpected.value, tolerance: .standardErrors(4, standardError: fractionError(annealedExpected.value)),
              why: "binomial SE √(f(1 − f)/n) of n independent particles; \(gridNote(annealedExpected))")
chapter.check("plain Langevin: fraction at +2, vs the plain chain's own expected fraction", measured: rightFractionPlain,
              expected: plainExpected.value, tolerance: .standardErrors(4, standardError: fractionError(plainExpected.value)),
              why: "the same recursion for the plain chain (p itself, ε = 0.025): \(gridNote(plainExpected))")
chapter.check("plain Langevin fails the annealed check: |fraction at +2 − f|/SE", measured: abs(rightFractionPlain - annealedExpected.value) / fractionError(annealedExpected.value),
              atLeast: 4, why: "the baseline the annealed check must be able to reject: particles keep their starting basin, whose mass beyond x* is P(x₀ > x*) = \(text(basinFraction))")
chapter.prose("""
The density's minimum between the modes, the basin boundary, sits at x* = \(text(saddle)). Of the broad start, \
\(text(100 * startedBeyond))% began beyond it (P(x₀ > x*) = \(text(100 * basinFraction))%); after plain Langevin \
\(text(100 * rightFractionPlain))% of the particles sit at +2, and only \(text(100 * switchedBasin))% ended on the other \
side of x* from where they started. Annealing puts \
\(text(100 * rightFractionAnnealed))% at +2, against the target's 70%. Annealed Langevin is not exact either: \
the split between the modes freezes at a finite σ after finitely many steps. Its own expected fraction, \
from the schedule's law on a grid, is f = \(text(annealedExpected.value)), a bias of \(text(annealedExpected.value - 0.7)) \
against the weight 0.7, or \(text((annealedExpected.value - 0.7) / fractionError(annealedExpected.value))) SE at \
n = \(annealedParticles): the check compares with f, not with 0.7.
""")

var annealFigure = Figure(rows: 1, columns: 2, width: 860, height: 300, title: "A 30/70 mixture: plain vs annealed Langevin")
for (column, (name, samples)) in [("plain Langevin", plain), ("annealed Langevin", annealed)].enumerated() {
    annealFigure[0, column].title = name
    annealFigure[0, column].histogram(samples.doubles, bins: 60, range: -4...4, color: Color.cycle(column == 0 ? 5 : 2), label: "particles")
    annealFigure[0, column].function({ exp(target.logDensity($0)) }, over: -4...4, color: .black, label: "target p(x)")
    annealFigure[0, column].xLabel = "x"; annealFigure[0, column].yLimits = 0...0.75; annealFigure[0, column].legendPosition = .topLeft
}
chapter.figure(annealFigure, name: "annealed_vs_plain",
               caption: "Plain Langevin leaves \(text(100 * rightFractionPlain))% of the particles at +2, about where they started; "
                   + "annealing through p ∗ N(0, σ²) puts \(text(100 * rightFractionAnnealed))% there, against the target's 70%.")

// MARK: - 7. Removing the bias: MALA

chapter.section("7. Removing the bias: the Metropolis-adjusted Langevin algorithm")
chapter.prose("""
Section 2's bias comes from taking the Langevin move at face value. The Metropolis-adjusted Langevin \
algorithm (MALA; Roberts & Tweedie 1996) treats it as a *proposal* x′ ~ q(x′ | x) = N(x + (ε/2)∇log p(x), ε) \
and accepts it with the Metropolis–Hastings probability, which makes p exactly stationary for any ε — \
large steps now cost rejections instead of accuracy.
""")
chapter.equation(
    #"\alpha(x \to x') = \min\left(1,\ \frac{p(x')\,q(x \mid x')}{p(x)\,q(x' \mid x)}\right)"#,
    plain: "α(x → x') = min(1, p(x')·q(x | x') / (p(x)·q(x' | x)))")
chapter.prose("""
For the standard normal the ratio collapses: with c = 1 − ε/2, (x′ − cx)² − (x − cx′)² = (1 − c²)(x′² − x²), \
so log α = ε(x² − x′²)/8 before the minimum. Averaged over x ~ N(0, 1) and x′ ~ N(cx, ε) it gives the \
expected acceptance rate as a one-dimensional integral, which the library evaluates by quadrature \
(`StandardNormalMALAAcceptance`) — an independent reference for the simulated rate.
""")
let (pairX, pairProposal, pairStep) = (1.3, -0.4, 1.0), pairContraction = 1 - pairStep / 2
chapter.demonstration("log p(x′)/p(x) + log q(x|x′)/q(x′|x) at x = 1.3, x′ = −0.4, ε = 1, vs ε(x² − x′²)/8",
                      lhs: (pairX * pairX - pairProposal * pairProposal) / 2
                          + (pow(pairProposal - pairContraction * pairX, 2) - pow(pairX - pairContraction * pairProposal, 2)) / (2 * pairStep),
                      rhs: pairStep * (pairX * pairX - pairProposal * pairProposal) / 8)
let malaSteps = 40
var (malaRows, malaVariances): ([[any TableCell]], [Double]) = ([], [])
for epsilon: Float in [0.5, 1.0, 1.5] {
    let (x, acceptance) = Langevin.metropolisAdjustedChain(Tensor.normal([particles], using: &chapter.random),
                                                          logDensity: { ($0.squared() * -0.5).doubles }, score: standardNormalScore,
                                                          stepSize: epsilon, steps: malaSteps, using: &chapter.random)
    let variance = SampleSummary(x.doubles).variance
    let exactAcceptance = StandardNormalMALAAcceptance(stepSize: Double(epsilon))
    let p = exactAcceptance.mean
    malaVariances.append(variance)
    malaRows.append([Double(epsilon), ulaVariance(Double(epsilon)), variance, acceptance, p])
    chapter.check("MALA variance at ε = \(epsilon), vs the target's 1", measured: variance, expected: 1,
                  tolerance: .standardErrors(4, standardError: normalVarianceStandardError(variance: 1, count: particles)),
                  why: "started from exact samples, MALA keeps N(0, 1) exactly, so SE = √(2/(n − 1))")
    chapter.check("MALA acceptance rate at ε = \(epsilon), vs the mean of min(1, e^{ε(x² − x′²)/8}) by quadrature", measured: acceptance, expected: p,
                  tolerance: .standardErrors(4, standardError: (p * (1 - p) / Double(particles * malaSteps)).squareRoot()),
                  why: "binomial SE over chains × steps; consecutive decisions of a chain share x, which correlates them by only about Var A(x)/(ā(1 − ā)) (A(x): acceptance given x; ā: its mean) = \(text(exactAcceptance.conditionalVariance / (p * (1 - p)))), so the binomial SE is at most a few per cent too small")
}
chapter.table(["ε", "ULA stationary variance", "MALA variance", "MALA acceptance", "acceptance, quadrature"], malaRows, caption: "The bias removed")

var varianceFigure = Figure(width: 520, height: 360, title: "Stationary variance on N(0, 1) against the step size")
varianceFigure.panel.function({ 1 / (1 - $0 / 4) }, over: 0...1.6, color: Color.cycle(0), label: "1/(1 − ε/4)")
varianceFigure.panel.scatter(x: stepSizes.map(Double.init), y: measuredVariances, color: Color.cycle(0), size: 4.5, label: "ULA, simulated")
varianceFigure.panel.scatter(x: [0.5, 1.0, 1.5], y: malaVariances, color: Color.cycle(1), size: 4.5, shape: .square, label: "MALA, simulated")
varianceFigure.panel.referenceLine(at: 1)
varianceFigure.panel.xLabel = "step size ε"; varianceFigure.panel.yLabel = "variance of the chain"; varianceFigure.panel.legendPosition = .topLeft
chapter.figure(varianceFigure, name: "variance_vs_step_size",
               caption: "The unadjusted chain is too wide by the factor 1/(1 − ε/4) (\(text(measuredVariances.last!)) at ε = 1.5); "
                   + "with the Metropolis correction the variance stays within \(text(malaVariances.map { abs($0 - 1) }.max()!)) of 1 at every step size.")

// MARK: - Exercises

chapter.exercises([
    Exercise(title: "One Langevin update",
             text: "Implement `langevinStep(x:score:stepSize:noise:)`, returning x + (ε/2)·score + √ε·noise. The grader runs 100,000 chains on N(0, 1) with your step and compares their variance with 1/(1 − ε/4)."),
    Exercise(title: "The discretisation bias for any Gaussian",
             text: "For a target N(0, s²) the unadjusted chain is still linear. Derive its stationary variance as a function of s² and ε (valid for ε < 4s²) and implement `stationaryVariance(targetVariance:stepSize:)`. The grader simulates long chains at step sizes close to the stability limit, where a truncated Taylor expansion in ε is far off."),
    Exercise(title: "Metropolis adjustment",
             text: "Implement `metropolisLogAcceptance`, the log acceptance probability of a Langevin proposal. The grader compares it with a closed form on N(0, 1) and checks that chains started from a bimodal target stay there — at a step size where plain Langevin visibly drifts."),
    Exercise(title: "The score of a Gaussian mixture",
             text: "Implement `mixtureScore(x:weights:means:standardDeviations:)` with responsibilities, stably (subtract the largest log-term). The grader compares it with finite differences of the log-density, also far in the tails."),
])

chapter.finish()
