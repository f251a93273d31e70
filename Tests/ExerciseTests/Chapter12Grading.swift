import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 12's exercises against independent computations.
enum Chapter12Grading {
    /// 12.1 — integrate dv/dt = −β(t)v + β(t) from v(0) = 0 with classical Runge–Kutta.
    static func vpMarginalVariance(_ formula: (Double, Double, Double) throws -> Double) throws {
        let (betaMin, betaMax) = (0.1, 20.0)
        func beta(_ t: Double) -> Double { betaMin + t * (betaMax - betaMin) }
        func rate(_ t: Double, _ v: Double) -> Double { -beta(t) * v + beta(t) }
        var v = 0.0, t = 0.0
        let h = 1e-4
        for target in [0.001, 0.05, 0.3, 1.0] {
            while t < target - h / 2 {
                let k1 = rate(t, v), k2 = rate(t + h / 2, v + h / 2 * k1), k3 = rate(t + h / 2, v + h / 2 * k2), k4 = rate(t + h, v + h * k3)
                v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
                t += h
            }
            let claimed = try formula(target, betaMin, betaMax)
            #expect(abs(claimed - v) < 1e-8 * max(1, v) + 1e-12, "t = \(target): \(claimed) vs integrated \(v)")
        }
    }

    /// 12.2 — g² must equal a finite-difference derivative of the noise variance, and on Gaussian data
    /// N(0, s²) (score −x/(s² + σ²)) the drift is −g²·score.
    static func veReverseDrift(_ formula: ([Double], [Double], Double, Double, Double) throws -> [Double]) throws {
        let (sigmaMin, sigmaMax) = (0.01, 5.0)
        func variance(_ t: Double) -> Double { pow(sigmaMin * pow(sigmaMax / sigmaMin, t), 2) }
        for t in [0.1, 0.5, 0.9] {
            let h = 1e-6
            let gSquared = (variance(t + h) - variance(t - h)) / (2 * h)
            let x = [0.7, -1.3]
            let score = x.map { -$0 / (0.5 + variance(t)) }
            let claimed = try formula(x, score, t, sigmaMin, sigmaMax)
            for (c, s) in zip(claimed, score) {
                #expect(abs(c - (-gSquared * s)) < 1e-6 * max(1, abs(gSquared * s)), "t = \(t): \(c) vs \(-gSquared * s)")
            }
        }
    }

    /// 12.3 — a fixed 6 × 6 matrix with trace 4.5: the estimate must be within 4 standard errors,
    /// where the SE is computed from the exact variance of vᵀAv for Rademacher v: 2Σ_{i≠j}((Aᵢⱼ + Aⱼᵢ)/2)².
    static func hutchinsonTrace(_ formula: (([Double]) -> [Double], Int, Int, () -> Double) throws -> Double) throws {
        var generator = RandomGenerator(seed: 1_212)
        let d = 6
        var a = (0..<(d * d)).map { _ in generator.normalDouble() }
        let shift = (4.5 - (0..<d).reduce(0) { $0 + a[$1 * d + $1] }) / Double(d)
        for i in 0..<d { a[i * d + i] += shift }
        let product: ([Double]) -> [Double] = { v in (0..<d).map { i in (0..<d).reduce(0) { $0 + a[i * d + $1] * v[$1] } } }
        var varianceOfOne = 0.0
        for i in 0..<d { for j in 0..<d where i != j { varianceOfOne += 2 * pow((a[i * d + j] + a[j * d + i]) / 2, 2) } }
        let probes = 4_000
        let claimed = try formula(product, d, probes) { generator.bernoulli(0.5) ? 1 : -1 }
        let standardError = (varianceOfOne / Double(probes)).squareRoot()
        #expect(abs(claimed - 4.5) < 4 * standardError, "\(claimed) vs trace 4.5 (SE \(standardError))")
        // An estimator, not the trace: one-probe estimates must vary as Hutchinson's do. For Rademacher
        // probes vᵀAv has variance 2Σ_{i≠j}((Aᵢⱼ + Aⱼᵢ)/2)²; over 2,000 calls the sample variance is within
        // a few percent of it (a bounded, light-tailed quantity), so ±20% is a wide band — and an exact
        // trace computed from basis vectors (variance 0) or an average over many hidden probes fails it.
        let singles = try (0..<2_000).map { _ in try formula(product, d, 1) { generator.bernoulli(0.5) ? 1 : -1 } }
        let mean = singles.reduce(0, +) / Double(singles.count)
        let sampleVariance = singles.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(singles.count - 1)
        #expect(abs(sampleVariance / varianceOfOne - 1) < 0.2, "one-probe variance \(sampleVariance) vs Hutchinson's \(varianceOfOne)")
        // And the estimate must average its probes: twenty estimates from 400 probes each spread by about
        // √(variance/400); a probe drawn once and reused would spread 20 times more.
        let estimates = try (0..<20).map { _ in try formula(product, d, 400) { generator.bernoulli(0.5) ? 1 : -1 } }
        let estimatesMean = estimates.reduce(0, +) / 20
        let spread = (estimates.reduce(0) { $0 + ($1 - estimatesMean) * ($1 - estimatesMean) } / 19).squareRoot()
        #expect(spread < 2 * (varianceOfOne / 400).squareRoot(), "20 estimates of 400 probes spread by \(spread)")
    }

