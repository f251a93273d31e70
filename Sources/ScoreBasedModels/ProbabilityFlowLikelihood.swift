import Foundation
import TensorCore

/// Exact log-likelihoods through the probability-flow ODE (Song et al., 2021;
/// the continuous change of variables of Chen et al., 2018).
///
/// Along dx/dt = v(x, t) the density obeys d log p_t(x_t)/dt = −∇·v(x_t, t).
/// Integrating from t_min to 1:
///
///   log p_tmin(x) = log p_1(x_1) + ∫ ∇·v(x_t, t) dt over [t_min, 1],   ∇·v = d·a(t) − ½g(t)²∇·s(x, t).
///
/// With p_1 replaced by the prior this is the model's exact density up to the
/// solver's error — not a bound.
public struct ProbabilityFlowLikelihood {
    public let steps: Int
    public let method: ODEMethod
    public let endTime: Double

    public init(steps: Int = 100, method: ODEMethod = .rungeKutta4, endTime: Double = 1e-3) {
        require(steps > 0, "The likelihood's ODE needs at least one step, got \(steps).")
        self.steps = steps
        self.method = method
        self.endTime = endTime
    }

    // listing: augmented-ode
    /// log p of each row of `points` under `model`, with the latent x_1 each row maps to.
    public func logDensity(_ points: Tensor, under model: some ScoreModel) -> (logDensity: [Double], latent: Tensor) {
        let sde = model.sde
        // The augmented velocity: (v(x, t), ∇·v(x, t)) for every row.
        let field: (AugmentedState, Double) -> AugmentedState = { state, t in
            let (score, divergence) = model.scoreAndDivergence(state.points, at: t)
            return AugmentedState(points: sde.probabilityFlowVelocity(state.points, at: t, score: score),
                                  accumulated: sde.probabilityFlowDivergence(scoreDivergence: divergence, at: t,
                                                                             dimension: points.columnCount))
        }
        let start = AugmentedState(points: points, accumulated: [Double](repeating: 0, count: points.rowCount))
        let grid = (0...steps).map { endTime + (1 - endTime) * Double($0) / Double(steps) }   // forwards: t_min → 1
        let end = method.integrate(start, over: grid, velocity: field)
        let prior = sde.priorLogDensity(end.points)
        return (zip(prior, end.accumulated).map { $0 + $1 }, end.points)
    }
    // end listing
}
