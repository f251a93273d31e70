import AdversarialNetworks
import Foundation
import Distributions
import Metrics
import Notebook
import Statistics
import TensorCore

// Section 3's ring of Gaussians: how its samples are scored, and the loops that train GANs on it.
// Each loop draws from the calling section's random stream (`chapter.random`) in a fixed order.

/// Mode counts within 3 standard deviations of each centre, the modes covered (each holding a quarter of its
/// share of the samples near some mode, and at least 1% of all samples), the fraction of samples near some mode, and the effective number of
/// modes (exp of the entropy of the near samples' mode shares).
struct RingCoverage {
    let counts: [Int], covered: Int, highQualityFraction: Double
    var effectiveModes: Double { counts.reduce(0, +) == 0 ? 1 : ClassCoverage(counts: counts).effectiveClassCount }
    /// Its delta-method standard error for multinomial counts: exp(H)·√((Σ p log²p − H²)/n) (Basharin, 1959).
    var effectiveModesStandardError: Double {
        let n = Double(counts.reduce(0, +)), shares = counts.filter { $0 > 0 }.map { Double($0) / n }
        guard n > 1 else { return 0 }
        let entropy = -shares.reduce(0) { $0 + $1 * log($1) }, second = shares.reduce(0) { $0 + $1 * log($1) * log($1) }
        return exp(entropy) * (max(second - entropy * entropy, 0) / n).squareRoot()
    }
    var largestShare: Double { Double(counts.max()!) / Double(max(counts.reduce(0, +), 1)) }
}

/// Eight Gaussians of standard deviation `spread` on a circle of radius 2, and the scores of a sample against them.
struct RingProblem {
    let spread: Double
    let ring: GaussianMixture2D
    let centres: [[Double]], weights: [Double]
    /// A sample is near a mode within 3 standard deviations of its centre.
    var nearRadius: Double { 3 * spread }

    init(spread: Double) {
        self.spread = spread
        ring = GaussianMixture2D.ring(modes: 8, radius: 2, spread: spread)
        centres = ring.components.map { [$0.mean.x, $0.mean.y] }
        weights = ring.components.map(\.weight)
    }

    /// Mode coverage with each mode's share taken among the samples near some mode, so that samples stranded
    /// between modes do not make a present mode look dropped (`ModeCoverage.presentAmongNear`).
    func coverage(_ samples: Tensor) -> RingCoverage {
        let all = ModeCoverage(samples: samples, centres: centres, weights: weights, radius: nearRadius)
        return RingCoverage(counts: all.counts, covered: all.presentAmongNear, highQualityFraction: all.highQualityFraction)
    }

    /// SW₂ between `samples` and as many fresh draws of the ring.
    func slicedWasserstein(_ samples: Tensor) -> Double {
        SlicedWasserstein.distance(samples, ring.sample(samples.rowCount, using: &chapter.random))
    }

    /// The ring with its last mode dropped and the other seven reweighted: the wrong law that one lost mode makes.
    var withOneModeDropped: GaussianMixture2D {
        GaussianMixture2D(ring.components.dropLast().map { .init(weight: $0.weight * 8 / 7, mean: $0.mean, covariance: $0.covariance) })
    }
}

/// What one ring run records every `every` steps, its samples at four checkpoints, and its final SW₂ to the data.
struct RingRun {
    var covered: [Int] = [], nearFraction: [Double] = [], discriminatorLoss: [Double] = [], generatorLoss: [Double] = []
    var snapshots: [Tensor] = []
    var slicedWasserstein = 0.0
}

/// Trains `count` GANs on `problem` (MLPs 2 → 128 → 128 → 2 and 2 → 128 → 128 → 1, Adam at `learningRate`),
/// recording mode coverage on 2,000 samples and the mean losses of the last `every` steps at every checkpoint;
/// run 1 keeps its samples at `snapshotCheckpoints`. Also returns each untrained generator's coverage and SW₂.
func trainRingRuns(count: Int, steps: Int, every: Int, on problem: RingProblem, learningRate: Float, name: String) throws
    -> (runs: [RingRun], models: [GenerativeAdversarialNetwork], untrained: [(coverage: RingCoverage, slicedWasserstein: Double)]) {
    var runs: [RingRun] = [], models: [GenerativeAdversarialNetwork] = [], untrained: [(coverage: RingCoverage, slicedWasserstein: Double)] = []
    for run in 0..<count {
        let gan = GenerativeAdversarialNetwork(latentSize: 2, dataSize: 2, generatorHidden: [128, 128], discriminatorHidden: [128, 128], using: &chapter.random)
        let initial = gan.sample(2_000, using: &chapter.random)
        untrained.append((problem.coverage(initial), problem.slicedWasserstein(initial)))
        let trainer = AdversarialTrainer(label: "\(name), run \(run + 1)", model: gan, generatorLearningRate: learningRate, discriminatorLearningRate: learningRate)
        var history = RingRun()
        try chapter.train(trainer.label, steps: steps) { step in
            try trainer.step(step, realBatch: problem.ring.sample(256, using: &chapter.random), using: &chapter.random)
            guard (step + 1) % every == 0 else { return }
            let samples = gan.sample(2_000, using: &chapter.random), measured = problem.coverage(samples)
            let recent = trainer.history.suffix(every)
            history.covered.append(measured.covered); history.nearFraction.append(measured.highQualityFraction)
            history.discriminatorLoss.append(recent.map { Double($0.discriminatorLoss) }.mean)
            history.generatorLoss.append(recent.map { Double($0.generatorLoss) }.mean)
            if run == 0 && snapshotCheckpoints(steps: steps, every: every).contains((step + 1) / every) { history.snapshots.append(samples) }
        }
        history.slicedWasserstein = problem.slicedWasserstein(gan.sample(2_000, using: &chapter.random))
        runs.append(history); models.append(gan)
    }
    return (runs, models, untrained)
}

