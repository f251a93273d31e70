// Chapter 14 — Fast sampling. Replace each `throw NotAttempted()` with your implementation, then
// run `swift test --filter Chapter14` to have it graded.
//
// Conventions, as in the chapter: data x₀ are noised as x_σ = x₀ + σε, ε ~ N(0, I), with a noise level σ ≥ 0, and
// the denoiser D(x, σ) ≈ E[x₀ | x_σ = x] is handed to you as a closure `denoise(x, σ)` (or `teacher(x, σ)`) that
// returns a vector of the same length as x. Sampling follows the probability-flow ODE
//   dx/dσ = (x − D(x, σ))/σ
// downwards, from a large σ towards 0. Vectors are [Double]; a step goes from σ to a lower level σ′ (`next`).
// Euler's step of that ODE is deterministic DDIM: x′ = D + (σ′/σ)(x − D), D = D(x, σ).

public enum Chapter14Exercises {
    /// Exercise 14.1 — Karras noise levels.
    /// Return `count` ≥ 2 levels σ₀ = σ_max > σ₁ > … > σ_{count−1} = σ_min evenly spaced in σ^{1/ρ}:
    ///   σᵢ = (σ_max^{1/ρ} + i/(count − 1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ,   i = 0 … count − 1,
    /// with 0 < σ_min = `minimum` < σ_max = `maximum` and ρ = `rho` > 0. Return the two ends exactly as given:
    /// (σ_max^{1/ρ})^ρ in floating point may miss σ_max in its last bit.
    public static func karrasNoiseLevels(count: Int, minimum: Double, maximum: Double, rho: Double) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 14.2 — Heun's step.
    /// One step of the probability-flow ODE from σ = `sigma` to σ′ = `next` (0 ≤ σ′ < σ) by Heun's method: the slope
    /// d = (x − D(x, σ))/σ, Euler's point x_E = x + (σ′ − σ)d, the slope there d′ = (x_E − D(x_E, σ′))/σ′, and
    ///   x′ = x + (σ′ − σ)(d + d′)/2.
    /// At σ′ = 0 the slope d′ does not exist: return Euler's point, which is then D(x, σ) itself; return that value
    /// exactly, as `denoise` gave it. Call `denoise` at most twice (once when σ′ = 0): it stands for a network.
    public static func heunStep(x: [Double], from sigma: Double, to next: Double,
                                denoise: ([Double], Double) -> [Double]) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 14.3 — The target of progressive distillation.
    /// The teacher takes two Euler (DDIM) steps, σ → σ_mid → σ′ (`sigma` > `middle` > `next` ≥ 0), from x and lands at
    /// x″, using its denoiser `teacher(x, σ)` at x and at the midway point. Return the D̃ for which one Euler step
    /// of the student from σ straight to σ′, x + (σ′ − σ)(x − D̃)/σ, lands at x″ too:
    ///   D̃ = (x″ − (σ′/σ)x)/(1 − σ′/σ);
    /// at σ′ = 0 that is x″ itself.
    public static func distillationTarget(x: [Double], sigma: Double, middle: Double, next: Double,
                                          teacher: ([Double], Double) -> [Double]) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 14.4 — Straightness of a flow.
    /// The flow dy/dt = v(y, t) on t ∈ [0, 1] is given by `velocity(y, t)`. From each row y₀ of `start`, follow it by
    /// M = `steps` Euler steps, y_{k+1} = y_k + v_k/M with v_k = v(y_k, k/M), to y₁ = y_M, and approximate
    ///   S(y₀) = ∫₀¹ ‖(y₁ − y₀) − v(y_t, t)‖² dt   by   Σ_{k=0}^{M−1} ‖(y₁ − y₀) − v_k‖² / M.
    /// Return the mean of S(y₀) over the rows of `start`. S is 0 when every path is a straight line travelled at
    /// constant speed, which one Euler step then follows exactly.
    public static func straightness(velocity: ([Double], Double) -> [Double], start: [[Double]], steps: Int) throws -> Double {
        throw NotAttempted()
    }
}
