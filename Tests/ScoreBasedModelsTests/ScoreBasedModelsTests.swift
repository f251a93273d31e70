import Foundation
import Testing
import Datasets
import Sampling
import ScoreBasedModels
import TensorCore

@Suite struct GaussianMixture2DTests {
    let mixture = GaussianMixture2D([
        .init(weight: 1, mean: SIMD2(1, -0.5), covariance: (0.3, 0.1, 0.2)),
        .init(weight: 2, mean: SIMD2(-1, 1), covariance: (0.5, -0.2, 0.4)),
    ])

    @Test func scoreAndDivergenceMatchFiniteDifferences() {
        let h = 1e-4
        for point in [SIMD2(0.3, 0.2), SIMD2(-1.2, 0.7), SIMD2(2, -1)] {
            let dx = SIMD2(h, 0), dy = SIMD2(0, h)
            let numericScore = SIMD2((mixture.logDensity(point + dx) - mixture.logDensity(point - dx)) / (2 * h),
                                     (mixture.logDensity(point + dy) - mixture.logDensity(point - dy)) / (2 * h))
            let numericDivergence = (mixture.score(point + dx).x - mixture.score(point - dx).x + mixture.score(point + dy).y - mixture.score(point - dy).y) / (2 * h)
            let difference = mixture.score(point) - numericScore
            #expect(max(abs(difference.x), abs(difference.y)) < 1e-6)
            #expect(abs(mixture.scoreDivergence(point) - numericDivergence) < 1e-5)
        }
    }

    @Test func densityIntegratesToOneAndSamplesHaveTheMixtureMoments() {
        var total = 0.0
        let step = 0.02
        for i in 0..<400 { for j in 0..<400 { total += exp(mixture.logDensity(SIMD2(-4 + step * (Double(i) + 0.5), -4 + step * (Double(j) + 0.5)))) } }
        #expect(abs(total * step * step - 1) < 1e-3)
        var generator = RandomGenerator(seed: 5)
        let samples = mixture.sample(40_000, using: &generator)
        let mean = samples.mean(alongAxis: 0).doubles
        let moments = mixture.moments
        #expect(abs(mean[0] - moments.mean.x) < 4 * (moments.covariance.a / 40_000).squareRoot())
        #expect(abs(mean[1] - moments.mean.y) < 4 * (moments.covariance.c / 40_000).squareRoot())
    }
}

@Suite struct CheckerboardTests {
    @Test func samplesLieOnTheDarkSquaresAndFillAllEight() {
        var generator = RandomGenerator(seed: 11)
        let samples = Checkerboard.sample(8_000, using: &generator)
        #expect(Checkerboard.fractionOnBoard(samples) == 1)
        var squares = Set<Int>()
        for row in 0..<8_000 { squares.insert(Int(floor(samples.scalars[2 * row])) * 10 + Int(floor(samples.scalars[2 * row + 1]))) }
        #expect(squares.count == 8)
        #expect(!Checkerboard.contains(0.5, -0.5) && Checkerboard.contains(0.5, 0.5))
    }
}
