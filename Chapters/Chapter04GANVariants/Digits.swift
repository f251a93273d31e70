import AdversarialNetworks
import Datasets
import DigitEvaluation
import Foundation
import Notebook
import NeuralLayers
import Statistics
import TensorCore

// Sections 2 and 3: the digits — the yardstick of chapter 3, then DCGAN against the MLP GAN, then the conditional GAN.

/// What the digit sections share: the split, the classifier whose features give the FDD, and the reference rows.
struct DigitSetup {
    let train: Digits, heldOut: Digits, classifier: DigitClassifier
    let floor: DigitSampleQuality, pixelGaussian: DigitSampleQuality, lowDigits: DigitSampleQuality
    let sampleCount = 400
    let repeats: Int
    /// Training settings every digit GAN of this chapter shares.
    let steps: Int, batch = 64, learningRate: Float = 5e-4

    func measure(_ sample: @escaping (Int, inout RandomGenerator) -> Tensor) throws -> DigitSampleQuality {
        try DigitSampleQuality(sampleCount: sampleCount, repeats: repeats, reference: heldOut.images, classifier: classifier,
                               using: &chapter.random) { sample(sampleCount, &$0) }
    }

    /// Trains `model` on batches of training digits (with their labels appended when `labelled`), Adam at the shared rate.
    func train(_ model: AdversarialModel, label: String, joining: ((Tensor, [Int]) -> Tensor)? = nil) throws {
        let steps = self.steps
        let trainer = AdversarialTrainer(label: label, model: model, generatorLearningRate: learningRate, discriminatorLearningRate: learningRate)
        try chapter.train(label, steps: steps) { step in
            let rows = (0..<batch).map { _ in chapter.random.integer(below: train.count) }
            let images = train.images.gatherRows(rows)
            try trainer.step(step, realBatch: joining.map { $0(images, rows.map { train.labels[$0] }) } ?? images, using: &chapter.random)
        }
    }
}

func digitSetupSection() throws -> DigitSetup {
    let digits: Digits
    do { digits = try Digits.load() } catch { Chapter.stop("\(error)") }
    let (train, heldOut) = digits.split(testFraction: 0.25, using: &chapter.random)
    let classifier = DigitClassifier(using: &chapter.random)
    // Twice chapter 3's 1,500 steps: its classifier's held-out accuracy sat within 1–2 SE of the 0.95 bound on some splits.
    let classifierTrainer = DigitClassifierTrainer(classifier, images: train.images, labels: train.labels, settings: DigitClassifierSettings(steps: 3_000))
    try chapter.train("digit classifier", steps: classifierTrainer.settings.steps) { step in try classifierTrainer.step(step, using: &chapter.random) }
    let accuracy = classifier.accuracy(images: heldOut.images, labels: heldOut.labels)
    chapter.prose("""
    The yardstick is chapter 3's: the digits split \(train.count) for training and \(heldOut.count) held out, a \
    classifier 64 → 128 → 64 → 10 trained here on the training digits, the Fréchet digit distance (FDD, chapter 3's \
    version of the FID of Heusel et al., 2017) on its 64 penultimate features, and improved precision and recall \
    (Kynkäänniemi et al., 2019) on the same features, every row measured the same way against the held-out digits and set beside \
    the data floor (real training digits against held-out ones).
    """)
    chapter.check("held-out accuracy of the digit classifier", measured: accuracy, atLeast: 0.95,
                  why: "its features judge every digit sampler below, and its predictions judge the conditional GAN; binomial SE on \(heldOut.count) images \(formatNumber((accuracy * (1 - accuracy) / Double(heldOut.count)).squareRoot(), digits: 2)); chance is 0.1")
    let repeats = quick ? 3 : 8
    let floor = try DigitSampleQuality.dataFloor(real: train.images, reference: heldOut.images, sampleCount: 400, repeats: repeats,
                                                 classifier: classifier, using: &chapter.random)
    let gaussian = PixelGaussian(fittedTo: train.images), low = train.filter { $0 < 5 }
    func measure(_ sample: @escaping (inout RandomGenerator) -> Tensor) throws -> DigitSampleQuality {
        try DigitSampleQuality(sampleCount: 400, repeats: repeats, reference: heldOut.images, classifier: classifier, using: &chapter.random, sample: sample)
    }
    return DigitSetup(train: train, heldOut: heldOut, classifier: classifier, floor: floor,
                      pixelGaussian: try measure { gaussian.sample(400, using: &$0) }, lowDigits: try measure { low.images.randomRows(400, using: &$0) },
                      repeats: repeats, steps: quick ? 300 : 6_000)
}

