import Foundation
import Testing
import Distributions
import TensorCore

/// E[f(t)] for t ~ U[a, b] by the midpoint rule.
func uniformExpectation(over range: ClosedRange<Double>, _ f: (Double) -> Double) -> Double {
    let steps = 200_000, width = (range.upperBound - range.lowerBound) / Double(steps)
    return (0..<steps).reduce(0.0) { $0 + f(range.lowerBound + width * (Double($1) + 0.5)) } / Double(steps)
}

/// Mean and covariance of an equal mixture of curves c(t), t ~ U[range], plus N(0, σ²I), by quadrature.
func curveMoments(_ curves: [(Double) -> SIMD2<Double>], over range: ClosedRange<Double>, noise: Double) -> ([Double], [[Double]]) {
    let k = Double(curves.count)
    func expectation(_ f: (SIMD2<Double>) -> Double) -> Double {
        curves.reduce(0.0) { total, curve in total + uniformExpectation(over: range) { f(curve($0)) } } / k
    }
    let mean = [expectation { $0.x }, expectation { $0.y }]
    let xx = expectation { $0.x * $0.x }, xy = expectation { $0.x * $0.y }, yy = expectation { $0.y * $0.y }
    return (mean, [[xx - mean[0] * mean[0] + noise * noise, xy - mean[0] * mean[1]],
                   [xy - mean[0] * mean[1], yy - mean[1] * mean[1] + noise * noise]])
}

@Suite struct SampleOnlyDistributionTests {
    @Test func twoMoonsMatchQuadratureMoments() {
        let moons = TwoMoons(noiseStandardDeviation: 0.1)
        let (mean, covariance) = curveMoments([{ SIMD2(cos($0), sin($0)) }, { SIMD2(1 - cos($0), 0.5 - sin($0)) }],
                                              over: 0...Double.pi, noise: 0.1)
        // By hand: the mean is (½, ¼) because E[cos t] = 0 and the moons' E[sin t] terms cancel.
        #expect(abs(mean[0] - 0.5) < 1e-9 && abs(mean[1] - 0.25) < 1e-9)
        var generator = RandomGenerator(seed: 51)
        expectMoments(moons.sample(100_000, using: &generator), mean: mean, covariance: covariance, "two moons")
    }

    @Test func swissRollMatchesQuadratureMoments() {
        let roll = SwissRoll(scale: 0.2, noiseStandardDeviation: 0.1)
        let (mean, covariance) = curveMoments([{ 0.2 * $0 * SIMD2(cos($0), sin($0)) }], over: SwissRoll.parameterRange, noise: 0.1)
        var generator = RandomGenerator(seed: 52)
        expectMoments(roll.sample(100_000, using: &generator), mean: mean, covariance: covariance, "Swiss roll")
    }

    /// Uniform on the 8 dark cells (i, j), i + j even: by enumeration, mean 0, Var = 4/3 and Cov = ¼.
    @Test func checkerboardMatchesEnumeratedMoments() {
        var cells: [SIMD2<Double>] = []
        for i in -2...1 { for j in -2...1 where (i + j) % 2 == 0 { cells.append(SIMD2(Double(i) + 0.5, Double(j) + 0.5)) } }
        #expect(cells.count == 8)
        // Uniform on a unit cell: second moment centre² + 1/12.
        var xx = 0.0, xy = 0.0
        for centre in cells {
            xx += (centre.x * centre.x + 1.0 / 12) / 8
            xy += centre.x * centre.y / 8
        }
        #expect(abs(xx - 4.0 / 3) < 1e-14 && abs(xy - 0.25) < 1e-14)
        var generator = RandomGenerator(seed: 53)
        expectMoments(Checkerboard().sample(100_000, using: &generator), mean: [0, 0], covariance: [[xx, xy], [xy, xx]], "checkerboard")
    }
}

@Suite struct RingTests {
    let ring = Ring(radius: 1, radialStandardDeviation: 0.05)

    /// Uniform angle: mean 0, no correlation, and each coordinate carries half of E[r²] = R² + s².
    @Test func samplesHaveTheClosedFormMoments() {
        var generator = RandomGenerator(seed: 61)
        let half = (1 + 0.0025) / 2
        expectMoments(ring.sample(100_000, using: &generator), mean: [0, 0], covariance: [[half, 0], [0, half]], "ring")
    }

    @Test func densityIntegratesToOne() {
        #expect(abs(integrate2D(ring, extent: 1.5, cells: 600) - 1) < 1e-5)
        // A wide ring puts mass near the pole at the centre; the midpoint rule still converges.
        #expect(abs(integrate2D(Ring(radius: 1, radialStandardDeviation: 0.3), extent: 3, cells: 600) - 1) < 2e-3)
    }

    @Test func scoreAndDivergenceMatchFiniteDifferences() {
        var generator = RandomGenerator(seed: 62)
        expectScoreAndDivergenceMatchFiniteDifferences(ring, at: ring.sample(30, using: &generator), "ring")
        let wide = Ring(radius: 1, radialStandardDeviation: 0.4)
        expectScoreAndDivergenceMatchFiniteDifferences(wide, at: wide.sample(30, using: &generator), "wide ring")
    }
}
