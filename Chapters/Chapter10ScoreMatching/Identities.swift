import Autodiff
import Distributions
import Foundation
import NeuralLayers
import Notebook
import ScoreMatching
import Statistics
import TensorCore

// The section-2 identities again, now for trained networks in 2-D where the exact score is known: each objective,
// minus its value at the exact score, is half the squared distance to the score it targets. True at any weights.

/// The network's score and its exact divergence for every row, one backward pass per coordinate.
func scoreAndDivergence(_ network: MLP, _ x: Tensor) -> (score: Tensor, divergence: [Double]) {
    let tape = Tape(), input = tape.variable(x), s = network(input)
    var divergence = [Double](repeating: 0, count: x.rowCount)
    for j in 0..<2 {
        let unit = Tensor(shape: [x.rowCount, 2], scalars: (0..<(2 * x.rowCount)).map { $0 % 2 == j ? 1 : 0 })
        let gradient = tape.gradients(of: s, seed: unit, withRespectTo: [input])[0]
        for row in 0..<x.rowCount { divergence[row] += Double(gradient.scalars[2 * row + j]) }
    }
    return (s.value, divergence)
}

func identityChecks(_ trained: [TrainedScore], using random: inout RandomGenerator) {
    let count = quick ? 4_000 : 20_000, bound = standardNormalQuantile(upperTail: 5e-4)
    let x = mixture.sample(count, using: &random)
    chapter.prose("""
    The identity of section 2 holds at any weights, and with the exact score known it can be checked on the trained \
    networks. Per draw, the implicit term ½‖s_θ‖² + ∇·s_θ minus the same for the exact score, minus ½‖s_θ − ∇log p‖², has \
    mean zero; so has its denoising counterpart (Vincent 2011): ½‖s_θ(y) + ε/σ‖² minus the same for the exact score of \
    p_σ, minus ½‖s_θ(y) − ∇log p_σ(y)‖², at y = x + σε. Each check compares the mean of \(count) such terms with its SE.
    """)
    // Hyvärinen, for the implicit network.
    let (s, divergence) = scoreAndDivergence(trained[0].network, x)
    let truth = mixture.score(x), truthDivergence = mixture.scoreDivergence(x)
    var hyvarinen: [Double] = [], withoutDivergence: [Double] = []
    for row in 0..<count {
        let (a0, a1) = (Double(s.scalars[2 * row]), Double(s.scalars[2 * row + 1])), (b0, b1) = (Double(truth.scalars[2 * row]), Double(truth.scalars[2 * row + 1]))
        let term = 0.5 * (a0 * a0 + a1 * a1) + divergence[row] - 0.5 * (b0 * b0 + b1 * b1) - truthDivergence[row] - 0.5 * (pow(a0 - b0, 2) + pow(a1 - b1, 2))
        hyvarinen.append(term)
        withoutDivergence.append(term - divergence[row] + truthDivergence[row])
    }
    let h = SampleSummary(hyvarinen), hWrong = SampleSummary(withoutDivergence)
    chapter.check("implicit network: 𝔼[J_I terms(s_θ) − J_I terms(∇log p) − ½‖s_θ − ∇log p‖²] in SE", measured: abs(h.mean / h.standardError), atMost: bound,
                  why: "Hyvärinen's integration by parts on a trained network in 2-D; two-sided normal bound at 10⁻³. Leaving out the divergences would put it \(formatNumber(abs(hWrong.mean / hWrong.standardError), digits: 3)) SE away")
    // Vincent, for the two denoising networks.
    for model in trained {
        guard case .denoising(let sigma) = model.objective else { continue }
        let noise = Tensor.normal([count, 2], using: &random), y = x + noise * Float(sigma)
        let learned = model.network(y), target = mixture.noised(noiseStandardDeviation: sigma).score(y)
        let terms = (0..<count).map { row -> Double in
            (0..<2).reduce(0.0) { total, k in
                let index = 2 * row + k, e = Double(noise.scalars[index]) / sigma
                let a = Double(learned.scalars[index]), b = Double(target.scalars[index])
                return total + 0.5 * pow(a + e, 2) - 0.5 * pow(b + e, 2) - 0.5 * pow(a - b, 2)
            }
        }
        let v = SampleSummary(terms)
        chapter.check("\(model.name): 𝔼[DSM terms(s_θ) − DSM terms(∇log p_σ) − ½‖s_θ − ∇log p_σ‖²] in SE", measured: abs(v.mean / v.standardError), atMost: bound,
                      why: "Vincent's identity: the cross term has mean zero because 𝔼[ε | y] = −σ∇log p_σ(y); two-sided normal bound at 10⁻³")
    }
}