    /// 12.4 — for data N(0, s²) under VP, the exact flow keeps x_t/√(α(t)²s² + σ(t)²) constant.
    /// Integrate the student's drift backwards from t = 1 with RK4 and compare.
    static func probabilityFlowDrift(_ formula: ([Double], Double, [Double], Double, Double) throws -> [Double]) throws {
        let (betaMin, betaMax, s2) = (0.1, 20.0, 0.3)
        func alpha(_ t: Double) -> Double { exp(-0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin) }
        func marginalVariance(_ t: Double) -> Double { alpha(t) * alpha(t) * s2 + 1 - alpha(t) * alpha(t) }
        func velocity(_ x: Double, _ t: Double) throws -> Double {
            try formula([x], t, [-x / marginalVariance(t)], betaMin, betaMax)[0]
        }
        var x = 1.7, t = 1.0
        let steps = 2_000, h = -(1.0 - 0.01) / Double(steps)
        for _ in 0..<steps {
            let k1 = try velocity(x, t), k2 = try velocity(x + h / 2 * k1, t + h / 2)
            let k3 = try velocity(x + h / 2 * k2, t + h / 2), k4 = try velocity(x + h * k3, t + h)
            x += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            t += h
        }
        let expected = 1.7 * (marginalVariance(0.01) / marginalVariance(1)).squareRoot()
        #expect(abs(x - expected) < 1e-6, "\(x) vs closed-form flow \(expected)")
    }
}

struct Chapter12ReferenceSolutions {
    @Test func vpMarginalVariance() throws { try Chapter12Grading.vpMarginalVariance(Chapter12Solutions.vpMarginalVariance) }
    @Test func veReverseDrift() throws { try Chapter12Grading.veReverseDrift(Chapter12Solutions.veReverseDrift) }
    @Test func hutchinsonTrace() throws { try Chapter12Grading.hutchinsonTrace(Chapter12Solutions.hutchinsonTrace) }
    @Test func probabilityFlowDrift() throws { try Chapter12Grading.probabilityFlowDrift(Chapter12Solutions.probabilityFlowDrift) }
}

struct Chapter12StudentExercises {
    @Test(.enabled(if: attempted { try Chapter12Exercises.vpMarginalVariance(t: 0.5, betaMin: 0.1, betaMax: 20) }))
    func vpMarginalVariance() throws { try Chapter12Grading.vpMarginalVariance(Chapter12Exercises.vpMarginalVariance) }

    @Test(.enabled(if: attempted { try Chapter12Exercises.veReverseDrift(x: [0], score: [0], t: 0.5, sigmaMin: 0.01, sigmaMax: 5) }))
    func veReverseDrift() throws { try Chapter12Grading.veReverseDrift(Chapter12Exercises.veReverseDrift) }

    @Test(.enabled(if: attempted { try Chapter12Exercises.hutchinsonTrace(matrixTimesVector: { $0 }, dimension: 1, probes: 1, randomSign: { 1 }) }))
    func hutchinsonTrace() throws { try Chapter12Grading.hutchinsonTrace(Chapter12Exercises.hutchinsonTrace) }

    @Test(.enabled(if: attempted { try Chapter12Exercises.probabilityFlowDrift(x: [0], t: 0.5, score: [0], betaMin: 0.1, betaMax: 20) }))
    func probabilityFlowDrift() throws { try Chapter12Grading.probabilityFlowDrift(Chapter12Exercises.probabilityFlowDrift) }
}
