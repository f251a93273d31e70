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
