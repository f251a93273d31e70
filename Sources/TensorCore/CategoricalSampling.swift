extension Tensor {
    /// One category per row of a matrix of probabilities `[n, k]`: entry i is
    /// j with probability `self[i, j]` (rows need not sum to exactly 1, but
    /// must be non-negative with a positive sum).
    ///
    /// Inverse-CDF sampling, one uniform per row, in row order, so the result
    /// is fixed by the generator's state.
    public func sampledCategorical(using generator: inout RandomGenerator) -> [Int] {
        require(rank == 2 && shape[1] > 0, "sampledCategorical needs a matrix of row probabilities [n, k], got \(shape).")
        return (0..<shape[0]).map { row in
            generator.categorical(scalars[(row * shape[1])..<((row + 1) * shape[1])].map(Double.init))
        }
    }

    /// One category per row of a matrix of logits `[n, k]`: j with probability
    /// softmax(row)ⱼ. The softmax subtracts each row's maximum first, so
    /// logits of any magnitude are safe.
    public func sampledCategoricalFromLogits(using generator: inout RandomGenerator) -> [Int] {
        require(rank == 2 && shape[1] > 0, "sampledCategoricalFromLogits needs a matrix of row logits [n, k], got \(shape).")
        return softmax(alongAxis: 1).sampledCategorical(using: &generator)
    }
}
