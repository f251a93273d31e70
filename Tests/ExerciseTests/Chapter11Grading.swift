import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 11's exercises against independent ground truth: Monte
/// Carlo simulation and finite differences. The same graders run on the
/// reference solutions (which must pass) and on the student's stubs (skipped
/// until attempted).
enum Chapter11Grading {
    /// 11.1 — 100,000 chains on N(0, 1) built from the student's step must reach
    /// the variance 1/(1 − ε/4) (5 standard errors: SE of a variance estimate is v√(2/n)).
    static func langevinStep(_ step: (Double, Double, Double, Double) throws -> Double) throws {
        var generator = RandomGenerator(seed: 11)
        let epsilon = 0.4, chains = 100_000
        var x = [Double](repeating: 0, count: chains)
        for _ in 0..<120 {
            for i in 0..<chains { x[i] = try step(x[i], -x[i], epsilon, generator.normalDouble()) }
        }
        let variance = x.reduce(0) { $0 + $1 * $1 } / Double(chains)
        let expected = 1 / (1 - epsilon / 4)
        #expect(abs(variance - expected) < 5 * expected * (2 / Double(chains)).squareRoot(), "variance \(variance), expected \(expected)")
        #expect(abs(try step(1, 2, 0.25, 0.5) - (1 + 0.25 + 0.25)) < 1e-12)
    }

    /// 11.2 — against unadjusted chains simulated here, at step sizes close to the stability
    /// limit ε < 4σ² (r = ε/(4σ²) = 0.75, 0.5, 0.6), where truncated expansions in ε are far off:
    /// σ² + ε/4 misses σ²r²/(1 − r), the second-order σ²(1 + r + r²) misses σ²r³/(1 − r) (≥ 12%
    /// of v, at least 20 SE at 50,000 chains), and σ²/(1 − ε/4) is right only for σ² = 1. The
    /// chain contracts by |1 − 2r| ≤ 0.5 per step, so 60 steps from 0 reach the stationary law
    /// N(0, v) to 1e-36, and SE(s²) = v√(2/(n − 1)) with v estimated by the simulation.
    static func stationaryVariance(_ formula: (Double, Double) throws -> Double) throws {
        var generator = RandomGenerator(seed: 12)
        for (targetVariance, epsilon) in [(1.0, 3.0), (2.0, 4.0), (0.5, 1.2)] {
            let chains = 50_000
            var x = [Double](repeating: 0, count: chains)
            for _ in 0..<60 {
                for i in 0..<chains {
                    x[i] += 0.5 * epsilon * (-x[i] / targetVariance) + epsilon.squareRoot() * generator.normalDouble()
                }
            }
            let simulated = x.reduce(0) { $0 + $1 * $1 } / Double(chains)
            let claimed = try formula(targetVariance, epsilon)
            let standardError = simulated * (2 / Double(chains - 1)).squareRoot()
            #expect(claimed.isFinite && abs(simulated - claimed) < 5 * standardError,
                    "σ²=\(targetVariance), ε=\(epsilon): simulated \(simulated), formula \(claimed)")
        }
    }

    /// 11.3 — first against the closed form on N(0, 1): with c = 1 − ε/2, (x′ − cx)² − (x − cx′)²
    /// = (1 − c²)(x′² − x²), so log α = min(0, ε(x² − x′²)/8) for every x, x′ (derived by hand, not
    /// by the general formula). Then a correct Metropolis step leaves the target invariant: chains
    /// started from exact samples of a bimodal mixture keep its first two moments after 15 MALA
    /// steps at a step size where ULA is visibly biased.
    static func metropolisLogAcceptance(_ logAcceptance: (Double, Double, (Double) -> Double, (Double) -> Double, Double) throws -> Double) throws {
        for epsilon in [0.3, 1.0, 1.7] {
            for (x, proposal) in [(0.2, 1.1), (1.5, -0.4), (-2.0, 2.5), (0.7, -0.7), (-1.3, 0.1)] {
                let claimed = try logAcceptance(x, proposal, { -$0 * $0 / 2 }, { -$0 }, epsilon)
                let exact = min(0, epsilon * (x * x - proposal * proposal) / 8)
                #expect(abs(claimed - exact) < 1e-9, "N(0, 1), ε = \(epsilon), x = \(x), x′ = \(proposal): \(claimed) vs \(exact)")
            }
        }
        let weights = [0.35, 0.65], means = [-1.5, 1.0], deviations = [0.6, 0.8]
        func logDensity(_ x: Double) -> Double {
            log(weights.indices.reduce(0) { $0 + weights[$1] * exp(-pow(x - means[$1], 2) / (2 * pow(deviations[$1], 2))) / deviations[$1] })
        }
        func score(_ x: Double) -> Double { (logDensity(x + 1e-5) - logDensity(x - 1e-5)) / 2e-5 }
        var generator = RandomGenerator(seed: 13)
        let chains = 40_000, epsilon = 0.9
        var x = (0..<chains).map { _ -> Double in
            let k = generator.categorical(weights)
            return means[k] + deviations[k] * generator.normalDouble()
        }
        for _ in 0..<15 {
            for i in 0..<chains {
                let proposal = x[i] + 0.5 * epsilon * score(x[i]) + epsilon.squareRoot() * generator.normalDouble()
                let logAlpha = try logAcceptance(x[i], proposal, logDensity, score, epsilon)
                #expect(logAlpha <= 1e-12)
                if log(generator.uniformDouble()) < logAlpha { x[i] = proposal }
            }
        }
        let exactMean = zip(weights, means).reduce(0) { $0 + $1.0 * $1.1 }
        let exactSecond = weights.indices.reduce(0) { $0 + weights[$1] * (means[$1] * means[$1] + deviations[$1] * deviations[$1]) }
        let mean = x.reduce(0, +) / Double(chains)
        let second = x.reduce(0) { $0 + $1 * $1 } / Double(chains)
        let variance = exactSecond - exactMean * exactMean
        // SE of the mean √(Var/n); SE of the second moment √(Var(x²)/n), bounded here by 2·E[x²]/√n
        // (for this mixture sd(x²) = 1.91 ≤ 2·E[x²] = 3.96), so its band is at least 5 SE wide.
        #expect(abs(mean - exactMean) < 5 * (variance / Double(chains)).squareRoot(), "mean \(mean) vs \(exactMean)")
        #expect(abs(second - exactSecond) < 5 * 2 * exactSecond / Double(chains).squareRoot(), "E[x²] \(second) vs \(exactSecond)")
    }

    /// 11.4 — against a central finite difference of the log-density (log-sum-exp, so it
    /// stays finite in the tails, where a direct sum of the densities underflows to 0/0).
    static func mixtureScore(_ score: (Double, [Double], [Double], [Double]) throws -> Double) throws {
        let weights = [0.2, 0.5, 0.3], means = [-2.0, 0.5, 3.0], deviations = [0.5, 1.0, 0.7]
        func logDensity(_ x: Double) -> Double {
            let terms = weights.indices.map { log(weights[$0] / (deviations[$0] * (2 * Double.pi).squareRoot())) - pow(x - means[$0], 2) / (2 * pow(deviations[$0], 2)) }
            let top = terms.max()!
            return top + log(terms.reduce(0) { $0 + exp($1 - top) })
        }
        for x in Array(stride(from: -4.0, through: 5.0, by: 0.37)) + [-40, 60] {
            let numeric = (logDensity(x + 1e-5) - logDensity(x - 1e-5)) / 2e-5
            let claimed = try score(x, weights, means, deviations)
            #expect(abs(claimed - numeric) < 1e-5 * max(1, abs(numeric)), "x = \(x): \(claimed) vs \(numeric)")
        }
        // Unnormalised weights describe the same density.
        #expect(abs(try score(0.3, weights.map { $0 * 7 }, means, deviations) - (try score(0.3, weights, means, deviations))) < 1e-9)
    }
}

