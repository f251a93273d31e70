import AdversarialNetworks
import Datasets
import DigitEvaluation
import Distributions
import Metrics
import Notebook
import Statistics
import TensorCore

// The chapter's longer experiment loops, kept out of main.swift so that it reads as the chapter.
// Each draws from the calling section's random stream (`chapter.random`) in a fixed order.

/// Mode counts within 3 standard deviations of each centre, the modes covered (each holding a quarter of its
/// share of the samples near some mode) and the fraction of samples near some mode.
struct RingCoverage { let counts: [Int], covered: Int, highQualityFraction: Double }

/// Mode coverage with each mode's share taken among the samples near some mode, so that samples stranded between
/// modes do not make a present mode look dropped.
func ringCoverage(_ samples: Tensor) -> RingCoverage {
    let all = ModeCoverage(samples: samples, centres: ringCentres, weights: ringWeights, radius: nearRadius)
    let near = samples.gatherRows((0..<samples.rowCount).filter { row in ringCentres.contains { c in
        let (dx, dy) = (Double(samples[row, 0]) - c[0], Double(samples[row, 1]) - c[1]); return dx * dx + dy * dy <= nearRadius * nearRadius } })
    let covered = near.rowCount == 0 ? 0 : ModeCoverage(samples: near, centres: ringCentres, weights: ringWeights, radius: nearRadius).covered
    return RingCoverage(counts: all.counts, covered: covered, highQualityFraction: all.highQualityFraction)
}

/// What one ring run records every `every` steps, and its samples at four checkpoints.
struct RingRun {
    var covered: [Int] = [], nearFraction: [Double] = [], discriminatorLoss: [Double] = [], generatorLoss: [Double] = []
    var snapshots: [Tensor] = []
}

/// Trains `count` GANs on `ring` (MLPs 2 → 128 → 128 → 2 and 2 → 128 → 128 → 1, Adam at 5·10⁻⁴), recording
/// mode coverage on 2,000 samples and the mean losses of the last `every` steps at every checkpoint; run 1
/// keeps its samples after 1, 4, 8 and all checkpoints. Also returns each untrained generator's near fraction.
func trainRingRuns(count: Int, steps: Int, every: Int, on ring: GaussianMixture2D, coverage: (Tensor) -> RingCoverage) throws
    -> (runs: [RingRun], models: [GenerativeAdversarialNetwork], untrainedNear: [Double]) {
    var runs: [RingRun] = [], models: [GenerativeAdversarialNetwork] = [], untrainedNear: [Double] = []
    for run in 0..<count {
        let gan = GenerativeAdversarialNetwork(latentSize: 2, dataSize: 2, generatorHidden: [128, 128], discriminatorHidden: [128, 128], using: &chapter.random)
        untrainedNear.append(coverage(gan.sample(2_000, using: &chapter.random)).highQualityFraction)
        let trainer = AdversarialTrainer(label: "ring GAN, run \(run + 1)", model: gan, generatorLearningRate: 5e-4, discriminatorLearningRate: 5e-4)
        var history = RingRun()
        try chapter.train(trainer.label, steps: steps) { step in
            try trainer.step(step, realBatch: ring.sample(256, using: &chapter.random), using: &chapter.random)
            guard (step + 1) % every == 0 else { return }
            let samples = gan.sample(2_000, using: &chapter.random), measured = coverage(samples)
            let recent = trainer.history.suffix(every)
            history.covered.append(measured.covered); history.nearFraction.append(measured.highQualityFraction)
            history.discriminatorLoss.append(recent.map { Double($0.discriminatorLoss) }.mean)
            history.generatorLoss.append(recent.map { Double($0.generatorLoss) }.mean)
            if run == 0 && [1, 4, 8, steps / every].contains((step + 1) / every) { history.snapshots.append(samples) }
        }
        runs.append(history); models.append(gan)
    }
    return (runs, models, untrainedNear)
}

/// FDD of `images` corrupted at each noise level and each blur level, against as many random `references`,
/// per repeat (`[repeat][level]`). Each repeat reuses one reference draw and one noise draw at every level, so
/// the steps between levels are paired.
func corruptionLadders(noise: [Double], blur: [Double], repeats: Int, images: Tensor, references: Tensor,
                       classifier: DigitClassifier) throws -> (noise: [[Double]], blur: [[Double]]) {
    var noiseLadder: [[Double]] = [], blurLadder: [[Double]] = []
    for _ in 0..<repeats {
        let reference = classifier.features(references.randomRows(images.rowCount, using: &chapter.random))
        let noiseStream = chapter.random
        noiseLadder.append(try noise.map { level in
            var stream = noiseStream   // the same draw at every level
            return try FrechetDistance.between(classifier.features(DigitCorruptions.addingNoise(to: images, standardDeviation: level, using: &stream)), reference)
        })
        blurLadder.append(try blur.map { try FrechetDistance.between(classifier.features(DigitCorruptions.blurred(images, strength: $0)), reference) })
    }
    return (noiseLadder, blurLadder)
}

/// Each step up a ladder, from level i − 1 to i, in standard errors of that step over the repeats.
func stepsInStandardErrors(_ ladder: [[Double]]) -> [Double] {
    (1..<ladder[0].count).map { level in
        let steps = SampleSummary(ladder.map { $0[level] - $0[level - 1] })
        return steps.mean / steps.standardError
    }
}

