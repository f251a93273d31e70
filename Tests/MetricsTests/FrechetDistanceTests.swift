import Foundation
import Testing
import Metrics
import Statistics
import TensorCore

/// The Fréchet distance against closed forms that need no matrix square root.
@Suite struct FrechetDistanceClosedFormTests {
    /// In one dimension the Gaussians' W₂² is (μ₁ − μ₂)² + (σ₁ − σ₂)².
    @Test func oneDimensionalGaussians() throws {
        for (m1, s1, m2, s2) in [(0.0, 1.0, 0.0, 1.0), (1.5, 0.5, -0.5, 2.0), (3.0, 0.1, 3.0, 4.0), (0.0, 0.0, 1.0, 1.0)] {
            let distance = try FrechetDistance.between(GaussianMoments(mean: [m1], covariance: Matrix(rows: [[s1 * s1]])),
                                                       GaussianMoments(mean: [m2], covariance: Matrix(rows: [[s2 * s2]])))
            let expected = (m1 - m2) * (m1 - m2) + (s1 - s2) * (s1 - s2)
            #expect(abs(distance - expected) < 1e-12 * max(1, expected), "N(\(m1), \(s1)²) vs N(\(m2), \(s2)²)")
        }
    }

    /// Covariances that commute (here diagonal) have a common eigenbasis, so the trace
    /// term splits per axis: ‖μ₁ − μ₂‖² + Σᵢ (√aᵢ − √bᵢ)².
    @Test func diagonalCovariances() throws {
        let a = [0.5, 2.0, 1.0, 9.0], b = [2.0, 2.0, 0.25, 1.0]
        let first = GaussianMoments(mean: [0, 1, 2, 3], covariance: .diagonal(a))
        let second = GaussianMoments(mean: [1, 1, 0, 3], covariance: .diagonal(b))
        let expected = 5.0 + zip(a, b).reduce(0) { $0 + pow($1.0.squareRoot() - $1.1.squareRoot(), 2) }
        let terms = try FrechetDistance.terms(first, second)
        #expect(terms.meanTerm == 5)
        #expect(abs(terms.squaredDistance - expected) < 1e-12 * expected)
    }

    /// Two covariances that do not commute, against the 2×2 identity
    /// tr √M = √(tr M + 2√det M) for a PSD 2×2 M (its eigenvalues λ₁, λ₂ give
    /// (√λ₁ + √λ₂)² = tr M + 2√det M). With M = Σ₁^{1/2}Σ₂Σ₁^{1/2}, tr M = tr Σ₁Σ₂ and
    /// det M = det Σ₁ det Σ₂, so the reference needs only products and scalar roots.
    @Test func nonCommutingTwoByTwoCovariances() throws {
        for (first, second) in Self.nonCommutingPairs {
            let expected = Self.closedForm(first, second)
            let measured = try FrechetDistance.between(first, second)
            #expect(abs(measured - expected) < 1e-12 * max(1, expected), "\(measured) vs \(expected)")
        }
    }

