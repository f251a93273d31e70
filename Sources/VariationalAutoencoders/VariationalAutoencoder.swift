import TensorCore
import Autodiff
import NeuralLayers

/// The ELBO's two terms for a batch, on a tape, per example.
public struct ELBOTerms {
    /// log p(xᵢ | zᵢ) at one reparameterised draw zᵢ ~ q(z | xᵢ), `[n]`: an unbiased
    /// estimate of the expected reconstruction log-likelihood E_q[log p(x | z)].
    public let reconstruction: Variable
    /// KL(q(z | xᵢ) ‖ p(z)) per dimension, `[n, k]`, in closed form.
    public let klPerDimension: Variable
    /// KL(q(z | xᵢ) ‖ p(z)), `[n]`.
    public let kl: Variable

    public init(reconstruction: Variable, klPerDimension: Variable) {
        self.reconstruction = reconstruction
        self.klPerDimension = klPerDimension
        kl = klPerDimension.sum(alongAxis: 1)
    }

    /// ELBO(xᵢ) = reconstruction − KL, `[n]`.
    public var elbo: Variable { reconstruction - kl }
}

/// A variational autoencoder (Kingma & Welling 2014; Rezende et al. 2014): a latent
/// variable model p(x, z) = p(z) p(x | z) with prior p(z) = N(0, I) and a decoder network
/// giving p(x | z), fitted by maximising the evidence lower bound
///
///   log p(x) ≥ ELBO(x) = E_q[log p(x | z)] − KL(q(z | x) ‖ p(z)),
///
/// where an encoder network gives the approximate posterior q(z | x) = N(μ(x), diag σ²(x)).
/// The gap log p(x) − ELBO(x) is KL(q(z | x) ‖ p(z | x)) (`LinearGaussianLatentModel`
/// shows it exactly).
///
/// The encoder and decoder are MLPs of the same shape as chapter 1's autoencoder; the
/// encoder's last layer has 2k outputs, the means and then the log-variances.
public final class VariationalAutoencoder: Layer {
    /// x ↦ [μ(x), log σ²(x)], `[n, 2k]`.
    public let encoder: MLP
    /// z ↦ the parameters of p(x | z) (logits for the digits' binomial law).
    public let decoder: MLP
    /// The law p(x | z) the decoder's outputs parameterise.
    public let likelihood: DecoderLikelihood
    /// k, the dimension of z.
    public let latentSize: Int

    /// - Parameters:
    ///   - hiddenSizes: the encoder's hidden widths, e.g. `[256, 256]`; the decoder mirrors them.
    ///   - likelihood: p(x | z); `.digits` (binomial with 16 trials) for the 8×8 digits.
    public init(dataSize: Int, latentSize: Int, hiddenSizes: [Int], activation: Activation = .silu,
                likelihood: DecoderLikelihood = .digits, using generator: inout RandomGenerator) {
        require(dataSize > 0 && latentSize > 0, "A VAE needs positive data and latent sizes, got \(dataSize) and \(latentSize).")
        encoder = MLP(sizes: [dataSize] + hiddenSizes + [2 * latentSize], activation: activation, name: "encoder", using: &generator)
        decoder = MLP(sizes: [latentSize] + hiddenSizes.reversed() + [dataSize], activation: activation, name: "decoder", using: &generator)
        self.likelihood = likelihood
        self.latentSize = latentSize
    }

    public var parameters: [Parameter] { encoder.parameters + decoder.parameters }
    /// d, the size of a data point.
    public var dataSize: Int { encoder.layers[0].inputSize }

    /// q(z | x) for the rows of `x`, without a tape.
    public func encode(_ x: Tensor) -> DiagonalGaussians {
        require(x.rank == 2 && x.columnCount == dataSize, "The encoder takes [n, \(dataSize)], got \(x.shape).")
        let output = encoder(x)
        return DiagonalGaussians(mean: output.slice(0..<latentSize, alongAxis: 1),
                                 logVariance: output.slice(latentSize..<(2 * latentSize), alongAxis: 1))
    }

    /// The encoder's μ and log σ², each `[n, k]`, on a tape.
    public func encode(_ x: Variable) -> (mean: Variable, logVariance: Variable) {
        let output = encoder(x)
        return (output.slice(0..<latentSize, alongAxis: 1), output.slice(latentSize..<(2 * latentSize), alongAxis: 1))
    }

    /// The decoder's raw outputs (the parameters of p(x | z)) for the rows of `z`.
    public func decoderOutputs(_ z: Tensor) -> Tensor {
        require(z.rank == 2 && z.columnCount == latentSize, "The decoder takes latents [n, \(latentSize)], got \(z.shape).")
        return decoder(z)
    }

    /// E[x | z] in data units, the image to show: for the digits the binomial mean 16p
    /// divided by 16, that is p = σ(logit), in [0, 1].
    public func decode(_ z: Tensor) -> Tensor { likelihood.mean(outputs: decoderOutputs(z)) }

    /// The decoded posterior means, decode(μ(x)), for the rows of `x`.
    public func reconstruct(_ x: Tensor) -> Tensor { decode(encode(x).mean) }

    /// `count` draws from the prior N(0, I), `[count, k]`.
    public func sampleLatents(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        require(count > 0, "Asked for \(count) latent vectors; need at least one.")
        return Tensor.normal([count, latentSize], using: &generator)
    }

    /// `count` prior samples shown as mean images decode(z), z ~ N(0, I). (Drawing x from
    /// p(x | z) as well adds independent pixel noise; see `DecoderLikelihood.sample`.)
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        decode(sampleLatents(count, using: &generator))
    }

    // listing: elbo-terms
    /// The ELBO's terms for the rows of `x` on a tape, with one reparameterised draw
    /// z = μ + σ ⊙ ε per row: the reconstruction log-likelihood log p(x | z) and the KL
    /// from the prior in closed form, so only the first term is estimated.
    public func elboTerms(_ x: Tensor, on tape: Tape, using generator: inout RandomGenerator) -> ELBOTerms {
        require(x.rank == 2 && x.columnCount == dataSize, "The VAE takes [n, \(dataSize)], got \(x.shape).")
        let (mean, logVariance) = encode(tape.constant(x))
        let noise = Tensor.normal(mean.shape, using: &generator)
        let z = Variable.reparameterize(mean: mean, logVariance: logVariance, noise: noise)
        return ELBOTerms(reconstruction: likelihood.logLikelihood(outputs: decoder(z), data: x),
                         klPerDimension: Variable.gaussianKLToStandardNormal(mean: mean, logVariance: logVariance))
    }
    // end listing
}
