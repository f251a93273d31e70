import TensorCore

/// Every point of {0, …, K − 1}^D, `[K^D, D]`, in lexicographic order (the last dimension
/// changes fastest). Small models' likelihoods can then be summed over all states: they
/// must total exactly 1, which is how the tests and chapter 6 show that a MADE's masks
/// make its conditionals a distribution, and that a wrong mask does not.
public func allStates(dimension: Int, categories: Int) -> Tensor {
    require(dimension > 0 && categories >= 2, "allStates needs D ≥ 1 and K ≥ 2, got D = \(dimension), K = \(categories).")
    var count = 1
    for _ in 0..<dimension {
        count *= categories
        require(count <= 1 << 20, "allStates would list more than 2²⁰ states (K^D = \(categories)^\(dimension)).")
    }
    var scalars = [Float](repeating: 0, count: count * dimension)
    for state in 0..<count {
        var rest = state
        for d in stride(from: dimension - 1, through: 0, by: -1) {
            scalars[state * dimension + d] = Float(rest % categories)
            rest /= categories
        }
    }
    return Tensor(shape: [count, dimension], scalars: scalars)
}
