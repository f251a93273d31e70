import Foundation
import Testing
import TensorCore
import Distributions
@testable import NormalizingFlows

/// Maps with skew, heavy and light tails, and the Gaussian case.
private let maps: [SinhArcsinhMap] = [
    SinhArcsinhMap(skewness: 0.8, tailWeight: 0.7, scale: 1.5, shift: -0.5),
    SinhArcsinhMap(skewness: -1.2, tailWeight: 1.6),
    SinhArcsinhMap(skewness: 0, tailWeight: 1),
]

/// The "density" with the forward derivative where the inverse's belongs: φ(g⁻¹(x))·g′(g⁻¹(x)).
private func wrongDensity(at x: Double, through map: some MonotoneMap1D) -> Double {
    let z = map.inverse(x)
    return exp(ChangeOfVariables1D.standardNormalLogDensity(z)) * map.derivative(z)
}

/// The 1-D change of variables: maps, the pushed-forward density and its samples.
@Suite struct ChangeOfVariables1DTests {
    /// g⁻¹(g(z)) = z, g′ against central differences, and log g′ finite where g′ overflows.
    @Test func mapsAreInvertibleWithTheirDerivatives() {
        for map in maps {
            for z in stride(from: -6.0, through: 6.0, by: 0.75) {
                #expect(abs(map.inverse(map.value(z)) - z) < 1e-12 * max(1, abs(z)), "\(map) at \(z)")
                let h = 1e-5
                let numeric = (map.value(z + h) - map.value(z - h)) / (2 * h)
                #expect(abs(map.derivative(z) - numeric) < 1e-7 * max(1, numeric), "\(map) at \(z)")
                #expect(abs(map.logDerivative(z) - log(map.derivative(z))) < 1e-12 * max(1, abs(log(map.derivative(z)))))
                #expect(abs(map.inverseDerivative(map.value(z)) * map.derivative(z) - 1) < 1e-12)
            }
        }
        let steep = SinhArcsinhMap(skewness: 0, tailWeight: 0.3)
        #expect(steep.derivative(1e100).isInfinite && steep.logDerivative(1e100).isFinite)
    }

    /// The affine map turns N(0, 1) into N(μ, σ²): the formula gives that density exactly.
    @Test func affineMapGivesTheShiftedScaledNormal() {
        let map = AffineMap1D(shift: 1.3, scale: 0.4)
        for x in stride(from: -1.0, through: 3.0, by: 0.25) {
            let exact = -0.5 * pow((x - 1.3) / 0.4, 2) - log(0.4 * (2 * Double.pi).squareRoot())
            #expect(abs(ChangeOfVariables1D.logDensity(at: x, through: map) - exact) < 1e-13)
        }
    }

    /// ∫ₐᵇ p_X = Φ(g⁻¹(b)) − Φ(g⁻¹(a)), which needs no derivative, on intervals in the bulk
    /// and over the whole line (to 10⁻¹⁰); the density with g′ in place of 1/g′ misses
    /// by more than 0.1 for every non-affine map, and by σ² − 1 = 3 for N(0, 2²).
    @Test func densityIntegratesToTheMassOfEachInterval() {
        for map in maps {
            let lower = map.value(-9), upper = map.value(9)
            for (a, b) in [(lower, upper), (map.value(-1), map.value(0.5)), (map.value(0.3), map.value(2.5))] {
                let integral = AdaptiveQuadrature.integrate(from: a, to: b) { ChangeOfVariables1D.density(at: $0, through: map) }
                let exact = ChangeOfVariables1D.distribution(at: b, through: map) - ChangeOfVariables1D.distribution(at: a, through: map)
                #expect(integral.converged && abs(integral.value - exact) < 1e-10, "\(map) on [\(a), \(b)]")
            }
            let wrong = AdaptiveQuadrature.integrate(from: lower, to: upper) { wrongDensity(at: $0, through: map) }.value
            #expect(map.skewness == 0 && map.tailWeight == 1 ? abs(wrong - 1) < 1e-9 : abs(wrong - 1) > 0.1, "\(map): wrong mass \(wrong)")
        }
        let wide = AffineMap1D(shift: 0, scale: 2)
        #expect(abs(AdaptiveQuadrature.integrate(from: -40, to: 40) { wrongDensity(at: $0, through: wide) }.value - 4) < 1e-9)
    }

    /// 100,000 draws g(z) in 40 equal bins against n·∫_bin p_X (Gauss–Legendre): Pearson's χ²
    /// within 4√(2k) of k − 1 for the right density, at least 50√(2k) above it for the
    /// wrong one (normalised, so only its shape is judged).
    @Test func densityMatchesTheHistogramOfPushedForwardDraws() {
        var generator = RandomGenerator(seed: 1)
        let map = maps[0], n = 100_000, bins = 40
        let draws = ChangeOfVariables1D.samples(n, through: map, using: &generator)
        let (lower, upper) = (map.value(-3), map.value(3))
        let width = (upper - lower) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for x in draws where x >= lower && x < upper { counts[min(bins - 1, Int((x - lower) / width))] += 1 }
        func chiSquare(_ density: (Double) -> Double) -> (statistic: Double, bins: Int) {
            let expected = (0..<bins).map { k in
                Double(n) * QuadratureRule.gaussLegendre(from: lower + Double(k) * width, to: lower + Double(k + 1) * width, panels: 2).integrate(density)
            }
            let kept = expected.indices.filter { expected[$0] >= 20 }
            return (kept.reduce(0) { $0 + pow(counts[$1] - expected[$1], 2) / expected[$1] }, kept.count)
        }
        let right = chiSquare { ChangeOfVariables1D.density(at: $0, through: map) }
        #expect(abs(right.statistic - Double(right.bins - 1)) < 4 * (2 * Double(right.bins)).squareRoot(), "χ² = \(right.statistic) on \(right.bins) bins")
        let wrongMass = AdaptiveQuadrature.integrate(from: map.value(-9), to: map.value(9)) { wrongDensity(at: $0, through: map) }.value
        let wrong = chiSquare { wrongDensity(at: $0, through: map) / wrongMass }
        #expect(wrong.statistic - Double(wrong.bins - 1) > 50 * (2 * Double(wrong.bins)).squareRoot(), "wrong: χ² = \(wrong.statistic)")
    }
}
