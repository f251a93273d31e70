import Foundation
import TensorCore

/// A score model: s(x, t) ≈ ∇ₓ log p_t(x) for an `[n, d]` batch at one time.
public typealias ScoreFunction = (_ x: Tensor, _ t: Double) -> Tensor

/// Samplers that run a forward SDE backwards in time, from the prior at t = 1
/// to t = `endTime`, given a score. Each reports its cost in network
/// evaluations (NFE), the currency in which samplers are compared.
///
/// Anderson (1982): the reverse of dx = f dt + g dW is
///   dx = [f(x, t) − g(t)² ∇ₓ log p_t(x)] dt + g(t) dW̄   (time running backwards),
/// and the probability-flow ODE with the same marginals p_t is
///   dx/dt = f(x, t) − ½g(t)² ∇ₓ log p_t(x).
public struct ReverseTimeSampler {
    public let sde: any ForwardSDE
    public let endTime: Double

    public init(sde: any ForwardSDE, endTime: Double = 1e-3) {
        self.sde = sde
        self.endTime = endTime
    }

    /// The time grid 1 = t₀ > t₁ > … > t_N = endTime.
    func times(_ steps: Int) -> [Double] {
        (0...steps).map { 1 - (1 - endTime) * Double($0) / Double(steps) }
    }

    /// The reverse SDE's drift f − g²s (per unit of forward time).
    func reverseDrift(_ x: Tensor, _ t: Double, _ score: Tensor) -> Tensor {
        let g = sde.diffusion(t)
        return x * Float(sde.driftRate(t)) - score * Float(g * g)
    }

    /// The probability-flow ODE's velocity f − ½g²s.
    public func probabilityFlowVelocity(_ x: Tensor, _ t: Double, _ score: Tensor) -> Tensor {
        let g = sde.diffusion(t)
        return x * Float(sde.driftRate(t)) - score * Float(0.5 * g * g)
    }

    /// Euler–Maruyama on the reverse SDE: x ← x − (f − g²s)Δt + g√Δt·z, stepping t down by Δt.
    /// The last step adds no noise (its noise would be of size g√Δt at t ≈ 0, far below
    /// anything a sample can resolve, and leaving it out returns the denoised mean).
    /// NFE = steps.
    // listing: reverse-euler-maruyama
    public func eulerMaruyama(from start: Tensor, steps: Int, score: ScoreFunction,
                              using generator: inout RandomGenerator, observe: (Double, Tensor) -> Void = { _, _ in }) -> Tensor {
        let grid = times(steps)                       // 1 = t₀ > t₁ > … > t_N = endTime
        var x = start
        for step in 0..<steps {
            x = reverseStep(x, from: grid[step], to: grid[step + 1], addNoise: step < steps - 1, score: score, using: &generator)
            observe(grid[step + 1], x)
        }
        return x
    }

    /// One Euler–Maruyama step of the reverse SDE, from t down to `next`.
    func reverseStep(_ x: Tensor, from t: Double, to next: Double, addNoise: Bool, score: ScoreFunction,
                     using generator: inout RandomGenerator) -> Tensor {
        let dt = t - next
        // reverseDrift = a(t)·x − g(t)²·s(x, t); time runs backwards, hence the minus.
        let moved = x - reverseDrift(x, t, score(x, t)) * Float(dt)
        guard addNoise else { return moved }
        return moved + Tensor.normal(x.shape, using: &generator) * Float(sde.diffusion(t) * dt.squareRoot())
    }
    // end listing

    /// Predictor–corrector (Song et al., 2021): after each Euler–Maruyama predictor step,
    /// `correctorSteps` Langevin steps at the new time, x ← x + εs + √(2ε)z, with the step
    /// set by a target signal-to-noise ratio r: ε = 2(r‖z‖/‖s‖)², norms averaged over the
    /// batch, so the drift moves a particle about r times as far as the noise does.
    /// NFE = steps·(1 + correctorSteps).
    public func predictorCorrector(from start: Tensor, steps: Int, correctorSteps: Int = 1, snr: Double = 0.16,
                                   score: ScoreFunction, using generator: inout RandomGenerator) -> Tensor {
        let grid = times(steps)
        var x = start
        for step in 0..<steps {
            x = reverseStep(x, from: grid[step], to: grid[step + 1], addNoise: step < steps - 1, score: score, using: &generator)
            if step < steps - 1 {
                for _ in 0..<correctorSteps {
                    let s = score(x, grid[step + 1])
                    let z = Tensor.normal(x.shape, using: &generator)
                    let stepSize = 2 * Foundation.pow(snr * Self.meanRowNorm(z) / Swift.max(Self.meanRowNorm(s), 1e-12), 2)
                    x = x + s * Float(stepSize) + z * Float((2 * stepSize).squareRoot())
                }
            }
        }
        return x
    }

    /// The probability-flow ODE integrated from t = 1 to `endTime`, deterministic.
    /// Heun (2nd order, NFE = 2·steps) or classical Runge–Kutta (4th order, NFE = 4·steps).
    public func probabilityFlow(from start: Tensor, steps: Int, method: ODEMethod = .heun, score: ScoreFunction,
                                observe: (Double, Tensor) -> Void = { _, _ in }) -> Tensor {
        integrateProbabilityFlow(start, over: times(steps), method: method, score: score, observe: observe)
    }

    /// Runs the probability-flow ODE forwards, from data at `endTime` to t = 1: the
    /// deterministic encoding of a sample into its noise.
    public func probabilityFlowEncode(_ data: Tensor, steps: Int, method: ODEMethod = .heun, score: ScoreFunction) -> Tensor {
        integrateProbabilityFlow(data, over: times(steps).reversed(), method: method, score: score)
    }

    /// Steps the ODE through consecutive times of `grid`, in whichever direction they run.
    func integrateProbabilityFlow(_ start: Tensor, over grid: [Double], method: ODEMethod, score: ScoreFunction,
                                  observe: (Double, Tensor) -> Void = { _, _ in }) -> Tensor {
        let velocity: (Tensor, Double) -> Tensor = { x, t in probabilityFlowVelocity(x, t, score(x, t)) }
        var x = start
        for step in 0..<(grid.count - 1) {
            x = method.step(x, from: grid[step], to: grid[step + 1], velocity: velocity)
            observe(grid[step + 1], x)
        }
        return x
    }

    static func meanRowNorm(_ x: Tensor) -> Double {
        x.squared().sum(alongAxis: 1).sqrt().doubles.reduce(0, +) / Double(x.rowCount)
    }
}

/// One-step integrators for dx/dt = v(x, t); they work in either direction of time.
public enum ODEMethod: String, Sendable {
    case euler, heun, rungeKutta4

    /// Network evaluations per step.
    public var evaluationsPerStep: Int {
        switch self { case .euler: 1; case .heun: 2; case .rungeKutta4: 4 }
    }

    public func step(_ x: Tensor, from t0: Double, to t1: Double, velocity: (Tensor, Double) -> Tensor) -> Tensor {
        let h = Float(t1 - t0)
        switch self {
        case .euler:
            return x + velocity(x, t0) * h
        case .heun:
            let k1 = velocity(x, t0)
            let k2 = velocity(x + k1 * h, t1)
            return x + (k1 + k2) * (h / 2)
        case .rungeKutta4:
            let middle = (t0 + t1) / 2
            let k1 = velocity(x, t0)
            let k2 = velocity(x + k1 * (h / 2), middle)
            let k3 = velocity(x + k2 * (h / 2), middle)
            let k4 = velocity(x + k3 * h, t1)
            return x + (k1 + (k2 + k3) * 2 + k4) * (h / 6)
        }
    }
}
