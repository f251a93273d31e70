import Foundation
import ScoreMatching
import Testing
import TensorCore

@Suite struct ExponentialFamilyScoreMatchingTests {
    /// n points of N(0, σ²I) in d dimensions.
    func gaussianPoints(_ n: Int, dimension: Int, sigma: Double, seed: UInt64) -> [[Double]] {
        var random = RandomGenerator(seed: seed)
        return (0..<n).map { _ in (0..<dimension).map { _ in sigma * random.normalDouble() } }
    }

    @Test func theQuadraticFormIsTheImplicitObjectiveEvaluatedDirectly() throws {
        // The other route: J(θ) = mean of ½‖s_θ‖² + ∇·s_θ, the divergence by central differences of the score.
        let points = gaussianPoints(200, dimension: 2, sigma: 1.3, seed: 1)
        let family = ExponentialFamilyScoreMatching(features: RadialBasisFeatures.grid(side: 3, over: -2...2), baseVariance: 2)
        let fit = try family.fit(points, ridge: 1e-3)
        var random = RandomGenerator(seed: 2)
        for _ in 0..<3 {
            let theta = (0..<fit.parameters.count).map { _ in random.normalDouble() }
            let probe = fit.withParameters(theta)
            let h = 1e-5
            let direct = points.reduce(0.0) { total, x in
                let s = probe.score(x)
                let divergence = (0..<2).reduce(0.0) { sum, k in
                    var up = x, down = x
                    up[k] += h; down[k] -= h
                    return sum + (probe.score(up)[k] - probe.score(down)[k]) / (2 * h)
                }
                return total + 0.5 * s.reduce(0) { $0 + $1 * $1 } + divergence
            } / Double(points.count)
            // Central differences of a smooth score err by O(h²) ≈ 1e-10 per term, rounding by ~1e-16/h ≈ 1e-11.
            #expect(abs(fit.objective(theta) - direct) < 1e-7, "quadratic form \(fit.objective(theta)) against direct \(direct)")
        }
    }

    @Test func theGaussianPrecisionIsOneOverTheMeanSquare() throws {
        // p̃(x) = exp(θx²): s = 2θx, J = mean(2θ²x² + 2θ), so θ̂ = −1/(2·mean x²) and the precision is 1/mean x².
        let points = gaussianPoints(500, dimension: 1, sigma: 0.7, seed: 3)
        let fit = try ExponentialFamilyScoreMatching(features: MonomialFeatures(powers: [2]), baseVariance: nil).fit(points)
        let meanSquare = points.reduce(0) { $0 + $1[0] * $1[0] } / Double(points.count)
        #expect(abs(fit.parameters[0] + 1 / (2 * meanSquare)) < 1e-12)
        // Wrong answer for contrast: the precision 1/σ² = 2.04 instead of the sample's, differs by far more.
        #expect(abs(-2 * fit.parameters[0] - 1 / 0.49) > 1e-3)
    }

    @Test func theEstimateMakesTheObjectiveStationary() throws {
        let points = gaussianPoints(300, dimension: 2, sigma: 1, seed: 4)
        let fit = try ExponentialFamilyScoreMatching(features: RadialBasisFeatures.grid(side: 4, over: -2...2), baseVariance: 1.5).fit(points, ridge: 1e-2)
        // ∇J(θ̂) + λθ̂ = Aθ̂ + c + λθ̂ = 0.
        let k = fit.parameters.count
        let residual = (0..<k).map { i in (0..<k).reduce(fit.c[i] + 1e-2 * fit.parameters[i]) { $0 + fit.a.elements[i * k + $1] * fit.parameters[$1] } }
        #expect(residual.map(abs).max()! < 1e-9)
    }

    @Test func dataFromTheBaseItselfAreFittedWithTheBaseScore() throws {
        // N(0, I) data with base N(0, I): the family contains the truth at θ = 0, so the fitted score must approach −x.
        let points = gaussianPoints(20_000, dimension: 2, sigma: 1, seed: 5)
        let fit = try ExponentialFamilyScoreMatching(features: RadialBasisFeatures.grid(side: 4, over: -2...2), baseVariance: 1).fit(points, ridge: 1e-4)
        let check = gaussianPoints(2_000, dimension: 2, sigma: 1, seed: 6)
        let error = check.reduce(0.0) { $0 + zip(fit.score($1), $1).reduce(0) { $0 + pow($1.0 + $1.1, 2) } }
        let size = check.reduce(0.0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }
        #expect(error / size < 0.01, "relative squared score error \(error / size)")
    }

    @Test func theFeaturesCorrectABaseThatIsTooWide() throws {
        // N(0, 0.6²I) data, base N(0, I): the true score −x/0.36 is not the base's −x; the RBF terms must supply the
        // difference inside the data's range. The base alone is off by (1 − 0.36)² ≈ 0.41 of the squared score.
        let points = gaussianPoints(20_000, dimension: 2, sigma: 0.6, seed: 7)
        let fit = try ExponentialFamilyScoreMatching(features: RadialBasisFeatures.grid(side: 5, over: -1.5...1.5), baseVariance: 1).fit(points, ridge: 1e-4)
        let check = gaussianPoints(2_000, dimension: 2, sigma: 0.6, seed: 8)
        func relativeError(_ score: ([Double]) -> [Double]) -> Double {
            check.reduce(0.0) { $0 + zip(score($1), $1).reduce(0) { $0 + pow($1.0 + $1.1 / 0.36, 2) } }
                / check.reduce(0.0) { $0 + $1.reduce(0) { $0 + $1 * $1 / (0.36 * 0.36) } }
        }
        let base = relativeError { $0.map { -$0 } }, fitted = relativeError(fit.score)
        #expect(base > 0.3 && fitted < 0.05, "base alone \(base), fitted \(fitted)")
    }
}
