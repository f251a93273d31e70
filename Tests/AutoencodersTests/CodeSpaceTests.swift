import Foundation
import Testing
import Autoencoders
import TensorCore

@Suite struct CodeSpaceTests {
    /// Draws from a Gaussian fitted to correlated rows reproduce their mean and covariance
    /// (within a few standard errors of 20,000 draws).
    @Test func theFittedGaussianReproducesMeanAndCovariance() throws {
        var generator = RandomGenerator(seed: 31)
        let rows = Tensor.matmul(Tensor.normal([4_000, 3], using: &generator), Tensor(shape: [3, 3], scalars: [2, 0, 0, 1, 1, 0, 0, 0.5, 0.2])) + Tensor([1, -2, 3])
        let fitted = try FittedGaussian(fitting: rows)
        let draws = fitted.sample(20_000, using: &generator)
        let mean = draws.mean(alongAxis: 0).doubles
        for j in 0..<3 { #expect(abs(mean[j] - fitted.mean[j]) < 0.05) }
        let centred = draws - draws.mean(alongAxis: 0, keepingDimension: true)
        let covariance = (1 / 20_000.0) * (Matrix(centred).transposed * Matrix(centred))
        let target = fitted.choleskyFactor * fitted.choleskyFactor.transposed
        for (a, b) in zip(covariance.elements, target.elements) { #expect(abs(a - b) < 0.1) }
        #expect(abs(target[0, 0] - 5) < 0.4)   // 2² + 1²
    }

    @Test func nearestDistancesAndInk() {
        let reference = Tensor(shape: [2, 2], scalars: [0, 0, 3, 4])
        let distances = CodeSpace.nearestDistances(Tensor(shape: [2, 2], scalars: [3, 0, 6, 8]), to: reference)
        #expect(abs(distances[0] - 3) < 1e-6 && abs(distances[1] - 5) < 1e-6)
        #expect(CodeSpace.inkedFraction(Tensor([0.95, 0.5, 1, 0])) == 0.5)
    }
}

@Suite struct PrincipalSubspaceScalesTests {
    /// With one discarded direction Anderson's all-pairs sum has one term, equal to the last pair's.
    @Test func andersonWithTwoDirections() {
        let spread = PrincipalSubspaceScales.andersonSpread(descendingEigenvalues: [4, 1], k: 1, sampleSize: 100)
        #expect(abs(spread.lastPair - 0.2 / 3) < 1e-15 && abs(spread.allPairs - 0.2 / 3) < 1e-15)
        let three = PrincipalSubspaceScales.andersonSpread(descendingEigenvalues: [4, 1, 0], k: 1, sampleSize: 100)
        #expect(abs(three.allPairs - 0.2 / 3) < 1e-15)   // a zero eigenvalue adds nothing
    }

    /// For X = [[1, −1], [−1, 1]]: |X|ᵀ|X|/n has eigenvalues 2 and 0, so the scale is γ₂·2/gap.
    @Test func roundingScaleByHand() throws {
        let u = 1e-3
        let scale = try PrincipalSubspaceScales.roundingScale(centred: Matrix(rows: [[1, -1], [-1, 1]]), eigengap: 0.5, unitRoundoff: u)
        #expect(abs(scale - 2 * u / (1 - 2 * u) * 2 / 0.5) < 1e-12)
    }
}

@Suite struct WrongEMStepTests {
    /// The update without σ²I in W's step does not stay at the closed-form optimum.
    @Test func theWrongUpdateLeavesTheOptimum() throws {
        var generator = RandomGenerator(seed: 32)
        let a = Matrix(Tensor.normal([6, 6], using: &generator))
        let s = a * a.transposed + 0.1 * Matrix.identity(6)
        let best = try ProbabilisticPCA.maximumLikelihood(covariance: s, latentDimension: 2)
        let right = try best.expectationMaximizationStep(covariance: s), wrong = try best.expectationMaximizationStepWithoutNoiseTerm(covariance: s)
        #expect(abs(right.noiseVariance / best.noiseVariance - 1) < 1e-10)
        #expect(abs(wrong.noiseVariance / best.noiseVariance - 1) > 1e-3)
    }
}
