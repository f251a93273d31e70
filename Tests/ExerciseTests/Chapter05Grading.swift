import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 5's exercises against independent computations: the forward chain simulated step by step and its
/// mean and variance propagated step by step (5.1), the loss of the optimal noise predictor of Gaussian data in closed
/// form (5.2), and Bayes' rule integrated numerically and a regression on simulated pairs (5.3). No grader uses the
/// product ᾱ_t = Π(1 − β_s): the chain's mean factor and variance come from the one-step recursions
/// m_s = √(1 − β_s)·m_{s−1}, v_s = (1 − β_s)·v_{s−1} + β_s (m₀ = 1, v₀ = 0), or from simulating the chain itself.
enum Chapter05Grading {
    /// A linear schedule of T = 40 steps, β from 0.002 to 0.2 (the shape of Ho et al.'s 10⁻⁴…0.02 over 1,000 steps,
    /// compressed; ᾱ_T ≈ 0.013, so step T is nearly pure noise), and a short schedule with large steps, where
    /// every confusion between steps is large.
    static let linearSchedule: [Double] = (0..<40).map { 0.002 + (0.2 - 0.002) * Double($0) / 39 }
    static let shortSchedule: [Double] = [0.3, 0.5, 0.9]

    /// The chain's moments by the one-step recursions: element t (0 ≤ t ≤ T) is (m_t, v_t), so x_t | x₀ has mean m_t·x₀
    /// and variance v_t in each coordinate.
    static func chainMoments(_ betas: [Double]) -> [(meanFactor: Double, variance: Double)] {
        var moments = [(meanFactor: 1.0, variance: 0.0)]
        for beta in betas {
            let (m, v) = moments.last!
            moments.append(((1 - beta).squareRoot() * m, (1 - beta) * v + beta))
        }
        return moments
    }

    /// Sample mean, unbiased variance s², and fourth central moment m₄ of a sample; Var(s²) ≈ (m₄ − s⁴)/n.
    static func moments(_ values: [Double]) -> (mean: Double, variance: Double, fourth: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var second = 0.0, fourth = 0.0
        for value in values {
            let d = (value - mean) * (value - mean)
            second += d
            fourth += d * d
        }
        return (mean, second / (n - 1), fourth / n)
    }

    // MARK: 5.1 — a diffusion noising step

    typealias NoisedSample = ([Double], [Double], Int, [Double]) throws -> [Double]

    /// 5.1 — for both schedules and x₀ = (2, −0.7, 0):
    /// (1) exactness: at every step t the answer equals m_t·x₀ + √v_t·ε to 10⁻¹² (relative, or absolute below 1), with
    /// m_t, v_t from the one-step recursions; and at t = 1 it is one step of the chain, √(1 − β₁)x₀ + √β₁ε;
    /// (2) simulation: 20,000 paths of the chain, run step by step from x₀, against 20,000 answers with fresh draws ε,
    /// at t = 1, 2, 10, 20, 40 (linear) and t = 1, 2, 3 (short): in each coordinate the two samples' means agree within
    /// 4 SE of the difference, √(s₁²/n + s₂²/n), and their variances within 4 SE, √((m₄,₁ − s₁⁴)/n + (m₄,₂ − s₂⁴)/n),
    /// with s² and m₄ each sample's own variance and fourth central moment. The SE of a difference of means is at most
    /// √(2/n) = 0.01 (v_t ≤ 1), and of variances ≈ 1.4% of v_t; the wrong answers in `Chapter05WrongAnswers` miss by
    /// tens of SE at some step.
    static func noisedSample(_ formula: NoisedSample) throws {
        let x0 = [2.0, -0.7, 0.0], d = x0.count
        var random = RandomGenerator(seed: 501)
        let cases: [(name: String, betas: [Double], checkpoints: [Int])] = [
            ("linear, T = 40", linearSchedule, [1, 2, 10, 20, 40]), ("short, β = (0.3, 0.5, 0.9)", shortSchedule, [1, 2, 3]),
        ]
        for (name, betas, checkpoints) in cases {
            let chain = chainMoments(betas)
            for t in 1...betas.count {
                let epsilon = (0..<d).map { _ in random.normalDouble() }
                let claimed = try formula(x0, betas, t, epsilon)
                guard claimed.count == d else { Issue.record("\(name), t = \(t): x_t has \(claimed.count) entries, expected \(d)"); return }
                let (m, v) = chain[t]
                for j in 0..<d {
                    let expected = m * x0[j] + v.squareRoot() * epsilon[j]
                    #expect(abs(claimed[j] - expected) <= 1e-12 * max(1, abs(expected)),
                            "\(name), t = \(t), x₀ = \(x0[j]), ε = \(epsilon[j]): x_t = \(claimed[j]), but the chain's mean factor \(m) and variance \(v), propagated step by step, give \(expected)")
                    if t == 1 {
                        let oneStep = (1 - betas[0]).squareRoot() * x0[j] + betas[0].squareRoot() * epsilon[j]
                        #expect(abs(claimed[j] - oneStep) <= 1e-12 * max(1, abs(oneStep)),
                                "\(name), t = 1: x₁ = \(claimed[j]), one step of the chain gives \(oneStep)")
                    }
                }
            }

