import Foundation
import TensorCore

/// Probabilistic PCA (Tipping & Bishop, 1999): z ~ N(0, I_k), x = Wz + μ + ε with
/// ε ~ N(0, σ²I_d), so that x ~ N(μ, C) with C = WWᵀ + σ²I. All functions take the
/// sample covariance S of the data (centred by μ, their mean, which is μ's ML value).
public struct ProbabilisticPCA: Sendable {
    /// W, d × k.
    public var loadings: Matrix
    /// σ².
    public var noiseVariance: Double

    public init(loadings: Matrix, noiseVariance: Double) {
        self.loadings = loadings
        self.noiseVariance = noiseVariance
    }

    public var dimension: Int { loadings.rows }
    public var latentDimension: Int { loadings.columns }

    /// The maximum-likelihood model in closed form: with the eigenvalues of S sorted
    /// λ₁ ≥ … ≥ λ_d and U_k the top-k eigenvectors,
    ///
    ///   σ²_ML = (1/(d − k)) Σ_{j>k} λⱼ,   W_ML = U_k (Λ_k − σ²_ML I)^{1/2} R,
    ///
    /// for any rotation R (the likelihood depends on W only through WWᵀ); this returns R = I.
    public static func maximumLikelihood(covariance: Matrix, latentDimension k: Int) throws -> ProbabilisticPCA {
        let d = covariance.rows
        precondition(k >= 1 && k < d, "PPCA needs 1 ≤ k < d, got k = \(k), d = \(d).")
        let eigen = try SymmetricEigendecomposition(covariance)          // ascending eigenvalues
        let descending = Array(eigen.values.reversed())
        let noise = descending[k...].reduce(0, +) / Double(d - k)
        let loadings = Matrix(rows: d, columns: k, elements: (0..<d).flatMap { i in
            (0..<k).map { j in eigen.vectors[i, d - 1 - j] * Swift.max(descending[j] - noise, 0).squareRoot() } })
        return ProbabilisticPCA(loadings: loadings, noiseVariance: noise)
    }

    /// The average log-likelihood per data point, −½[d log 2π + log det C + tr(C⁻¹S)].
    public func logLikelihood(covariance: Matrix) throws -> Double {
        let c = loadings * loadings.transposed + noiseVariance * Matrix.identity(dimension)
        let trace = try c.choleskySolve(covariance).trace
        return -0.5 * (Double(dimension) * Foundation.log(2 * Double.pi) + (try c.logDeterminantPositiveDefinite()) + trace)
    }

    // listing: ppca-em
    /// One EM update (Tipping & Bishop, 1999, eqs. 29–30), written with S so that each
    /// step costs O(d²k) whatever the number of data points. With M = WᵀW + σ²I:
    ///
    ///   W ← SW (σ²I + M⁻¹WᵀSW)⁻¹,   σ² ← tr(S − SW M⁻¹ W_newᵀ) / d.
    ///
    /// The likelihood never decreases, and its fixed points are the stationary points
    /// of the likelihood, among them the closed-form optimum.
    public func expectationMaximizationStep(covariance s: Matrix) throws -> ProbabilisticPCA {
        let identity = Matrix.identity(latentDimension)
        let m = loadings.transposed * loadings + noiseVariance * identity             // k × k
        let sw = s * loadings                                                          // S W
        let mInverseWtSW = try m.choleskySolve(loadings.transposed * sw)               // M⁻¹ Wᵀ S W
        let newLoadings = sw * (try (noiseVariance * identity + mInverseWtSW).inverse())
        let newNoise = (s - sw * (try m.choleskySolve(newLoadings.transposed))).trace / Double(dimension)
        return ProbabilisticPCA(loadings: newLoadings, noiseVariance: newNoise)
    }
    // end listing

    /// A deliberately wrong EM update, for comparison: σ²I left out of W's update,
    /// W ← SW(M⁻¹WᵀSW)⁻¹. Its fixed points get σ² and W's lengths wrong.
    public func expectationMaximizationStepWithoutNoiseTerm(covariance s: Matrix) throws -> ProbabilisticPCA {
        let m = loadings.transposed * loadings + noiseVariance * Matrix.identity(latentDimension), sw = s * loadings
        let newLoadings = sw * (try (try m.choleskySolve(loadings.transposed * sw)).inverse())
        return ProbabilisticPCA(loadings: newLoadings, noiseVariance: (s - sw * (try m.choleskySolve(newLoadings.transposed))).trace / Double(dimension))
    }
}
