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
    /// The MADE with the weights of its best validation likelihood, and the same network at its last step.
    let made: MADE, lastStep: MADE
    let independent: IndependentCategorical, trainGrids: Tensor, heldOutGrids: Tensor
    /// −log₂ p(c) of each held-out grid under the MADE.
    let heldOutBits: [Double]
    /// How many more bits per held-out grid the last-step weights need than the kept ones.
    let lastStepExcessBits: Double
    let vae: VariationalAutoencoder
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
    let validationCount = train.count / 6
    let fitGrids = trainGrids.slice(validationCount..<train.count), validationGrids = trainGrids.slice(0..<validationCount)
    let hidden = 256, steps = quick ? 400 : 2_000, every = 100
    chapter.prose("""
    With the encoder fixed, every training digit becomes a grid of \(positions) code indices, and a generative model of \
    the digits can be built in two stages (van den Oord et al., 2017): fit a *prior* p(c) over grids c ∈ {0, …, \(k - 1)}^\(positions), \
    then draw a grid from it and decode it. The prior here is chapter 6's MADE with categorical outputs: the grid read \
    row by row, each position's \(k) logits computed from the positions before it, trained by exact maximum likelihood. \
    The codes come from the section-3 model with moving averages and restarts (run 1), whose codebook is alive. \
    \(train.count) grids are few for a network with \(k * positions) inputs, so, as in chapter 6, \(validationCount) of them are held back \
    and the weights with the best likelihood on those are kept (measured every \(every) steps of at most \(steps)):
    """)
    codeGridFigure(model: model)
    chapter.listing("early-stopping", fromLibraryFile: "Sources/Training/EarlyStopping.swift")
    var random = chapter.random
    let made = MADE(dimension: positions, categories: k, hiddenSizes: [hidden], using: &random)
    let trainer = MADETrainer(label: "MADE prior", model: made, steps: steps, learningRate: 1e-3, schedule: .cosine(floor: 0.05))
    let stopping = EarlyStopping(parameters: made.parameters, steps: steps, every: every)
    try chapter.train("MADE prior over code grids", steps: steps) { step in
        try trainer.step(step, batch: fitGrids.randomRows(128, using: &random))
        stopping.record(step: step) { made.logLikelihood(validationGrids).mean }
    }
    var copyRandom = RandomGenerator(seed: 0)
    let lastStep = MADE(dimension: positions, categories: k, hiddenSizes: [hidden], using: &copyRandom)
    for (target, source) in zip(lastStep.parameters, made.parameters) { target.value = source.value }
    stopping.restoreBest()
    let independent = IndependentCategorical(fitting: trainGrids, categories: k)
    let bits = { (nats: [Double]) in nats.map { -$0 / log(2) } }
    let madeBits = bits(made.logLikelihood(heldOutGrids)), independentBits = bits(independent.logLikelihood(heldOutGrids))
    let madeFitBits = bits(made.logLikelihood(fitGrids)), lastBits = bits(lastStep.logLikelihood(heldOutGrids))
    let uniformBits = Double(positions) * log2(Double(k))
    chapter.table(["prior over the held-out grids", "bits per grid ± SE", "bits per position"],
                  [["uniform over \(k) codes at each position", formatNumber(uniformBits, digits: 4), log2(Double(k))],
                   ["independent positions (add-one smoothed code frequencies of all \(train.count) training grids)", "\(formatNumber(independentBits.mean, digits: 4)) ± \(formatNumber(independentBits.standardErrorOfMean, digits: 2))", independentBits.mean / Double(positions)],
                   ["MADE, \(hidden) hidden units, weights of step \(stopping.best.step)", "\(formatNumber(madeBits.mean, digits: 4)) ± \(formatNumber(madeBits.standardErrorOfMean, digits: 2))", madeBits.mean / Double(positions)],
                   ["the same MADE on the \(fitGrids.rowCount) grids it was trained on", formatNumber(madeFitBits.mean, digits: 4), madeFitBits.mean / Double(positions)],
                   ["the MADE's weights at its last step, \(steps), held-out grids", "\(formatNumber(lastBits.mean, digits: 4)) ± \(formatNumber(lastBits.standardErrorOfMean, digits: 2))", lastBits.mean / Double(positions)]],
                  caption: "Exact negative log-likelihoods −log₂ p(c) of the grids that the encoder gives the \(test.count) held-out digits (last row: of its own training grids). Validation bits at the last step: \(formatNumber(-stopping.curve.last!.value / log(2), digits: 4)), at the kept step \(formatNumber(-stopping.best.value / log(2), digits: 4)).")
    let gap = zip(independentBits, madeBits).map { $0 - $1 }
    let bound = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(test.count - 1))
    chapter.check("held-out bits per grid, independent positions minus MADE, paired over the \(test.count) grids, in SE of the mean difference",
                  measured: gap.mean / gap.standardErrorOfMean, atLeast: bound,
                  why: "the one-sided t quantile at 10⁻³ with \(test.count - 1) degrees of freedom: the MADE must have learnt how the positions of one digit depend on each other, which the independent model by construction cannot")
    autoregressiveChecks(made, heldOutGrids: heldOutGrids, using: &random)
    let (vae, quality) = try sampleQuality(model: model, made: made, lastStep: lastStep, independent: independent, trainGrids: trainGrids)
    return PriorResults(made: made, lastStep: lastStep, independent: independent, trainGrids: trainGrids, heldOutGrids: heldOutGrids, heldOutBits: madeBits,
                        lastStepExcessBits: lastBits.mean - madeBits.mean,
                        vae: vae, quality: quality)
}

