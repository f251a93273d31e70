import Foundation
import TensorCore

// What running a forward SDE backwards needs, owned by the SDE itself.
//
// Anderson (1982): the time reversal of dx = f(x, t) dt + g(t) dW is the diffusion
//   dx = [f(x, t) − g(t)² ∇ₓ log p_t(x)] dt + g(t) dW̄   (t running from 1 to 0),
// and the deterministic probability-flow ODE (Song et al., 2021)
//   dx/dt = f(x, t) − ½g(t)² ∇ₓ log p_t(x)
// moves particles with the same marginals p_t: its continuity equation
// ∂p/∂t = −∇·(p v) equals the Fokker–Planck equation ∂p/∂t = −∇·(p f) + ½g²Δp
// because ½g²Δp = ∇·(½g² p ∇log p).

extension ForwardSDE {
    /// The reverse SDE's drift f − g²s per unit of forward time (integrate it backwards).
    public func reverseDrift(_ x: Tensor, at t: Double, score: Tensor) -> Tensor {
        let g = diffusion(t)
        return x * Float(driftRate(t)) - score * Float(g * g)
    }

    /// The probability-flow ODE's velocity v = f − ½g²s.
    public func probabilityFlowVelocity(_ x: Tensor, at t: Double, score: Tensor) -> Tensor {
        let g = diffusion(t)
        return x * Float(driftRate(t)) - score * Float(0.5 * g * g)
    }

    /// ∇·v = d·a(t) − ½g(t)²·∇·s for each row, from the score's divergence: the rate at
    /// which log-density changes along the flow (the instantaneous change of variables).
    public func probabilityFlowDivergence(scoreDivergence: [Double], at t: Double, dimension: Int) -> [Double] {
        let g = diffusion(t), a = driftRate(t)
        return scoreDivergence.map { Double(dimension) * a - 0.5 * g * g * $0 }
    }
}

/// The time grid 1 = t₀ > t₁ > … > t_N = `endTime` that the reverse-time samplers walk.
///
/// The grid stops short of 0 because there the noise level σ(0) = 0 and the score
/// −ε̂/σ is undefined; `endTime` = 10⁻³ leaves noise far below what 2-D samples resolve.
public func reverseTimeGrid(steps: Int, endTime: Double) -> [Double] {
    require(steps > 0, "A sampler needs at least one step, got \(steps).")
    require(endTime > 0 && endTime < 1, "The sampler's end time must be in (0, 1), got \(endTime).")
    return (0...steps).map { 1 - (1 - endTime) * Double($0) / Double(steps) }
}
