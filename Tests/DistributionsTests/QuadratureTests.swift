import Foundation
import Testing
import TensorCore
@testable import Distributions

/// ∫₋₁¹ xᵖ dx.
private func monomialIntegral(_ power: Int) -> Double { power % 2 == 1 ? 0 : 2 / Double(power + 1) }

/// The 1-D rules, the adaptive Gauss–Kronrod routine and the 2-D product grid.
@Suite struct QuadratureTests {
    /// The k-point Gauss–Legendre rule integrates every xᵖ with p ≤ 2k − 1 exactly and
    /// misses x²ᵏ (so the test could fail); its weights sum to 2.
    @Test func gaussLegendreIsExactToDegreeTwoKMinusOne() {
        for k in [1, 2, 5, 8, 20] {
            let rule = GaussLegendre.rule(nodes: k)
            #expect(abs(rule.weights.reduce(0, +) - 2) < 1e-14, "k = \(k)")
            for p in 0..<(2 * k) {
                let value = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(p)) }
                #expect(abs(value - monomialIntegral(p)) < 1e-14, "k = \(k), p = \(p)")
            }
            // The error on x²ᵏ shrinks fast with k (about 3·10⁻¹² at k = 20), so check the small rules.
            let missed = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(2 * k)) }
            #expect(k > 8 || abs(missed - monomialIntegral(2 * k)) > 1e-6, "k = \(k) should not integrate x^\(2 * k) exactly")
        }
    }

    /// K₁₅ is exact to degree 22 and its embedded G₇ to degree 13: on one interval the
    /// Kronrod value of x²² is exact, and the routine's error estimate for x¹⁴ is not zero.
    @Test func kronrodPairHasTheDegreesOfTheTable() {
        for p in [0, 7, 13, 22] {
            let piece = AdaptiveQuadrature.kronrod15({ pow($0, Double(p)) }, -1, 1)
            #expect(abs(piece.value - monomialIntegral(p)) < 1e-14, "p = \(p)")
        }
        let g7Misses = AdaptiveQuadrature.kronrod15({ pow($0, 14) }, -1, 1)
        #expect(g7Misses.error > 1e-6)
    }

    /// Composite rules converge at their orders: Simpson's error on eˣ falls 16-fold when h
    /// halves; composite Gauss–Legendre with 8 nodes is at rounding level on four panels.
    @Test func compositeRulesConvergeAtTheirOrders() {
        let exact = M_E - 1
        let coarse = abs(QuadratureRule.simpson(from: 0, to: 1, points: 11).integrate(Foundation.exp) - exact)
        let fine = abs(QuadratureRule.simpson(from: 0, to: 1, points: 21).integrate(Foundation.exp) - exact)
        #expect(abs(coarse / fine - 16) < 0.5)
        #expect(abs(QuadratureRule.gaussLegendre(from: 0, to: 1, panels: 4).integrate(Foundation.exp) - exact) < 1e-15)
        let rule = QuadratureRule.gaussLegendre(from: -1, to: 2.5, panelWidth: 0.3, nodesPerPanel: 3)
        #expect(rule.count == 12 * 3 && abs(rule.weights.reduce(0, +) - 3.5) < 1e-14)
    }

    /// ∫₀^π e^{κ(cos u − 1)} du = π e^{−κ} I₀(κ), with I₀ from its power series Σ (κ/2)²ʲ/(j!)²
    /// for small κ and, for large κ, against the periodic trapezoidal rule on the full circle
    /// (spectrally accurate for a periodic analytic integrand; half of it by symmetry). The
    /// estimated error must bound the actual one.
    @Test func adaptiveRuleMeetsItsToleranceOnVonMisesIntegrals() {
        for kappa in [0.3, 4.0, 20.0] {
            var term = 1.0, series = 1.0
            for j in 1..<200 { term *= (kappa / 2) * (kappa / 2) / Double(j * j); series += term }
            let exact = Double.pi * exp(-kappa) * series
            let result = AdaptiveQuadrature.integrate(from: 0, to: Double.pi) { exp(kappa * (cos($0) - 1)) }
            #expect(result.converged && abs(result.value - exact) < 1e-12 * exact, "κ = \(kappa): \(result.value) vs \(exact)")
            #expect(abs(result.value - exact) <= result.errorEstimate + 1e-15 * exact)
        }
        for kappa in [100.0, 1_000.0, 10_000.0] {
            let n = 8_192
            let trapezoid = (0..<n).reduce(0.0) { $0 + exp(-2 * kappa * pow(sin(Double.pi * Double($1) / Double(n)), 2)) } * Double.pi / Double(n)
            // Split at the peak, as the moons' density does.
            let result = AdaptiveQuadrature.integrate(from: 0, to: Double.pi) { let s = sin($0 / 2); return exp(-2 * kappa * s * s) }
            #expect(result.converged && abs(result.value - trapezoid) < 1e-12 * trapezoid, "κ = \(kappa)")
        }
    }

    /// With too few intervals allowed, the routine reports that it did not converge.
    @Test func adaptiveRuleReportsWhenItRunsOutOfIntervals() {
        let result = AdaptiveQuadrature.integrate(from: -1, to: 1, maximumIntervals: 2) { exp(-1e6 * $0 * $0) }
        #expect(!result.converged && result.intervals == 2)
    }

    /// The product grid integrates a correlated Gaussian to 1 (no tail outside ±10σ), node
    /// order is x fastest, and the tail fraction counts points outside the box.
    @Test func productGridIntegratesAGaussianAndCountsTheTail() {
        let gaussian = Gaussian(mean: [0.5, -0.2], covariance: Matrix(rows: [[1, 0.6], [0.6, 0.8]]))
        let grid = GridQuadrature2D.gaussLegendre(first: -9.5...10.5, second: -9.2...8.8, panelWidth: 1)
        #expect(abs(grid.mass(logDensityAt: { gaussian.logDensity(at: [$0.x, $0.y]) }) - 1) < 1e-12)
        // Through Float32 nodes the rounding of the nodes limits the agreement to about 10⁻⁸.
        #expect(abs(grid.mass(logDensity: gaussian.logDensity) - 1) < 1e-7)
        let points = grid.points
        #expect(points[1, 0] > points[0, 0] && points[1, 1] == points[0, 1] && grid.nodes[1].x == grid.first.nodes[1])
        let samples = Tensor(rows: [[0, 0], [20, 0], [0, -9.3], [1, 1]])
        #expect(grid.fractionOutside(samples).fraction == 0.5)
        var generator = RandomGenerator(seed: 1)
        let mass = grid.mass(logDensity: gaussian.logDensity, tailSamples: gaussian.sample(1_000, using: &generator))
        #expect(mass.outside == 0 && abs(mass.total - 1) < 1e-7)
    }
}
