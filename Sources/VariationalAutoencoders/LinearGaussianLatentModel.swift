import Foundation
import TensorCore
import Distributions
import Autoencoders

/// The ELBO of one data point split into its two terms, in nats.
public struct EvidenceLowerBound: Sendable, Equatable {
    /// E_q[log p(x | z)].
    public let reconstruction: Double
    /// KL(q(z | x) ‖ p(z)).
    public let kl: Double
    /// reconstruction − KL.
    public var value: Double { reconstruction - kl }
}

/// A latent-variable model in which everything a VAE only bounds is exact: probabilistic
/// PCA (Tipping & Bishop 1999), z ~ N(0, I_k), x = Wz + b + η with η ~ N(0, σ_η²I_d).
///
/// It is chapter 1's `ProbabilisticPCA` (W and σ_η²) with an offset b, and it has
///
/// - the exact evidence p(x) = N(x; b, C), C = WWᵀ + σ_η²I;
/// - the exact posterior p(z | x) = N(M⁻¹Wᵀ(x − b), σ_η²M⁻¹), M = WᵀW + σ_η²I_k;
/// - the ELBO of any Gaussian q(z) = N(m, S) in closed form (`evidenceLowerBound`);
/// - the gap KL(q ‖ p(z | x)) in closed form (`posteriorGap`),
///
/// each computed by its own route, so that log p(x) = ELBO + gap is a check with three
/// independent sides rather than an identity; and importance weights with an exact target
/// for the IWAE bound.
public struct LinearGaussianLatentModel: Sendable {
    /// W (d × k) and σ_η².
    public let components: ProbabilisticPCA
    /// b, the data mean.
    public let offset: [Double]
    /// p(x) = N(b, WWᵀ + σ_η²I).
    public let marginal: Gaussian
    /// p(z) = N(0, I_k).
    public let prior: Gaussian
    /// M⁻¹Wᵀ (k × d), mapping x − b to the posterior mean.
    let posteriorMeanMap: Matrix
    /// σ_η²M⁻¹, the posterior covariance (the same for every x).
    let posteriorCovariance: Matrix

    public init(_ components: ProbabilisticPCA, offset: [Double]) {
        require(offset.count == components.dimension, "The offset needs \(components.dimension) entries, got \(offset.count).")
        require(components.noiseVariance > 0, "A linear-Gaussian model needs a positive noise variance, got \(components.noiseVariance).")
        self.components = components
        self.offset = offset
        let (w, noise) = (components.loadings, components.noiseVariance)
        marginal = Gaussian(mean: offset, covariance: w * w.transposed + noise * Matrix.identity(components.dimension))
        prior = Gaussian.standard(dimension: components.latentDimension)
        let m = w.transposed * w + noise * Matrix.identity(components.latentDimension)
        // Cannot throw: M = WᵀW + σ_η²I is positive definite for σ_η² > 0.
        posteriorMeanMap = try! m.choleskySolve(w.transposed)
        posteriorCovariance = noise * (try! m.choleskySolve(Matrix.identity(components.latentDimension)))
    }

    /// The model with loadings W, offset b and noise variance σ_η².
    public init(loadings: Matrix, offset: [Double], noiseVariance: Double) {
        self.init(ProbabilisticPCA(loadings: loadings, noiseVariance: noiseVariance), offset: offset)
    }

    /// The maximum-likelihood model for the rows of `data`: b the data mean and W, σ_η² in
    /// closed form from the sample covariance (`ProbabilisticPCA.maximumLikelihood`).
    public static func maximumLikelihood(fittedTo data: Tensor, latentDimension: Int) throws -> LinearGaussianLatentModel {
        let x = Matrix(data), n = Double(data.rowCount)
        let mean = (0..<x.columns).map { j in (0..<x.rows).reduce(0) { $0 + x[$1, j] } / n }
        let centred = Matrix(rows: x.rows, columns: x.columns, elements: x.elements.enumerated().map { $1 - mean[$0 % x.columns] })
        let covariance = (1 / n) * (centred.transposed * centred)
        return LinearGaussianLatentModel(try ProbabilisticPCA.maximumLikelihood(covariance: covariance, latentDimension: latentDimension),
                                         offset: mean)
    }

