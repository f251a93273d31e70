import TensorCore
import Autodiff

// listing: wasserstein-gradient-penalty
/// The game of WGAN-GP (Gulrajani et al. 2017): a critic D with an unbounded score (no
/// sigmoid) estimates the Wasserstein-1 distance, and a gradient penalty stands in for the
/// 1-Lipschitz constraint that the Kantorovich–Rubinstein duality asks of it.
///
/// The critic minimises
///
///   L_D = E_z D(x̃) − E_data D(x) + λ·E_x̂ (‖∇_x̂ D(x̂)‖₂ − 1)²,    x̃ = G(z),
///
/// with x̂ = εx + (1 − ε)x̃ and ε ~ U[0, 1] drawn once per pair of examples (Gulrajani et
/// al. 2017, Algorithm 1). The optimal critic of the constrained problem has gradient norm 1
/// almost everywhere on the straight lines between coupled points of p_data and p_g, which
/// is why the penalty is two-sided and is applied on those lines. The generator minimises
/// −E_z D(G(z)).
///
/// The penalty is a function of a gradient, so its gradient with respect to the critic's
/// parameters is a second derivative: ∇_x̂ D is computed by `Tape.differentiableGradients`,
/// whose backward pass is itself recorded on the tape and differentiated again by the
/// trainer's ordinary `gradients(of:for:)`.
public struct WassersteinGradientPenaltyObjective: AdversarialObjective, Sendable {
    /// λ, the penalty's weight; 10 in Gulrajani et al. for every experiment.
    public let penaltyWeight: Float

    public init(penaltyWeight: Float = 10) {
        require(penaltyWeight >= 0 && penaltyWeight.isFinite, "The gradient penalty's weight must be finite and non-negative, got \(penaltyWeight).")
        self.penaltyWeight = penaltyWeight
    }

    /// The critic's loss: the negated Wasserstein estimate plus λ times the gradient penalty
    /// at fresh interpolates of the two batches (one ε per row, drawn from `generator`).
    public func discriminatorLoss(_ batch: DiscriminatorBatch, using generator: inout RandomGenerator) -> Variable {
        require(batch.real.shape == batch.fake.shape,
                "WGAN-GP interpolates real and generated rows pairwise, so the batches must match, got \(batch.real.shape) and \(batch.fake.shape).")
        let mixing = Tensor.uniform([batch.real.shape[0], 1], using: &generator)
        let points = Self.interpolates(real: batch.real.value, fake: batch.fake.value, mixing: mixing)
        let penalty = Self.gradientPenalty(of: batch.discriminator, at: points, on: batch.tape)
        return -Self.wassersteinEstimate(realScores: batch.realOutputs, fakeScores: batch.fakeOutputs) + penaltyWeight * penalty
    }

    /// −E_z D(G(z)): the generator raises the critic's score of its samples.
    public func generatorLoss(fakeOutputs: Variable) -> Variable {
        -fakeOutputs.mean()
    }

    /// The mean score: a critic's output is not a probability.
    public func reportedMean(ofOutputs outputs: Tensor) -> Float {
        outputs.mean().scalar
    }

    /// E D(x) − E D(x̃), the critic's estimate of W₁(p_data, p_g) (an estimate from below,
    /// exact only for the best 1-Lipschitz critic).
    public static func wassersteinEstimate(realScores: Variable, fakeScores: Variable) -> Variable {
        realScores.mean() - fakeScores.mean()
    }

    /// x̂ = εx + (1 − ε)x̃ row by row, for `mixing` ε of shape `[n, 1]`.
    public static func interpolates(real: Tensor, fake: Tensor, mixing: Tensor) -> Tensor {
        require(real.shape == fake.shape && real.rank == 2, "Interpolation needs two [n, d] batches of one shape, got \(real.shape) and \(fake.shape).")
        require(mixing.shape == [real.shape[0], 1], "The mixing weights must be [\(real.shape[0]), 1], got \(mixing.shape).")
        return real * mixing + fake * (1 - mixing)
    }

    /// The unweighted penalty E_x̂ (‖∇_x̂ D(x̂)‖₂ − 1)² at the rows of `points`, recorded on
    /// `tape` so that its gradient with respect to the critic's parameters exists (the slopes
    /// come from `InputSlopes`). The 10⁻¹² under the square root keeps the norm's derivative, x/‖x‖, finite at a zero
    /// gradient; it changes no norm of order one in single precision.
    public static func gradientPenalty(of critic: (Variable) -> Variable, at points: Tensor, on tape: Tape) -> Variable {
        let norms = (InputSlopes.squaredNorms(of: critic, at: points, on: tape) + 1e-12).sqrt()
        return (norms - 1).squared().mean()
    }
}
// end listing
