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
    /// Whether early stopping kept the weights of the last step, and the step it kept.
    let keptLastStep: Bool, keptStep: Int
    let vae: VariationalAutoencoder
    let quality: DigitQualityComparison
}

/// Chapter 2's VAE on the digits, with chapter 2's recipe: k = 32, two hidden layers of 256 SiLU units, Adam at 10⁻³
/// decaying by cosine to 5%, minibatches of 128.
func trainChapter2VAE(steps: Int) throws -> VariationalAutoencoder {
    var random = RandomGenerator(seed: chapter.seed, stream: "chapter 2's VAE")
    let vae = VariationalAutoencoder(dataSize: Digits.pixelCount, latentSize: 32, hiddenSizes: [256, 256], using: &random)
    let trainer = VariationalAutoencoderTrainer(label: "chapter 2's VAE", model: vae, steps: steps, learningRate: 1e-3, schedule: .cosine(floor: 0.05))
    try chapter.train("chapter 2's VAE (latent dimension 32)", steps: steps) { step in
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
    then draw a grid from it and decode it. The prior here is chapter 6's MADE (Germain et al., 2015) with categorical outputs: the grid read \
    row by row, each position's \(k) logits computed from the positions before it, trained by exact maximum likelihood. \
    The codes come from the section-3 model with moving averages and restarts (run 1), whose codebook is alive. \
    \(train.count) grids are few for a network with \(k * positions) inputs, so, as in chapter 6, \(validationCount) of them are held back \
    and the weights with the best likelihood on those are kept (measured every \(every) steps of at most \(steps)):
    """)
    codeGridFigure(model: model)
    chapter.listing("early-stopping", fromLibraryFile: "Sources/Training/EarlyStopping.swift")
    var random = RandomGenerator(seed: chapter.seed, stream: "MADE prior")
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
                        lastStepExcessBits: lastBits.mean - madeBits.mean, keptLastStep: stopping.best.step == steps, keptStep: stopping.best.step,
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
    // Masked inputs add exact zeros, so both routes read the same Float logits. Teacher forcing takes the log-softmax in
    // double precision; the other route the log of a Float softmax, whose relative error is at most (K + 4)·u₃₂ (K
    // terms summed, one exponential of about 2 ulp, one division), which is the error of its log.
    let allowance = Double(positions * (k + 4)) * float32Roundoff
    chapter.check("largest |log p(c)| difference between one teacher-forced pass and \(positions) passes, each with its position and every later one replaced by a random code, over the held-out grids (nats)",
                  measured: zip(teacherForced, sequential).map { abs($0 - $1) }.max()!, atMost: allowance,
                  why: "if the masks hide a position and every later one from its conditional, the two routes read the same logits (masked inputs add exact zeros) and differ only by the Float softmax of the second route, whose log errs by at most (K + 4)·u₃₂ per position: \(positions)·\(k + 4)·u₃₂ per grid. The same network with a non-strict output mask, whose logits see their own position, differs by \(formatNumber(wrongGap, digits: 3)) nats")

    // The sampler against the conditionals: the first two positions of ancestral draws.
    let draws = quick ? 4_000 : 20_000
    let sampled = made.sample(draws, using: &random)
    let (first, second) = (order[0], order[1])
    let marginal = made.conditionalProbabilities(Tensor.zeros([1, positions]))
    var observed = [Double](repeating: 0, count: k)
    for row in 0..<draws { observed[Int(sampled.scalars[row * positions + first])] += 1 }
    let firstExpected = (0..<k).map { Double(marginal.scalars[$0 * positions + first]) * Double(draws) }
    let firstTest = PearsonChiSquare(observed: observed, expected: firstExpected)
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
    // Power: two wrong samplers through the same statistics — the first position drawn at temperature 1.2, and the second
    // drawn from its marginal Σₐ p(a)p(b | a), ignoring the first.
    let hotWeights = (0..<k).map { pow(Double(marginal.scalars[$0 * positions + first]), 1 / 1.2) }
    var hotObserved = [Double](repeating: 0, count: k)
    for _ in 0..<draws { hotObserved[random.categorical(hotWeights)] += 1 }
    let secondMarginal = (0..<k).map { b in (0..<k).reduce(0.0) { $0 + Double(marginal.scalars[$1 * positions + first]) * Double(conditional.scalars[($1 * k + b) * positions + second]) } }
    var blindObserved = [Double](repeating: 0, count: k * k)
    for row in 0..<draws { blindObserved[Int(sampled.scalars[row * positions + first]) * k + random.categorical(secondMarginal)] += 1 }
    let wrongRatios = [PearsonChiSquare(observed: hotObserved, expected: firstExpected), PearsonChiSquare(observed: blindObserved, expected: pairExpected)]
        .map { $0.statistic / $0.criticalValue }
    for (index, (name, test)) in [("the first position", firstTest), ("the first two positions jointly", pairTest)].enumerated() {
        chapter.check("Pearson χ² (Pearson, 1900) of \(name) in \(draws) ancestral draws against the law the logits give, in units of its critical value",
                      measured: test.statistic / test.criticalValue, atMost: 1,
                      why: "\(test.degreesOfFreedom) degrees of freedom after pooling cells expected below 5; the critical value is the Wilson–Hilferty χ² quantile (Wilson & Hilferty, 1931) at z = 3.72 (false alarm 10⁻⁴). Sampling and the likelihood are separate code paths. \(index == 0 ? "The first position drawn at temperature 1.2 scores" : "The second position drawn from its marginal, blind to the first, scores") \(formatNumber(wrongRatios[index], digits: 3)) critical values")
    }
}

func sampleQuality(model: VQVAE, made: MADE, lastStep: MADE, independent: IndependentCategorical, trainGrids: Tensor) throws -> (VariationalAutoencoder, DigitQualityComparison) {
    chapter.prose("""
    Now the samples, measured as every chapter from 3 on measures them: a small classifier trained on the training \
    digits gives features, and each sampler's Fréchet digit distance (FDD, the Fréchet distance of Heusel et al., 2017, on \
    those features) to held-out digits is reported in units of the floor, real training digits against the same held-out \
    ones. Beside the two-stage model: the same decoder fed grids whose positions are drawn independently (what the prior \
    adds), the decoder fed the grids of real training digits (what a prior that reproduced the training grids would reach), \
    and chapter 2's VAE, trained here with chapter 2's recipe. Every image is a decoded mean E[x | c] (for the VAE, E[x | z]).
    """)
    let vae = try trainChapter2VAE(steps: quick ? 400 : 5_000)
    let classifier = DigitClassifier(using: &chapter.random)
    let classifierTrainer = DigitClassifierTrainer(classifier, images: train.images, labels: train.labels)
    try chapter.train("digit classifier", steps: classifierTrainer.settings.steps) { step in try classifierTrainer.step(step, using: &chapter.random) }
    let accuracy = classifier.accuracy(images: test.images, labels: test.labels)
    chapter.check("held-out accuracy of the digit classifier", measured: accuracy, atLeast: 0.95,
                  why: "a gate on the yardstick rather than a claim of this chapter, the threshold every digit chapter uses: features that judge digits must come from a classifier that tells them apart (binomial SE on \(test.count) images: \(formatNumber((accuracy * (1 - accuracy) / Double(test.count)).squareRoot(), digits: 2))); chance is 0.1")
    let count = 400, repeats = quick ? 4 : 10
    return (vae, try DigitQualityComparison(sampleCount: count, repeats: repeats, real: train.images, heldOut: test.images, classifier: classifier, samplers: [
        ("VQ-VAE + MADE prior", { n, random in model.decode(codeGrids: made.sample(n, using: &random)) }),
        ("VQ-VAE + MADE at its last step", { n, random in model.decode(codeGrids: lastStep.sample(n, using: &random)) }),
        ("VQ-VAE + independent positions", { n, random in model.decode(codeGrids: independent.sample(n, using: &random)) }),
        ("VQ-VAE decoding real training grids", { n, random in model.decode(codeGrids: trainGrids.randomRows(n, using: &random)) }),
        ("chapter 2's VAE: decode(z), z ~ N(0, I)", { n, random in vae.sample(n, using: &random) }),
    ], using: &chapter.random))
}

/// For each row of `grids`, the Hamming distance (positions that differ) to the nearest of `reference`'s rows.
func nearestHammingDistances(_ grids: Tensor, to reference: Tensor) -> [Int] {
    let p = grids.columnCount, a = grids.scalars.map { Int($0) }, b = reference.scalars.map { Int($0) }
    return (0..<grids.rowCount).map { row in
        var best = p
        for other in 0..<reference.rowCount {
            var distance = 0
            for position in 0..<p where a[row * p + position] != b[other * p + position] { distance += 1 }
            if distance < best { best = distance }
        }
        return best
    }
}

func qualitySummary(_ prior: PriorResults, codeRun: VQRun) {
    let quality = prior.quality
    chapter.table(quality.tableHeaders(), quality.tableRows { formatNumber($0, digits: $1) },
                  caption: "Means over the repeats; the ratio's ± is its delta-method SE.")
    let fdd = { (row: Int) in quality.rows[row].quality.frechetDistance.values }
    let ratio = { (row: Int) in quality.rows[row].quality.frechetRatio(over: quality.floor).value }
    // Each FDD comparison: Welch's t over the repeats against the exact Student quantile at 10⁻³.
    let compare = { (worse: Int, better: Int) in WelchComparison(fdd(worse), fdd(better), family: 1) }
    let verdict = { (c: WelchComparison, better: String, worse: String) in
        c.t >= c.bound ? better : c.t <= -c.bound ? worse : "no different at this number of repeats"
    }
    // Memorisation: how close sampled grids come to a training grid, against how close held-out digits' grids come.
    var random = RandomGenerator(seed: chapter.seed, stream: "nearest training grids")
    let probe = quick ? 200 : test.count
    let distances = [prior.made.sample(probe, using: &random), prior.lastStep.sample(probe, using: &random), prior.heldOutGrids.slice(0..<probe)]
        .map { nearestHammingDistances($0, to: prior.trainGrids) }
    let near = { (values: [Int]) in 100 * Double(values.filter { $0 <= 2 }.count) / Double(values.count) }
    let meanDistance = { (values: [Int]) in Double(values.reduce(0, +)) / Double(values.count) }
    let lastStep = compare(1, 2)
    chapter.prose("""
    The two-stage samples sit at \(formatNumber(ratio(1), digits: 3)) times the floor's FDD, against \(formatNumber(ratio(3), digits: 3)) when \
    the positions are drawn independently, \(formatNumber(ratio(4), digits: 3)) for the decoder fed real training grids and \
    \(formatNumber(ratio(5), digits: 3)) for chapter 2's VAE. \(prior.keptLastStep ? "Early stopping kept the last step here, so the two MADE rows are one network sampled twice." : "The same MADE at its last step, worse on held-out grids by \(formatNumber(prior.lastStepExcessBits, digits: 3)) bits, scores \(formatNumber(ratio(2), digits: 3)): \(verdict(lastStep, "the weights kept for their likelihood are not the ones that sample best", "worse samples too")) (Welch t = \(formatNumber(lastStep.t, digits: 3)) against \(formatNumber(lastStep.bound, digits: 3)), the one-sided Student quantile at 10⁻³ for ν = \(formatNumber(lastStep.degreesOfFreedom, digits: 3)); the same rule below).") \
    FDD cannot tell a prior that copies its training grids from one that generalises, so measure how close the grids come \
    to the training set: the nearest training grid differs in \(formatNumber(meanDistance(distances[0]), digits: 3)) of 16 positions on \
    average for grids from the kept weights (\(formatNumber(near(distances[0]), digits: 3))% within 2), \
    \(formatNumber(meanDistance(distances[1]), digits: 3)) for the last-step weights (\(formatNumber(near(distances[1]), digits: 3))%), and \
    \(formatNumber(meanDistance(distances[2]), digits: 3)) for the grids of held-out digits (\(formatNumber(near(distances[2]), digits: 3))%), \
    which no model produced; \(probe) grids each.
    """)
    if !quick {   // 400 quick steps leave the prior too weak for this bound; the quick run shows the table only
        let prior = compare(3, 1)
        chapter.check("FDD of decoded independent-position grids minus decoded MADE grids, Welch t over the repeats", measured: prior.t, atLeast: prior.bound,
                      why: "the exact one-sided Student quantile at 10⁻³ for Welch's ν = \(formatNumber(prior.degreesOfFreedom, digits: 3)); the decoder is the same, so only the prior differs. Difference \(formatNumber(prior.difference, digits: 3)) ± \(formatNumber(prior.standardError, digits: 2))")
    }
    let againstVAE = compare(5, 1)
    chapter.prose("""
    Against chapter 2's VAE the two-stage model's samples are \(verdict(againstVAE, "better", "worse")) (Welch t = \
    \(formatNumber(againstVAE.t, digits: 3)) against \(formatNumber(againstVAE.bound, digits: 3))).
    """)
    // Likelihoods: two baselines with no latent variable (exact), and three upper bounds. With q(c | x) putting all its
    // mass on the encoder's grid, ELBO = log p(x | c(x)) + log p(c(x)), in nats.
    let twoStage = zip(codeRun.reconstruction, prior.heldOutBits).map { $0 + $1 * log(2) }
    let uniformPrior = codeRun.reconstruction.map { $0 + Double(VQVAE.positions) * log(Double(codeRun.model.codeCount)) }
    var elboRandom = RandomGenerator(seed: chapter.seed, stream: "VAE bound")
    let vaeBound = prior.vae.evaluateELBO(test.images, samplesPerExample: 16, using: &elboRandom).elbo.map { -$0 }
    let histogram = independentLevelsLogLikelihood(test.images, trainingImages: train.images).map { -$0 }
    let binomial = DecoderLikelihood.digits.independentPixelLogLikelihood(test.images, trainingImages: train.images).map { -$0 }
    let uniformLevels = 64 * log(17.0)
    let row = { (name: String, values: [Double]) -> [any TableCell] in
        [name, "\(formatNumber(values.mean, digits: 4)) ± \(formatNumber(values.standardErrorOfMean, digits: 2))", values.mean / log(2) / 64]
    }
    chapter.table(["−log p(x) or an upper bound on it, held-out digits", "nats per image ± SE", "bits per pixel"],
                  [["uniform over the 17 grey levels (exact)", formatNumber(uniformLevels, digits: 4), uniformLevels / log(2) / 64],
                   row("independent binomial pixels, chapter 2's baseline (exact)", binomial),
                   row("independent 17-level histogram per pixel, add-one smoothed (exact)", histogram),
                   row("VQ-VAE, uniform prior: −log p(x | c) + 16 log K (bound)", uniformPrior), row("VQ-VAE, MADE prior: −log p(x | c) − log p(c) (bound)", twoStage),
                   row("chapter 2's VAE: −ELBO, 16 draws per image (bound)", vaeBound)],
                  caption: "The first three rows are exact likelihoods of models with no latent variable; the last three are upper bounds on −log p(x), whose gaps are not measured here. With q(c | x) a point mass on the encoder's grid, the ELBO is log p(x | c(x)) + log p(c(x)): the grid's cost is its length under the prior.")
    let gap = zip(twoStage, histogram).map { $0 - $1 }, call = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(test.count - 1))
    let z = gap.mean / gap.standardErrorOfMean
    chapter.prose("""
    As a likelihood the two-stage model is \(z <= -call ? "better than" : z >= call ? "worse than" : "no different from") a histogram of each pixel's \
    grey levels (paired difference \(formatNumber(gap.mean, digits: 3)) ± \(formatNumber(gap.standardErrorOfMean, digits: 2)) nats, \
    t = \(formatNumber(z, digits: 3))), and \(vaeBound.mean < twoStage.mean ? "chapter 2's VAE bounds −log p(x) \(formatNumber(twoStage.mean - vaeBound.mean, digits: 3)) nats lower" : "it bounds −log p(x) \(formatNumber(vaeBound.mean - twoStage.mean, digits: 3)) nats lower than chapter 2's VAE"). \
    Two things hold the bound back. The point-mass q pays the grid's whole length, \(formatNumber(prior.heldOutBits.mean, digits: 3)) \
    bits, with no credit for other grids that might explain x about as well (a posterior spread over several grids could pay \
    less, as a VAE's Gaussian q does). And the binomial decoder, shared with chapter 2, cannot put a pixel's mass on 0 and on \
    16 at once, which the histogram can: it beats the binomial baseline by \(formatNumber(binomial.mean - histogram.mean, digits: 3)) nats.
    """)
}
