import TensorCore
import Autodiff
import NeuralLayers
import Training

/// How the codebook learns.
public enum CodebookLearning: Sendable, Equatable {
    /// By gradient of the codebook loss, with the networks' optimiser.
    case gradient
    /// By exponential moving averages of the assigned vectors (`CodebookMovingAverages`), with decay γ.
    case movingAverages(decay: Double)
}

/// One training step as recorded: the batch's loss terms before the update, and how the
/// batch used the codebook.
public struct VQVAERecord: Sendable, Equatable {
    /// −log p(x | z_q), nats per image.
    public let reconstruction: Double
    /// The codebook term, per image.
    public let codebook: Double
    /// The commitment term (before β), per image.
    public let commitment: Double
    /// The perplexity of the batch's codes.
    public let perplexity: Double
    /// Codes the batch used at least once.
    public let usedCodes: Int
}

// listing: vq-vae-trainer
/// Trains a `VQVAE` on minibatches, with the codebook learnt by gradient or by moving
/// averages, and optionally with dead codes restarted (`DeadCodeRestarts`).
///
/// The loss is −log p(x | z_q) + codebook term + β·commitment term; with moving averages
/// the codebook term is left out of the loss (the averages do its job) and the codebook is
/// not given to the optimiser. The loop stays in the chapter:
///
/// ```swift
/// let trainer = VQVAETrainer(model: model, steps: 2_000, codebook: .movingAverages(decay: 0.99), restartInterval: 100)
/// try chapter.train("VQ-VAE", steps: trainer.steps) { step in
///     try trainer.step(step, batch: images.randomRows(128, using: &generator), using: &generator)
/// }
/// ```
public final class VQVAETrainer {
    public let model: VQVAE
    public let trainer: Trainer
    /// β, the weight of the commitment term.
    public let commitmentWeight: Float
    public let codebookLearning: CodebookLearning
    /// The moving averages, when the codebook learns by them.
    public let averages: CodebookMovingAverages?
    /// The restarts, when dead codes are restarted.
    public let restarts: DeadCodeRestarts?
    /// One record per completed step.
    public private(set) var history: [VQVAERecord] = []
    /// How many encoder outputs chose each code, summed over all steps so far.
    public private(set) var timesChosen: [Int]

    /// - Parameters:
    ///   - commitmentWeight: β (0.25 in the paper).
    ///   - restartInterval: restart codes unused over this many steps; nil for no restarts.
    public init(label: String = "VQ-VAE", model: VQVAE, steps: Int, learningRate: Float = 2e-3, schedule: LearningRateSchedule = .constant,
                commitmentWeight: Float = 0.25, codebook: CodebookLearning = .gradient, restartInterval: Int? = nil) {
        self.model = model
        self.commitmentWeight = commitmentWeight
        codebookLearning = codebook
        let trained: [Parameter]
        switch codebook {
        case .gradient:
            trained = model.parameters
            averages = nil
        case .movingAverages(let decay):
            trained = model.networkParameters
            averages = CodebookMovingAverages(for: model.quantizer, decay: decay)
        }
        restarts = restartInterval.map { DeadCodeRestarts(codeCount: model.codeCount, interval: $0) }
        timesChosen = [Int](repeating: 0, count: model.codeCount)
        trainer = Trainer(label: label, parameters: trained, steps: steps, optimizer: Adam(parameters: trained, learningRate: learningRate),
                          schedule: schedule)
    }

    public var label: String { trainer.label }
    public var steps: Int { trainer.steps }

    /// One step on `batch` (`[n, 64]` images): a gradient step, then the codebook's upkeep
    /// (moving averages, restarts) with the codes this batch chose.
    @discardableResult
    public func step(_ step: Int, batch: Tensor, using generator: inout RandomGenerator) throws -> VQVAERecord {
        var terms: VQVAETerms?
        try trainer.step(step) { tape in
            let t = model.terms(batch, on: tape)
            terms = t
            let networkLoss = t.reconstruction + commitmentWeight * t.commitment
            return averages == nil ? networkLoss + t.codebook : networkLoss
        }
        let t = terms!
        for code in t.codes { timesChosen[code] += 1 }
        averages?.update(model.quantizer, vectors: t.encoderOutputs, codes: t.codes)
        // No restart at the last step: a code moved there would meet a decoder that never saw it.
        if step + 1 < steps {
            restarts?.record(step: step, codes: t.codes, vectors: t.encoderOutputs, quantizer: model.quantizer, averages: averages, using: &generator)
        }
        let usage = CodebookUsage(codes: t.codes, codeCount: model.codeCount)
        let record = VQVAERecord(reconstruction: Double(t.reconstruction.value.scalars[0]), codebook: Double(t.codebook.value.scalars[0]),
                                 commitment: Double(t.commitment.value.scalars[0]), perplexity: usage.perplexity, usedCodes: usage.usedCodes)
        history.append(record)
        return record
    }
}
// end listing
