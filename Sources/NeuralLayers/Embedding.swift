/// A table of learned vectors looked up by integer index: row `i` of a
/// `[count, dimension]` parameter is the embedding of token, class or code `i`.
///
/// The lookup is `gatherRows`; its gradient scatters each output row's
/// gradient back into the row it came from, summing where an index repeats,
/// so rows that were not looked up get no gradient.
public final class Embedding: Layer {
    /// The table, `[count, dimension]`.
    public let table: Parameter

    /// - Parameters:
    ///   - count: the number of distinct indices (vocabulary, classes, codebook size).
    ///   - dimension: the length of each vector.
    ///   - initializer: N(0, 1) by default, so embeddings start at the scale of
    ///     normalised inputs.
    public init(
        count: Int, dimension: Int, initializer: Initializer = .normal(standardDeviation: 1),
        name: String = "embedding", using generator: inout RandomGenerator
    ) {
        require(count > 0 && dimension > 0, "Embedding sizes must be positive, got \(count)×\(dimension).")
        table = Parameter(initializer.make([count, dimension], fanIn: dimension, fanOut: dimension, using: &generator),
                          name: "\(name).table")
    }

    public var parameters: [Parameter] { [table] }
    /// The number of distinct indices.
    public var count: Int { table.value.shape[0] }
    /// The length of each vector.
    public var dimension: Int { table.value.shape[1] }

    /// The vectors of `indices`, `[indices.count, dimension]`, recorded on `tape`.
    public func callAsFunction(_ indices: [Int], on tape: Tape) -> Variable {
        tape.parameter(table).gatherRows(checked(indices))
    }

    /// The vectors of `indices` as a plain tensor (inference, nothing recorded).
    public func callAsFunction(_ indices: [Int]) -> Tensor {
        table.value.gatherRows(checked(indices))
    }

    private func checked(_ indices: [Int]) -> [Int] {
        require(indices.allSatisfy { $0 >= 0 && $0 < count },
                "Embedding \(table.name) has \(count) rows; an index is outside 0..<\(count).")
        return indices
    }
}