            let n = 20_000
            var simulated = [[Double]](repeating: [], count: checkpoints.count * d)   // index c·d + j
            var x = x0
            for _ in 0..<n {
                x = x0
                var next = 0
                for s in 1...checkpoints.last! {
                    let beta = betas[s - 1], keep = (1 - beta).squareRoot(), spread = beta.squareRoot()
                    for j in 0..<d { x[j] = keep * x[j] + spread * random.normalDouble() }
                    if s == checkpoints[next] {
                        for j in 0..<d { simulated[next * d + j].append(x[j]) }
                        next += 1
                    }
                }
            }
            for (c, t) in checkpoints.enumerated() {
                var answered = [[Double]](repeating: [], count: d)
                for _ in 0..<n {
                    let y = try formula(x0, betas, t, (0..<d).map { _ in random.normalDouble() })
                    guard y.count == d else { Issue.record("\(name), t = \(t): x_t has \(y.count) entries, expected \(d)"); return }
                    for j in 0..<d { answered[j].append(y[j]) }
                }
                for j in 0..<d {
                    let chainSample = moments(simulated[c * d + j]), answerSample = moments(answered[j])
                    let meanSE = ((chainSample.variance + answerSample.variance) / Double(n)).squareRoot()
                    #expect(abs(answerSample.mean - chainSample.mean) < 4 * meanSE,
                            "\(name), t = \(t), x₀ = \(x0[j]): mean of x_t \(answerSample.mean) from the formula, \(chainSample.mean) from simulating the chain (SE of the difference \(meanSE))")
                    let varianceSE = ((chainSample.fourth - chainSample.variance * chainSample.variance
                                       + answerSample.fourth - answerSample.variance * answerSample.variance) / Double(n)).squareRoot()
                    #expect(abs(answerSample.variance - chainSample.variance) < 4 * varianceSE,
                            "\(name), t = \(t), x₀ = \(x0[j]): variance of x_t \(answerSample.variance) from the formula, \(chainSample.variance) from simulating the chain (SE of the difference \(varianceSE))")
                }
            }
        }
    }

    // MARK: 5.2 — the denoising loss

    typealias DenoisingLoss = ([[Double]], [Int], [[Double]], [Double], ([Double], Int) -> [Double]) throws -> Double

    /// 5.2 — data x₀ ~ N(μ, diag σ²) in d = 2 dimensions, μ = (1.5, −0.5), σ = (0.6, 1.2), linear schedule. With
    /// x_t = m_t x₀ + √v_t ε in each coordinate, (x_t, ε) is jointly Gaussian, so the optimal predictor is the
    /// regression ε̂*(x_t, t) = E[ε | x_t] = √v_t (x_t − m_t μ)/(m_t²σ² + v_t), and the residual ε − ε̂* is N(0, w_t)
    /// independent of x_t, w_t = 1 − v_t/(m_t²σ² + v_t) = m_t²σ²/(m_t²σ² + v_t) per coordinate. One row's loss at ε̂*
    /// is therefore Σⱼ w_{t,j} Zⱼ² with Zⱼ iid N(0, 1): mean Σⱼ w_{t,j}, variance 2Σⱼ w_{t,j}².
    /// (1) Fixed steps t = 1, 10, 20, 40, batches of 20,000 fresh rows: the loss at ε̂* equals Σⱼ w_{t,j} within 4 SE,
    /// SE = √(2Σⱼw_{t,j}²/B), under 1% of the value.
    /// (2) A batch of 40,000 rows with tᵢ uniform on 1…T: the loss at ε̂* equals (1/B)Σᵢ Σⱼ w_{tᵢ,j} (the expectation
    /// given the drawn steps) within 4 SE, SE = √(Σᵢ 2Σⱼ w_{tᵢ,j}²)/B.
    /// (3) On that batch, the predictor ε̂ = 0: the loss is the mean of ‖ε‖², whose expectation is d = 2, within 4 SE,
    /// SE = √(2d/B).
    /// The predictor handed to the answer returns NaNs for a step outside 1…T or a point of the wrong length.
    static func denoisingLoss(_ loss: DenoisingLoss) throws {
        let betas = linearSchedule, steps = betas.count
        let means = [1.5, -0.5], deviations = [0.6, 1.2], d = means.count
        let chain = chainMoments(betas)
        func residualVariances(_ t: Int) -> [Double] {
            let (m, v) = chain[t]
            return (0..<d).map { m * m * deviations[$0] * deviations[$0] / (m * m * deviations[$0] * deviations[$0] + v) }
        }
        let optimal: ([Double], Int) -> [Double] = { x, t in
            guard (1...steps).contains(t), x.count == d else { return [Double](repeating: .nan, count: d) }
            let (m, v) = chain[t]
            return (0..<d).map { j in v.squareRoot() * (x[j] - m * means[j]) / (m * m * deviations[j] * deviations[j] + v) }
        }
        var random = RandomGenerator(seed: 502)
        func batch(_ size: Int, _ step: (inout RandomGenerator) -> Int) -> (x0: [[Double]], timesteps: [Int], noise: [[Double]]) {
            var rows = [[Double]](), timesteps = [Int](), noise = [[Double]]()
            for _ in 0..<size {
                rows.append((0..<d).map { means[$0] + deviations[$0] * random.normalDouble() })
                timesteps.append(step(&random))
                noise.append((0..<d).map { _ in random.normalDouble() })
            }
            return (rows, timesteps, noise)
        }

        for t in [1, 10, 20, 40] {
            let size = 20_000
            let (rows, timesteps, noise) = batch(size) { _ in t }
            let claimed = try loss(rows, timesteps, noise, betas, optimal)
            let w = residualVariances(t)
            let expected = w.reduce(0, +), standardError = (2 * w.reduce(0) { $0 + $1 * $1 } / Double(size)).squareRoot()
            #expect(abs(claimed - expected) < 4 * standardError,
                    "t = \(t), optimal predictor: loss \(claimed), but E‖ε − E[ε | x_t]‖² = Σⱼ Var(εⱼ | x_t) = \(expected) (SE \(standardError))")
        }

        let size = 40_000
        let (rows, timesteps, noise) = batch(size) { $0.integer(below: steps) + 1 }
        var expected = 0.0, variance = 0.0
        for t in timesteps {
            let w = residualVariances(t)
            expected += w.reduce(0, +)
            variance += 2 * w.reduce(0) { $0 + $1 * $1 }
        }
        expected /= Double(size)
        let standardError = variance.squareRoot() / Double(size)
        let claimed = try loss(rows, timesteps, noise, betas, optimal)
        #expect(abs(claimed - expected) < 4 * standardError,
                "steps uniform on 1…\(steps), optimal predictor: loss \(claimed), expected \(expected) given the drawn steps (SE \(standardError))")

        let zeroSE = (2 * Double(d) / Double(size)).squareRoot()
        let atZero = try loss(rows, timesteps, noise, betas) { _, _ in [Double](repeating: 0, count: d) }
        #expect(abs(atZero - Double(d)) < 4 * zeroSE, "predictor ε̂ = 0: loss \(atZero), but E‖ε‖² = d = \(d) (SE \(zeroSE))")
    }

    // MARK: 5.3 — the posterior of one step

    typealias Posterior = (Double, Double, [Double], Int) throws -> (mean: Double, variance: Double)

    /// The posterior's mean and variance by Bayes' rule on a grid: f(y) = N(y; m x₀, v)·N(x_t; √(1 − β_t) y, β_t), with
    /// (m, v) = (m_{t−1}, v_{t−1}) from the recursions, evaluated in logs (shifted by its maximum) on a grid that
    /// reaches 12 of the wider factor's standard deviations beyond both factors' centres (m x₀ and x_t/√(1 − β_t);
    /// the posterior lies between them and is narrower than either), with cells 1/40 of the narrower factor's
    /// standard deviation (at least 28 cells per posterior standard deviation). Z = ∫f, the mean and the variance
    /// (moments about the grid's mode, so no cancellation) by composite Simpson at h and 2h.
    static func quadraturePosterior(x0: Double, xt: Double, betas: [Double], t: Int)
        -> (fine: (mean: Double, variance: Double), coarse: (mean: Double, variance: Double)) {
        let (m, v) = chainMoments(betas)[t - 1], beta = betas[t - 1], keep = (1 - beta).squareRoot()
        let centres = (m * x0, xt / keep), widths = (v.squareRoot(), (beta / (1 - beta)).squareRoot())
        let low = min(centres.0, centres.1) - 12 * max(widths.0, widths.1)
        let high = max(centres.0, centres.1) + 12 * max(widths.0, widths.1)
        let intervals = 4 * Int(((high - low) / (4 * min(widths.0, widths.1) / 40)).rounded(.up))
        let h = (high - low) / Double(intervals)
        let grid = (0...intervals).map { low + Double($0) * h }
        let logs = grid.map { y in -(y - centres.0) * (y - centres.0) / (2 * v) - (xt - keep * y) * (xt - keep * y) / (2 * beta) }
        let top = logs.indices.max { logs[$0] < logs[$1] }!
        let values = logs.map { exp($0 - logs[top]) }, mode = grid[top]
        func rule(stride: Int) -> (mean: Double, variance: Double) {
            let n = intervals / stride
            var z = 0.0, first = 0.0, second = 0.0
            for i in 0...n {
                let weight = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
                let f = weight * values[i * stride], u = grid[i * stride] - mode
                z += f
                first += f * u
                second += f * u * u
            }
            let shift = first / z
            return (mode + shift, second / z - shift * shift)
        }
        return (rule(stride: 1), rule(stride: 2))
    }

    /// 5.3 — two independent routes.
    /// (1) Quadrature at six (schedule, t, x₀, x_t), t from 2 to T: the answer's mean and variance equal the grid's
    /// (Bayes' rule evaluated numerically, `quadraturePosterior`) within 10× the Richardson estimate |S_h − S_{2h}| plus
    /// 10⁻¹⁰ relative (the rounding of sums over a few thousand cells, ≈ 10⁻¹³); the h-vs-2h difference must itself be
    /// below 10⁻⁸ relative, so that the check has power (the wrong answers in `Chapter05WrongAnswers` are off by more
    /// than 10⁻³ relative even where they come closest, at t = T).
    /// (2) Regression at five (schedule, t, x₀): 20,000 chains are run step by step from x₀ to x_{t−1} and one step
    /// further to x_t, and x_{t−1} is regressed on x_t by least squares. (x_{t−1}, x_t) is jointly Gaussian given x₀,
    /// so E[x_{t−1} | x_t, x₀] is linear in x_t with Gaussian residuals of constant variance: the fitted slope, intercept
    /// and residual variance σ̂² estimate the coefficient of x_t, the term in x₀, and β̃_t. The answer's slope
    /// μ̃(x_t = 1) − μ̃(x_t = 0), intercept μ̃(x_t = 0) and variance must match them within 4 SE, with the ordinary
    /// least-squares SEs σ̂/√Sₓₓ and σ̂√(1/n + x̄²/Sₓₓ), and σ̂²√(2/(n − 2)) for σ̂².
    static func posteriorMeanAndVariance(_ posterior: Posterior) throws {
        let quadratureCases: [(name: String, betas: [Double], t: Int, x0: Double, xt: Double)] = [
            ("short", shortSchedule, 2, 1.3, -0.4), ("short", shortSchedule, 3, -0.8, 2.1),
            ("linear", linearSchedule, 2, 0.5, 0.6), ("linear", linearSchedule, 7, 0.0, 3.5),
            ("linear", linearSchedule, 20, -1.7, 0.3), ("linear", linearSchedule, 40, 2.0, -1.0),
        ]
        for (name, betas, t, x0, xt) in quadratureCases {
            let claimed = try posterior(x0, xt, betas, t)
            let (fine, coarse) = quadraturePosterior(x0: x0, xt: xt, betas: betas, t: t)
            let scale = fine.variance.squareRoot() + abs(fine.mean)
            let meanDifference = abs(fine.mean - coarse.mean), varianceDifference = abs(fine.variance - coarse.variance)
            #expect(meanDifference < 1e-8 * scale && varianceDifference < 1e-8 * fine.variance,
                    "\(name), t = \(t): Simpson's rule at h and 2h differs by \(meanDifference) (mean), \(varianceDifference) (variance)")
            #expect(abs(claimed.mean - fine.mean) < 10 * meanDifference + 1e-10 * scale,
                    "\(name), t = \(t), x₀ = \(x0), x_t = \(xt): mean \(claimed.mean), Bayes' rule by quadrature gives \(fine.mean)")
            #expect(abs(claimed.variance - fine.variance) < 10 * varianceDifference + 1e-10 * fine.variance,
                    "\(name), t = \(t), x₀ = \(x0), x_t = \(xt): variance \(claimed.variance), Bayes' rule by quadrature gives \(fine.variance)")
        }

        var random = RandomGenerator(seed: 503)
        let regressionCases: [(name: String, betas: [Double], t: Int, x0: Double)] = [
            ("short", shortSchedule, 2, 1.3), ("short", shortSchedule, 3, -0.8),
            ("linear", linearSchedule, 2, 0.5), ("linear", linearSchedule, 20, -1.7), ("linear", linearSchedule, 40, 2.0),
        ]
        let n = 20_000
        for (name, betas, t, x0) in regressionCases {
            var previous = [Double](), current = [Double]()
            previous.reserveCapacity(n)
            current.reserveCapacity(n)
            for _ in 0..<n {
                var x = x0
                for s in 1..<t { x = (1 - betas[s - 1]).squareRoot() * x + betas[s - 1].squareRoot() * random.normalDouble() }
                previous.append(x)
                current.append((1 - betas[t - 1]).squareRoot() * x + betas[t - 1].squareRoot() * random.normalDouble())
            }
            let meanX = current.reduce(0, +) / Double(n), meanY = previous.reduce(0, +) / Double(n)
            var sxx = 0.0, sxy = 0.0
            for i in 0..<n {
                sxx += (current[i] - meanX) * (current[i] - meanX)
                sxy += (current[i] - meanX) * (previous[i] - meanY)
            }
            let slope = sxy / sxx, intercept = meanY - slope * meanX
            var residualSum = 0.0
            for i in 0..<n {
                let r = previous[i] - intercept - slope * current[i]
                residualSum += r * r
            }
            let residualVariance = residualSum / Double(n - 2), residualDeviation = residualVariance.squareRoot()
            let slopeSE = residualDeviation / sxx.squareRoot()
            let interceptSE = residualDeviation * (1 / Double(n) + meanX * meanX / sxx).squareRoot()
            let varianceSE = residualVariance * (2 / Double(n - 2)).squareRoot()

            let atZero = try posterior(x0, 0, betas, t), atOne = try posterior(x0, 1, betas, t)
            let claimedSlope = atOne.mean - atZero.mean
            #expect(abs(claimedSlope - slope) < 4 * slopeSE,
                    "\(name), t = \(t), x₀ = \(x0): coefficient of x_t \(claimedSlope), regression on simulated chains gives \(slope) (SE \(slopeSE))")
            #expect(abs(atZero.mean - intercept) < 4 * interceptSE,
                    "\(name), t = \(t), x₀ = \(x0): mean at x_t = 0 \(atZero.mean), regression intercept \(intercept) (SE \(interceptSE))")
            for claimed in [atZero.variance, atOne.variance] {
                #expect(abs(claimed - residualVariance) < 4 * varianceSE,
                        "\(name), t = \(t), x₀ = \(x0): variance \(claimed), regression residual variance \(residualVariance) (SE \(varianceSE))")
            }
        }
    }
}

