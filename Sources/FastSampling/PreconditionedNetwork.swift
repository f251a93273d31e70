import Foundation
import NeuralLayers

// listing: preconditioned-network
/// A network of x and σ wrapped in the scalings of `Preconditioning`:
///
///   out(x, σ) = c_skip(σ)·x + c_out(σ)·F(c_in(σ)·x, embed(c_noise(σ))),
///
/// F an MLP with SiLU that sees x at unit scale and a sinusoidal embedding of ¼ log σ. With the
/// denoiser form this is a denoiser D (the teacher, and progressive distillation's students); with
/// the consistency form it is a consistency function f, equal to x at σ = σ_min whatever F does.
public final class PreconditionedNetwork: Layer, Denoiser {
    public let preconditioning: Preconditioning
    public let embedding: SinusoidalEmbedding
    public let network: MLP
    public let dataDimension: Int

    public init(preconditioning: Preconditioning, dataDimension: Int = 2, hidden: Int = 128, hiddenLayers: Int = 3,
                embeddingDimension: Int = 16, name: String = "F", using generator: inout RandomGenerator) {
        self.preconditioning = preconditioning
        self.dataDimension = dataDimension
        // c_noise = ¼ log σ spans about [−1.6, 1.2] for σ ∈ [0.002, 80]; scaled by 100 the embedding's slowest
        // frequencies still turn less than once over that range and its fastest many times.
        embedding = SinusoidalEmbedding(dimension: embeddingDimension, maximumPeriod: 1_000, inputScale: 100)
        network = MLP(sizes: [dataDimension + embeddingDimension] + Array(repeating: hidden, count: hiddenLayers) + [dataDimension],
                      activation: .silu, name: name, using: &generator)
    }

    public var parameters: [Parameter] { network.parameters }

    /// The per-row scalings c_skip, c_out, c_in (each `[n, 1]`) and the noise embedding `[n, e]`.
    func scalings(_ sigmas: Tensor) -> (skip: Tensor, output: Tensor, input: Tensor, embedded: Tensor) {
        let column = sigmas.reshaped([sigmas.count, 1])
        return (column.map { Float(preconditioning.skip(Double($0))) }, column.map { Float(preconditioning.output(Double($0))) },
                column.map { Float(preconditioning.input(Double($0))) }, embedding(column.map { Float(preconditioning.noise(Double($0))) }))
    }

    /// The output for a batch on a tape, one σ per row (`sigmas` is `[n]` or `[n, 1]`).
    public func callAsFunction(_ x: Variable, sigmas: Tensor) -> Variable {
        let s = scalings(sigmas)
        return x * s.skip + network(Variable.concatenate([x * s.input, x.tape.constant(s.embedded)], alongAxis: 1)) * s.output
    }

    /// The output without a tape, one σ per row.
    public func callAsFunction(_ x: Tensor, sigmas: Tensor) -> Tensor {
        let s = scalings(sigmas)
        return x * s.skip + network(Tensor.concatenate([x * s.input, s.embedded], alongAxis: 1)) * s.output
    }

    /// The output for a batch at one noise level.
    public func denoise(_ x: Tensor, sigma: Double) -> Tensor { self(x, sigmas: Tensor.full([x.rowCount], Float(sigma))) }
}
// end listing
