// Chapter 5 — Diffusion models. Replace each `throw NotAttempted()` with your implementation, then run
// `swift test --filter Chapter05` to have it graded.

/// Notation for all three exercises: the forward (noising) chain of a DDPM (Ho et al. 2020) has variances
/// β₁, …, β_T, given as `betas` with betas[s − 1] = β_s and 0 < β_s < 1. Step s = 1, …, T takes
///   x_s = √(1 − β_s)·x_{s−1} + √β_s·ε_s,   ε_s ~ N(0, I) drawn afresh at every step,
/// starting from the data x₀. Write α_s = 1 − β_s and ᾱ_t = α₁·α₂·…·α_t (the product over s = 1, …, t; ᾱ₀ = 1).
public enum Chapter05Exercises {
    /// Exercise 5.1 — A diffusion noising step.
    /// The chain's t-step marginal has a closed form: x_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε with one draw ε ~ N(0, I).
    /// Given x₀, a step 1 ≤ t ≤ T (T = betas.count) and that draw ε (`noise`, as long as x₀), return this x_t,
    /// jumping straight from x₀ to step t without simulating the steps in between.
    public static func noisedSample(x0: [Double], betas: [Double], t: Int, noise: [Double]) throws -> [Double] {
        throw NotAttempted()
    }

    /// Exercise 5.2 — The denoising loss.
    /// A batch holds B rows i = 0, …, B − 1: a data point x₀⁽ⁱ⁾ (`x0[i]`), a step tᵢ ∈ {1, …, T} (`timesteps[i]`) and a
    /// noise draw ε⁽ⁱ⁾ (`noise[i]`, as long as x₀⁽ⁱ⁾). Noise each row to step tᵢ as in 5.1,
    /// x_t⁽ⁱ⁾ = √ᾱ_{tᵢ}·x₀⁽ⁱ⁾ + √(1 − ᾱ_{tᵢ})·ε⁽ⁱ⁾, and return Ho et al.'s (2020) simple loss
    ///   (1/B) Σᵢ ‖ε⁽ⁱ⁾ − ε̂(x_t⁽ⁱ⁾, tᵢ)‖²,
    /// where `predictor(x, t)` is the network's prediction ε̂(x, t) of the noise in x at step t, and ‖·‖² is the squared
    /// Euclidean norm (summed over the coordinates).
    public static func denoisingLoss(x0: [[Double]], timesteps: [Int], noise: [[Double]], betas: [Double],
                                     predictor: ([Double], Int) -> [Double]) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 5.3 — The posterior of one step.
    /// In one dimension, for a step 2 ≤ t ≤ T, the chain gives q(x_{t−1} | x₀) = N(√ᾱ_{t−1}·x₀, 1 − ᾱ_{t−1}) and
    /// q(x_t | x_{t−1}) = N(√(1 − β_t)·x_{t−1}, β_t); by Bayes' rule the previous state given both ends,
    /// q(x_{t−1} | x_t, x₀) ∝ q(x_{t−1} | x₀)·q(x_t | x_{t−1}), is Gaussian. Given x₀ and x_t, return its mean
    /// μ̃_t(x_t, x₀) and its variance β̃_t.
    public static func posteriorMeanAndVariance(x0: Double, xt: Double, betas: [Double],
                                                t: Int) throws -> (mean: Double, variance: Double) {
        throw NotAttempted()
    }
}
