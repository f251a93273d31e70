import NeuralLayers

// listing: early-stopping
/// Keeps the weights that scored best on held-back data during a run: early stopping for a
/// model that would otherwise overfit a small training set. Every `every` steps (and at the
/// last step) the caller's measure is taken; a better value than any before makes a copy of
/// the parameters; `restoreBest()` puts the best copy back at the end.
///
/// ```swift
/// let stopping = EarlyStopping(parameters: model.parameters, steps: 2_000, every: 100)
/// for step in 0..<2_000 {
///     try trainer.step(step, batch: …)
///     stopping.record(step: step) { model.logLikelihood(validation).mean }   // larger is better
/// }
/// stopping.restoreBest()
/// ```
public final class EarlyStopping {
    public let parameters: [Parameter]
    /// The run's length and the spacing of the measurements.
    public let steps: Int, every: Int
    /// (completed steps, value) at every measurement.
    public private(set) var curve: [(step: Int, value: Double)] = []
    /// The completed steps and the value of the best measurement (0 and −∞ before any).
    public private(set) var best: (step: Int, value: Double) = (0, -Double.infinity)
    private var bestWeights: [Tensor]

    public init(parameters: [Parameter], steps: Int, every: Int) {
        require(steps > 0 && every > 0, "Early stopping needs positive steps and spacing, got \(steps) and \(every).")
        self.parameters = parameters
        self.steps = steps
        self.every = every
        bestWeights = parameters.map(\.value)
    }

    /// After step `step` (0-based) has been taken: measures with `value` (larger is better) when a
    /// measurement is due, and keeps the weights if it is the best so far.
    public func record(step: Int, value: () -> Double) {
        guard (step + 1) % every == 0 || step + 1 == steps else { return }
        let measured = value()
        curve.append((step + 1, measured))
        if measured > best.value {
            best = (step + 1, measured)
            bestWeights = parameters.map(\.value)
        }
    }

    /// Loads the best weights into the parameters.
    public func restoreBest() {
        for (parameter, weights) in zip(parameters, bestWeights) { parameter.value = weights }
    }
}
// end listing
