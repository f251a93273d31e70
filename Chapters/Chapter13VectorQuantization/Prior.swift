import AutoregressiveModels
import Datasets
import DigitEvaluation
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore
import Training
import VariationalAutoencoders
import VectorQuantization

// Section 4: a prior over code grids (chapter 6's MADE over 16 positions with K categories each), its exact likelihood
// in bits against two baselines, and samples decoded and measured against the data floor and chapter 2's VAE.

struct PriorResults {
    let made: MADE, independent: IndependentCategorical, trainGrids: Tensor, heldOutGrids: Tensor
    let quality: DigitQualityComparison
}

/// Chapter 2's VAE on the digits, with chapter 2's recipe: k = 32, two hidden layers of 256 SiLU units, Adam at 10⁻³
/// decaying by cosine to 5%, minibatches of 128.
func trainChapter2VAE(steps: Int) throws -> VariationalAutoencoder {
    var random = RandomGenerator(seed: chapter.seed, stream: "chapter 2's VAE")
    let vae = VariationalAutoencoder(dataSize: Digits.pixelCount, latentSize: 32, hiddenSizes: [256, 256], using: &random)
    let trainer = VariationalAutoencoderTrainer(label: "chapter 2's VAE", model: vae, steps: steps, learningRate: 1e-3, schedule: .cosine(floor: 0.05))
    try chapter.train("chapter 2's VAE (k = 32)", steps: steps) { step in
        try trainer.step(step, batch: train.images.randomRows(128, using: &random), using: &random)
    }
    return vae
}

func priorSection(model: VQVAE) throws -> PriorResults {
    let k = model.codeCount, positions = VQVAE.positions
    let trainGrids = model.codeGrids(train.images), heldOutGrids = model.codeGrids(test.images)
    let hidden = 256, steps = quick ? 400 : 2_000
    chapter.prose("""
    With the encoder fixed, every training digit becomes a grid of \(positions) code indices, and a generative model of \
    the digits can be built in two stages (van den Oord et al., 2017): fit a *prior* p(c) over grids c ∈ {0, …, \(k - 1)}^\(positions), \
    then draw a grid from it and decode it. The prior here is chapter 6's MADE with categorical outputs: the grid read \
    row by row, each position's \(k) logits computed from the positions before it, trained by exact maximum likelihood. \
    The codes come from the section-3 model with moving averages and restarts (run 1), whose codebook is alive.
    """)
    var random = chapter.random
    let made = MADE(dimension: positions, categories: k, hiddenSizes: [hidden], using: &random)
    let trainer = MADETrainer(label: "MADE prior", model: made, steps: steps, learningRate: 1e-3, schedule: .cosine(floor: 0.05))
    try chapter.train("MADE prior over code grids", steps: steps) { step in
        try trainer.step(step, batch: trainGrids.randomRows(128, using: &random))
    }
    let independent = IndependentCategorical(fitting: trainGrids, categories: k)
    let bits = { (nats: [Double]) in nats.map { -$0 / log(2) } }
    let madeBits = bits(made.logLikelihood(heldOutGrids)), independentBits = bits(independent.logLikelihood(heldOutGrids))
    let madeTrainBits = bits(made.logLikelihood(trainGrids))
    let uniformBits = Double(positions) * log2(Double(k))
    chapter.table(["prior over the held-out grids", "bits per grid ± SE", "bits per position"],
                  [["uniform over \(k) codes at each position", formatNumber(uniformBits, digits: 4), log2(Double(k))],
                   ["independent positions (add-one smoothed code frequencies)", "\(formatNumber(independentBits.mean, digits: 4)) ± \(formatNumber(independentBits.standardErrorOfMean, digits: 2))", independentBits.mean / Double(positions)],
                   ["MADE, \(hidden) hidden units, \(steps) steps", "\(formatNumber(madeBits.mean, digits: 4)) ± \(formatNumber(madeBits.standardErrorOfMean, digits: 2))", madeBits.mean / Double(positions)],
                   ["MADE on its own training grids", formatNumber(madeTrainBits.mean, digits: 4), madeTrainBits.mean / Double(positions)]],
                  caption: "Exact negative log-likelihoods −log₂ p(c) of the grids that the encoder gives the \(test.count) held-out digits.")
    let gap = zip(independentBits, madeBits).map { $0 - $1 }
    let bound = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(test.count - 1))
    chapter.check("held-out bits per grid, independent positions minus MADE, paired over the \(test.count) grids, in SE of the mean difference",
                  measured: gap.mean / gap.standardErrorOfMean, atLeast: bound,
                  why: "the one-sided t quantile at 10⁻³ with \(test.count - 1) degrees of freedom: the MADE must have learnt how the positions of one digit depend on each other, which the independent model by construction cannot")

    // The sampler against the likelihood: the first position's draws against its exact marginal.
    let draws = quick ? 4_000 : 20_000
    let sampled = made.sample(draws, using: &random)
    let first = made.dimensionsInOrder[0]
    let marginal = made.conditionalProbabilities(Tensor.zeros([1, positions])).reshaped([k, positions])
    let expected = (0..<k).map { Double(marginal.scalars[$0 * positions + first]) * Double(draws) }
    var observed = [Double](repeating: 0, count: k)
    for row in 0..<draws { observed[Int(sampled.scalars[row * positions + first])] += 1 }
    let chiSquare = PearsonChiSquare(observed: observed, expected: expected)
    chapter.check("Pearson χ² of the first position in \(draws) ancestral draws against its exact marginal from the logits, in units of its critical value",
                  measured: chiSquare.statistic / chiSquare.criticalValue, atMost: 1,
                  why: "\(chiSquare.degreesOfFreedom) degrees of freedom after pooling cells expected below 5; the critical value is the Wilson–Hilferty χ² quantile at z = 3.72 (false alarm 10⁻⁴). Sampling and the likelihood are separate code paths")
    return PriorResults(made: made, independent: independent, trainGrids: trainGrids, heldOutGrids: heldOutGrids,
                        quality: try sampleQuality(model: model, made: made, independent: independent, trainGrids: trainGrids))
}

