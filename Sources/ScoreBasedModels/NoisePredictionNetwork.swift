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
    /// When set, the network is preconditioned around the exact answer for Gaussian data
    /// N(0, vI) with this second moment v per coordinate (Karras et al., 2022, adapted to
    /// noise prediction). With s_t² = α(t)²v (signal) and σ(t)² (noise):
    ///
    ///   ε̂(x, t) = ε̂_G(x, t) + c_out(t)·F(c_in(t)·x, t),
    ///   ε̂_G = σx/(s_t² + σ²),   c_in = 1/√(s_t² + σ²),   c_out = √(s_t²/(s_t² + σ²)).
    ///
    /// The MLP F learns only how the data differ from a Gaussian; c_in gives it inputs of
    /// unit scale at every t. The exact residual is (α/σ)·(E_G[x₀|x] − E[x₀|x]), a difference
    /// of two posterior means, so it vanishes where p_t is nearly Gaussian; c_out scales F
    /// down there. Without c_out, F extrapolates linearly far from the data at large t,
    /// where the probability-flow ODE is neutrally stable and amplifies any error in the
    /// score: a tail point's trajectory then runs away (a 1,500-nat likelihood error, found
    /// with chapter 12's `--seed 2`).
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
        let features = x.tape.constant(embedding(times))
        guard let scales = preconditioning(times) else { return network(Variable.concatenate([x, features], alongAxis: 1)) }
        return network(Variable.concatenate([x * scales.input, features], alongAxis: 1)) * scales.output + x * scales.gaussian
    }

    /// ε̂ without a tape (sampling).
    public func callAsFunction(_ x: Tensor, times: Tensor) -> Tensor { evaluate(x, features: embedding(times), times: times) }

    /// ε̂ with the time embedding already computed.
    func evaluate(_ x: Tensor, features: Tensor, times: Tensor) -> Tensor {
        guard let scales = preconditioning(times) else { return network(Tensor.concatenate([x, features], alongAxis: 1)) }
        return network(Tensor.concatenate([x * scales.input, features], alongAxis: 1)) * scales.output + x * scales.gaussian
    }

    /// c_in, c_out and the Gaussian part's factor σ/(s_t² + σ²), each `[n, 1]`; nil without preconditioning.
    func preconditioning(_ times: Tensor) -> (input: Tensor, output: Tensor, gaussian: Tensor)? {
        guard let v = gaussianPartSecondMoment else { return nil }
        let column = times.reshaped([times.count, 1])
        let signal = column.map { Float(sde.meanScale(Double($0)) * sde.meanScale(Double($0)) * v) }
        let noise = column.map { Float(sde.noiseStandardDeviation(Double($0)) * sde.noiseStandardDeviation(Double($0))) }
        let total = signal + noise
        return (1 / total.sqrt(), (signal / total).sqrt(), noise.sqrt() / total)
    }

    /// ε̂ with one time for the whole batch.
    public func callAsFunction(_ x: Tensor, time: Double) -> Tensor {
        evaluate(x, features: embedding(Float(time), rows: x.rowCount), times: Tensor.full([x.rowCount], Float(time)))
    }

    /// The score s(x, t) = −ε̂(x, t)/σ(t).
    public func score(_ x: Tensor, at t: Double) -> Tensor {
        self(x, time: t) * Float(-1 / sde.noiseStandardDeviation(t))
    }
}
