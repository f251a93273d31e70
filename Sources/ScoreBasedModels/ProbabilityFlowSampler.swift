import TensorCore

/// The probability-flow ODE dx/dt = f − ½g²s integrated from t = 1 to `endTime`:
/// deterministic, so the same noise always gives the same sample, and with a
/// higher-order solver it takes far larger steps than the SDE. NFE = steps × the
/// method's evaluations per step.
public struct ProbabilityFlowSampler: ReverseTimeSampler {
    public let steps: Int
    public let method: ODEMethod
    public let endTime: Double

    public init(steps: Int, method: ODEMethod = .heun, endTime: Double = 1e-3) {
        require(steps > 0, "The probability-flow sampler needs at least one step, got \(steps).")
        self.steps = steps
        self.method = method
        self.endTime = endTime
    }

    public var name: String { "probability-flow ODE (\(method.displayName))" }
    public var networkEvaluations: Int { steps * method.evaluationsPerStep }

    public func sample(_ model: some ScoreModel, from start: Tensor, using generator: inout RandomGenerator,
                       observe: (Double, Tensor) -> Void) -> Tensor {
        method.integrate(start, over: reverseTimeGrid(steps: steps, endTime: endTime),
                         velocity: { x, t in model.sde.probabilityFlowVelocity(x, at: t, score: model.score(x, at: t)) },
                         observe: observe)
    }

    /// The same ODE run forwards, from data at `endTime` to t = 1: the deterministic
    /// encoding of each sample into its noise.
    public func encode(_ data: Tensor, model: some ScoreModel) -> Tensor {
        method.integrate(data, over: reverseTimeGrid(steps: steps, endTime: endTime).reversed(),
                         velocity: { x, t in model.sde.probabilityFlowVelocity(x, at: t, score: model.score(x, at: t)) })
    }
}
