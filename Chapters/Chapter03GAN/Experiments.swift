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

/// FDD ladders over corruption levels, per repeat (`[repeat][level]`). Each repeat splits `images` at random into
/// two halves: the first half is corrupted at each noise level and each blur level and compared with the second, clean
/// half — a reference from the same law, unseen by the classifier like the corrupted images. One noise draw serves every
/// level of a repeat, so the steps between levels are paired. `shiftedFirstStep` holds, per repeat, the first noise step
/// measured the other way: all of `images` against as many of the classifier's own training digits `shifted`;
/// `sameLawKernel` the unbiased MMD² between the two clean halves (median-heuristic bandwidth on all of `images`), and
/// `kernelDiagonalBias` what the i = j kernel terms, k = 1, would add to it: (1 − k̄₁)/n + (1 − k̄₂)/n.
func corruptionLadders(noise: [Double], blur: [Double], repeats: Int, images: Tensor, shifted: Tensor, classifier: DigitClassifier) throws
    -> (noise: [[Double]], blur: [[Double]], shiftedFirstStep: [Double], sameLawKernel: [Double], kernelDiagonalBias: [Double]) {
    var noiseLadder: [[Double]] = [], blurLadder: [[Double]] = [], shiftedSteps: [Double] = [], sameLawKernel: [Double] = [], diagonalBias: [Double] = []
    let half = images.rowCount / 2, bandwidth = MaximumMeanDiscrepancy.medianHeuristic(classifier.features(images))
    for _ in 0..<repeats {
        let order = (0..<images.rowCount).shuffled(using: &chapter.random)
        let corrupted = images.gatherRows(Array(order[0..<half])), reference = classifier.features(images.gatherRows(Array(order[half..<(2 * half)])))
        let cleanFeatures = classifier.features(corrupted)
        sameLawKernel.append(MaximumMeanDiscrepancy.squared(cleanFeatures, reference, bandwidth: bandwidth))
        diagonalBias.append((1 - meanKernelBetweenDistinctRows(cleanFeatures, bandwidth: bandwidth)) / Double(half)
                            + (1 - meanKernelBetweenDistinctRows(reference, bandwidth: bandwidth)) / Double(half))
        let noiseSeed = chapter.random.next()
        noiseLadder.append(try noise.map { level in
            var stream = RandomGenerator(seed: noiseSeed)   // the same draw at every level
            return try FrechetDistance.between(classifier.features(DigitCorruptions.addingNoise(to: corrupted, standardDeviation: level, using: &stream)), reference)
        })
        blurLadder.append(try blur.map { try FrechetDistance.between(classifier.features(DigitCorruptions.blurred(corrupted, strength: $0)), reference) })
        let trainingReference = classifier.features(shifted.randomRows(images.rowCount, using: &chapter.random))
        var stream = RandomGenerator(seed: chapter.random.next())
        shiftedSteps.append(try FrechetDistance.between(classifier.features(DigitCorruptions.addingNoise(to: images, standardDeviation: noise[1], using: &stream)), trainingReference)
                            - FrechetDistance.between(classifier.features(images), trainingReference))
    }
    return (noiseLadder, blurLadder, shiftedSteps, sameLawKernel, diagonalBias)
}

/// A ladder's three table rows: its levels, the mean FDD at each, and each step up in standard errors.
func ladderRows(_ name: String, _ levelName: String, levels: [Double], ladder: [[Double]]) -> [[String]] {
    [[name, levelName] + levels.map { formatNumber($0) },
     ["", "FDD"] + levels.indices.map { level in formatNumber(ladder.map { $0[level] }.mean, digits: 3) },
     ["", "step up, in SE"] + [""] + stepsInStandardErrors(ladder).map { formatNumber($0, digits: 3) }]
}

/// Each step up a ladder, from level i − 1 to i, in standard errors of that step over the repeats.
func stepsInStandardErrors(_ ladder: [[Double]]) -> [Double] {
    (1..<ladder[0].count).map { level in
        let steps = SampleSummary(ladder.map { $0[level] - $0[level - 1] })
        return steps.mean / steps.standardError
    }
}

