import TensorCore

/// Smooth, reproducible test inputs.
enum TestInputs {
    /// Normal entries with the given scale.
    static func normal(_ shape: [Int], scale: Float = 1, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.normal(shape, standardDeviation: scale, using: &generator)
    }

    /// Entries in [low, high): used to stay away from kinks (|x|, ReLU) and
    /// from the boundary of a domain (log, √).
    static func uniform(_ shape: [Int], _ low: Float, _ high: Float, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.uniform(shape, low: low, high: high, using: &generator)
    }

    /// Entries of magnitude in [0.3, 1.5) with random signs: away from zero.
    static func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        let magnitudes = Tensor.uniform(shape, low: 0.3, high: 1.5, using: &generator)
        let signs = Tensor.bernoulli(shape, probability: 0.5, using: &generator) * 2 - 1
        return magnitudes * signs
    }
}
