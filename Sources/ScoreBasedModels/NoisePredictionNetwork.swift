import Foundation
import NeuralLayers

/// A time-conditional network ε̂(x, t) that predicts the noise in
/// x_t = α(t)x₀ + σ(t)ε. The score follows from it as s(x, t) = −ε̂(x, t)/σ(t)
/// (the noise-prediction parametrisation): the network's output stays of
/// order one at every t, while the score itself grows like 1/σ(t) as t → 0.
///
/// Input: x concatenated with a sinusoidal embedding of t; an MLP with SiLU.
public final class NoisePredictionNetwork: Layer {
    public let embedding: SinusoidalEmbedding
    public let network: MLP
    public let dataDimension: Int

    public init(dataDimension: Int = 2, hidden: Int = 128, hiddenLayers: Int = 3, embeddingDimension: Int = 16,
                name: String = "epsilon", using generator: inout RandomGenerator) {
        self.dataDimension = dataDimension
        embedding = SinusoidalEmbedding(dimension: embeddingDimension)
        network = MLP(sizes: [dataDimension + embeddingDimension] + Array(repeating: hidden, count: hiddenLayers) + [dataDimension],
                      activation: .silu, name: name, using: &generator)
    }

    public var parameters: [Parameter] { network.parameters }

    /// ε̂ for a batch recorded on a tape (training, divergences). `times` is `[n]` or `[n, 1]`.
    public func callAsFunction(_ x: Variable, times: Tensor) -> Variable {
        network(Variable.concatenate([x, x.tape.constant(embedding(times))], alongAxis: 1))
    }

    /// ε̂ without a tape (sampling).
    public func callAsFunction(_ x: Tensor, times: Tensor) -> Tensor {
        network(Tensor.concatenate([x, embedding(times)], alongAxis: 1))
    }

    /// ε̂ with one time for the whole batch.
    public func callAsFunction(_ x: Tensor, time: Double) -> Tensor {
        self(x, times: Tensor.full([x.rowCount], Float(time)))
    }

    /// The score s(x, t) = −ε̂(x, t)/σ(t) under `sde`.
    public func score(_ x: Tensor, time: Double, sde: some ForwardSDE) -> Tensor {
        self(x, time: time) * Float(-1 / sde.noiseStandardDeviation(time))
    }
}
