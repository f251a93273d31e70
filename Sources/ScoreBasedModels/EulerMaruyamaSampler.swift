import Foundation
import TensorCore

/// Euler–Maruyama on the reverse SDE: x ← x − (f − g²s)Δt + g√Δt·z, stepping t down
/// by Δt on a uniform grid from 1 to `endTime`. NFE = steps.
///
/// The last step adds no noise: its noise would be of size g√Δt at t ≈ 0, below
/// anything a sample can resolve, and leaving it out returns the denoised mean.
public struct EulerMaruyamaSampler: ReverseTimeSampler {
    public let steps: Int
    public let endTime: Double

    public init(steps: Int, endTime: Double = 1e-3) {
        require(steps > 0, "Euler–Maruyama needs at least one step, got \(steps).")
        self.steps = steps
        self.endTime = endTime
    }

    public var name: String { "Euler–Maruyama" }
    public var networkEvaluations: Int { steps }

    // listing: reverse-euler-maruyama
    public func sample(_ model: some ScoreModel, from start: Tensor, using generator: inout RandomGenerator,
                       observe: (Double, Tensor) -> Void) -> Tensor {
        let grid = reverseTimeGrid(steps: steps, endTime: endTime)     // 1 = t₀ > t₁ > … > t_N
        var x = start
        for step in 0..<steps {
            x = Self.reverseStep(x, model: model, from: grid[step], to: grid[step + 1], addNoise: step < steps - 1, using: &generator)
            observe(grid[step + 1], x)
        }
        return x
    }

    /// One Euler–Maruyama step of the reverse SDE, from t down to `next`.
    static func reverseStep(_ x: Tensor, model: some ScoreModel, from t: Double, to next: Double, addNoise: Bool,
                            using generator: inout RandomGenerator) -> Tensor {
        let dt = t - next
        // The reverse drift f − g²s is per unit of forward time; time runs backwards, hence the minus.
        let moved = x - model.sde.reverseDrift(x, at: t, score: model.score(x, at: t)) * Float(dt)
        guard addNoise else { return moved }
        return moved + Tensor.normal(x.shape, using: &generator) * Float(model.sde.diffusion(t) * dt.squareRoot())
    }
    // end listing
}
