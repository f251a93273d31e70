import Foundation
import TensorCore
import Distributions

extension LinearGaussianLatentModel {
    /// K log-weights log p(x, zₖ) − log q(zₖ) for draws zₖ ~ q, in double precision.
    public func logImportanceWeights(_ x: [Double], proposal q: Gaussian, samples: Int,
                                     using generator: inout RandomGenerator) -> [Double] {
        require(samples >= 1, "Importance weighting needs at least one sample, got \(samples).")
        return (0..<samples).map { _ in
            let z = q.sample(using: &generator)
            return logJoint(x, z) - q.logDensity(at: z)
        }
    }

    /// `repeats` independent values of the K-sample bound log (1/K) Σₖ p(x, zₖ)/q(zₖ) for
    /// one data point: their mean estimates L_K(x), and its standard error is the Monte
    /// Carlo error alone (the data point is fixed).
    public func importanceWeightedBound(_ x: [Double], proposal q: Gaussian, samples: Int, repeats: Int,
                                        using generator: inout RandomGenerator) -> ImportanceWeightedEstimate {
        require(repeats >= 2, "An importance-weighted estimate needs at least two repeats for a standard error, got \(repeats).")
        return ImportanceWeighting.bound(logWeights: (0..<repeats).map { _ in
            logImportanceWeights(x, proposal: q, samples: samples, using: &generator)
        })
    }

    // listing: importance-weight-variance
    /// The relative variance of the importance weight w = p(x, z)/q(z) under z ~ q,
    /// Var_q(w)/p(x)² = E_q[(p(z | x)/q(z))²] − 1, the χ² divergence of p(z | x) from q, in
    /// closed form; `.infinity` when the second moment diverges (q's tails too light).
    ///
    /// With Σ_p, m_p the posterior's covariance and mean and Σ_q, m_q those of q, δ = m_q − m_p,
    /// P = 2Σ_p⁻¹ − Σ_q⁻¹ and h = −Σ_q⁻¹δ, a Gaussian integral gives
    ///
    ///   log ∫ p(z | x)²/q(z) dz = −log det Σ_p + ½ log det Σ_q − ½ log det P + ½hᵀP⁻¹h + ½δᵀΣ_q⁻¹δ,
    ///
    /// finite iff P is positive definite. It predicts the IWAE gap: log p(x) − L_K ≈ χ²/(2K)
    /// for large K (the delta method, Maddison et al. 2017), and the variance of the K = 1
    /// weights that makes small K so biased.
    public func importanceWeightRelativeVariance(_ x: [Double], proposal q: Gaussian) -> Double {
        let target = posterior(x)
        let p = 2 * target.precision - q.precision
        guard let factor = try? p.cholesky() else { return .infinity }
        let k = latentDimension
        let delta = zip(q.mean, target.mean).map { $0 - $1 }
        let h = (0..<k).map { i in -(0..<k).reduce(0) { $0 + q.precision[i, $1] * delta[$1] } }
        // Cannot throw: P has just been factorised.
        let solved = try! p.choleskySolve(Matrix(rows: k, columns: 1, elements: h))
        let logDeterminantP = (0..<k).reduce(0) { $0 + 2 * Foundation.log(factor[$1, $1]) }
        let quadraticH = (0..<k).reduce(0) { $0 + h[$1] * solved[$1, 0] }
        let quadraticDelta = -(0..<k).reduce(0) { $0 + delta[$1] * h[$1] }
        let logSecondMoment = -target.logDeterminant + 0.5 * q.logDeterminant - 0.5 * logDeterminantP
            + 0.5 * quadraticH + 0.5 * quadraticDelta
        return Foundation.expm1(logSecondMoment)
    }
    // end listing

    /// `count` data points drawn by the generative story z ~ N(0, I), x = Wz + b + σε.
    public func sampleData(_ count: Int, using generator: inout RandomGenerator) -> [[Double]] {
        let standardDeviation = components.noiseVariance.squareRoot()
        return (0..<count).map { _ in
            let z = prior.sample(using: &generator)
            return decoderMean(z).map { $0 + standardDeviation * generator.normalDouble() }
        }
    }
}