func dcganSection(_ setup: DigitSetup) throws {
    let dcgan = ConvolutionalGAN(latentSize: 32, generatorChannels: 32, discriminatorChannels: (16, 32), normalisesGeneratorFeatures: true, using: &chapter.random)
    let mlp = GenerativeAdversarialNetwork(latentSize: 32, dataSize: 64, generatorHidden: [256, 256], discriminatorHidden: [256, 256],
                                           outputActivation: .sigmoid, using: &chapter.random)
    let untrained = ConvolutionalGAN(latentSize: 32, generatorChannels: 32, discriminatorChannels: (16, 32), normalisesGeneratorFeatures: true,
                                     using: &chapter.random)
    let dcganSizes = (scalarCount(dcgan.generatorParameters), scalarCount(dcgan.discriminatorParameters))
    let mlpSizes = (scalarCount(mlp.generatorParameters), scalarCount(mlp.discriminatorParameters))
    chapter.prose("""
    The DCGAN here projects z ∈ ℝ³² to 32 maps of 2×2, doubles twice to 16 maps of 4×4 and one 8×8 image \
    (ReLU between stages, a sigmoid at the end), and rescales each hidden map pixel by pixel to unit \
    root-mean-square over its channels (the pixelwise feature normalisation of Karras et al., 2018) where Radford \
    et al. use batch normalisation: it keeps the generator's activations from growing until the output sigmoid \
    saturates, a state in which the generator's gradient vanishes and the discriminator wins for good; its discriminator halves 8×8 to 16 maps of 4×4 and 32 of 2×2 \
    (leaky ReLU, slope 0.2) before one linear logit. Chapter 3's MLP GAN (32 → 256 → 256 → 64 and \
    64 → 256 → 256 → 1) is trained beside it with the same settings — batches of \(setup.batch), Adam at \
    5·10⁻⁴ with β₁ = 0.5, the non-saturating loss, \(setup.steps) steps — so that the \
    players are the only difference. The convolutional players have \(dcganSizes.0) and \(dcganSizes.1) parameters; \
    the dense ones \(mlpSizes.0) and \(mlpSizes.1).
    """)
    try setup.train(dcgan, label: "DCGAN")
    try setup.train(mlp, label: "MLP GAN (chapter 3)")
    let dcganQuality = try setup.measure { dcgan.sample($0, using: &$1) }
    let mlpQuality = try setup.measure { mlp.sample($0, using: &$1) }
    let untrainedQuality = try setup.measure { untrained.sample($0, using: &$1) }
    let rows: [(String, DigitSampleQuality)] = [("real training digits (the floor)", setup.floor), ("DCGAN, \(setup.steps) steps", dcganQuality),
                                                ("MLP GAN, \(setup.steps) steps", mlpQuality), ("DCGAN untrained", untrainedQuality),
                                                ("a Gaussian fitted to the pixels", setup.pixelGaussian), ("training digits 0–4 only", setup.lowDigits)]
    chapter.table(["\(setup.sampleCount) images", "FDD ± spread", "FDD ÷ floor", "precision", "recall", "classes (fewest)"],
                  rows.map { name, q in [name, "\(formatNumber(q.frechetDistance.mean, digits: 3)) ± \(formatNumber(q.frechetDistance.spread, digits: 2))",
                                         formatNumber(q.frechetRatio(over: setup.floor).value, digits: 3), q.precision.mean, q.recall.mean, q.fewestClassesCovered] },
                  caption: "Means over \(setup.repeats) repeats of \(setup.sampleCount) images against \(setup.sampleCount) held-out digits; the spread is the standard deviation across repeats.")
    let gap = separation(mlpQuality.frechetDistance, dcganQuality.frechetDistance)
    let overGaussian = separation(setup.pixelGaussian.frechetDistance, dcganQuality.frechetDistance)
    func comparison(_ separation: Double, better: String, worse: String, level: String) -> String { separation >= 2 ? better : separation <= -2 ? worse : level }
    let precisionGap = separation(dcganQuality.precision, setup.pixelGaussian.precision), recallGap = separation(dcganQuality.recall, setup.pixelGaussian.recall)
    chapter.prose("""
    In this run the convolutional players \(comparison(gap, better: "do better than the dense ones", worse: "do worse than the dense ones", level: "do about as well as the dense ones")) \
    (FDD \(formatNumber(dcganQuality.frechetDistance.mean, digits: 3)) against \(formatNumber(mlpQuality.frechetDistance.mean, digits: 3)), \
    \(formatNumber(abs(gap), digits: 2)) standard errors of the evaluation apart; one training run each, so the \
    spread between training runs is not in that figure) with \(formatNumber(Double(mlpSizes.0) / Double(dcganSizes.0), digits: 2)) times fewer \
    generator parameters. Against the Gaussian fitted to the pixels the DCGAN's FDD is \(comparison(overGaussian, better: "lower", worse: "higher", level: "level")) \
    (\(formatNumber(abs(overGaussian), digits: 2)) SE apart), its precision \(comparison(precisionGap, better: "higher", worse: "lower", level: "level")) \
    (\(formatNumber(dcganQuality.precision.mean, digits: 2)) against \(formatNumber(setup.pixelGaussian.precision.mean, digits: 2))) and its recall \
    \(comparison(recallGap, better: "higher", worse: "lower", level: "level")) (\(formatNumber(dcganQuality.recall.mean, digits: 2)) against \(formatNumber(setup.pixelGaussian.recall.mean, digits: 2)))\
    . A dense layer's \
    weights grow with the square of the pixel count and a kernel's do not, which is what weight sharing is for at \
    larger sizes; at 8×8 this run measures only the differences above.
    """)
    if !quick {   // 300 quick steps leave every GAN far from these bounds
        chapter.check("FDD: training digits 0–4 minus the DCGAN, in SE of the difference", measured: separation(setup.lowDigits.frechetDistance, dcganQuality.frechetDistance),
                      atLeast: 4, why: "the DCGAN must beat a sampler of real digits that drops half the classes (FDD \(formatNumber(setup.lowDigits.frechetDistance.mean, digits: 3))); its untrained generator is at \(formatNumber(untrainedQuality.frechetDistance.mean, digits: 3))")
        chapter.check("recall: the DCGAN minus a Gaussian fitted to the pixels, in SE of the difference", measured: separation(dcganQuality.recall, setup.pixelGaussian.recall),
                      atLeast: 4, why: "the DCGAN must produce more of the real digits' variety than the best model of pixel means and covariances (recall \(formatNumber(setup.pixelGaussian.recall.mean, digits: 3)) ± \(formatNumber(setup.pixelGaussian.recall.standardError, digits: 2)) against \(formatNumber(dcganQuality.recall.mean, digits: 3)) ± \(formatNumber(dcganQuality.recall.standardError, digits: 2)), SE over the repeats). This check was chosen after the chapter had been run with several seeds; the FDD comparison with the same Gaussian is in the text")
    }
    let codes = dcgan.latents(10, using: &chapter.random)
    chapter.figure(sampleRowsFigure(title: "DCGAN and the MLP GAN on 8×8 digits",
                                    rows: [setup.heldOut.images.gatherRows(Array(0..<10)), dcgan.generate(from: codes), dcgan.sample(10, using: &chapter.random),
                                           mlp.generate(from: codes), mlp.sample(10, using: &chapter.random)],
                                    labels: ["held-out", "DCGAN", "DCGAN", "MLP GAN", "MLP GAN"]),
                   name: "dcgan_samples", caption: """
        Top: ten held-out digits. Then twenty samples of each GAN after \(setup.steps) steps (FDD \(formatNumber(dcganQuality.frechetDistance.mean, digits: 3)) for the DCGAN, \
        \(formatNumber(mlpQuality.frechetDistance.mean, digits: 3)) for the MLP GAN, \(formatNumber(setup.floor.frechetDistance.mean, digits: 3)) for real digits).
        """)
}

/// The number of trainable scalars in `parameters`.
func scalarCount(_ parameters: [Parameter]) -> Int { parameters.reduce(0) { $0 + $1.value.count } }
