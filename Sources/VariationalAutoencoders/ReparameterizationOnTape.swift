import TensorCore
import Autodiff

// The two pieces of the ELBO that touch the encoder's outputs, as compositions of
// recorded operations: their gradients come from the tape (and can be differentiated
// again), and each has a finite-difference test.

extension Variable {
    // listing: reparameterize
    /// A draw z = μ + σ ⊙ ε from N(μ, diag σ²), σ = exp(½v), written as a differentiable
    /// function of the encoder's outputs μ and v = log σ² for fixed noise ε ~ N(0, I)
    /// (Kingma & Welling 2014, §2.4).
    ///
    /// Moving the randomness into ε, which does not depend on the parameters, is what lets
    /// ∂/∂θ E_q[f(z)] = E_ε[∂f(μ + σε)/∂θ] be estimated by ordinary backpropagation.
    ///
    /// - Parameters:
    ///   - mean: μ, `[n, k]`.
    ///   - logVariance: v = log σ², `[n, k]`.
    ///   - noise: ε, `[n, k]`, a constant.
    public static func reparameterize(mean: Variable, logVariance: Variable, noise: Tensor) -> Variable {
        require(mean.shape == logVariance.shape && mean.shape == noise.shape,
                "reparameterize needs mean, log-variance and noise of one shape, got \(mean.shape), \(logVariance.shape), \(noise.shape).")
        return mean + (logVariance * 0.5).exp() * noise
    }
    // end listing

    /// The KL of each row's N(μ, diag eᵛ) from N(0, I), per dimension, `[n, k]`:
    /// ½(μ² + eᵛ − 1 − v) elementwise (see `GaussianKL`). Sum along axis 1 for each
    /// example's KL.
    ///
    /// Its derivatives are ∂/∂μ = μ and ∂/∂v = ½(eᵛ − 1): the KL pulls every mean to 0
    /// and every variance to 1, which is exactly the pull that collapses a dimension the
    /// decoder does not use.
    public static func gaussianKLToStandardNormal(mean: Variable, logVariance: Variable) -> Variable {
        require(mean.shape == logVariance.shape, "The KL needs mean and log-variance of one shape, got \(mean.shape) and \(logVariance.shape).")
        return (mean.squared() + logVariance.exp() - logVariance - 1) * 0.5
    }

    /// max(x, floor) elementwise, as floor + relu(x − floor): the gradient is passed where
    /// x > floor and is zero below it (the free-bits floor of `ELBOObjective`).
    public func clampedBelow(at floor: Float) -> Variable {
        (self - floor).relu() + floor
    }
}
