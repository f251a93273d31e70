import Foundation
import Testing
import DiffusionModels
import Statistics
import TensorCore

/// The forward chain: its closed form against step-by-step simulation, and the posterior
/// coefficients against a Monte Carlo regression.
@Suite struct ForwardProcessTests {
    /// Simulating x_t = √α_t x_{t−1} + √β_t ε from fixed x₀ gives, at every t checked, the
    /// mean √ᾱ_t x₀ and variance 1 − ᾱ_t of the closed form (within 4 standard errors).
    /// The t = 20 check has the power to see a one-step error: ᾱ₁₉ vs ᾱ₂₀ differ in the
    /// variance by 12 standard errors.
    @Test func chainSimulatedStepByStepMatchesTheClosedForm() {
        let schedule = DiffusionSchedule.linear(steps: 200)
        var generator = RandomGenerator(seed: 1)
        let n = 40_000
        let start: Float = 1.5
        var x = Tensor.full([n, 1], start)
        for t in 1...200 {
            x = schedule.chainStep(previous: x, t: t, noise: Tensor.normal([n, 1], using: &generator))
            guard [20, 60, 120, 200].contains(t) else { continue }
            let summary = SampleSummary(x.doubles)
            let mean = schedule.alphaBar(t).squareRoot() * Double(start), variance = schedule.oneMinusAlphaBar(t)
            #expect(abs(summary.mean - mean) < 4 * (variance / Double(n)).squareRoot(), "t = \(t): mean \(summary.mean) vs \(mean)")
            let varianceError = normalVarianceStandardError(variance: variance, count: n)
            #expect(abs(summary.variance - variance) < 4 * varianceError, "t = \(t): variance \(summary.variance) vs \(variance)")
            if t == 20 { #expect(abs(schedule.oneMinusAlphaBar(19) - variance) > 12 * varianceError) }
        }
    }

    /// `noised` applies each row's own timestep, and timestep 0 leaves a row clean.
    @Test func noisedUsesEachRowsTimestep() {
        let schedule = DiffusionSchedule.cosine(steps: 100)
        let x0 = Tensor(rows: [[1, 2], [3, 4], [5, 6]]), noise = Tensor(rows: [[0.5, -1], [2, 0], [1, 1]])
        let noisy = schedule.noised(x0: x0, timesteps: [0, 40, 100], noise: noise)
        #expect(noisy.row(0) == x0.row(0))
        for (row, t) in [(1, 40), (2, 100)] {
            for j in 0..<2 {
                let expected = schedule.alphaBar(t).squareRoot() * Double(x0[row, j]) + schedule.oneMinusAlphaBar(t).squareRoot() * Double(noise[row, j])
                #expect(abs(Double(noisy[row, j]) - expected) < 1e-5)
            }
        }
    }

    /// q(x_{t−1} | x_t, x₀) is Gaussian with mean c₀x₀ + c_t x_t and variance β̃_t, so regressing
    /// simulated x_{t−1} on (1, x₀, x_t) must recover (0, c₀, c_t) within the regression's
    /// standard errors and leave residual variance β̃_t. x₀ varies (N(0.5, 0.7²)) so that both
    /// slopes are identifiable; x_{t−1} comes from the closed form and x_t from one chain step.
    @Test(arguments: [2, 30, 150])
    func posteriorCoefficientsMatchAMonteCarloRegression(t: Int) {
        let schedule = DiffusionSchedule.linear(steps: 200)
        var generator = RandomGenerator(seed: UInt64(100 + t))
        let n = 60_000
        let x0 = Tensor.normal([n, 1], mean: 0.5, standardDeviation: 0.7, using: &generator)
        let previous = schedule.noised(x0: x0, timestep: t - 1, noise: Tensor.normal([n, 1], using: &generator))
        let current = schedule.chainStep(previous: previous, t: t, noise: Tensor.normal([n, 1], using: &generator))
        let fit = ordinaryLeastSquares(response: previous.doubles, predictors: [x0.doubles, current.doubles])
        let posterior = schedule.posterior(t: t)
        let expected = [0, posterior.cleanCoefficient, posterior.noisyCoefficient]
        for k in 0..<3 {
            #expect(abs(fit.coefficients[k] - expected[k]) < 4 * fit.standardErrors[k] + 1e-6,
                    "t = \(t), coefficient \(k): \(fit.coefficients[k]) vs \(expected[k]) ± \(fit.standardErrors[k])")
        }
        // Float32 rounding of x_{t−1} adds ~1e-15 to the residual variance: negligible even at t = 2.
        #expect(abs(fit.residualVariance - posterior.variance) < 4 * normalVarianceStandardError(variance: posterior.variance, count: n - 3),
                "t = \(t): residual variance \(fit.residualVariance) vs β̃ = \(posterior.variance)")
    }

    /// At t = 1 the posterior is a point mass at x₀: c₀ = 1, c_t = 0, β̃₁ = 0.
    @Test func posteriorAtTheFirstStepIsTheData() {
        let posterior = DiffusionSchedule.linear().posterior(t: 1)
        #expect(posterior.cleanCoefficient == 1 && posterior.noisyCoefficient == 0 && posterior.variance == 0)
    }
}

/// Least squares with an intercept, solved from the normal equations in double precision,
/// with the usual standard errors √(s²·(XᵀX)⁻¹_kk).
func ordinaryLeastSquares(response: [Double], predictors: [[Double]]) -> (coefficients: [Double], standardErrors: [Double], residualVariance: Double) {
    let n = response.count, p = predictors.count + 1
    func feature(_ k: Int, _ i: Int) -> Double { k == 0 ? 1 : predictors[k - 1][i] }
    var gram = [[Double]](repeating: [Double](repeating: 0, count: p), count: p), moment = [Double](repeating: 0, count: p)
    for i in 0..<n {
        for a in 0..<p {
            moment[a] += feature(a, i) * response[i]
            for b in 0..<p { gram[a][b] += feature(a, i) * feature(b, i) }
        }
    }
    let inverse = invert(gram)
    let coefficients = (0..<p).map { a in (0..<p).reduce(0.0) { $0 + inverse[a][$1] * moment[$1] } }
    let residuals = (0..<n).map { i in response[i] - (0..<p).reduce(0.0) { $0 + coefficients[$1] * feature($1, i) } }
    let residualVariance = residuals.reduce(0) { $0 + $1 * $1 } / Double(n - p)
    return (coefficients, (0..<p).map { (residualVariance * inverse[$0][$0]).squareRoot() }, residualVariance)
}

/// Gauss–Jordan inversion of a small well-conditioned matrix.
func invert(_ matrix: [[Double]]) -> [[Double]] {
    let size = matrix.count
    var augmented = matrix.enumerated().map { row, values in values + (0..<size).map { $0 == row ? 1.0 : 0.0 } }
    for column in 0..<size {
        let pivot = (column..<size).max { abs(augmented[$0][column]) < abs(augmented[$1][column]) }!
        augmented.swapAt(column, pivot)
        let scale = augmented[column][column]
        augmented[column] = augmented[column].map { $0 / scale }
        for row in 0..<size where row != column {
            let factor = augmented[row][column]
            augmented[row] = zip(augmented[row], augmented[column]).map { $0 - factor * $1 }
        }
    }
    return augmented.map { Array($0[size...]) }
}