/// The checkpoints (in units of `every` steps) whose samples run 1 keeps: the first, the middle one and the last.
func snapshotCheckpoints(steps: Int, every: Int) -> [Int] { [1, steps / every / 2, steps / every] }

/// The ring table's rows for one ring: the run, modes covered, near fraction, SW₂ and the last losses.
func ringRows(_ histories: [RingRun], spread: Double) -> [[any TableCell]] {
    histories.indices.map { ["σ = \(formatNumber(spread)), run \($0 + 1)", histories[$0].covered.last!, histories[$0].nearFraction.last!, histories[$0].slicedWasserstein,
                             histories[$0].discriminatorLoss.last!, histories[$0].generatorLoss.last!] }
}

/// "k of n runs cover all eight modes (the others …)", from each run's final count.
func coverageSentence(_ covered: [Int]) -> String {
    let full = covered.filter { $0 == 8 }.count
    return "\(full) of \(covered.count) runs \(full == 1 ? "covers" : "cover") all eight modes" + (full == covered.count ? "" : " (\(full == 0 ? "they cover" : "the others") " + covered.filter { $0 < 8 }.sorted().map(String.init).joined(separator: ", ") + ")")
}

/// The ring table's two reference rows: the data against fresh data, and the ring with one mode dropped.
func referenceRows(floor: RepeatedMeasurement, oneModeDropped: RepeatedMeasurement, dataNear: Double) -> [[any TableCell]] {
    [["data vs data (σ = 0.05)", 8, dataNear, "\(formatNumber(floor.mean, digits: 3)) ± \(formatNumber(floor.standardError, digits: 1))", "", ""],
     ["the ring with one mode dropped", 7, "", "\(formatNumber(oneModeDropped.mean, digits: 3)) ± \(formatNumber(oneModeDropped.standardError, digits: 1))", "", ""]]
}

/// What the final discriminator losses do and do not say: their range on each ring, and on the narrow ring the losses
/// of the runs covering the fewest and the most modes.
func lossSentence(wide: [RingRun], narrow: [RingRun]) -> String {
    let covered = narrow.map { $0.covered.last! }, losses = narrow.map { $0.discriminatorLoss.last! }, wideLosses = wide.map { $0.discriminatorLoss.last! }
    let fewest = covered.indices.min { covered[$0] < covered[$1] }!, most = covered.indices.max { covered[$0] < covered[$1] }!
    let ranges = "The final discriminator losses lie at \(formatNumber(wideLosses.min()!, digits: 3))–\(formatNumber(wideLosses.max()!, digits: 3)) on the wide ring and " +
        "\(formatNumber(losses.min()!, digits: 3))–\(formatNumber(losses.max()!, digits: 3)) on the narrow one, all below log 4 ≈ 1.386. A loss says how well the " +
        "current discriminator tells its generator from the data" +
        (losses.max()! < wideLosses.min()! ? " (better on the narrow ring, where every generator is further from the data)" : "") +
        ", not which modes are missing or how many"
    guard covered[fewest] != covered[most] else { return ranges }
    return ranges + " — the narrow-ring run covering \(covered[fewest]) modes ends at \(formatNumber(losses[fewest], digits: 3)), the one covering \(covered[most]) at \(formatNumber(losses[most], digits: 3))"
}

/// Where the runs' SW₂ sits between the data's floor and the ring with one mode dropped, in words.
func swSentence(_ runs: SampleSummary, floor: RepeatedMeasurement, oneModeDropped: RepeatedMeasurement) -> String {
    let gap = runs.mean - floor.mean, standardError = (runs.standardError * runs.standardError + floor.standardError * floor.standardError).squareRoot()
    let reading = abs(gap) <= 2 * standardError
        ? "within 2 SE of the data's own floor \(formatNumber(floor.mean, digits: 3)): from 2,000 points SW₂ cannot see the stranded samples, though it does see a dropped mode (\(formatNumber(oneModeDropped.mean, digits: 3)))"
        : "\(formatNumber(gap / standardError, digits: 2)) SE from the data's own floor \(formatNumber(floor.mean, digits: 3)), against \(formatNumber(oneModeDropped.mean, digits: 3)) for a dropped mode"
    return "Their SW₂ to the data averages \(formatNumber(runs.mean, digits: 3)) ± \(formatNumber(runs.standardError, digits: 2)), " + reading + "."
}

/// The effective number of occupied cells, exp of the entropy of the samples' histogram on a grid of `cell`-wide
/// squares: a measure of spread that needs no modes.
func occupiedCells(_ samples: Tensor, cell: Double = 0.05) -> Double {
    var counts: [SIMD2<Int>: Int] = [:]
    for row in 0..<samples.rowCount {
        counts[SIMD2(Int((Double(samples[row, 0]) / cell).rounded(.down)), Int((Double(samples[row, 1]) / cell).rounded(.down))), default: 0] += 1
    }
    let n = Double(samples.rowCount)
    return exp(-counts.values.reduce(0) { $0 + Double($1) / n * log(Double($1) / n) })
}