struct Chapter05ReferenceSolutions {
    @Test func noisedSample() throws { try Chapter05Grading.noisedSample(Chapter05Solutions.noisedSample) }
    @Test func denoisingLoss() throws { try Chapter05Grading.denoisingLoss(Chapter05Solutions.denoisingLoss) }
    @Test func posteriorMeanAndVariance() throws { try Chapter05Grading.posteriorMeanAndVariance(Chapter05Solutions.posteriorMeanAndVariance) }
}

struct Chapter05StudentExercises {
    @Test(.enabled(if: attempted { try Chapter05Exercises.noisedSample(x0: [0], betas: [0.1], t: 1, noise: [0]) }))
    func noisedSample() throws { try Chapter05Grading.noisedSample(Chapter05Exercises.noisedSample) }

    @Test(.enabled(if: attempted { try Chapter05Exercises.denoisingLoss(x0: [[0]], timesteps: [1], noise: [[0]], betas: [0.1], predictor: { x, _ in x }) }))
    func denoisingLoss() throws { try Chapter05Grading.denoisingLoss(Chapter05Exercises.denoisingLoss) }

    @Test(.enabled(if: attempted { try Chapter05Exercises.posteriorMeanAndVariance(x0: 0, xt: 0, betas: [0.1, 0.1], t: 2) }))
    func posteriorMeanAndVariance() throws { try Chapter05Grading.posteriorMeanAndVariance(Chapter05Exercises.posteriorMeanAndVariance) }
}