/// The digit metric table's rows, all measured the same way against the held-out digits: the data floor, each
/// generator, a Gaussian fitted to the training pixels (clamped to [0, 1]), training digits 0–4 only, and
/// training digits with pixel noise σ = 0.2.
func digitQualityRows(sampleCount: Int, repeats: Int, train: Digits, heldOut: Digits, classifier: DigitClassifier,
                      generators: [(String, GenerativeAdversarialNetwork)]) throws -> [(name: String, quality: DigitSampleQuality)] {
    func measure(_ sample: (inout RandomGenerator) -> Tensor) throws -> DigitSampleQuality {
        try DigitSampleQuality(sampleCount: sampleCount, repeats: repeats, reference: heldOut.images, classifier: classifier,
                               using: &chapter.random, sample: sample)
    }
    let pixelGaussian = Gaussian(mean: train.images.mean(alongAxis: 0).doubles,
                                 covariance: GaussianMoments(fitting: train.images).covariance + 1e-4 * Matrix.identity(64))
    let lowDigits = train.filter { $0 < 5 }
    var rows: [(name: String, quality: DigitSampleQuality)] = [
        ("real training digits (the floor)", try DigitSampleQuality.dataFloor(real: train.images, reference: heldOut.images, sampleCount: sampleCount,
                                                                          repeats: repeats, classifier: classifier, using: &chapter.random)),
    ]
    for (name, gan) in generators { rows.append((name, try measure { gan.sample(sampleCount, using: &$0) })) }
    rows.append(("a Gaussian fitted to the pixels", try measure { pixelGaussian.sample(sampleCount, using: &$0).clamped(0, 1) }))
    rows.append(("training digits 0–4 only", try measure { lowDigits.images.randomRows(sampleCount, using: &$0) }))
    rows.append(("training digits, noise σ = 0.2", try measure {
        DigitCorruptions.addingNoise(to: train.images.randomRows(sampleCount, using: &$0), standardDeviation: 0.2, using: &$0)
    }))
    return rows
}

/// Improved precision and recall of three constructed samplers against N(0, I₈): the law itself, its core
/// (the points inside the median radius of twice as many draws) and the law widened by 1.75; `repeats`
/// draws of `size` real and generated points each.
func constructedPrecisionRecall(size: Int, repeats: Int) -> (names: [String], scores: [[ManifoldPrecisionRecall]]) {
    let standard8 = Gaussian.standard(dimension: 8)
    let cases: [(name: String, draw: (inout RandomGenerator) -> Tensor)] = [
        ("the same law", { standard8.sample(size, using: &$0) }),
        ("its core (truncated)", { generator in
            let draws = standard8.sample(2 * size, using: &generator), norms = draws.rowNorms().doubles
            let median = norms.sorted()[size]
            return draws.gatherRows(norms.indices.filter { norms[$0] < median })
        }),
        ("widened ×1.75", { standard8.sample(size, using: &$0) * 1.75 }),
    ]
    return (cases.map(\.name), cases.map { testCase in
        (0..<repeats).map { _ in ManifoldPrecisionRecall(real: standard8.sample(size, using: &chapter.random), generated: testCase.draw(&chapter.random)) }
    })
}

/// Section 4's two closed-form examples of the Fréchet distance, computed by the library and by formula: 1-D
/// N(0.3, 0.7²) against N(−1.1, 1.5²), and 2-D Gaussians with non-commuting covariances against the
/// trace–determinant identity; plus what the commuting shortcut tr(Σ₁^{1/2}Σ₂^{1/2}) would give for the latter.
func frechetClosedFormExamples() throws -> (oneDimensional: Double, oneDimensionalClosedForm: Double, twoDimensional: Double,
                                            twoDimensionalClosedForm: Double, withCommutingShortcut: Double) {
    let oneDimensional = try FrechetDistance.between(moments([0.3], [0.49]), moments([-1.1], [2.25]))
    let oneDimensionalClosedForm = (0.3 + 1.1) * (0.3 + 1.1) + (0.7 - 1.5) * (0.7 - 1.5)
    let (a, b) = ([2.0, 0.9, 0.9, 0.7], [0.5, -0.4, -0.4, 1.6])   // row-major; they do not commute
    let twoDimensional = try FrechetDistance.between(moments([1, 0], a), moments([0, 2], b))
    let traceOfProduct = a[0] * b[0] + 2 * a[1] * b[1] + a[3] * b[3], determinants = (a[0] * a[3] - a[1] * a[1]) * (b[0] * b[3] - b[1] * b[1])
    let traces = 1 + 4 + a[0] + a[3] + b[0] + b[3]   // ‖μ₁ − μ₂‖² = 5, then tr Σ₁ + tr Σ₂
    let shortcut = try (Matrix(rows: 2, columns: 2, elements: a).symmetricSquareRoot() * Matrix(rows: 2, columns: 2, elements: b).symmetricSquareRoot()).trace
    return (oneDimensional, oneDimensionalClosedForm, twoDimensional, traces - 2 * (traceOfProduct + 2 * determinants.squareRoot()).squareRoot(),
            traces - 2 * shortcut)
}
