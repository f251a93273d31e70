/// An exponential moving average of parameters, θ̄ ← δθ̄ + (1−δ)θ, which
/// gives diffusion and consistency models visibly better samples than the
/// raw, noisy final weights.
public final class ExponentialMovingAverage {
    public let parameters: [Parameter]
    public let decay: Float
    /// The averaged values, one per parameter.
    public private(set) var averages: [Tensor]

    public init(parameters: [Parameter], decay: Float = 0.999) {
        require(decay >= 0 && decay < 1, "EMA decay must be in [0, 1), got \(decay).")
        self.parameters = parameters
        self.decay = decay
        averages = parameters.map(\.value)
    }

    /// Folds the current parameter values into the average.
    public func update() {
        for index in parameters.indices {
            averages[index].scaleInPlace(by: decay)
            averages[index].addInPlace(parameters[index].value, scaledBy: 1 - decay)
        }
    }

    /// Runs `body` with the averaged weights loaded, then restores the live ones.
    public func withAveragedWeights<Result>(_ body: () throws -> Result) rethrows -> Result {
        let live = parameters.map(\.value)
        for (parameter, average) in zip(parameters, averages) { parameter.value = average }
        defer { for (parameter, value) in zip(parameters, live) { parameter.value = value } }
        return try body()
    }

    /// Overwrites the live parameters with the averages (e.g. at the end of training).
    public func copyAveragesToParameters() {
        for (parameter, average) in zip(parameters, averages) { parameter.value = average }
    }
}
