import Foundation
import Testing
import TensorCore
@testable import Distributions

/// The moons' density straight from its definition, p(x) = ½ Σ_moons (1/π) ∫₀^π N(x; c(t), σ²I) dt,
/// with the arcs c(t) as `TwoMoons.sample` draws them and a fixed composite Gauss–Legendre
/// rule of 40,000 nodes per moon (a thousand times the adaptive routine's), summed in log space.
private func bruteForceLogDensity(_ x: Double, _ y: Double, sigma: Double) -> Double {
    let rule = QuadratureRule.gaussLegendre(from: 0, to: Double.pi, panels: 4_000, nodesPerPanel: 10)
    var logTerms: [Double] = []
    for (t, w) in zip(rule.nodes, rule.weights) {
        for (cx, cy) in [(cos(t), sin(t)), (1 - cos(t), 0.5 - sin(t))] {
            let squared = (x - cx) * (x - cx) + (y - cy) * (y - cy)
            logTerms.append(log(0.5 * w / Double.pi) - log(2 * Double.pi * sigma * sigma) - squared / (2 * sigma * sigma))
        }
    }
    let top = logTerms.max()!
    return top + log(logTerms.reduce(0) { $0 + exp($1 - top) })
}

/// The exact density of the blurred two moons against its definition, its mass, its
/// symmetry and the histogram of exact samples.
@Suite struct TwoMoonsDensityTests {
    /// At points on, between and far from the moons (where p underflows a double), the
    /// log-density agrees with the brute-force integral to 10⁻¹¹, and the reported error
    /// bound is below 10⁻¹⁰.
    @Test func logDensityMatchesTheDefiningIntegral() {
        var generator = RandomGenerator(seed: 1)
        let moons = TwoMoons()
        let samples = moons.sample(12, using: &generator)
        var points = (0..<12).map { SIMD2(Double(samples[$0, 0]), Double(samples[$0, 1])) }
        points += [SIMD2(0, 0), SIMD2(1, 0.5), SIMD2(0.5, 0.25), SIMD2(-1, 0), SIMD2(2, 0.5), SIMD2(5, 5), SIMD2(-3, -8), SIMD2(0.5, -0.9)]
        for point in points {
            let (value, bound) = moons.logDensityWithErrorBound(at: point)
            let reference = bruteForceLogDensity(point.x, point.y, sigma: 0.1)
            #expect(abs(value - reference) < 1e-11 * max(1, abs(reference)), "\(point): \(value) vs \(reference)")
            #expect(bound < 1e-10, "\(point): bound \(bound)")
        }
        // A wider blur goes through the same code with other peak widths.
        let wide = TwoMoons(noiseStandardDeviation: 0.3)
        for point in points.prefix(6) {
            #expect(abs(wide.logDensity(at: point) - bruteForceLogDensity(point.x, point.y, sigma: 0.3)) < 1e-11)
        }
    }

    /// The lower moon is the upper one turned by 180° about (½, ¼), so p(x) = p((1, ½) − x).
    @Test func densityHasThePointSymmetryOfTheMoons() {
        let moons = TwoMoons(noiseStandardDeviation: 0.15)
        for point in [SIMD2(0.3, 0.9), SIMD2(-0.7, 0.2), SIMD2(1.8, -0.4), SIMD2(3.0, 2.0)] {
            #expect(abs(moons.logDensity(at: point) - moons.logDensity(at: SIMD2(1, 0.5) - point)) < 1e-12)
        }
    }

    /// ∫∫ p = 1 on a box 10σ beyond the moons (outside it lies e⁻⁵⁰ of the mass), to 10⁻¹²,
    /// by Gauss–Legendre panels of width σ with 8 × 8 double-precision nodes, for two blurs.
    @Test func densityIntegratesToOne() {
        for sigma in [0.1, 0.2] {
            let moons = TwoMoons(noiseStandardDeviation: sigma)
            let margin = 10 * sigma
            let grid = GridQuadrature2D.gaussLegendre(first: (-1 - margin)...(2 + margin), second: (-0.5 - margin)...(1 + margin),
                                                      panelWidth: sigma)
            let mass = grid.integrate(moons.logDensity(grid.nodes).map(exp))
            #expect(abs(mass - 1) < 1e-12, "σ = \(sigma): mass \(mass)")
        }
    }

    /// 100,000 exact samples binned in 0.2 × 0.2 cells against the expected counts n·∫_cell p
    /// (by 8 × 8 Gauss–Legendre nodes per cell): Pearson's χ² over cells expecting ≥ 20
    /// points lies within 4 standard deviations √(2k) of its mean k − 1 for the true blur,
    /// and far outside for a density with σ = 0.11 instead of 0.1.
    @Test func densityMatchesTheHistogramOfSamples() {
        var generator = RandomGenerator(seed: 2)
        let n = 100_000, width = 0.2, nodes = 8
        let samples = TwoMoons().sample(n, using: &generator)
        let (columns, rows) = (25, 18)
        let grid = GridQuadrature2D(first: .gaussLegendre(from: -2, to: 3, panels: columns, nodesPerPanel: nodes),
                                    second: .gaussLegendre(from: -1.5, to: 2.1, panels: rows, nodesPerPanel: nodes))
        var counts = [Double](repeating: 0, count: columns * rows)
        for i in 0..<n {
            let (x, y) = (Double(samples[i, 0]), Double(samples[i, 1]))
            guard grid.contains(x, y) else { continue }
            let cell = min(rows - 1, Int((y + 1.5) / width)) * columns + min(columns - 1, Int((x + 2) / width))
            counts[cell] += 1
        }
        func chiSquare(sigma: Double) -> (statistic: Double, cells: Int) {
            let logDensity = TwoMoons(noiseStandardDeviation: sigma).logDensity(grid.points)
            let weights = grid.weights
            var expected = [Double](repeating: 0, count: columns * rows)
            for k in 0..<grid.count {
                let (i, j) = (k % grid.first.count, k / grid.first.count)
                expected[(j / nodes) * columns + i / nodes] += Double(n) * weights[k] * exp(logDensity[k])
            }
            let kept = expected.indices.filter { expected[$0] >= 20 }
            return (kept.reduce(0) { $0 + pow(counts[$1] - expected[$1], 2) / expected[$1] }, kept.count)
        }
        let truth = chiSquare(sigma: 0.1)
        #expect(abs(truth.statistic - Double(truth.cells - 1)) < 4 * (2 * Double(truth.cells)).squareRoot(), "χ² = \(truth.statistic) on \(truth.cells) cells")
        let wrong = chiSquare(sigma: 0.11)
        #expect(wrong.statistic - Double(wrong.cells - 1) > 10 * (2 * Double(wrong.cells)).squareRoot(), "wrong σ: χ² = \(wrong.statistic)")
    }
}
