/// An exponential moving average of parameters, θ̄ ← δθ̄ + (1−δ)θ, which
/// gives diffusion and consistency models visibly better samples than the
/// raw, noisy final weights.
public final class ExponentialMovingAverage {
    public let parameters: [Parameter]
    public let decay: Float
    /// Whether the decay ramps up as min(decay, (1 + n)/(10 + n)) over the first updates.
    public let warmUp: Bool
    /// The averaged values, one per parameter.
    public private(set) var averages: [Tensor]
    /// How many times `update()` has run.
    public private(set) var updateCount = 0

    /// - Parameter warmUp: without it the average starts at the initial weights and
    ///   forgets them only after a few multiples of 1/(1 − decay) updates — with decay
    ///   0.999 and 2,000 steps, 13% of the result would still be the random initialisation.
    public init(parameters: [Parameter], decay: Float = 0.999, warmUp: Bool = false) {
        require(decay >= 0 && decay < 1, "EMA decay must be in [0, 1), got \(decay).")
        self.parameters = parameters
        self.decay = decay
        self.warmUp = warmUp
        averages = parameters.map(\.value)
    }

    /// The decay used by the next update.
    public var currentDecay: Float {
        warmUp ? Swift.min(decay, Float(1 + updateCount) / Float(10 + updateCount)) : decay
    }

    /// Folds the current parameter values into the average.
    public func update() {
        let rate = currentDecay
        for index in parameters.indices {
            averages[index].scaleInPlace(by: rate)
            averages[index].addInPlace(parameters[index].value, scaledBy: 1 - rate)
        }
        updateCount += 1
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
