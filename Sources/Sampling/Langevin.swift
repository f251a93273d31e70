import Foundation
import TensorCore

/// Langevin samplers over a batch of particles (one row or element each).
///
/// The unadjusted Langevin algorithm (ULA) is the Euler–Maruyama
/// discretisation of dx = ∇log p(x) dt + √2 dW with dt = ε/2:
///
///   x ← x + (ε/2)·∇log p(x) + √ε·z,  z ~ N(0, I).
///
/// MALA treats that move as a proposal and accepts it with the
/// Metropolis–Hastings probability, which removes the O(ε) bias.
public enum Langevin {
    /// One ULA step for every particle.
    public static func step(_ x: Tensor, score: (Tensor) -> Tensor, stepSize: Float, using generator: inout RandomGenerator) -> Tensor {
        let noise = Tensor.normal(x.shape, using: &generator)
        return x + score(x) * (stepSize / 2) + noise * stepSize.squareRoot()
    }

    /// log q(to | from) for the Langevin proposal N(from + (ε/2)s(from), ε), per particle, up to a constant
    /// that cancels in the acceptance ratio.
    static func logProposal(to: Tensor, from: Tensor, scoreAtFrom: Tensor, stepSize: Float) -> Tensor {
        let mean = from + scoreAtFrom * (stepSize / 2)
        return ((to - mean).squared() * (-1 / (2 * stepSize)))
    }

    /// One MALA step for independent 1-D particles (each element its own chain).
    /// Returns the new particles and the fraction of proposals accepted.
    public static func metropolisAdjustedStep(_ x: Tensor, logDensity: (Tensor) -> Tensor, score: (Tensor) -> Tensor,
                                              stepSize: Float, using generator: inout RandomGenerator) -> (Tensor, Double) {
        let scoreX = score(x)
        let proposal = x + scoreX * (stepSize / 2) + Tensor.normal(x.shape, using: &generator) * stepSize.squareRoot()
        let scoreProposal = score(proposal)
        let logRatio = logDensity(proposal) - logDensity(x)
            + logProposal(to: x, from: proposal, scoreAtFrom: scoreProposal, stepSize: stepSize)
            - logProposal(to: proposal, from: x, scoreAtFrom: scoreX, stepSize: stepSize)
        let uniforms = Tensor.uniform(x.shape, using: &generator)
        var accepted = 0
        var next = x
        for index in 0..<x.count where Foundation.log(Double(uniforms.scalars[index])) < Double(logRatio.scalars[index]) {
            next.scalars[index] = proposal.scalars[index]
            accepted += 1
        }
        return (next, Double(accepted) / Double(max(x.count, 1)))
    }
}
