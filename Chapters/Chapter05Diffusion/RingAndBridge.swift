import DiffusionModels
import Distributions
import Foundation
import Metrics
import Notebook
import ScoreBasedModels
import Statistics
import TensorCore

// Section 3: DDPM's linear schedule as the Euler discretisation of chapter 12's VP SDE; a DDPM on chapter 12's ring,
// its quality against the number of sampling steps.

/// The ring's quality at each number of sampling steps, and the data floor.
struct StepsSweep {
    let steps: [Int], floor: MixtureSampleQuality, quality: [MixtureSampleQuality]
}

func ringSection() throws -> StepsSweep {
    let sde = VariancePreservingSDE(betaMin: 0.1, betaMax: 20)
    chapter.prose("""
    (Here s is the SDE's time, since t numbers the chain's steps.) \
    Chapter 12's variance-preserving SDE (Song et al., 2021) dx = −½β(s)x ds + √β(s) dw on s ∈ [0, 1], with β(s) = \(formatNumber(sde.betaMin)) + \
    \(formatNumber(sde.betaMax - sde.betaMin))s, has the transition N(√ᾱ(s) x₀, (1 − ᾱ(s))I) with ᾱ(s) = exp(−∫₀ˢβ). One step of \
    length 1/N of its Euler–Maruyama discretisation multiplies x by 1 − β(s)/2N ≈ √(1 − β(s)/N) and adds noise of variance \
    β(s)/N: a DDPM step with β_i = β(s)/N. The linear schedule's defaults are this up to a shift of the grid, Nβ_i = \
    β((i − 1)/(N − 1)) against β(i/N), a difference of at most 19.9/N; and the products ᾱ_i = Π(1 − β_j) approach exp(−∫₀^{i/N} β) as N grows:
    """)
    var rows: [[any TableCell]] = [], errors: [Double] = [], bounds: [Double] = []
    for n in [100, 1_000, 10_000] {
        let schedule = DiffusionSchedule.linear(steps: n)
        // log ᾱ_i = Σ log(1 − β_j); −∫β over step j is −(β(s_{j−1}) + β(s_j))/2N exactly for a linear β(s).
        // |log(1 − β) + β| ≤ β²/(2(1 − β)), and each step's β_j differs from its interval's integral by |β_j − ∫|.
        var worst = 0.0, bound = 0.0, boundSoFar = 0.0
        for i in 1...n {
            let b = schedule.beta(i), s0 = Double(i - 1) / Double(n), s1 = Double(i) / Double(n)
            let integral = (sde.beta(s0) + sde.beta(s1)) / (2 * Double(n))
            boundSoFar += b * b / (2 * (1 - b)) + abs(b - integral)
            let exact = 2 * log(sde.meanScale(s1))   // log ᾱ(s) = −∫₀ˢ β
            worst = max(worst, abs(log(schedule.alphaBar(i)) - exact))
            bound = max(bound, boundSoFar)
        }
        errors.append(worst); bounds.append(bound)
        rows.append([n, worst, bound, (1...n).map { abs(Double(n) * schedule.beta($0) - sde.beta(Double($0) / Double(n))) }.max()!])
    }
    chapter.table(["N", "max_i |log ᾱ_i − log ᾱ(i/N)|", "bound Σ_j [β_j²/2(1 − β_j) + |β_j − ∫β|]", "max_i |Nβ_i − β(i/N)|"], rows,
                  caption: "The DDPM linear schedule with Nβ_i running from 0.1 to 20, against the VP SDE with the same β(s).")
    // The leading error: log(1 − β) ≈ −β − β²/2 sums to −∫β − ∫β²/2N, so N·max_i|log ᾱ_i − log ᾱ(i/N)| → ½∫₀¹ β(s)² ds.
    let (a, b) = (sde.betaMin, sde.betaMax - sde.betaMin), limit = 0.5 * (a * a + a * b + b * b / 3)
    let scaled = zip([100.0, 1_000, 10_000], errors).map { $0 * $1 }
    let richardson = abs(scaled[2] - scaled[1]) / 9   // the O(1/N) remainder, from the last tenfold step
    // Two plausible wrong schedules at N = 10,000: Ho et al.'s β fixed at 10⁻⁴…0.02, and β taken at the right ends.
    let wrongSchedules = [DiffusionSchedule.linear(steps: 10_000, betaStart: 1e-4, betaEnd: 0.02),
                          DiffusionSchedule(betas: (1...10_000).map { sde.beta(Double($0) / 10_000) / 10_000 }, name: "right ends")]
    let wrongScaled = wrongSchedules.map { w in 10_000 * (1...10_000).map { abs(log(w.alphaBar($0)) - 2 * log(sde.meanScale(Double($0) / 10_000))) }.max()! }
    chapter.check("N · max_i |log ᾱ_i − log ᾱ(i/N)| at N = 10,000 against its limit ½∫₀¹ β(s)² ds = \(formatNumber(limit, digits: 5))", measured: scaled[2], expected: limit,
                  tolerance: .absolute(2 * richardson),
                  why: "the leading error of the product: log(1 − β_j) = −β_j − β_j²/2 − …, and Σ_j β_j²/2 = ∫β²/2N + O(1/N²), largest at the end of the chain. N·error was \(scaled.map { formatNumber($0, digits: 4) }.joined(separator: ", ")) at N = 100, 1,000, 10,000, approaching the limit like 1/N, so twice the Richardson estimate |v(10⁴) − v(10³)|/9 bounds what remains. At N = 10⁴ a schedule with Ho et al.'s fixed β (10⁻⁴ to 0.02) gives \(formatNumber(wrongScaled[0], digits: 3)), and β taken at the right ends of the intervals \(formatNumber(wrongScaled[1], digits: 4)), \(formatNumber(abs(wrongScaled[1] - limit) / (2 * richardson), digits: 3)) tolerances away")
    chapter.prose("""
    So a DDPM trained with N = 1,000 steps is a discretised VP SDE, and the noise-prediction network of chapter 12 is \
    the same object: ε̂(x, t) = −√(1 − ᾱ_t)·score. What differs is the sampler. Ancestral sampling draws \
    x_{t−1} ~ p_θ(x_{t−1} | x_t) at every step; with fewer steps than in training, the schedule is *respaced* (Nichol & \
    Dhariwal, 2021): keep K of the timesteps, τ₁ < … < τ_K = T, and use β′_i = 1 − ᾱ_{τ_i}/ᾱ_{τ_{i−1}}, which makes the \
    shorter chain's ᾱ agree with the original at the kept steps.
    """)
    chapter.listing("ancestral-sampler", fromLibraryFile: "Sources/DiffusionModels/AncestralSampler.swift")

    // A DDPM on chapter 12's ring of eight Gaussians.
    let ring = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.25), schedule = DiffusionSchedule.linear(steps: 1_000)
    let model = EpsilonNetwork(schedule: schedule, dataDimension: 2, hidden: [128, 128, 128], using: &chapter.random)
    let trainingSteps = quick ? 400 : 4_000
    let trainer = DiffusionTrainer(label: "DDPM on the ring", model: model, steps: trainingSteps, learningRate: 2e-3,
                                   learningRateSchedule: .cosine(floor: 0.05), labelDropout: 0)
    try chapter.train(trainer.label, steps: trainingSteps) { step in
        _ = try trainer.step(step, batch: ring.sample(256, using: &chapter.random), using: &chapter.random)
    }
    trainer.finish()
    let steps = quick ? [5, 50] : [2, 5, 10, 25, 100, 1_000], repeats = quick ? 3 : 8, count = 2_000
    let quality = { (sample: @escaping (inout RandomGenerator) -> Tensor) in
        MixtureSampleQuality(of: ring, repeats: repeats, referenceCount: count, radius: 0.75, using: &chapter.random, sample: sample)
    }
    let floor = quality { ring.sample(count, using: &$0) }
    let fittedLaw = Gaussian(fittedTo: ring.sample(20_000, using: &chapter.random))
    let gaussianBaseline = quality { fittedLaw.sample(count, using: &$0) }
    let sweep = steps.map { k in quality { AncestralSampler.sample(model: model, schedule: schedule.respaced(steps: k), count: count, using: &$0).samples } }
    chapter.table(["sampling steps K", "SW₂ ± spread", "SW₂ ÷ floor", "mode width", "modes covered (fewest)"],
                  [["data (the floor)", "\(formatNumber(floor.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(floor.slicedWasserstein.spread, digits: 2))", "1 (reference)", floor.modeWidth.mean, floor.fewestModesCovered],
                   ["one Gaussian fitted to the data", "\(formatNumber(gaussianBaseline.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(gaussianBaseline.slicedWasserstein.spread, digits: 2))",
                    ratioText(RatioOfMeans(gaussianBaseline.slicedWasserstein, over: floor.slicedWasserstein)), gaussianBaseline.modeWidth.mean, gaussianBaseline.fewestModesCovered]]
                  + zip(steps, sweep).map { k, q in [k, "\(formatNumber(q.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(q.slicedWasserstein.spread, digits: 2))",
                                                     ratioText(RatioOfMeans(q.slicedWasserstein, over: floor.slicedWasserstein)), q.modeWidth.mean, q.fewestModesCovered] as [any TableCell] },
                  caption: "\(count) samples against \(count) fresh ring points, \(repeats) repeats. Mode width: the mean squared distance of every sample to its nearest mode centre (2s² = 0.125 for the data's modes of standard deviation s = 0.25). A mode counts as covered if it receives at least a quarter of the samples it would get under the true weights.")
    let (ten, most) = (sweep[steps.firstIndex(of: 10) ?? 0], sweep.last!)
    chapter.check("SW₂ with K = \(steps.firstIndex(of: 10) == nil ? steps.first! : 10) sampling steps minus with K = \(steps.last!), in SE of the difference", measured: separation(ten.slicedWasserstein, most.slicedWasserstein), atLeast: 4,
                  why: "named in advance: with few, large reverse steps each reverse Gaussian must cover a jump that the true reverse law does not make in one Gaussian step, so quality must improve with K; 4 SE over \(repeats) repeats")
    chapter.check("SW₂ of one Gaussian fitted to the ring minus the \(steps.last!)-step DDPM's, in SE of the difference", measured: separation(gaussianBaseline.slicedWasserstein, most.slicedWasserstein), atLeast: 4,
                  why: "the trivial baseline: a Gaussian with the data's mean and covariance covers the ring's annulus (all 8 modes get their share of samples, so coverage alone cannot tell it from a model) but not its modes; 4 SE over \(repeats) repeats")
    chapter.prose("""
    With \(steps.last!) steps the DDPM sits at \(formatNumber(RatioOfMeans(most.slicedWasserstein, over: floor.slicedWasserstein).value, digits: 3)) times the data floor, \
    and its modes are wider than the data's: mode width \(formatNumber(most.modeWidth.mean, digits: 3)) against \(formatNumber(floor.modeWidth.mean, digits: 3)), \
    a standard deviation per mode of about \(formatNumber((most.modeWidth.mean / 2).squareRoot(), digits: 2)) instead of 0.25 — the residual error of \
    a network that has to learn the ring's score at every noise level.
    """)
    return StepsSweep(steps: steps, floor: floor, quality: sweep)
}