/// The prior's likelihood by a second route (one conditional at a time, the later positions filled with random codes),
/// and its sampler against its conditionals.
func autoregressiveChecks(_ made: MADE, heldOutGrids: Tensor, using random: inout RandomGenerator) {
    let k = made.categories, positions = made.dimension, order = made.dimensionsInOrder
    func sequentialLogLikelihood(_ network: MADE) -> [Double] {
        var total = [Double](repeating: 0, count: heldOutGrids.rowCount)
        for (rank, d) in order.enumerated() {
            var scrambled = heldOutGrids
            for row in 0..<heldOutGrids.rowCount { for later in order[rank...] { scrambled.scalars[row * positions + later] = Float(random.integer(below: k)) } }
            let probabilities = network.conditionalProbabilities(scrambled)   // [n, K, D]
            for row in 0..<heldOutGrids.rowCount {
                total[row] += log(Double(probabilities.scalars[(row * k + Int(heldOutGrids.scalars[row * positions + d])) * positions + d]))
            }
        }
        return total
    }
    let teacherForced = made.logLikelihood(heldOutGrids), sequential = sequentialLogLikelihood(made)
    let wrong = made.withNonStrictOutputMask()
    let wrongGap = zip(wrong.logLikelihood(heldOutGrids), sequentialLogLikelihood(wrong)).map { abs($0 - $1) }.max()!
    let allowance = Double(positions) * 8 * float32Roundoff * teacherForced.map(abs).max()!
    chapter.check("largest |log p(c)| difference between one teacher-forced pass and \(positions) passes with every later position replaced by a random code, over the held-out grids (nats)",
                  measured: zip(teacherForced, sequential).map { abs($0 - $1) }.max()!, atMost: allowance,
                  why: "if the masks hide every later position from each conditional, the two routes read the same logits and differ only by the Float rounding of the probabilities, bounded by \(positions)·8·u₃₂·max|log p|. The same network with a non-strict output mask, whose logits see their own position, differs by \(formatNumber(wrongGap, digits: 3)) nats")

    // The sampler against the conditionals: the first two positions of ancestral draws.
    let draws = quick ? 4_000 : 20_000
    let sampled = made.sample(draws, using: &random)
    let (first, second) = (order[0], order[1])
    let marginal = made.conditionalProbabilities(Tensor.zeros([1, positions]))
    var observed = [Double](repeating: 0, count: k)
    for row in 0..<draws { observed[Int(sampled.scalars[row * positions + first])] += 1 }
    let firstTest = PearsonChiSquare(observed: observed, expected: (0..<k).map { Double(marginal.scalars[$0 * positions + first]) * Double(draws) })
    // Pairs: p(c₁ = a, c₂ = b) = p(a)·p(b | a), the conditional from one pass per value a.
    var pairObserved = [Double](repeating: 0, count: k * k), pairExpected = [Double](repeating: 0, count: k * k)
    for row in 0..<draws { pairObserved[Int(sampled.scalars[row * positions + first]) * k + Int(sampled.scalars[row * positions + second])] += 1 }
    var given = Tensor.zeros([k, positions])
    for a in 0..<k { given.scalars[a * positions + first] = Float(a) }
    let conditional = made.conditionalProbabilities(given)
    for a in 0..<k { for b in 0..<k {
        pairExpected[a * k + b] = Double(draws) * Double(marginal.scalars[a * positions + first]) * Double(conditional.scalars[(a * k + b) * positions + second])
    } }
    let pairTest = PearsonChiSquare(observed: pairObserved, expected: pairExpected)
    for (name, test) in [("the first position", firstTest), ("the first two positions jointly", pairTest)] {
        chapter.check("Pearson χ² of \(name) in \(draws) ancestral draws against the law the logits give, in units of its critical value",
                      measured: test.statistic / test.criticalValue, atMost: 1,
                      why: "\(test.degreesOfFreedom) degrees of freedom after pooling cells expected below 5; the critical value is the Wilson–Hilferty χ² quantile at z = 3.72 (false alarm 10⁻⁴). Sampling and the likelihood are separate code paths; the pair tests the conditional draw given the first")
    }
}

