import Autodiff
import Foundation
import NeuralLayers
import TensorCore

/// The three ways of fitting a score network s_θ: ℝᵈ → ℝᵈ to samples whose score is unknown.
public enum ScoreMatchingObjective: Sendable, Equatable {
    /// Hyvärinen's implicit objective ½‖s‖² + ∇·s, the divergence exact: d backward passes recorded on the tape
    /// (so the loss can be differentiated again with respect to θ).
    case implicit
    /// Sliced score matching (Song, Garg, Shi & Ermon 2019): vᵀ(∂s/∂x)v + ½(vᵀs)² averaged over `probes` Gaussian
    /// directions v; its expectation over v is the implicit objective, at one backward pass per probe.
    case sliced(probes: Int)
    /// Denoising score matching (Vincent 2011) at one noise level σ: ½‖s(x + σε) + ε/σ‖². Its minimiser is the score
    /// of the *noised* law p_σ = p ∗ N(0, σ²I), not of p.
    case denoising(sigma: Double)
}

// listing: score-matching-objectives
extension ScoreMatchingObjective {
    /// The objective averaged over the rows of `batch` [n, d], recorded on `tape` with the network's parameters.
    public func loss(_ network: MLP, batch: Tensor, on tape: Tape, using generator: inout RandomGenerator) -> Variable {
        let (n, d) = (batch.rowCount, batch.columnCount)
        switch self {
        case .implicit:
            let x = tape.variable(batch), s = network(x)
            var divergence: Variable? = nil
            for j in 0..<d {   // ∂s_j/∂x_j of every row at once: rows do not interact, so one pass per coordinate
                let unit = Tensor(shape: [n, d], scalars: (0..<(n * d)).map { $0 % d == j ? 1 : 0 })
                let column = (tape.differentiableGradients(of: s, seed: unit, withRespectTo: [x])[0] * unit).sum()
                divergence = divergence.map { $0 + column } ?? column
            }
            return ((s * s).sum() * 0.5 + divergence!) / Float(n)
        case .sliced(let probes):
            let x = tape.variable(batch), s = network(x)
            var total: Variable? = nil
            for _ in 0..<probes {
                let v = Tensor.normal([n, d], using: &generator)
                let jacobianProduct = tape.differentiableGradients(of: s, seed: v, withRespectTo: [x])[0]   // vᵀ ∂s/∂x per row
                let projection = (s * v).sum(alongAxis: 1)
                let term = (jacobianProduct * v).sum() + (projection * projection).sum() * 0.5
                total = total.map { $0 + term } ?? term
            }
            return total! / Float(n * probes)
        case .denoising(let sigma):
            let noise = Tensor.normal([n, d], using: &generator)
            let s = network(tape.constant(batch + noise * Float(sigma)))
            let residual = s + noise * Float(1 / sigma)
            return (residual * residual).sum() * 0.5 / Float(n)
        }
    }
}
// end listing
