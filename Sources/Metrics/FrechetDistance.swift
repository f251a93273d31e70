import Foundation
import TensorCore

/// The first two moments of a d-dimensional distribution, in double precision: the
/// summary that the Fréchet distance compares.
public struct GaussianMoments: Sendable {
    /// μ, of length d.
    public let mean: [Double]
    /// Σ, d×d, symmetric positive semi-definite.
    public let covariance: Matrix

    public var dimension: Int { mean.count }

    /// Known moments (e.g. of a Gaussian given in closed form).
    public init(mean: [Double], covariance: Matrix) {
        require(covariance.rows == mean.count && covariance.columns == mean.count,
                "Moments of dimension \(mean.count) need a \(mean.count)×\(mean.count) covariance, got \(covariance.rows)×\(covariance.columns).")
        self.mean = mean
        self.covariance = covariance
    }

    /// The sample mean and the unbiased sample covariance (divisor n − 1) of the rows of
    /// an `[n, d]` tensor — the convention of FID (Heusel et al., 2017).
    ///
    /// The Float32 rows are widened to Double before anything is summed: a covariance
    /// accumulated in single precision loses digits exactly where the Fréchet distance
    /// needs them, in the small eigenvalues that its matrix square root amplifies.
    public init(fitting rows: Tensor) {
        require(rows.rank == 2 && rows.rowCount >= 2,
                "Fitting moments needs an [n, d] tensor with n ≥ 2 rows, got shape \(rows.shape).")
        let n = rows.rowCount, d = rows.columnCount
        var centred = Matrix(rows)
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += centred[i, j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        for i in 0..<n { for j in 0..<d { centred[i, j] -= mean[j] } }
        let scatter = (1 / Double(n - 1)) * (centred.transposed * centred)
        // The product is symmetric in exact arithmetic; averaging with its transpose makes it
        // symmetric to the last bit, so both triangles tell the eigensolver the same thing.
        self.init(mean: mean, covariance: 0.5 * (scatter + scatter.transposed))
    }
}

/// The Fréchet distance between two distributions summarised by their means and
/// covariances (Fréchet, 1957; Dowson & Landau, 1982): the squared 2-Wasserstein
/// distance between the Gaussians with those moments,
///
///   d² = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}.
///
/// On the features of an image classifier it is the FID (Heusel et al., 2017), which
/// is reported as d² itself, not d; so are the values returned here.
public enum FrechetDistance {
    /// The two parts of d², which answer different questions: the mean term is how far
    /// apart the clouds sit (location), the covariance term how differently they spread
    /// (it is the squared Bures distance between Σ₁ and Σ₂, zero only when Σ₁ = Σ₂).
    public struct Terms: Sendable, Equatable {
        /// ‖μ₁ − μ₂‖².
        public let meanTerm: Double
        /// tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}, never negative.
        public let covarianceTerm: Double
        /// The covariance term as computed, before values that rounding pushed below zero
        /// (within `roundingTolerance`) are set to 0: what a test of the arithmetic inspects.
        public let unclampedCovarianceTerm: Double
        /// d² = mean term + covariance term.
        public var squaredDistance: Double { meanTerm + covarianceTerm }
    }

    /// d² between two sets of moments.
    public static func between(_ first: GaussianMoments, _ second: GaussianMoments) throws -> Double {
        try terms(first, second).squaredDistance
    }

    /// d² between the fitted moments of two `[n, d]` and `[m, d]` samples. With finite
    /// samples it is biased upwards, by about c/n (see `extrapolatedToInfiniteSamples`),
    /// so compare only values measured with the same sample sizes.
    public static func between(_ first: Tensor, _ second: Tensor) throws -> Double {
        try between(GaussianMoments(fitting: first), GaussianMoments(fitting: second))
    }

    /// The mean and covariance terms of d² between the fitted moments of two samples.
    public static func terms(_ first: Tensor, _ second: Tensor) throws -> Terms {
        try terms(GaussianMoments(fitting: first), GaussianMoments(fitting: second))
    }

