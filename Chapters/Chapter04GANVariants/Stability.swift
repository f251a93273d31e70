import AdversarialNetworks
import Distributions
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

// Section 6, second half: the original loss and WGAN-GP on the same ring over several seeds.

struct StabilityRun {
    var slicedWasserstein: [Double] = [], modes: [Int] = []
    var finalNear = 0.0
}

func stabilitySection() throws {
    let ring = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.05)
    let centres = ring.components.map { [$0.mean.x, $0.mean.y] }, weights = ring.components.map(\.weight)
    let seeds = quick ? 2 : 4, steps = quick ? 600 : 3_000, every = steps / 10
    chapter.prose("""
    Now the same data for both games: chapter 3's ring of eight Gaussians (σ = 0.05, radius 2), generator \
    2 → 64 → 64 → 2 and critic or discriminator 2 → 64 → 64 → 1 (leaky ReLU), batches of 128, \(steps) generator \
    steps, \(seeds) initialisations each. Each game gets its paper's optimiser: the original loss (non-saturating) \
    Adam at 2·10⁻⁴ with β₁ = 0.5 and one discriminator update per step; WGAN-GP Adam at 3·10⁻⁴ with β₁ = 0, \
    β₂ = 0.9 and five critic updates per generator step (Gulrajani et al. use 10⁻⁴ over 100,000 steps; we have \
    \(steps)). Every \(every) steps we draw 2,000 samples and measure SW₂ to fresh data and the modes present \
    (chapter 3's rule: a mode holds a quarter of its share of the samples within 3σ of some mode, and 1% of all).
    """)
    func train(wasserstein: Bool, run: Int) throws -> StabilityRun {
        let gan = GenerativeAdversarialNetwork(latentSize: 2, dataSize: 2, generatorHidden: [64, 64], discriminatorHidden: [64, 64], using: &chapter.random)
        let label = "\(wasserstein ? "WGAN-GP" : "original loss"), run \(run + 1)"
        let trainer = wasserstein
            ? AdversarialTrainer(label: label, model: gan, objective: WassersteinGradientPenaltyObjective(), generatorLearningRate: 3e-4,
                                 discriminatorLearningRate: 3e-4, beta1: 0, beta2: 0.9, discriminatorUpdatesPerStep: 5)
            : AdversarialTrainer(label: label, model: gan, generatorLearningRate: 2e-4, discriminatorLearningRate: 2e-4)
        var history = StabilityRun()
        try chapter.train(label, steps: steps) { step in
            try trainer.step(step, realBatches: (0..<trainer.discriminatorUpdatesPerStep).map { _ in ring.sample(128, using: &chapter.random) }, using: &chapter.random)
            guard (step + 1) % every == 0 else { return }
            let samples = gan.sample(2_000, using: &chapter.random)
            let coverage = ModeCoverage(samples: samples, centres: centres, weights: weights, radius: 0.15)
            history.slicedWasserstein.append(SlicedWasserstein.distance(samples, ring.sample(2_000, using: &chapter.random)))
            history.modes.append(coverage.presentAmongNear); history.finalNear = coverage.highQualityFraction
        }
        return history
    }
    let original = try (0..<seeds).map { try train(wasserstein: false, run: $0) }
    let wasserstein = try (0..<seeds).map { try train(wasserstein: true, run: $0) }
    let floor = RepeatedMeasurement(values: (0..<4).map { _ in SlicedWasserstein.distance(ring.sample(2_000, using: &chapter.random), ring.sample(2_000, using: &chapter.random)) })
    func summary(_ runs: [StabilityRun]) -> (full: Int, sw: SampleSummary, modes: [Int], near: [Double], final: [Double]) {
        (runs.filter { $0.modes.last! == 8 }.count, SampleSummary(runs.map { $0.slicedWasserstein.last! }), runs.map { $0.modes.last! }, runs.map(\.finalNear),
         runs.map { $0.slicedWasserstein.last! })
    }
    let a = summary(original), b = summary(wasserstein)
    chapter.table(["game", "runs with all 8 modes", "modes per run", "near a mode per run", "final SW₂: mean ± SD over runs", "range"], [
        ["original (non-saturating)", "\(a.full) of \(seeds)", a.modes.map(String.init).joined(separator: ", "), a.near.map { formatNumber($0, digits: 2) }.joined(separator: ", "),
         "\(formatNumber(a.sw.mean, digits: 3)) ± \(formatNumber(a.sw.standardDeviation, digits: 2))", "\(formatNumber(a.final.min()!, digits: 3))–\(formatNumber(a.final.max()!, digits: 3))"],
        ["WGAN-GP", "\(b.full) of \(seeds)", b.modes.map(String.init).joined(separator: ", "), b.near.map { formatNumber($0, digits: 2) }.joined(separator: ", "),
         "\(formatNumber(b.sw.mean, digits: 3)) ± \(formatNumber(b.sw.standardDeviation, digits: 2))", "\(formatNumber(b.final.min()!, digits: 3))–\(formatNumber(b.final.max()!, digits: 3))"],
        ["data vs data", "", "", "", "\(formatNumber(floor.mean, digits: 3)) ± \(formatNumber(floor.spread, digits: 1))", ""],
    ], caption: "After \(steps) generator steps; 2,000 samples per measurement. A WGAN-GP step costs five critic updates, each with a double backward pass.")
    func fluctuation(_ runs: [StabilityRun]) -> Double {
        let perRun: [Double] = runs.map { run in
            let steps: [Double] = zip(run.slicedWasserstein.dropFirst(), run.slicedWasserstein).map { (later: Double, earlier: Double) -> Double in abs(log(later / earlier)) }
            return steps.mean
        }
        return perRun.mean
    }
    chapter.prose("""
    On this budget \(b.full == a.full ? "both games cover all eight modes equally often" : b.full > a.full ? "WGAN-GP covers all eight modes more often" : "the original loss covers all eight modes more often") \
    (WGAN-GP in \(b.full) of \(seeds) runs, the original loss in \(a.full)), and the runs' final SW₂ spread \(b.sw.standardDeviation < a.sw.standardDeviation ? "less" : "more") under WGAN-GP \
    (standard deviation \(formatNumber(b.sw.standardDeviation, digits: 2)) against \(formatNumber(a.sw.standardDeviation, digits: 2))). Between checkpoints a run's SW₂ changes by a factor \
    e^{\(formatNumber(fluctuation(wasserstein), digits: 2))} on average under WGAN-GP and e^{\(formatNumber(fluctuation(original), digits: 2))} under the original loss. \
    \(seeds) seeds per game cannot settle which is more stable in general — the literature's claim rests on larger \
    models and longer training — but they show how to ask: the same data, several seeds, and the whole \
    distribution of outcomes rather than one good run.
    """)
    let checkpoints = (1...(steps / every)).map { $0 * every }
    chapter.figure(stabilityFigure(steps: checkpoints, original: original.map(\.slicedWasserstein), wasserstein: wasserstein.map(\.slicedWasserstein),
                                   originalModes: original.map(\.modes), wassersteinModes: wasserstein.map(\.modes)),
                   name: "training_curves", caption: """
        Every run of both games on the same ring: SW₂ to fresh data (top, log scale; the data's own floor is \(formatNumber(floor.mean, digits: 3))) and the modes \
        present (bottom) against generator steps. Solid: the original loss; dashed: WGAN-GP. \(a.full) and \(b.full) of \(seeds) runs end with all eight modes.
        """)
}