    /// Four plausible wrong implementations, each rejected by the closed form by far more
    /// than the tolerance above; the first (Σ₁^{1/2}Σ₂^{1/2}, correct only for commuting
    /// covariances) even passes the diagonal test, which is why the non-commuting case exists.
    /// The elementwise root of Σ₁Σ₂ can also come out NaN (a negative diagonal entry),
    /// which counts as rejected.
    @Test func plausibleWrongFormulasAreRejected() throws {
        func covarianceTerm(_ a: Matrix, _ b: Matrix, traceOfRoot: Double, factor: Double = 2) -> Double {
            a.trace + b.trace - factor * traceOfRoot
        }
        func meanTerm(_ a: GaussianMoments, _ b: GaussianMoments) -> Double {
            zip(a.mean, b.mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        for (first, second) in Self.nonCommutingPairs {
            let (a, b) = (first.covariance, second.covariance)
            let expected = Self.closedForm(first, second)
            let rootA = try a.symmetricSquareRoot(), rootB = try b.symmetricSquareRoot()
            let rootOfM = try (rootA * b * rootA).symmetricSquareRoot()
            let productOfRoots = meanTerm(first, second) + covarianceTerm(a, b, traceOfRoot: (rootA * rootB).trace)
            let elementwiseRoot = meanTerm(first, second) + covarianceTerm(a, b, traceOfRoot: (0..<2).reduce(0) { $0 + (a * b)[$1, $1].squareRoot() })
            let rootOfTrace = meanTerm(first, second) + covarianceTerm(a, b, traceOfRoot: (a * b).trace.squareRoot())
            let missingFactorTwo = meanTerm(first, second) + covarianceTerm(a, b, traceOfRoot: rootOfM.trace, factor: 1)
            let wrongFormulas = [("Σ₁^½Σ₂^½", productOfRoots), ("elementwise √(Σ₁Σ₂)", elementwiseRoot),
                                 ("√tr(Σ₁Σ₂)", rootOfTrace), ("factor 1", missingFactorTwo)]
            for (name, wrong) in wrongFormulas {
                #expect(!(abs(wrong - expected) < 1e-3), "\(name) should be rejected: \(wrong) vs \(expected)")
            }
        }
        // On commuting covariances the product of roots is right, so only the general case rejects it.
        let diagonalA = Matrix.diagonal([0.5, 2]), diagonalB = Matrix.diagonal([2, 0.25])
        let shortcut = diagonalA.trace + diagonalB.trace - 2 * (try diagonalA.symmetricSquareRoot() * diagonalB.symmetricSquareRoot()).trace
        let library = try FrechetDistance.between(GaussianMoments(mean: [0, 0], covariance: diagonalA), GaussianMoments(mean: [0, 0], covariance: diagonalB))
        #expect(abs(shortcut - library) < 1e-12)
    }

    static let nonCommutingPairs: [(GaussianMoments, GaussianMoments)] = [
        (GaussianMoments(mean: [0, 0], covariance: Matrix(rows: [[2, 0.9], [0.9, 1]])),
         GaussianMoments(mean: [1, -1], covariance: Matrix(rows: [[1, -0.6], [-0.6, 3]]))),
        (GaussianMoments(mean: [0.3, 0], covariance: Matrix(rows: [[1, 0], [0, 0.01]])),
         GaussianMoments(mean: [0, 0], covariance: Matrix(rows: [[0.5, 0.49], [0.49, 0.5]]))),   // a near-singular Σ₂
        (GaussianMoments(mean: [0, 0], covariance: Matrix(rows: [[4, 1.9], [1.9, 1]])),
         GaussianMoments(mean: [0, 0], covariance: Matrix(rows: [[4, -1.9], [-1.9, 1]]))),
    ]

    /// d² from the 2×2 identity, with no matrix square root.
    static func closedForm(_ first: GaussianMoments, _ second: GaussianMoments) -> Double {
        let (a, b) = (first.covariance, second.covariance)
        func determinant(_ m: Matrix) -> Double { m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0] }
        let traceOfProduct = a[0, 0] * b[0, 0] + a[0, 1] * b[1, 0] + a[1, 0] * b[0, 1] + a[1, 1] * b[1, 1]
        let traceOfRoot = (traceOfProduct + 2 * (determinant(a) * determinant(b)).squareRoot()).squareRoot()
        let meanTerm = pow(first.mean[0] - second.mean[0], 2) + pow(first.mean[1] - second.mean[1], 2)
        return meanTerm + a.trace + b.trace - 2 * traceOfRoot
    }
}

/// The sample Fréchet distance: fitted moments, rounding, symmetry.
@Suite struct SampleFrechetDistanceTests {
    /// The unbiased covariance (divisor n − 1) and the mean, against a hand computation.
    @Test func fittedMomentsUseTheUnbiasedCovariance() {
        let moments = GaussianMoments(fitting: Tensor(rows: [[0, 1], [2, 1], [4, 4]]))
        #expect(moments.mean == [2, 2])
        // Deviations (−2, −1), (0, −1), (2, 2): sums of products 8, 6, 6 over n − 1 = 2.
        #expect(moments.covariance.maximumAbsoluteDifference(to: Matrix(rows: [[4, 3], [3, 3]])) < 1e-12)
    }

    /// A sample against itself is at distance 0 up to rounding, never negative — also
    /// when there are fewer points than dimensions and the covariance is singular, the
    /// case where the square root amplifies rounding and the clamp is needed.
    @Test func aSampleIsAtDistanceZeroFromItself() throws {
        var generator = RandomGenerator(seed: 11)
        let mixing = Tensor.normal([10, 10], using: &generator)
        let full = Tensor.matmul(Tensor.normal([300, 10], using: &generator), mixing)
        let fullTerms = try FrechetDistance.terms(full, full)
        #expect(fullTerms.meanTerm == 0)
        #expect(fullTerms.covarianceTerm >= 0 && fullTerms.covarianceTerm < 1e-9 * GaussianMoments(fitting: full).covariance.trace)
        let singular = Tensor.normal([20, 64], using: &generator)   // rank 19 in 64 dimensions
        let singularDistance = try FrechetDistance.between(singular, singular)
        #expect(singularDistance >= 0 && singularDistance < 1e-5, "\(singularDistance)")
    }

    @Test func theDistanceIsSymmetric() throws {
        var generator = RandomGenerator(seed: 12)
        let first = Tensor.matmul(Tensor.normal([200, 8], using: &generator), Tensor.normal([8, 8], using: &generator))
        let second = Tensor.normal([150, 8], mean: 0.3, using: &generator)
        let forward = try FrechetDistance.between(first, second), backward = try FrechetDistance.between(second, first)
        #expect(abs(forward - backward) < 1e-10 * forward)
    }

    /// Mean and covariance parts of the fitted moments of two different samples add up to
    /// d², and a pure shift shows up only in the mean term.
    @Test func aShiftMovesOnlyTheMeanTerm() throws {
        var generator = RandomGenerator(seed: 13)
        let sample = Tensor.normal([400, 3], using: &generator)
        let terms = try FrechetDistance.terms(sample, sample + Tensor([1, -2, 0.5]))
        #expect(abs(terms.meanTerm - 5.25) < 1e-5)
        #expect(terms.covarianceTerm < 1e-9)
    }
}
