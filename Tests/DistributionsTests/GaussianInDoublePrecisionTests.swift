import Foundation
import Testing
import Distributions
import Statistics
import TensorCore

/// The Gaussian at double-precision points, its single draws, and the KL between two Gaussians.
@Suite struct GaussianInDoublePrecisionTests {
    let first = Gaussian(mean: [1, -0.5, 2], covariance: Matrix(rows: [[1.0, 0.3, -0.2], [0.3, 0.5, 0.1], [-0.2, 0.1, 0.8]]))
    let second = Gaussian(mean: [0.2, 0.4, 1.5], covariance: Matrix(rows: [[0.7, -0.1, 0.0], [-0.1, 0.9, 0.2], [0.0, 0.2, 0.6]]))

    /// At points a Float32 tensor holds exactly, the point and tensor routes agree; the
    /// log-determinant equals the eigenvalues' log-sum.
    @Test func pointDensityMatchesTheTensorRoute() throws {
        var generator = RandomGenerator(seed: 1)
        let points = Tensor.normal([10, 3], using: &generator)
        let viaTensor = first.logDensity(points)
        for row in 0..<10 {
            #expect(abs(first.logDensity(at: (0..<3).map { Double(points[row, $0]) }) - viaTensor[row]) < 1e-12)
        }
        let eigenvalues = try SymmetricEigendecomposition(first.covariance).values
        #expect(abs(first.logDeterminant - eigenvalues.reduce(0) { $0 + log($1) }) < 1e-12)
    }

    /// KL(p ‖ q) in closed form against E_p[log p − log q] over 100 000 single draws, within
    /// four standard errors; KL(p ‖ p) = 0.
    @Test func klDivergenceMatchesMonteCarloWithSingleDraws() {
        var generator = RandomGenerator(seed: 2)
        let logRatios = (0..<100_000).map { _ -> Double in
            let x = first.sample(using: &generator)
            return first.logDensity(at: x) - second.logDensity(at: x)
        }
        let summary = SampleSummary(logRatios)
        let exact = first.klDivergence(to: second)
        #expect(abs(summary.mean - exact) < 4 * summary.standardError, "MC \(summary.mean) ± \(summary.standardError), closed form \(exact)")
        #expect(summary.standardError < 0.02 * exact)
        #expect(abs(first.klDivergence(to: first)) < 1e-12)
    }
}
