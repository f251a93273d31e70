import Autodiff
import Distributions
import Foundation
import NeuralLayers
import Notebook
import ScoreMatching
import Statistics
import TensorCore

// The section-2 integration by parts (as Stein's identity) and Vincent's denoising identity, on trained networks in 2-D
// where the exact score is known. True at any weights: they test the divergence code and the closed forms.

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
    The integration by parts of section 2 can be checked on the trained networks in 2-D, where the exact score is known. \
    In its plainest form (Stein's identity) it says 𝔼_p[s_θ·∇log p + ∇·s_θ] = 0 for *any* smooth field s_θ whose \
    product with p vanishes at infinity; denoising has its own identity (Vincent 2011): per draw, ½‖s_θ(y) + ε/σ‖² minus \
    the same for the exact score of p_σ, minus ½‖s_θ(y) − ∇log p_σ(y)‖², has mean zero at y = x + σε. Both hold whatever \
    the weights, so these checks test the divergence code and the closed-form scores, not the training; each compares the \
    mean of \(count) terms with its SE.
    """)
    // Stein, for the implicit network.
    let (s, divergence) = scoreAndDivergence(trained[0].network, x)
    let truth = mixture.score(x)
    var stein: [Double] = [], withoutDivergence: [Double] = []
    for row in 0..<count {
        let inner = Double(s.scalars[2 * row]) * Double(truth.scalars[2 * row]) + Double(s.scalars[2 * row + 1]) * Double(truth.scalars[2 * row + 1])
        stein.append(inner + divergence[row])
        withoutDivergence.append(inner)
    }
    let h = SampleSummary(stein), hWrong = SampleSummary(withoutDivergence)
    chapter.check("implicit network: 𝔼[s_θ·∇log p + ∇·s_θ] (Stein's identity) in SE", measured: abs(h.mean / h.standardError), atMost: bound,
                  why: "integration by parts on a trained network in 2-D; two-sided normal bound at 10⁻³. Dropping the divergence would put it \(formatNumber(abs(hWrong.mean / hWrong.standardError), digits: 3)) SE away")
    // Vincent, for the two denoising networks.
    for model in trained {
        guard case .denoising(let sigma) = model.objective else { continue }
        let noise = Tensor.normal([count, 2], using: &random), y = x + noise * Float(sigma)
        let learned = model.network(y)
        func terms(_ target: Tensor) -> [Double] {
            (0..<count).map { row -> Double in
                (0..<2).reduce(0.0) { total, k in
                    let index = 2 * row + k, e = Double(noise.scalars[index]) / sigma
                    let a = Double(learned.scalars[index]), b = Double(target.scalars[index])
                    return total + 0.5 * pow(a + e, 2) - 0.5 * pow(b + e, 2) - 0.5 * pow(a - b, 2)
                }
            }
        }
        let v = SampleSummary(terms(mixture.noised(noiseStandardDeviation: sigma).score(y))), wrong = SampleSummary(terms(mixture.score(y)))
        chapter.check("\(model.name): 𝔼[DSM terms(s_θ) − DSM terms(∇log p_σ) − ½‖s_θ − ∇log p_σ‖²] in SE", measured: abs(v.mean / v.standardError), atMost: bound,
                      why: "Vincent's identity: the cross term has mean zero because 𝔼[ε | y] = −σ∇log p_σ(y); two-sided normal bound at 10⁻³. With p's own score in place of p_σ's it would sit \(formatNumber(abs(wrong.mean / wrong.standardError), digits: 3)) SE away")
    }
}
