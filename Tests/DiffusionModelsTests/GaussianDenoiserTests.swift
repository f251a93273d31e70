import Foundation
import Testing
import DiffusionModels
import Statistics
import TensorCore

/// The exact noise predictor for Gaussian data, against Monte Carlo.
@Suite struct GaussianDenoiserTests {
    let schedule = DiffusionSchedule.linear(steps: 100)

    /// E[ε | x_t] estimated by regressing simulated ε on x_t (linear, as both are jointly
    /// Gaussian) matches ε̂*'s slope k_t and intercept −k_t√ᾱ_t m within 4 standard errors.
    @Test(arguments: [3, 25, 60])
    func exactPredictorIsTheConditionalMeanOfTheNoise(t: Int) {
        let mean = 1.2, deviation = 0.4
        let denoiser = GaussianDataDenoiser(mean: [mean], standardDeviation: deviation, schedule: schedule)
        var generator = RandomGenerator(seed: UInt64(t))
        let n = 50_000
        let x0 = Tensor.normal([n, 1], mean: Float(mean), standardDeviation: Float(deviation), using: &generator)
        let noise = Tensor.normal([n, 1], using: &generator)
        let noisy = schedule.noised(x0: x0, timestep: t, noise: noise)
        let fit = ordinaryLeastSquares(response: noise.doubles, predictors: [noisy.doubles])
        let k = denoiser.gain(t: t)
        let expected = [-k * schedule.alphaBar(t).squareRoot() * mean, k]
        for index in 0..<2 {
            #expect(abs(fit.coefficients[index] - expected[index]) < 4 * fit.standardErrors[index],
                    "t = \(t): \(fit.coefficients[index]) vs \(expected[index]) ± \(fit.standardErrors[index])")
        }
        // The predictor evaluated on the same points is that line.
        let predicted = denoiser.predictNoise(noisy, timestep: t)
        for row in [0, 17, 999] {
            #expect(abs(Double(predicted.scalars[row]) - (expected[0] + expected[1] * Double(noisy.scalars[row]))) < 1e-5)
        }
    }

    /// The per-timestep loss of the exact predictor on its own data is the closed-form floor
    /// D·ᾱs²/(ᾱs² + 1 − ᾱ) within 4 standard errors, and a predictor that uses the wrong
    /// data mean (m = 0) is above it by many standard errors at small t.
    @Test func perTimestepLossOfTheExactPredictorIsTheFloor() {
        let mean = [1.0, -0.5], deviation = 0.5
        let exact = GaussianDataDenoiser(mean: mean, standardDeviation: deviation, schedule: schedule)
        let wrong = GaussianDataDenoiser(mean: [0, 0], standardDeviation: deviation, schedule: schedule)
        var generator = RandomGenerator(seed: 7)
        let data = Tensor.normal([20_000, 2], standardDeviation: Float(deviation), using: &generator) + Tensor(mean.map(Float.init))
        let timesteps = [1, 10, 50, 100]
        let losses = perTimestepLoss(model: exact, data: data, timesteps: timesteps, using: &generator)
        for (t, loss) in zip(timesteps, losses) {
            #expect(abs(loss.mean - exact.minimumLoss(t: t)) < 4 * loss.standardError, "t = \(t): \(loss.mean) vs \(exact.minimumLoss(t: t))")
        }
        let wrongLoss = perTimestepLoss(model: wrong, data: data, timesteps: [10], using: &generator)[0]
        #expect(wrongLoss.mean - exact.minimumLoss(t: 10) > 20 * wrongLoss.standardError)
    }

    /// The exact negative log-likelihood is that of N(m_y, s²I), with the class's own mean.
    @Test func negativeLogLikelihoodUsesEachClassMean() {
        let denoiser = GaussianDataDenoiser(classMeans: [[0, 0], [2, 1]], nullMean: [1, 0.5], standardDeviation: 2, schedule: schedule)
        let points = Tensor(rows: [[2, 1], [0, 0]])
        let values = denoiser.negativeLogLikelihood(points, labels: [1, 1])
        #expect(abs(values[0] - log(2 * Double.pi * 4)) < 1e-12)
        #expect(abs(values[1] - (log(2 * Double.pi * 4) + 5.0 / 8)) < 1e-12)
        #expect(denoiser.nullLabel == 2 && denoiser.mean(of: nil) == [1, 0.5])
    }
}