func sampleQuality(model: VQVAE, made: MADE, lastStep: MADE, independent: IndependentCategorical, trainGrids: Tensor) throws -> (VariationalAutoencoder, DigitQualityComparison) {
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
    return (vae, try DigitQualityComparison(sampleCount: count, repeats: repeats, real: train.images, heldOut: test.images, classifier: classifier, samplers: [
        ("VQ-VAE + MADE prior", { n, random in model.decode(codeGrids: made.sample(n, using: &random)) }),
        ("VQ-VAE + MADE at its last step", { n, random in model.decode(codeGrids: lastStep.sample(n, using: &random)) }),
        ("VQ-VAE + independent positions", { n, random in model.decode(codeGrids: independent.sample(n, using: &random)) }),
        ("VQ-VAE decoding real training grids", { n, random in model.decode(codeGrids: trainGrids.randomRows(n, using: &random)) }),
        ("chapter 2's VAE: decode(z), z ~ N(0, I)", { n, random in vae.sample(n, using: &random) }),
    ], using: &chapter.random))
}

func qualitySummary(_ prior: PriorResults, codeRun: VQRun) {
    let quality = prior.quality
    chapter.table(quality.tableHeaders(), quality.tableRows { formatNumber($0, digits: $1) },
                  caption: "Means over the repeats; the ratio's ± is its delta-method SE.")
    let fdd = { (row: Int) in quality.rows[row].quality.frechetDistance }
    let separation = { (a: RepeatedMeasurement, b: RepeatedMeasurement) in (a.mean - b.mean) / (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot() }
    let ratio = { (row: Int) in quality.rows[row].quality.frechetRatio(over: quality.floor).value }
    // Memorisation: how many sampled grids are exactly a training grid, against the same share for held-out digits' grids.
    let trainingGrids = Set((0..<prior.trainGrids.rowCount).map { row in (0..<VQVAE.positions).map { Int(prior.trainGrids.scalars[row * VQVAE.positions + $0]) } })
    let copies = { (grids: Tensor) in Double((0..<grids.rowCount).filter { row in trainingGrids.contains((0..<VQVAE.positions).map { Int(grids.scalars[row * VQVAE.positions + $0]) }) }.count) / Double(grids.rowCount) }
    var random = RandomGenerator(seed: chapter.seed, stream: "copies of training grids")
    let copySamples = quick ? 500 : 2_000
    let sampledCopies = copies(prior.made.sample(copySamples, using: &random)), lastStepCopies = copies(prior.lastStep.sample(copySamples, using: &random))
    let heldOutCopies = copies(prior.heldOutGrids)
    let lastStepGain = separation(fdd(1), fdd(2)), call = standardNormalQuantile(upperTail: 1e-3)
    let lastStepCall = lastStepGain > call ? "the weights kept for their likelihood are not the ones that sample best (\(formatNumber(lastStepGain, digits: 3)) SE)."
        : lastStepGain < -call ? "worse samples too (\(formatNumber(-lastStepGain, digits: 3)) SE)." : "no different at this number of repeats (\(formatNumber(lastStepGain, digits: 3)) SE)."
    chapter.prose("""
    The two-stage samples sit at \(formatNumber(ratio(1), digits: 3)) times the floor's FDD, against \(formatNumber(ratio(3), digits: 3)) when \
    the positions are drawn independently, \(formatNumber(ratio(4), digits: 3)) for the decoder fed real grids (what a perfect prior would \
    reach with this decoder) and \(formatNumber(ratio(5), digits: 3)) for chapter 2's VAE. The same MADE at its last step, worse on \
    held-out grids by \(formatNumber(prior.lastStepExcessBits, digits: 3)) bits, scores \(formatNumber(ratio(2), digits: 3)): \
    \(lastStepCall) FDD cannot tell a prior that copies its training grids from one that generalises, so count the copies: \
    \(formatNumber(100 * lastStepCopies, digits: 3))% of \(copySamples) grids sampled with the last-step weights are exactly the grid \
    of some training digit, against \(formatNumber(100 * sampledCopies, digits: 3))% with the kept weights and \
    \(formatNumber(100 * heldOutCopies, digits: 3))% of the held-out digits' own grids.
    """)
    if !quick {   // 400 quick steps leave the prior too weak for these bounds; the quick run shows the table only
        let bound = standardNormalQuantile(upperTail: 1e-3)
        chapter.check("FDD of decoded independent-position grids minus decoded MADE grids, in SE of the difference", measured: separation(fdd(3), fdd(1)), atLeast: bound,
                      why: "the normal quantile at 10⁻³ for a difference of two means over the repeats; the decoder is the same, so only the prior differs")
    }
    let againstVAE = separation(fdd(5), fdd(1)), callBound = standardNormalQuantile(upperTail: 1e-3)
    chapter.prose("""
    Against chapter 2's VAE the two-stage model is \(abs(againstVAE) < callBound ? "not distinguishable at this number of repeats" : againstVAE > 0 ? "better" : "worse") \
    (FDD difference \(formatNumber(againstVAE, digits: 3)) SE, against the normal quantile at 10⁻³, \(formatNumber(callBound, digits: 3))). \
    The VAE's samples are means of a decoder that must average over a continuous posterior; the VQ-VAE's are means given 16 \
    discrete choices, made by a prior that has seen how the choices go together.
    """)
    // The likelihood bound of the two-stage model: with q(c | x) putting all its mass on the encoder's grid,
    // ELBO = log p(x | c(x)) + log p(c(x)), in nats.
    let twoStage = zip(codeRun.reconstruction, prior.heldOutBits).map { $0 + $1 * log(2) }
    let uniformPrior = codeRun.reconstruction.map { $0 + Double(VQVAE.positions) * log(Double(codeRun.model.codeCount)) }
    var elboRandom = RandomGenerator(seed: chapter.seed, stream: "VAE bound")
    let vaeBound = prior.vae.evaluateELBO(test.images, samplesPerExample: 16, using: &elboRandom).elbo.map { -$0 }
    let row = { (name: String, values: [Double]) -> [any TableCell] in
        [name, "\(formatNumber(values.mean, digits: 4)) ± \(formatNumber(values.standardErrorOfMean, digits: 2))", values.mean / log(2) / 64]
    }
    chapter.table(["upper bound on −log p(x), held-out digits", "nats per image ± SE", "bits per pixel"],
                  [row("VQ-VAE, uniform prior: −log p(x | c) + 16 log K", uniformPrior), row("VQ-VAE, MADE prior: −log p(x | c) − log p(c)", twoStage),
                   row("chapter 2's VAE: −ELBO (16 draws per image)", vaeBound)],
                  caption: "With q(c | x) a point mass on the encoder's grid, the ELBO is log p(x | c(x)) + log p(c(x)): the code's cost is its length under the prior. Both are bounds; their gaps to −log p(x) are not measured here.")
}