    /// d.
    public var dataDimension: Int { components.dimension }
    /// k.
    public var latentDimension: Int { components.latentDimension }

    /// Wz + b.
    func decoderMean(_ z: [Double]) -> [Double] {
        let w = components.loadings
        return (0..<dataDimension).map { i in (0..<latentDimension).reduce(offset[i]) { $0 + w[i, $1] * z[$1] } }
    }

    /// The exact log-evidence log p(x) = log N(x; b, WWᵀ + σ_η²I).
    public func logMarginalLikelihood(_ x: [Double]) -> Double { marginal.logDensity(at: x) }

    /// log p(x | z) = −½d log(2πσ_η²) − ‖x − Wz − b‖²/(2σ_η²).
    public func logLikelihood(_ x: [Double], given z: [Double]) -> Double {
        let noise = components.noiseVariance
        let squaredResidual = zip(x, decoderMean(z)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return -0.5 * Double(dataDimension) * Foundation.log(2 * Double.pi * noise) - 0.5 * squaredResidual / noise
    }

    /// log p(x, z) = log p(x | z) + log p(z).
    public func logJoint(_ x: [Double], _ z: [Double]) -> Double {
        logLikelihood(x, given: z) + prior.logDensity(at: z)
    }

    /// The exact posterior p(z | x) = N(M⁻¹Wᵀ(x − b), σ_η²M⁻¹) (Tipping & Bishop 1999, eq. 6).
    public func posterior(_ x: [Double]) -> Gaussian {
        require(x.count == dataDimension, "The model's data have \(dataDimension) entries, got \(x.count).")
        let centred = zip(x, offset).map { $0 - $1 }
        let mean = (0..<latentDimension).map { i in (0..<dataDimension).reduce(0) { $0 + posteriorMeanMap[i, $1] * centred[$1] } }
        return Gaussian(mean: mean, covariance: posteriorCovariance)
    }

    // listing: linear-gaussian-elbo
    /// The ELBO of x for q(z) = N(m, S), in closed form term by term:
    ///
    ///   E_q[log p(x | z)] = −½d log(2πσ_η²) − [‖x − b − Wm‖² + tr(WᵀW S)]/(2σ_η²),
    ///   KL(q ‖ N(0, I))   = ½[tr S + ‖m‖² − k − log det S].
    ///
    /// The first uses E‖x − b − Wz‖² = ‖x − b − Wm‖² + tr(W S Wᵀ) for z ~ N(m, S).
    public func evidenceLowerBound(_ x: [Double], approximatePosterior q: Gaussian) -> EvidenceLowerBound {
        require(q.dimension == latentDimension && x.count == dataDimension,
                "The ELBO needs x of length \(dataDimension) and q of dimension \(latentDimension), got \(x.count) and \(q.dimension).")
        let (w, noise, k) = (components.loadings, components.noiseVariance, latentDimension)
        let squaredResidual = zip(x, decoderMean(q.mean)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let spread = (w.transposed * w * q.covariance).trace
        let reconstruction = -0.5 * Double(dataDimension) * Foundation.log(2 * Double.pi * noise) - 0.5 * (squaredResidual + spread) / noise
        let kl = 0.5 * (q.covariance.trace + q.mean.reduce(0) { $0 + $1 * $1 } - Double(k) - q.logDeterminant)
        return EvidenceLowerBound(reconstruction: reconstruction, kl: kl)
    }
    // end listing

    /// The ELBO's gap for q, KL(q ‖ p(z | x)), in closed form (`Gaussian.klDivergence`).
    public func posteriorGap(_ x: [Double], approximatePosterior q: Gaussian) -> Double {
        q.klDivergence(to: posterior(x))
    }
}
