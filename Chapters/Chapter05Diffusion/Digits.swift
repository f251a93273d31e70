import Datasets
import DiffusionModels
import DigitEvaluation
import Foundation
import Metrics
import NeuralLayers
import Notebook
import Statistics
import TensorCore
import Training

// Section 4: a class-conditional DDPM on the digits (trained with label dropout, so it is unconditional too), its
// loss by timestep, its denoising chain, and its sample quality against the number of steps.

/// What the later sections reuse: the data, the trained network, the classifier and the yardstick's floor.
struct DigitsRun {
    let train: Digits, test: Digits, model: EpsilonNetwork, classifier: DigitClassifier, floor: DigitSampleQuality
    let steps: [Int], quality: [DigitSampleQuality]
}

/// Images in [0, 1] from a DDPM on [−1, 1].
func ddpmImages(_ model: EpsilonNetwork, steps: Int, count: Int, labels: [Int]? = nil, guidance: Double = 0, using generator: inout RandomGenerator) -> Tensor {
    uncentred(AncestralSampler.sample(model: model, schedule: model.schedule.respaced(steps: steps), count: count, labels: labels,
                                      guidance: guidance, using: &generator).samples)
}

func digitsSection() throws -> DigitsRun {
    let digits = try Digits.load()
    let (train, test) = digits.split(testFraction: 0.25, using: &chapter.random)
    let schedule = DiffusionSchedule.linear(steps: 1_000)
    chapter.prose("""
    On the digits (pixels mapped to [−1, 1]) the noise predictor is a multilayer perceptron on the pixels, a \
    sinusoidal embedding of t and a learned embedding of the class y ∈ {0, …, 9} or of an extra *null* class. \
    During training the label is replaced by the null class with probability 0.1, so the one network learns both \
    ε̂(x_t, t, y) and the unconditional ε̂(x_t, t, ∅) (Ho & Salimans, 2022) — section 5 needs both.
    """)
    let model = EpsilonNetwork(schedule: schedule, dataDimension: Digits.pixelCount, hidden: [512, 512, 512], classCount: 10, using: &chapter.random)
    let trainingSteps = quick ? 400 : 5_000
    let trainer = DiffusionTrainer(label: "DDPM on the digits", model: model, steps: trainingSteps, learningRate: 1e-3,
                                   learningRateSchedule: .cosine(floor: 0.05), averageDecay: 0.999, labelDropout: 0.1)
    let images = centred(train.images)
    try chapter.train(trainer.label, steps: trainingSteps) { step in
        let batch = images.randomRows(128, labels: train.labels, using: &chapter.random)
        _ = try trainer.step(step, batch: batch.rows, labels: batch.labels, using: &chapter.random)
    }
    trainer.finish()

    // Loss by timestep on held-out digits: where the network's work is.
    let lossSteps = [1, 5, 20, 50, 100, 200, 350, 500, 700, 850, 1_000]
    let heldOut = centred(test.images)
    let losses = perTimestepLoss(model: model, data: heldOut, labels: test.labels, timesteps: lossSteps, using: &chapter.random)
    let unconditional = perTimestepLoss(model: model, data: heldOut, labels: nil, timesteps: lossSteps, using: &chapter.random)
    chapter.figure(lossByTimestepFigure(steps: lossSteps, conditional: losses, unconditional: unconditional, schedule: schedule), name: "loss_by_timestep", caption: """
        The held-out noise-prediction loss E‖ε − ε̂‖²/64 per pixel at fixed t (± 2 SE), with and without the class (left), and \
        the log of the weight λ_t the bound puts on step t (right). The dashed line at 1 is the predictor ε̂ = 0. At large t x_t is \
        nearly all noise and ε ≈ x_t, so the loss is small; at small t the noise is a sliver of x_t that, on pixels taking \
        only 17 grey levels, could in principle be told from the ink exactly — the network does not manage it: at \
        t = \(lossSteps[0]) its loss is \(formatNumber(losses[0].mean / 64, digits: 3)) per pixel\(losses[0].mean / 64 > 1 ? ", worse than predicting zero" : ""). It matters little for sampling, \
        since the last step scales ε̂ by β₁/√(1 − ᾱ₁) ≈ 0.01. The class helps most in between, at t ≈ \(lossSteps[zip(losses, unconditional).map { $1.mean - $0.mean }.enumerated().max { $0.element < $1.element }!.offset]).
        """)

    chapter.prose("""
    Sampling runs the reverse chain from x_T ~ N(0, I). The figure follows eight draws, one for each of the digits 0–7: \
    nothing recognisable appears until late in the chain, when the noise left is small enough for the strokes to show.
    """)
    let chain = AncestralSampler.sample(model: model, schedule: schedule.respaced(steps: 100), count: 8, labels: Array(0..<8), keepEvery: 10, using: &chapter.random)
    chapter.figure(denoisingFigure(chain), name: "denoising_chain", caption: """
        Samples of the digits 0–7 along the reverse chain (100 respaced steps), from x_T (left) to x₀ (right), every tenth step.
        """)

    // The yardstick: a digit classifier trained here (chapter 3's), the data floor, quality against steps.
    let classifier = DigitClassifier(using: &chapter.random)
    let classifierTrainer = DigitClassifierTrainer(classifier, images: train.images, labels: train.labels,
                                                   settings: DigitClassifierSettings(steps: quick ? 300 : 1_500))
    try chapter.train("digit classifier", steps: classifierTrainer.settings.steps) { step in try classifierTrainer.step(step, using: &chapter.random) }
    let accuracy = classifier.accuracy(images: test.images, labels: test.labels)
    chapter.check("held-out accuracy of the digit classifier", measured: accuracy, atLeast: quick ? 0.8 : 0.95,
                  why: "its features judge the samples and its predictions the guided classes; binomial SE on \(test.count) images \(formatNumber((accuracy * (1 - accuracy) / Double(test.count)).squareRoot(), digits: 2)); chance is 0.1")
    let (count, repeats) = (400, quick ? 2 : 6)
    let steps = quick ? [10, 50] : [10, 25, 100, 250]
    let comparison = try DigitQualityComparison(sampleCount: count, repeats: repeats, real: train.images, heldOut: test.images, classifier: classifier,
        samplers: steps.map { k in ("DDPM, \(k) steps, y uniform", { n, random in ddpmImages(model, steps: k, count: n, labels: uniformLabels(n, using: &random), using: &random) }) }
            + [("DDPM, 100 steps, null class ∅ only", { n, random in ddpmImages(model, steps: 100, count: n, using: &random) }),
               ("a Gaussian fitted to the training pixels", pixelGaussianSampler(train.images))], using: &chapter.random)
    chapter.table(comparison.tableHeaders(), comparison.tableRows(format: formatNumber),
                  caption: "Chapter 3's yardstick against \(count) held-out digits, means over \(repeats) repeats; the ratio's ± is its delta-method SE.")
    let ddpm = Array(comparison.rows[1...steps.count].map(\.quality)), nullOnly = comparison.rows[steps.count + 1].quality, gaussian = comparison.rows.last!.quality
    chapter.prose("""
    The model's own law p(x) = Σ_y p(y) p(x | y) is sampled by drawing a class uniformly and then a conditional sample; \
    at \(steps.last!) steps it sits at \(formatNumber(ddpm.last!.frechetRatio(over: comparison.floor).value, digits: 3)) times the floor. The null class alone, \
    trained on one batch row in ten, is much weaker (\(formatNumber(nullOnly.frechetRatio(over: comparison.floor).value, digits: 3)) times the floor, recall \
    \(formatNumber(nullOnly.recall.mean, digits: 2))\(nullOnly.frechetDistance.mean > gaussian.frechetDistance.mean ? "; worse even than the pixel Gaussian" : "")): its job is to be the reference \
    that guidance extrapolates from, and a better one would need more training or a larger share of null labels.
    """)
    if !quick {   // 400 quick training steps leave the network far from these bounds; the quick run only shows the table
    chapter.check("FDD of the pixel Gaussian minus the DDPM's with \(steps.last!) steps, in SE", measured: separation(gaussian.frechetDistance, ddpm.last!.frechetDistance), atLeast: 4,
                  why: "named in advance as the trivial baseline: a Gaussian has the data's mean and covariance, so beating it needs the digits' shape; 4 SE over \(repeats) repeats")
    chapter.check("recall with \(steps.last!) steps minus with \(steps.first!) steps, in SE of the difference", measured: separation(ddpm.last!.recall, ddpm.first!.recall), atLeast: 4,
                  why: "with few, large reverse steps the chain cannot follow the true reverse law; on the digits what is lost is diversity — the samples stay clean (precision \(formatNumber(ddpm.first!.precision.mean, digits: 2)) at \(steps.first!) steps) but cover fewer of the held-out digits; 4 SE over \(repeats) repeats. The FDD moves less (\(formatNumber(ddpm.first!.frechetDistance.mean, digits: 3)) → \(formatNumber(ddpm.last!.frechetDistance.mean, digits: 3)), \(formatNumber(separation(ddpm.first!.frechetDistance, ddpm.last!.frechetDistance), digits: 2)) SE): its change is comparable with its spread over repeats, so it is reported, not checked")
    }
    return DigitsRun(train: train, test: test, model: model, classifier: classifier, floor: comparison.floor, steps: steps, quality: ddpm)
}

/// Draws from the Gaussian with the training pixels' mean and covariance, clipped to [0, 1].
func pixelGaussianSampler(_ images: Tensor) -> (Int, inout RandomGenerator) -> Tensor {
    let fitted = PixelGaussian(fittedTo: images)
    return { n, random in fitted.sample(n, using: &random) }
}

/// n class labels drawn uniformly from 0…9: sampling y ~ p(y), then x ~ p(x | y), draws from the model's p(x).
func uniformLabels(_ n: Int, using generator: inout RandomGenerator) -> [Int] { (0..<n).map { _ in generator.integer(below: 10) } }
