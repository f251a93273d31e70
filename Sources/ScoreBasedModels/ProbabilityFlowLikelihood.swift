import Foundation
import TensorCore

/// A score together with its divergence ∇ₓ·s(x, t), one value per row.
public typealias ScoreWithDivergence = (_ x: Tensor, _ t: Double) -> (score: Tensor, divergence: [Double])

/// Exact log-likelihoods through the probability-flow ODE.
///
/// Along dx/dt = v(x, t) the density obeys the instantaneous change of
/// variables d log p_t(x_t)/dt = −∇·v(x_t, t). Integrating from t = ε to 1:
///
///   log p_ε(x_ε) = log p_1(x_1) + ∫_ε¹ ∇·v(x_t, t) dt,
///   ∇·v = d·a(t) − ½g(t)² ∇·s(x, t)   for v = a(t)x − ½g(t)²s.
///
/// With p_1 replaced by the prior this is the model's exact density (up to
/// the ODE solver's error), not a bound.
public struct ProbabilityFlowLikelihood {
    public let sde: any ForwardSDE
    public let endTime: Double

    public init(sde: any ForwardSDE, endTime: Double = 1e-3) {
        self.sde = sde
        self.endTime = endTime
    }

    /// log p of each row of `points` under the model, by classical Runge–Kutta on the
    /// augmented state (x, ∫∇·v) with `steps` steps; also returns the latent x_1.
    public func logDensity(_ points: Tensor, steps: Int, scoreWithDivergence: ScoreWithDivergence) -> (logDensity: [Double], latent: Tensor) {
        let d = Double(points.columnCount)
        let h = (1 - endTime) / Double(steps)
        // The velocity and its divergence at one time.
        func field(_ x: Tensor, _ t: Double) -> (Tensor, [Double]) {
            let (score, divergence) = scoreWithDivergence(x, t)
            let g = sde.diffusion(t), a = sde.driftRate(t)
            return (x * Float(a) - score * Float(0.5 * g * g), divergence.map { d * a - 0.5 * g * g * $0 })
        }
        // listing: augmented-ode
        var x = points
        var integral = [Double](repeating: 0, count: points.rowCount)
        for step in 0..<steps {
            let t = endTime + Double(step) * h
            let (k1, l1) = field(x, t)
            let (k2, l2) = field(x + k1 * Float(h / 2), t + h / 2)
            let (k3, l3) = field(x + k2 * Float(h / 2), t + h / 2)
            let (k4, l4) = field(x + k3 * Float(h), t + h)
            x = x + (k1 + (k2 + k3) * 2 + k4) * Float(h / 6)
            for row in integral.indices { integral[row] += h / 6 * (l1[row] + 2 * l2[row] + 2 * l3[row] + l4[row]) }
        }
        let prior = sde.priorLogDensity(x)
        return (zip(prior, integral).map { $0 + $1 }, x)
        // end listing
    }
}
