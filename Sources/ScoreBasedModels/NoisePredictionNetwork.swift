import Foundation
import NeuralLayers

/// A time-conditional network ε̂(x, t) that predicts the noise in
/// x_t = α(t)x₀ + σ(t)ε for one forward SDE, which it owns. The score follows as
/// s(x, t) = −ε̂(x, t)/σ(t) (the noise-prediction parametrisation): the network's
/// output stays of order one at every t, while the score grows like 1/σ(t) as t → 0.
///
/// Input: x concatenated with a sinusoidal embedding of t; an MLP with SiLU.
public final class NoisePredictionNetwork: Layer, ScoreModel {
    public let sde: any ForwardSDE
    public let embedding: SinusoidalEmbedding
    public let network: MLP
    public let dataDimension: Int
    /// When set, the output is ε̂_G(x, t) + MLP(x, t), where ε̂_G is the exact answer for
    /// Gaussian data N(0, vI) with this second moment v per coordinate:
    ///   ε̂_G(x, t) = σ(t)·x / (α(t)²v + σ(t)²).
    /// The MLP then learns only how the data differ from a Gaussian. At large t, where
    /// p_t is nearly Gaussian and β(t) is large, that residual is small, and so are its
    /// errors — which matters for likelihoods, where the score's divergence at large t
    /// is multiplied by g(t)² = β(t).
    public let gaussianPartSecondMoment: Double?

    /// - Parameters:
    ///   - timeScale: t ∈ [0, 1] is multiplied by this before the sinusoidal embedding
    ///     (1,000 follows DDPM, whose steps are numbered 0…1,000).
    public init(sde: any ForwardSDE, dataDimension: Int = 2, hidden: Int = 128, hiddenLayers: Int = 3,
                embeddingDimension: Int = 16, timeScale: Float = 1_000, maximumPeriod: Float = 10_000,
                gaussianPartSecondMoment: Double? = nil, name: String = "epsilon", using generator: inout RandomGenerator) {
        self.sde = sde
        self.dataDimension = dataDimension
        self.gaussianPartSecondMoment = gaussianPartSecondMoment
        embedding = SinusoidalEmbedding(dimension: embeddingDimension, maximumPeriod: maximumPeriod, inputScale: timeScale)
        network = MLP(sizes: [dataDimension + embeddingDimension] + Array(repeating: hidden, count: hiddenLayers) + [dataDimension],
                      activation: .silu, name: name, using: &generator)
    }

    public var parameters: [Parameter] { network.parameters }

    /// ε̂ for a batch recorded on a tape (training, divergences). `times` is `[n]` or `[n, 1]`.
    public func callAsFunction(_ x: Variable, times: Tensor) -> Variable {
        let residual = network(Variable.concatenate([x, x.tape.constant(embedding(times))], alongAxis: 1))
        guard let factors = gaussianPartFactors(times) else { return residual }
        return residual + x * factors
    }

    /// ε̂ without a tape (sampling).
    public func callAsFunction(_ x: Tensor, times: Tensor) -> Tensor {
        let residual = network(Tensor.concatenate([x, embedding(times)], alongAxis: 1))
        guard let factors = gaussianPartFactors(times) else { return residual }
        return residual + x * factors
    }

    /// ε̂ with one time for the whole batch.
    public func callAsFunction(_ x: Tensor, time: Double) -> Tensor {
        self(x, times: Tensor.full([x.rowCount], Float(time)))
    }

    /// σ/(α²v + σ²) per row, `[n, 1]`, or nil without a Gaussian part.
    func gaussianPartFactors(_ times: Tensor) -> Tensor? {
        guard let v = gaussianPartSecondMoment else { return nil }
        return times.reshaped([times.count, 1]).map { t in
            let alpha = sde.meanScale(Double(t)), sigma = sde.noiseStandardDeviation(Double(t))
            return Float(sigma / (alpha * alpha * v + sigma * sigma))
        }
    }

    /// The score s(x, t) = −ε̂(x, t)/σ(t).
    public func score(_ x: Tensor, at t: Double) -> Tensor {
        self(x, time: t) * Float(-1 / sde.noiseStandardDeviation(t))
    }
}
