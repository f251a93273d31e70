import Foundation
import TensorCore

/// Langevin samplers over a batch of particles: the rows of an `[n, d]` tensor,
/// or the elements of an `[n]` tensor (independent 1-D chains). Given only a
/// score s(x) = ∇ₓ log p(x) — never the normalising constant of p — they turn it
/// into samples.
///
/// The unadjusted Langevin algorithm (ULA) is the Euler–Maruyama discretisation
/// of the Langevin diffusion dx = ∇log p(x) dt + √2 dW with time step ε/2:
///
///   x ← x + (ε/2)·s(x) + √ε·z,  z ~ N(0, I),                              (ULA)
///
/// the convention of the whole book (chapter 11): ε is the *step size*, the
/// variance of the injected noise. The diffusion leaves p invariant; the
/// discretised chain does not, and is biased by O(ε).
///
/// **Stability.** For a Gaussian target N(0, σ²) the update is linear,
/// x ← (1 − ε/(2σ²))x + √ε·z, so the chain is stable only while
/// |1 − ε/(2σ²)| < 1, that is for
///
///   ε < 4σ²,
///
/// and its stationary law is then N(0, v) with v = σ²/(1 − ε/(4σ²)) (from
/// v = (1 − ε/(2σ²))²v + ε). For a general target the binding σ² is the smallest
/// variance direction: ε < 4/L when −log p has curvature at most L. Beyond that the
/// particles diverge geometrically; long before it the variance is visibly inflated.
///
/// ``metropolisAdjustedStep(_:logDensity:score:stepSize:using:)`` (MALA) removes
/// the bias by a Metropolis–Hastings correction (Roberts & Tweedie 1996).
public enum Langevin {
    // listing: langevin-update
    /// Runs `steps` unadjusted Langevin updates on a batch of particles, calling
    /// `observe(k, x)` after step k = 1…steps.
    public static func chain(_ start: Tensor, score: (Tensor) -> Tensor, stepSize: Float, steps: Int,
                             using generator: inout RandomGenerator,
                             observe: (Int, Tensor) -> Void = { _, _ in }) -> Tensor {
        var x = start
        for step in 0..<steps {
            x = unadjustedStep(x, score: score, stepSize: stepSize, using: &generator)
            observe(step + 1, x)
        }
        return x
    }

    /// One ULA update of every particle: x + (ε/2)·s(x) + √ε·z.
    public static func unadjustedStep(_ x: Tensor, score: (Tensor) -> Tensor, stepSize: Float,
                                      using generator: inout RandomGenerator) -> Tensor {
        let noise = Tensor.normal(x.shape, using: &generator)
        return x + score(x) * (stepSize / 2) + noise * stepSize.squareRoot()
    }
    // end listing

    /// Annealed Langevin dynamics (Song & Ermon 2019, algorithm 1): `stepsPerLevel`
    /// ULA steps with the score of the smoothed law p_σ = p ∗ N(0, σ²I) at each noise
    /// level σ in turn (usually decreasing to the target's σ = 0), so that particles are
    /// shared out between modes while the smoothed landscape still lets them move.
    ///
    /// - Parameters:
    ///   - noiseLevels: σ₁, σ₂, …, visited in order.
    ///   - stepSize: ε as a function of σ. Song & Ermon take ε ∝ σ², which keeps the
    ///     ratio of ε to the smoothed variance — and so the stability margin — fixed.
    ///   - score: s(x, σ), the score of p_σ (a noise-conditional network, or a closed form).
    ///   - observe: called as `observe(levelIndex, stepWithinLevel, x)` after every step.
    public static func annealedChain(_ start: Tensor, noiseLevels: [Double], stepsPerLevel: Int,
                                     stepSize: (Double) -> Float, score: (Tensor, Double) -> Tensor,
                                     using generator: inout RandomGenerator,
                                     observe: (Int, Int, Tensor) -> Void = { _, _, _ in }) -> Tensor {
        var x = start
        for (level, sigma) in noiseLevels.enumerated() {
            x = chain(x, score: { score($0, sigma) }, stepSize: stepSize(sigma), steps: stepsPerLevel, using: &generator) { step, x in
                observe(level, step, x)
            }
        }
        return x
    }
}
