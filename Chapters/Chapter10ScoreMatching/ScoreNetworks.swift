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

/// The deterministic part of a step's cost: backward passes through the network with respect to its input, recorded
/// on the tape before the parameter gradient (each then differentiated again): d for the implicit objective, one per
/// probe for the sliced one, none for denoising.
func inputGradientPasses(_ objective: ScoreMatchingObjective, dimension d: Int) -> Int {
    switch objective {
    case .implicit: return d
    case .sliced(let probes): return probes
    case .denoising: return 0
    }
}

/// Milliseconds, only where timings are shown (the terminal): the book's page must be the same for the same command.
func milliseconds(_ seconds: Double) -> String { chapter.showsTimings ? "\(formatNumber(seconds * 1_000, digits: 2)) ms" : "—" }

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
    A network has no closed form. Four runs train the same MLP (2 → 64 → 64 → 2, SiLU) from the same initial weights, on \
    \(n) draws of the mixture, for \(steps) Adam steps on minibatches of 256: implicit; sliced (Song, Garg, Shi & Ermon \
    2019, whose random projections are Hutchinson's 1989 trace estimator — their plain SSM, not the variance-reduced \
    SSM-VR); and denoising at two noise levels:
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
    /// The score each objective targets: p's own, or for denoising that of p_σ = p ∗ N(0, σ²I).
    func target(_ objective: ScoreMatchingObjective) -> Tensor {
        if case .denoising(let level) = objective { return mixture.noised(noiseStandardDeviation: level).score(heldOut) }
        return mixture.score(heldOut)
    }
    let truth = mixture.score(heldOut)
    let gaussianScore = GaussianMixture2D.gaussian(mean: mixture.moments.mean, covariance: mixture.moments.covariance).score(heldOut)
    let errors = trained.map { relativeSquaredError($0.network(heldOut), truth) }
    let targetErrors = trained.map { relativeSquaredError($0.network(heldOut), target($0.objective)) }
    // Each objective's gradient noise at common weights (the implicit network's), so that objectives, not parameter
    // points, are compared.
    let spreads = trained.map { gradientSpread(TrainedScore(name: $0.name, objective: $0.objective, network: trained[0].network, secondsPerStep: 0),
                                               data: data, batches: quick ? 10 : 30, batchSize: 256, using: &random) }
    chapter.table(["objective", "E‖s − ∇log p‖² ÷ E‖∇log p‖²", "against the score it targets", "input-gradient passes per step", "wall clock per step", "gradient spread at common weights"],
                  trained.indices.map { index in
        [trained[index].name, formatNumber(errors[index], digits: 3), formatNumber(targetErrors[index], digits: 3),
         inputGradientPasses(trained[index].objective, dimension: 2), milliseconds(trained[index].secondsPerStep), formatNumber(spreads[index], digits: 3)] as [any TableCell]
    } + [["one Gaussian's exact score (baseline)", formatNumber(relativeSquaredError(gaussianScore, truth), digits: 3), "—", "—", "—", "—"]],
                  caption: "Errors on 4,000 held-out draws of p (so weighted by the density), relative to E‖∇log p‖²; gradient spread: the trace of the covariance of one minibatch's parameter gradient (256 draws, \(quick ? 10 : 30) minibatches), every objective at the implicit network's weights.")
    if !quick {   // 400 quick steps leave every network far from its target
        for index in 0..<2 {
            chapter.check("\(trained[index].name): relative squared score error on held-out draws", measured: errors[index], atMost: 0.05,
                          why: "a named size: a squared error 5% of the field's (about 22% in RMS) where the data are; the best single Gaussian's exact score is at \(formatNumber(relativeSquaredError(gaussianScore, truth), digits: 3))")
        }
    }
    // Denoising learns the score of p_σ, not of p: per draw, its squared error against p's score minus against p_σ's.
    let wide = trained.count - 1, learned = trained[wide].network(heldOut), wideTarget = target(trained[wide].objective)
    let perDraw = (0..<heldOut.rowCount).map { row -> Double in
        (0..<2).reduce(0.0) { total, k in
            let index = 2 * row + k, s = Double(learned.scalars[index])
            return total + pow(s - Double(truth.scalars[index]), 2) - pow(s - Double(wideTarget.scalars[index]), 2)
        }
    }
    let closer = SampleSummary(perDraw)
    chapter.check("\(trained[wide].name): squared error against ∇log p minus against ∇log p_σ, mean over held-out draws in SE", measured: closer.mean / closer.standardError,
                  atLeast: improvementBound(),
                  why: "denoising regresses on −ε/σ, whose conditional mean is the score of the noised law (Vincent 2011), so it lands nearer that than p's own; one-sided normal bound at 10⁻³")
    let narrow = wide - 1
    identityChecks(trained, using: &random)
    chapter.prose("""
    The three differ in what a step costs and what it targets. The implicit objective differentiates the network twice, \
    once per input coordinate (d = 2 input-gradient passes a step, each differentiated again); slicing replaces them by one \
    random projection per probe, and its gradient spread is \
    \(formatNumber(spreads[1], digits: 3)) against \(formatNumber(spreads[0], digits: 3)) at the same weights; denoising needs no second derivative at all \
    \(chapter.showsTimings ? "(wall clock per step: \(trained.map { milliseconds($0.secondsPerStep) }.joined(separator: ", ")) for the four runs in order) " : "")\
    but fits the score of p_σ. With σ = 0.3 it is \
    \(formatNumber(targetErrors[wide] * 100, digits: 2))% from that target and \(formatNumber(errors[wide] * 100, digits: 3))% from p's score, and p_σ's exact score is itself \
    \(formatNumber(relativeSquaredError(target(trained[wide].objective), truth) * 100, digits: 3))% from p's: that part is bias, the price of the noise. With σ = 0.1 the bias shrinks (p_σ's score is \(formatNumber(relativeSquaredError(target(trained[narrow].objective), truth) * 100, digits: 2))% from p's) but the \
    regression target −ε/σ grows like 1/σ²: the gradient spread is \(formatNumber(spreads[narrow] / spreads[wide], digits: 2)) times σ = 0.3's, and \
    after the same \(steps) steps the network is \(formatNumber(targetErrors[narrow] * 100, digits: 2))% from its own target. Chapters 11 and 12 resolve this by learning every noise level at once.
    """)
    chapter.figure(learnedFieldsFigure(trained), name: "learned_fields", caption: """
        The exact score (left) and the \(trained.count) learned fields over the mixture's log-density, on the same 15 × 15 grid; \
        all arrows on one scale, the exact field's, so that a field too weak or too strong shows as shorter or longer arrows.
        """)
    return trained
}
