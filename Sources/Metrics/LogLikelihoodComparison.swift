import Statistics

/// A model's log-densities of held-out points against the true ones, summarised the way a
/// mean dominated by a few tail points deserves: the average gap E[log p − log p_θ] (an
/// estimate of KL(data ‖ model), with its standard error) beside the median and a trimmed
/// mean of the pointwise errors, and the worst point.
public struct LogLikelihoodComparison: Sendable {
    /// log p − log p_θ per point: its mean estimates KL(data ‖ model) ≥ 0.
    public let gap: SampleSummary
    /// |log p_θ − log p| per point.
    public let absoluteErrors: [Double]
    /// The point with the largest |error|.
    public let worstIndex: Int

    public init(model: [Double], truth: [Double]) {
        precondition(model.count == truth.count && model.count >= 2, "A comparison needs one model and one true value per point (at least two points).")
        gap = SampleSummary(zip(truth, model).map { $0 - $1 })
        let errors = zip(model, truth).map { Swift.abs($0 - $1) }
        absoluteErrors = errors
        worstIndex = errors.indices.max { errors[$0] < errors[$1] }!
    }

    public var medianAbsoluteError: Double { absoluteErrors.median }
    public var meanAbsoluteError: Double { absoluteErrors.mean }
    /// The mean |error| over the best `fraction` of the points (e.g. 0.99 drops the worst 1%).
    public func trimmedMeanAbsoluteError(keeping fraction: Double) -> Double {
        Array(absoluteErrors.sorted().prefix(Swift.max(1, Int(Double(absoluteErrors.count) * fraction)))).mean
    }
    /// The worst point's share of the total |error|.
    public var worstShare: Double { absoluteErrors[worstIndex] / absoluteErrors.reduce(0, +) }
}