/// Whether a stub has been filled in (it no longer throws `NotAttempted`).
func attempted(_ probe: () throws -> Any) -> Bool {
    do { _ = try probe(); return true } catch is NotAttempted { return false } catch { return true }
}

struct Chapter11ReferenceSolutions {
    @Test func langevinStep() throws { try Chapter11Grading.langevinStep(Chapter11Solutions.langevinStep) }
    @Test func stationaryVariance() throws { try Chapter11Grading.stationaryVariance(Chapter11Solutions.stationaryVariance) }
    @Test func metropolisLogAcceptance() throws { try Chapter11Grading.metropolisLogAcceptance(Chapter11Solutions.metropolisLogAcceptance) }
    @Test func mixtureScore() throws { try Chapter11Grading.mixtureScore(Chapter11Solutions.mixtureScore) }

    @Test func graderRejectsUnadjustedLangevin() {
        // The 11.3 grader must be able to fail: "always accept" (plain ULA) is biased at this step size.
        withKnownIssue { try Chapter11Grading.metropolisLogAcceptance { _, _, _, _, _ in 0 } }
    }
}

struct Chapter11StudentExercises {
    @Test(.enabled(if: attempted { try Chapter11Exercises.langevinStep(x: 0, score: 0, stepSize: 0.1, noise: 0) }))
    func langevinStep() throws { try Chapter11Grading.langevinStep(Chapter11Exercises.langevinStep) }

    @Test(.enabled(if: attempted { try Chapter11Exercises.stationaryVariance(targetVariance: 1, stepSize: 0.1) }))
    func stationaryVariance() throws { try Chapter11Grading.stationaryVariance(Chapter11Exercises.stationaryVariance) }

    @Test(.enabled(if: attempted { try Chapter11Exercises.metropolisLogAcceptance(x: 0, proposal: 0, logDensity: { $0 }, score: { $0 }, stepSize: 0.1) }))
    func metropolisLogAcceptance() throws { try Chapter11Grading.metropolisLogAcceptance(Chapter11Exercises.metropolisLogAcceptance) }

    @Test(.enabled(if: attempted { try Chapter11Exercises.mixtureScore(x: 0, weights: [1], means: [0], standardDeviations: [1]) }))
    func mixtureScore() throws { try Chapter11Grading.mixtureScore(Chapter11Exercises.mixtureScore) }
}