/// The digit metric table, every row measured the same way against the held-out digits: the data floor, each
/// generator, a Gaussian fitted to the training pixels (clamped to [0, 1]), training digits 0–4 only, and training
/// digits with pixel noise σ = 0.2.
struct DigitTable {
    let floor: DigitSampleQuality
    let generators: [(name: String, quality: DigitSampleQuality)]
    let pixelGaussian: DigitSampleQuality, lowDigits: DigitSampleQuality, noisy: DigitSampleQuality
    var rows: [(name: String, quality: DigitSampleQuality)] {
        [("real training digits (the floor)", floor)] + generators
            + [("a Gaussian fitted to the pixels", pixelGaussian), ("training digits 0–4 only", lowDigits), ("training digits, noise σ = 0.2", noisy)]
    }
}

func digitTable(sampleCount: Int, repeats: Int, train: Digits, heldOut: Digits, classifier: DigitClassifier,
                generators: [(name: String, sample: (Int, inout RandomGenerator) -> Tensor)]) throws -> DigitTable {
    func measure(_ sample: (inout RandomGenerator) -> Tensor) throws -> DigitSampleQuality {
        try DigitSampleQuality(sampleCount: sampleCount, repeats: repeats, reference: heldOut.images, classifier: classifier,
                               using: &chapter.random, sample: sample)
    }
    let pixelGaussian = PixelGaussian(fittedTo: train.images)
    let lowDigits = train.filter { $0 < 5 }
    return DigitTable(
        floor: try DigitSampleQuality.dataFloor(real: train.images, reference: heldOut.images, sampleCount: sampleCount, repeats: repeats,
                                                classifier: classifier, using: &chapter.random),
        generators: try generators.map { ($0.name, try measure { [sample = $0.sample] generator in sample(sampleCount, &generator) }) },
        pixelGaussian: try measure { pixelGaussian.sample(sampleCount, using: &$0) },
        lowDigits: try measure { lowDigits.images.randomRows(sampleCount, using: &$0) },
        noisy: try measure { DigitCorruptions.addingNoise(to: train.images.randomRows(sampleCount, using: &$0), standardDeviation: 0.2, using: &$0) })
}

/// Trains the digit GAN on batches of 128 training digits; returns the images of `codes` after each of `snapshotSteps`.
func trainDigitGAN(_ gan: GenerativeAdversarialNetwork, steps: Int, on images: Tensor, codes: Tensor, snapshotSteps: [Int]) throws -> [Tensor] {
    let trainer = AdversarialTrainer(label: "digit GAN", model: gan, generatorLearningRate: 2e-4, discriminatorLearningRate: 2e-4)
    var snapshots: [Tensor] = []
    try chapter.train(trainer.label, steps: steps) { step in
        try trainer.step(step, realBatch: images.randomRows(128, using: &chapter.random), using: &chapter.random)
        if snapshotSteps.contains(step + 1) { snapshots.append(gan.generate(from: codes)) }
    }
    return snapshots
}

/// One row of the digit metric table.
func digitTableRow(_ name: String, _ q: DigitSampleQuality, floor: DigitSampleQuality) -> [any TableCell] {
    let ratio = q.frechetRatio(over: floor)
    return [name, "\(formatNumber(q.frechetDistance.mean, digits: 3)) ± \(formatNumber(q.frechetDistance.spread, digits: 2))",
            q.sampleCount == floor.sampleCount && q.frechetDistance.values == floor.frechetDistance.values
                ? "1 (reference)" : "\(formatNumber(ratio.value, digits: 3)) ± \(formatNumber(ratio.standardError, digits: 2))",
            "\(formatNumber(q.kernelDistance.mean * 1e3, digits: 3)) ± \(formatNumber(q.kernelDistance.standardError * 1e3, digits: 2))",
            q.precision.mean, q.recall.mean, q.fewestClassesCovered, q.effectiveClassCount.mean]
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
