import TensorCore

/// A state an ODE solver can advance: anything with x + h·k.
public protocol ODEState {
    /// self + factor·direction.
    func adding(_ direction: Self, scaledBy factor: Double) -> Self
}

extension Tensor: ODEState {
    public func adding(_ direction: Tensor, scaledBy factor: Double) -> Tensor { self + direction * Float(factor) }
}

/// A batch of points with one extra number per row carried along: the state of the
/// augmented ODE of the instantaneous change of variables (x and ∫∇·v dt).
public struct AugmentedState: ODEState {
    public var points: Tensor
    public var accumulated: [Double]

    public init(points: Tensor, accumulated: [Double]) {
        self.points = points
        self.accumulated = accumulated
    }

    public func adding(_ direction: AugmentedState, scaledBy factor: Double) -> AugmentedState {
        AugmentedState(points: points.adding(direction.points, scaledBy: factor),
                       accumulated: zip(accumulated, direction.accumulated).map { $0 + factor * $1 })
    }
}

/// One-step integrators for dy/dt = v(y, t); they work in either direction of time.
/// The one ODE solver of the library: samplers and likelihoods both step with it.
public enum ODEMethod: String, Sendable {
    case euler, heun, rungeKutta4

    /// Velocity evaluations (for a score model: network evaluations) per step.
    public var evaluationsPerStep: Int {
        switch self { case .euler: 1; case .heun: 2; case .rungeKutta4: 4 }
    }

    /// The name used in tables.
    public var displayName: String {
        switch self { case .euler: "Euler"; case .heun: "Heun"; case .rungeKutta4: "RK4" }
    }

    // listing: ode-step
    /// Advances `y` from `t0` to `t1`: Euler (order 1), Heun's trapezoidal predictor–corrector
    /// (order 2) or classical Runge–Kutta (order 4).
    public func step<State: ODEState>(_ y: State, from t0: Double, to t1: Double,
                                      velocity: (State, Double) -> State) -> State {
        let h = t1 - t0
        switch self {
        case .euler:
            return y.adding(velocity(y, t0), scaledBy: h)
        case .heun:
            let k1 = velocity(y, t0)
            let k2 = velocity(y.adding(k1, scaledBy: h), t1)
            return y.adding(k1, scaledBy: h / 2).adding(k2, scaledBy: h / 2)
        case .rungeKutta4:
            let middle = (t0 + t1) / 2
            let k1 = velocity(y, t0)
            let k2 = velocity(y.adding(k1, scaledBy: h / 2), middle)
            let k3 = velocity(y.adding(k2, scaledBy: h / 2), middle)
            let k4 = velocity(y.adding(k3, scaledBy: h), t1)
            return y.adding(k1, scaledBy: h / 6).adding(k2, scaledBy: h / 3).adding(k3, scaledBy: h / 3).adding(k4, scaledBy: h / 6)
        }
    }
    // end listing

    /// Integrates through consecutive times of `grid` (in whichever direction they run),
    /// calling `observe(t, y)` after each step.
    public func integrate<State: ODEState>(_ start: State, over grid: [Double], velocity: (State, Double) -> State,
                                           observe: (Double, State) -> Void = { _, _ in }) -> State {
        var y = start
        for index in 0..<(grid.count - 1) {
            y = step(y, from: grid[index], to: grid[index + 1], velocity: velocity)
            observe(grid[index + 1], y)
        }
        return y
    }
}
