import Autoencoders
import Datasets
import DigitEvaluation
import Foundation
import Metrics
import NeuralLayers
import Notebook
import Statistics
import TensorCore
import Training
import VariationalAutoencoders

// The chapter's training runs and evaluation loops, kept out of main.swift so that it reads as the chapter.

/// Seeds that fix a VAE run's initial weights and its stream of minibatches and reparameterisation noise, so
/// that runs differing only in their objective start from the same weights and see the same batches.
struct RunSeeds {
    let initial: UInt64, data: UInt64
    init(using generator: inout RandomGenerator) { (initial, data) = (generator.next(), generator.next()) }
}

/// Trains a VAE with hidden layers `hidden` on minibatches of 128 rows of `images` by Adam at 10⁻³, decaying by
/// cosine to 5% of it, with the given objective; returns the model and its trainer (whose history holds the
/// ELBO's terms at every step).
func trainVAE(_ label: String, latentSize: Int, hidden: [Int], steps: Int, objective: ELBOObjective = .standard, seeds: RunSeeds,
              on images: Tensor) throws -> (model: VariationalAutoencoder, trainer: VariationalAutoencoderTrainer) {
    var initial = RandomGenerator(seed: seeds.initial), stream = RandomGenerator(seed: seeds.data)
    let model = VariationalAutoencoder(dataSize: Digits.pixelCount, latentSize: latentSize, hiddenSizes: hidden, using: &initial)
    let trainer = VariationalAutoencoderTrainer(label: label, model: model, steps: steps, learningRate: 1e-3,
                                                schedule: .cosine(floor: 0.05), objective: objective)
    try chapter.train(label, steps: steps) { step in
        try trainer.step(step, batch: images.randomRows(128, using: &stream), using: &stream)
    }
    return (model, trainer)
}

/// Chapter 1's autoencoder and recipe: one hidden layer of 128 SiLU units, a sigmoid output, the squared error,
/// minibatches of 128 and Adam at 2·10⁻³.
func trainAutoencoder(codeSize: Int, steps: Int, on images: Tensor) throws -> Autoencoder {
    let model = Autoencoder(inputSize: Digits.pixelCount, hiddenSize: 128, codeSize: codeSize, using: &chapter.random)
    let trainer = Trainer(label: "chapter 1's autoencoder, code \(codeSize)", parameters: model.parameters, steps: steps,
                          optimizer: Adam(parameters: model.parameters, learningRate: 2e-3))
    try chapter.train(trainer.label, steps: steps) { step in
        let batch = images.randomRows(128, using: &chapter.random)
        try trainer.step(step) { tape in model.loss(input: batch, target: batch, on: tape) }
    }
    return model
}

/// A VAE's likelihood on held-out data, every number per example so that differences can be paired.
struct LikelihoodReport {
    /// The ELBO with the KL in closed form and the reconstruction term averaged over several draws.
    let elbo: ELBOEvaluation
    /// log w of one draw per example: the ELBO by a second route, the KL by Monte Carlo.
    let singleWeight: [Double]
    /// L_K per example for each K in `sampleSizes`, averaged over the disjoint blocks of K among the largest K's draws.
    let sampleSizes: [Int]
    let bounds: [[Double]]
    /// The effective sample size of the largest K's weights, per example.
    let effectiveSampleSizes: [Double]

    init(_ model: VariationalAutoencoder, data: Tensor, elboDraws: Int, sampleSizes: [Int], using generator: inout RandomGenerator) {
        elbo = model.evaluateELBO(data, samplesPerExample: elboDraws, using: &generator)
        singleWeight = model.logImportanceWeights(data, samples: 1, using: &generator).map { $0[0] }
        let weights = model.logImportanceWeights(data, samples: sampleSizes.max()!, using: &generator)
        self.sampleSizes = sampleSizes
        bounds = sampleSizes.map { size in
            weights.map { row in
                stride(from: 0, to: row.count - size + 1, by: size).map { ImportanceWeighting.logMeanExp(row[$0..<($0 + size)]) }.mean
            }
        }
        effectiveSampleSizes = weights.map { ImportanceWeighting.effectiveSampleSize(logWeights: $0) }
    }
}

/// The pixels as counts cⱼ = 16xⱼ ∈ {0, …, 16}, row by row.
func pixelCounts(_ images: Tensor) -> [[Int]] {
    (0..<images.rowCount).map { row in images.row(row).scalars.map { Int(($0 * 16).rounded()) } }
}

/// One row of the sample-quality table; the floor's own row shows its ratio as the reference 1.
func qualityRow(_ name: String, _ q: DigitSampleQuality, floor: DigitSampleQuality, isFloor: Bool = false) -> [any TableCell] {
    let ratio = q.frechetRatio(over: floor)
    return [name, "\(formatNumber(q.frechetDistance.mean, digits: 3)) ± \(formatNumber(q.frechetDistance.spread, digits: 2))",
            isFloor ? "1 (reference)" : "\(formatNumber(ratio.value, digits: 3)) ± \(formatNumber(ratio.standardError, digits: 2))",
            q.precision.mean, q.recall.mean, q.fewestClassesCovered, q.effectiveClassCount.mean]
}

/// What section 6 reports of a trained VAE on held-out data: active units, per-dimension KL, the ELBO and L_100.
struct CollapseSummary {
    let name: String
    let units: ActiveUnits
    let evaluation: ELBOEvaluation
    let bound: ImportanceWeightedEstimate
    /// ½(1 − 1/n)·0.01: KL_u ≥ ½E_x[μ_u²] ≥ ½(1 − 1/n)A_u (A_u the unbiased variance over n points), so a unit whose
    /// average KL is at most this is inactive; the converse need not hold.
    let klThreshold: Double
    /// Per unit, the part ½E_x[σ_u² − 1 − log σ_u²] of the average KL_u that q's variances spend off the prior's.
    let spreadKL: [Double]
    /// The units whose average KL exceeds `klThreshold` (every active unit does).
    var unitsAboveThreshold: Int { evaluation.klPerDimension.filter { $0 > klThreshold }.count }
    /// The inactive units that nevertheless carry more than `klThreshold` nats: KL without activity.
    var inactiveWithKL: [Int] { units.isActive.indices.filter { !units.isActive[$0] && evaluation.klPerDimension[$0] > klThreshold } }
    /// Active units at or below the threshold (none, but for rounding).
    var activeWithoutKL: Int { units.isActive.indices.filter { units.isActive[$0] && evaluation.klPerDimension[$0] <= klThreshold }.count }
    /// The total average KL of the inactive units (nats).
    var inactiveKL: Double { zip(units.isActive, evaluation.klPerDimension).filter { !$0.0 }.reduce(0) { $0 + $1.1 } }

    init(_ name: String, _ model: VariationalAutoencoder, data: Tensor, using generator: inout RandomGenerator) {
        self.name = name
        units = model.activeUnits(data)
        klThreshold = 0.5 * (1 - 1 / Double(data.rowCount)) * units.threshold
        let posterior = model.encode(data), k = model.latentSize, v = posterior.logVariance.doubles
        spreadKL = (0..<k).map { u in (0..<data.rowCount).reduce(0) { $0 + 0.5 * (Foundation.expm1(v[$1 * k + u]) - v[$1 * k + u]) } / Double(data.rowCount) }
        evaluation = model.evaluateELBO(data, samplesPerExample: 16, using: &generator)
        bound = model.importanceWeightedBound(data, samples: 100, using: &generator)
    }
}