    // listing: frechet-distance
    /// The mean and covariance terms of d².
    ///
    /// The trace of the square root is taken in the symmetric form M = Σ₁^{1/2} Σ₂ Σ₁^{1/2}
    /// (which has the eigenvalues of Σ₁Σ₂): M is symmetric positive semi-definite, so its
    /// eigenvalues are real and non-negative and tr √M = Σᵢ √λᵢ(M). The product Σ₁Σ₂ itself
    /// is not symmetric, and a general matrix square root of it can come back complex
    /// from rounding alone.
    ///
    /// - Throws: `LinearAlgebraError` if an eigendecomposition fails to converge.
    public static func terms(_ first: GaussianMoments, _ second: GaussianMoments) throws -> Terms {
        require(first.dimension == second.dimension,
                "A Fréchet distance needs moments of one dimension, got \(first.dimension) and \(second.dimension).")
        let meanTerm = zip(first.mean, second.mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let firstRoot = try checkedSpectrum(first.covariance, name: "the first covariance")
            .reconstructed { $0 > 0 ? $0.squareRoot() : 0 }
        _ = try checkedSpectrum(second.covariance, name: "the second covariance")
        let product = firstRoot * second.covariance * firstRoot
        let eigenvalues = try SymmetricEigendecomposition(0.5 * (product + product.transposed)).values
        // Eigenvalues of a PSD matrix that rounding pushed below zero are zero.
        let traceOfRoot = eigenvalues.reduce(0) { $0 + ($1 > 0 ? $1.squareRoot() : 0) }
        let traces = first.covariance.trace + second.covariance.trace
        let covarianceTerm = traces - 2 * traceOfRoot
        let tolerance = roundingTolerance(dimension: first.dimension, largestEigenvalue: eigenvalues.last ?? 0, traces: traces)
        require(covarianceTerm >= -tolerance,
                "The Fréchet covariance term is \(covarianceTerm), below the rounding tolerance −\(tolerance): a covariance is not positive semi-definite.")
        return Terms(meanTerm: meanTerm, covarianceTerm: Swift.max(covarianceTerm, 0), unclampedCovarianceTerm: covarianceTerm)
    }
    // end listing

    /// How far below zero rounding alone can push the covariance term.
    ///
    /// The eigenvalues of M come out of LAPACK with absolute errors up to about d·ε·‖M‖
    /// (ε = 2⁻⁵², the double-precision machine epsilon), and a square root turns an error δ on an
    /// eigenvalue near zero into an error √δ. So tr √M is known only to about
    /// d·√(d·ε·‖M‖), and twice that (the factor 2 in d²), plus the rounding of the two
    /// traces, is the slack below zero that is still "zero". This matters when the
    /// covariances are singular — fewer samples than dimensions, or a feature that is
    /// constant — and the distance of a sample to itself then comes out at about −10⁻⁸
    /// instead of 0. A value further below zero is not rounding and stops the program.
    static func roundingTolerance(dimension: Int, largestEigenvalue: Double, traces: Double) -> Double {
        let d = Double(dimension), epsilon = Double.ulpOfOne
        return 2 * d * (d * epsilon * Swift.max(largestEigenvalue, 0)).squareRoot() + 8 * d * epsilon * traces
    }

    /// The eigendecomposition of Σ, after checking that Σ is positive semi-definite up to
    /// rounding (its most negative eigenvalue within 10⁻¹⁰ of its largest in size).
    static func checkedSpectrum(_ covariance: Matrix, name: String) throws -> SymmetricEigendecomposition {
        let decomposition = try SymmetricEigendecomposition(covariance)
        let largest = decomposition.values.map(Swift.abs).max() ?? 0
        require((decomposition.values.first ?? 0) >= -1e-10 * largest,
                "A Fréchet distance needs positive semi-definite covariances; \(name) has eigenvalue \(decomposition.values.first ?? 0).")
        return decomposition
    }
}
