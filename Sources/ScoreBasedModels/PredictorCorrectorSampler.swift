import Foundation
import Sampling
import TensorCore

/// Predictor–corrector sampling (Song et al., 2021): after each Euler–Maruyama
/// predictor step, `correctorSteps` Langevin steps at the new time pull the particles
/// towards p_t. NFE = steps·(1 + correctorSteps) − correctorSteps (no corrector after
/// the last, noise-free step).
///
/// The corrector is chapter 11's unadjusted Langevin step x ← x + (δ/2)s + √δ·z with
/// the step δ set by a target signal-to-noise ratio r: the drift (δ/2)‖s‖ is r times
/// the noise √δ·‖z‖, so δ = (2r‖z‖/‖s‖)², with ‖s‖ the batch's mean score norm and ‖z‖
/// the mean norm E‖z‖ of a d-dimensional standard normal. (Song et al. write the same
/// rule for x ← x + εs + √(2ε)z, i.e. ε = δ/2.)
public struct PredictorCorrectorSampler: ReverseTimeSampler {
    public let steps: Int
    public let correctorSteps: Int
    public let signalToNoiseRatio: Double
    public let endTime: Double

    public init(steps: Int, correctorSteps: Int = 1, signalToNoiseRatio: Double = 0.16, endTime: Double = 1e-3) {
        require(steps > 0 && correctorSteps >= 0, "Predictor–corrector needs steps > 0 and correctorSteps ≥ 0, got \(steps), \(correctorSteps).")
        require(signalToNoiseRatio > 0, "The corrector's signal-to-noise ratio must be positive, got \(signalToNoiseRatio).")
        self.steps = steps
        self.correctorSteps = correctorSteps
        self.signalToNoiseRatio = signalToNoiseRatio
        self.endTime = endTime
    }

    public var name: String { "predictor–corrector" }
    public var networkEvaluations: Int { steps * (1 + correctorSteps) - correctorSteps }

    public func sample(_ model: some ScoreModel, from start: Tensor, using generator: inout RandomGenerator,
                       observe: (Double, Tensor) -> Void) -> Tensor {
        let grid = reverseTimeGrid(steps: steps, endTime: endTime)
        var x = start
        for step in 0..<steps {
            let last = step == steps - 1
            x = EulerMaruyamaSampler.reverseStep(x, model: model, from: grid[step], to: grid[step + 1], addNoise: !last, using: &generator)
            if !last {
                for _ in 0..<correctorSteps { x = correct(x, model: model, at: grid[step + 1], using: &generator) }
            }
            observe(grid[step + 1], x)
        }
        return x
    }

    /// One Langevin corrector step at time t with the signal-to-noise step-size rule.
    public func correct(_ x: Tensor, model: some ScoreModel, at t: Double, using generator: inout RandomGenerator) -> Tensor {
        let score = model.score(x, at: t)
        let stepSize = Self.stepSize(signalToNoiseRatio: signalToNoiseRatio, meanScoreNorm: Self.meanRowNorm(score),
                                     dimension: x.columnCount)
        // The score at x is already computed (it sets the step size): pass it on rather than evaluate the network twice.
        return Langevin.unadjustedStep(x, score: { _ in score }, stepSize: Float(stepSize), using: &generator)
    }

    /// δ = (2r·E‖z‖/‖s‖)².
    public static func stepSize(signalToNoiseRatio r: Double, meanScoreNorm: Double, dimension: Int) -> Double {
        let noiseNorm = expectedStandardNormalNorm(dimension: dimension)
        return Foundation.pow(2 * r * noiseNorm / Swift.max(meanScoreNorm, 1e-12), 2)
    }

    /// E‖z‖ for z ~ N(0, I_d): √2·Γ((d + 1)/2)/Γ(d/2) (the mean of a chi distribution).
    public static func expectedStandardNormalNorm(dimension d: Int) -> Double {
        (2.0).squareRoot() * Foundation.exp(Foundation.lgamma(Double(d + 1) / 2) - Foundation.lgamma(Double(d) / 2))
    }

    static func meanRowNorm(_ x: Tensor) -> Double {
        x.rowNorms().doubles.reduce(0, +) / Double(x.rowCount)
    }
}
