import Foundation
import TensorCore

/// The coefficients of the forward posterior q(x_{t−1} | x_t, x₀) = N(c₀x₀ + c_t x_t, β̃_t I)
/// (Ho et al. 2020, eqs. 6–7), the target each reverse step is trained to match.
public struct PosteriorCoefficients: Sendable, Equatable {
    /// c₀ = √ᾱ_{t−1} β_t / (1 − ᾱ_t), the weight of the clean data in the mean.
    public let cleanCoefficient: Double
    /// c_t = √α_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), the weight of the noisy point in the mean.
    public let noisyCoefficient: Double
    /// β̃_t = (1 − ᾱ_{t−1}) β_t / (1 − ᾱ_t), the variance (zero at t = 1, where x₀ is x_{t−1}).
    public let variance: Double

    /// The posterior mean c₀x₀ + c_t x_t, row by row.
    public func mean(clean: Tensor, noisy: Tensor) -> Tensor {
        require(clean.shape == noisy.shape, "The posterior mean needs x₀ and x_t of one shape, got \(clean.shape) and \(noisy.shape).")
        return clean * Float(cleanCoefficient) + noisy * Float(noisyCoefficient)
    }
}

// listing: forward-process
extension DiffusionSchedule {
    /// x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε in one step, with its own timestep for each row
    /// (Ho et al. 2020, eq. 4). Composing Gaussian steps gives a Gaussian: the means
    /// multiply (√α₁⋯√α_t = √ᾱ_t) and the variances add up to 1 − ᾱ_t, which is why
    /// training never has to run the chain.
    ///
    /// - Parameters:
    ///   - x0: clean data, `[n, D]`.
    ///   - timesteps: n timesteps in 0…T (0 leaves the row clean).
    ///   - noise: ε ~ N(0, I), `[n, D]`.
    public func noised(x0: Tensor, timesteps: [Int], noise: Tensor) -> Tensor {
        require(x0.rank == 2 && noise.shape == x0.shape, "noised needs x₀ and ε of one shape [n, D], got \(x0.shape) and \(noise.shape).")
        require(timesteps.count == x0.rowCount, "noised needs one timestep per row, got \(timesteps.count) for \(x0.rowCount) rows.")
        let signal = Tensor(shape: [timesteps.count, 1], scalars: timesteps.map { Float(alphaBar($0).squareRoot()) })
        let spread = Tensor(shape: [timesteps.count, 1], scalars: timesteps.map { Float(oneMinusAlphaBar($0).squareRoot()) })
        return x0 * signal + noise * spread
    }

    /// The same closed form with one timestep for every row.
    public func noised(x0: Tensor, timestep t: Int, noise: Tensor) -> Tensor {
        noised(x0: x0, timesteps: Array(repeating: t, count: x0.rowCount), noise: noise)
    }

    /// One step of the forward chain, x_t = √α_t x_{t−1} + √β_t ε (Ho et al. 2020, eq. 2):
    /// the definition that the closed form summarises, for simulating the chain step by step.
    /// Shrinking by √α_t while adding variance β_t = 1 − α_t keeps a unit variance unit.
    public func chainStep(previous: Tensor, t: Int, noise: Tensor) -> Tensor {
        require(noise.shape == previous.shape, "chainStep needs x_{t−1} and ε of one shape, got \(previous.shape) and \(noise.shape).")
        return previous * Float(alpha(t).squareRoot()) + noise * Float(beta(t).squareRoot())
    }

    /// The coefficients of q(x_{t−1} | x_t, x₀), for t in 1…T.
    ///
    /// By Bayes, q(x_{t−1} | x_t, x₀) ∝ q(x_t | x_{t−1}) q(x_{t−1} | x₀): a product of
    /// Gaussians in x_{t−1} with precisions α_t/β_t and 1/(1 − ᾱ_{t−1}), which add to
    /// (1 − ᾱ_t)/(β_t(1 − ᾱ_{t−1})) because α_t(1 − ᾱ_{t−1}) + β_t = 1 − ᾱ_t. The inverse is
    /// β̃_t; the mean is β̃_t times the precision-weighted sum √α_t x_t/β_t + √ᾱ_{t−1} x₀/(1 − ᾱ_{t−1}),
    /// which gives c_t and c₀.
    public func posterior(t: Int) -> PosteriorCoefficients {
        let beta = beta(t), previous = oneMinusAlphaBar(t - 1), current = oneMinusAlphaBar(t)
        return PosteriorCoefficients(
            cleanCoefficient: alphaBar(t - 1).squareRoot() * beta / current,
            noisyCoefficient: alpha(t).squareRoot() * previous / current,
            variance: previous * beta / current)
    }
}
// end listing
