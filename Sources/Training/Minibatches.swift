import TensorCore

extension Tensor {
    /// `count` rows drawn uniformly with replacement: a minibatch for stochastic gradient steps.
    ///
    /// With replacement keeps every step's batch independent of the others, which is what
    /// the convergence arguments for SGD assume, and needs no epoch bookkeeping.
    public func randomRows(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        require(rank >= 1 && rowCount > 0, "randomRows needs a tensor with at least one row, got shape \(shape).")
        return gatherRows((0..<count).map { _ in generator.integer(below: rowCount) })
    }
}

extension Tensor {
    /// `count` rows drawn uniformly with replacement, each with its label: a minibatch for
    /// supervised training (a classifier's images and their digits).
    ///
    /// The rows are exactly those `randomRows(_:using:)` draws from the same generator
    /// state, so switching a model from unsupervised to supervised batches leaves its
    /// random stream where it was.
    public func randomRows(_ count: Int, labels: [Int], using generator: inout RandomGenerator) -> (rows: Tensor, labels: [Int]) {
        require(rank >= 1 && rowCount > 0, "randomRows needs a tensor with at least one row, got shape \(shape).")
        require(labels.count == rowCount, "randomRows(labels:) needs one label per row, got \(labels.count) for \(rowCount) rows.")
        let indices = (0..<count).map { _ in generator.integer(below: rowCount) }
        return (gatherRows(indices), indices.map { labels[$0] })
    }
}
