import Autodiff
import Distributions
import Foundation
import NeuralLayers
import Notebook
import ScoreMatching
import Statistics
import TensorCore

// Section 5: one score network trained three ways — implicit, sliced, denoising — on the 2-D mixture, with accuracy
// against the exact score, cost per step and the spread of the stochastic gradient side by side.

struct TrainedScore { let name: String; let objective: ScoreMatchingObjective; let network: MLP; let secondsPerStep: Double }

/// E‖s − s_ref‖² / E‖s_ref‖² over the rows of two score tensors.
func relativeSquaredError(_ scores: Tensor, _ reference: Tensor) -> Double {
    zip(scores.scalars, reference.scalars).reduce(0) { $0 + pow(Double($1.0) - Double($1.1), 2) } / reference.scalars.reduce(0) { $0 + Double($1) * Double($1) }
}

/// The trace of the covariance of the objective's parameter gradient over fresh minibatches: how noisy a step is.
func gradientSpread(_ trained: TrainedScore, data: Tensor, batches: Int, batchSize: Int, using random: inout RandomGenerator) -> Double {
    let gradients = (0..<batches).map { _ -> [Double] in
        let tape = Tape(), batch = data.randomRows(batchSize, using: &random)
        let loss = trained.objective.loss(trained.network, batch: batch, on: tape, using: &random)
        return tape.gradients(of: loss, for: trained.network.parameters).flatMap { $0.scalars.map(Double.init) }
    }
    let count = Double(batches)
    return gradients[0].indices.reduce(0) { total, index in
        let values = gradients.map { $0[index] }, mean = values.reduce(0, +) / count
        return total + values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
    }
}

func scoreNetworkSection() throws -> [TrainedScore] {
    let n = quick ? 4_000 : 10_000, steps = quick ? 400 : 6_000, sigma = 0.1
    var random = chapter.random
    let data = mixture.sample(n, using: &random), heldOut = mixture.sample(4_000, using: &random)
    let objectives: [(String, ScoreMatchingObjective)] = [("implicit (Hyvärinen)", .implicit), ("sliced, one probe", .sliced(probes: 1)),
                                                        ("denoising, σ = \(formatNumber(sigma))", .denoising(sigma: sigma)), ("denoising, σ = 0.3", .denoising(sigma: 0.3))]
    chapter.prose("""
    A network has no closed form. Three objectives train the same MLP (2 → 64 → 64 → 2, SiLU), from the same initial \
    weights, on \(n) draws of the mixture, for \(steps) Adam steps on minibatches of 256:
    """)
    chapter.listing("score-matching-objectives", fromLibraryFile: "Sources/ScoreMatching/ScoreNetworkObjectives.swift")
    let seed = random.split()
    var trained: [TrainedScore] = []
    for (name, objective) in objectives {
        var initial = seed
        let network = MLP(sizes: [2, 64, 64, 2], using: &initial)
        let trainer = ScoreMatchingTrainer(network, objective: objective, data: data, steps: steps, label: name)
        try chapter.train(name, steps: steps) { step in try trainer.step(step, using: &random) }
        trainer.finish()
        trained.append(TrainedScore(name: name, objective: objective, network: network, secondsPerStep: trainer.seconds / Double(steps)))
    }
    let truth = mixture.score(heldOut), noisedTruth = mixture.noised(noiseStandardDeviation: sigma).score(heldOut)
    let gaussianScore = GaussianMixture2D.gaussian(mean: mixture.moments.mean, covariance: mixture.moments.covariance).score(heldOut)
    let errors = trained.map { relativeSquaredError($0.network(heldOut), truth) }
    let spreads = trained.map { gradientSpread($0, data: data, batches: quick ? 10 : 30, batchSize: 256, using: &random) }
    chapter.table(["objective", "E‖s − ∇log p‖² ÷ E‖∇log p‖²", "against the score of p_σ", "ms per step", "gradient spread (trace of covariance)"],
                  zip(trained, zip(errors, spreads)).map { model, pair in
        [model.name, formatNumber(pair.0, digits: 3), formatNumber(relativeSquaredError(model.network(heldOut), noisedTruth), digits: 3),
         formatNumber(model.secondsPerStep * 1_000, digits: 3), formatNumber(pair.1, digits: 3)] as [any TableCell]
    } + [["one Gaussian's exact score (baseline)", formatNumber(relativeSquaredError(gaussianScore, truth), digits: 3), "—", "—", "—"],
         ["the exact score of p_σ (DSM's target)", formatNumber(relativeSquaredError(noisedTruth, truth), digits: 3), "0", "—", "—"]],
                  caption: "Errors on 4,000 held-out draws of p (so weighted by the density); gradient spread over fresh minibatches of 256 at the trained weights.")
    let named = 0.05
    for (index, model) in trained.enumerated() {
        let error = model.objective == .denoising(sigma: sigma) ? relativeSquaredError(model.network(heldOut), noisedTruth) : errors[index]
        chapter.check("\(model.name): relative squared score error on held-out draws\(model.objective == .denoising(sigma: sigma) ? ", against its target the score of p_σ" : "")",
                      measured: error, atMost: named,
                      why: "a named size: within 5% of the exact field where the data are; the best single Gaussian is at \(formatNumber(relativeSquaredError(gaussianScore, truth), digits: 3))")
    }
    chapter.figure(learnedFieldsFigure(trained), name: "learned_fields", caption: """
        The exact score (left) and the three learned fields over the mixture's log-density, on the same grid and arrow scale.
        """)
    return trained
}