func sampleQuality(model: VQVAE, made: MADE, independent: IndependentCategorical, trainGrids: Tensor) throws -> DigitQualityComparison {
    chapter.prose("""
    Now the samples, measured as every chapter from 3 on measures them: a small classifier trained on the training \
    digits gives features, and each sampler's Fréchet digit distance (FDD) to held-out digits is reported in units of the \
    floor, real training digits against the same held-out ones. Beside the two-stage model: the same decoder fed grids \
    whose positions are drawn independently (what the prior adds), the decoder fed the grids of real training digits (the \
    best any prior could do with this decoder), and chapter 2's VAE, trained here with chapter 2's recipe.
    """)
    let vae = try trainChapter2VAE(steps: quick ? 400 : 5_000)
    let classifier = DigitClassifier(using: &chapter.random)
    let classifierTrainer = DigitClassifierTrainer(classifier, images: train.images, labels: train.labels)
    try chapter.train("digit classifier", steps: classifierTrainer.settings.steps) { step in try classifierTrainer.step(step, using: &chapter.random) }
    let accuracy = classifier.accuracy(images: test.images, labels: test.labels)
    chapter.check("held-out accuracy of the digit classifier", measured: accuracy, atLeast: 0.95,
                  why: "features that judge digits must come from a classifier that tells them apart (binomial SE on \(test.count) images: \(formatNumber((accuracy * (1 - accuracy) / Double(test.count)).squareRoot(), digits: 2))); chance is 0.1")
    let count = 400, repeats = quick ? 4 : 10
    return try DigitQualityComparison(sampleCount: count, repeats: repeats, real: train.images, heldOut: test.images, classifier: classifier, samplers: [
        ("VQ-VAE + MADE prior", { n, random in model.decode(codeGrids: made.sample(n, using: &random)) }),
        ("VQ-VAE + independent positions", { n, random in model.decode(codeGrids: independent.sample(n, using: &random)) }),
        ("VQ-VAE decoding real training grids", { n, random in model.decode(codeGrids: trainGrids.randomRows(n, using: &random)) }),
        ("chapter 2's VAE: decode(z), z ~ N(0, I)", { n, random in vae.sample(n, using: &random) }),
    ], using: &chapter.random)
}

func qualitySummary(_ prior: PriorResults) {
    let quality = prior.quality
    chapter.table(quality.tableHeaders(), quality.tableRows { formatNumber($0, digits: $1) },
                  caption: "Means over the repeats; the ratio's ± is its delta-method SE.")
    let fdd = { (row: Int) in quality.rows[row].quality.frechetDistance }
    let separation = { (a: RepeatedMeasurement, b: RepeatedMeasurement) in (a.mean - b.mean) / (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot() }
    let priorGain = separation(fdd(2), fdd(1))
    let bound = standardNormalQuantile(upperTail: 1e-3)
    chapter.check("FDD of decoded independent-position grids minus decoded MADE grids, in SE of the difference", measured: priorGain, atLeast: bound,
                  why: "the normal quantile at 10⁻³ for a difference of two means over the repeats; the decoder is the same, so only the prior differs")
}
