import Datasets
import Foundation
import Notebook
import Plotting
import Statistics
import TensorCore
import VariationalAutoencoders
import VectorQuantization

// The VQ-VAE training runs of sections 2 and 3: four ways of keeping the codebook alive, each trained from the same
// initial weights and on the same minibatches for a given run index, so that the variants differ only in the codebook's care.

/// How the codebook is looked after.
enum CodebookCare: Int, CaseIterable {
    case gradientOnly, restarts, movingAverages, movingAveragesAndRestarts

    var name: String {
        switch self {
        case .gradientOnly: return "codebook loss only (the paper's)"
        case .restarts: return "+ dead-code restarts"
        case .movingAverages: return "moving averages (γ = 0.99)"
        case .movingAveragesAndRestarts: return "moving averages + restarts"
        }
    }
    var shortName: String { ["gradient", "restarts", "averages", "averages + restarts"][rawValue] }
    /// Its colour in every figure: blue, orange, green and reddish purple from the plotting cycle.
    var color: Color { Color.cycle([0, 1, 2, 5][rawValue]) }
    var learning: CodebookLearning { self == .gradientOnly || self == .restarts ? .gradient : .movingAverages(decay: 0.99) }
    var restartInterval: Int? { self == .restarts || self == .movingAveragesAndRestarts ? 100 : nil }
    /// Runs in the default run: eight of the two kinds whose comparison is closest relative to its spread between runs
    /// (the codebook loss alone and moving averages), four of restarts and two of the combination, which section 4 uses.
    /// The counts were set after exploratory runs at other seeds had shown how much each kind varies.
    var runCount: Int { quick ? 1 : [8, 4, 8, 2][rawValue] }
}

/// The settings every run shares.
enum RunSettings {
    static let (codeCount, codeDimension, channels, batchSize) = (64, 8, 32, 128)
    static var steps: Int { quick ? 250 : 1_000 }
    static let learningRate: Float = 2e-3
    /// The codebook starts uniform in [−1/K, 1/K]ᴰ, the usual default: every code near the origin.
    static var codebookScale: Float { 1 / Float(codeCount) }
}

/// One trained VQ-VAE and what it does on the held-out digits.
struct VQRun {
    let care: CodebookCare, index: Int
    let model: VQVAE, trainer: VQVAETrainer
    /// The codes of every held-out position.
    let heldOutUsage: CodebookUsage
    /// −log p(x | z_q(x)) per held-out image, nats.
    let reconstruction: [Double]
    /// Whether each code ended anywhere but exactly at its initial value.
    let moved: [Bool]

    /// How many codes never moved from their initial values (no gradient or average ever reached them).
    var untouchedCodes: Int { moved.filter { !$0 }.count }
    /// Codes that some encoder output chose at least once during training.
    var chosenCodes: Int { trainer.timesChosen.filter { $0 > 0 }.count }
    /// Codes that moved although no encoder output ever chose them, plus codes chosen at least once that never moved:
    /// 0 if, and only if, exactly the chosen codes received updates.
    var movedAgainstChosen: Int { zip(moved, trainer.timesChosen).filter { $0.0 != ($0.1 > 0) }.count }

    var meanReconstruction: Double { reconstruction.reduce(0, +) / Double(reconstruction.count) }
}

/// Seeds for the run with index `index`: its initial weights and its minibatches, the same for every kind of care.
func runSeeds(_ index: Int) -> (initial: UInt64, data: UInt64) {
    var seeds = RandomGenerator(seed: chapter.seed, stream: "VQ-VAE run \(index)")
    return (seeds.next(), seeds.next())
}

func trainRun(_ care: CodebookCare, index: Int) throws -> VQRun {
    let seeds = runSeeds(index)
    var initial = RandomGenerator(seed: seeds.initial), stream = RandomGenerator(seed: seeds.data)
    let model = VQVAE(codeCount: RunSettings.codeCount, codeDimension: RunSettings.codeDimension, channels: RunSettings.channels,
                      codebookScale: RunSettings.codebookScale, using: &initial)
    let start = model.quantizer.codebook.value
    let label = "VQ-VAE, \(care.shortName), run \(index + 1)"
    let trainer = VQVAETrainer(label: label, model: model, steps: RunSettings.steps, learningRate: RunSettings.learningRate,
                               codebook: care.learning, restartInterval: care.restartInterval)
    try chapter.train(label, steps: trainer.steps) { step in
        try trainer.step(step, batch: train.images.randomRows(RunSettings.batchSize, using: &stream), using: &stream)
    }
    let codes = model.quantizer.nearestCodes(model.encoderOutputs(test.images))
    let end = model.quantizer.codebook.value, d = RunSettings.codeDimension
    let moved = (0..<RunSettings.codeCount).map { c in !(0..<d).allSatisfy { end.scalars[c * d + $0] == start.scalars[c * d + $0] } }
    return VQRun(care: care, index: index, model: model, trainer: trainer, heldOutUsage: CodebookUsage(codes: codes, codeCount: RunSettings.codeCount),
                 reconstruction: model.reconstructionNegativeLogLikelihood(test.images), moved: moved)
}
