/// A non-finite value found during training, naming the quantity and the step.
public struct NonFiniteValueError: Error, CustomStringConvertible, Sendable {
    /// What was being computed, e.g. "loss" or "gradient of decoder.weight".
    public let quantity: String
    /// The training step, if known.
    public let step: Int?
    /// The offending value (NaN or ±∞).
    public let value: Float

    public var description: String {
        let when = step.map { " at step \($0)" } ?? ""
        return "\(quantity) became \(value)\(when); training stopped so the run does not continue on garbage."
    }
}

extension Tensor {
    /// Throws `NonFiniteValueError` naming `quantity` if any element is NaN or infinite.
    ///
    /// Training loops call this on the loss (and optionally on gradients) so that a
    /// divergence stops with a sentence saying what and when, instead of quietly
    /// producing NaN figures.
    public func checkFinite(_ quantity: String, step: Int? = nil) throws {
        if let bad = scalars.first(where: { !$0.isFinite }) {
            throw NonFiniteValueError(quantity: quantity, step: step, value: bad)
        }
    }
}
