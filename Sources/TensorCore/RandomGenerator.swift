import Foundation

/// The project's seedable pseudo-random number generator.
///
/// The generator is xoshiro256** (Blackman & Vigna), seeded through SplitMix64
/// so that nearby seeds give unrelated streams. We use our own generator rather
/// than the system one so that the same seed gives the same bits on every
/// machine and Swift version: every figure and number in the book is
/// reproducible. `split()` derives an independent child stream, so a chapter
/// can hand one stream to data generation and another to initialisation
/// without the two interfering when one of them draws more numbers.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose whole future is fixed by `seed`.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
        if state == (0, 0, 0, 0) { state.0 = 1 }  // the one forbidden state
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        nextBits()
    }

    @usableFromInline
    mutating func nextBits() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, by: 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, by: 45)
        return result
    }

    private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }

    /// A new generator whose stream is independent of this one's future.
    ///
    /// The child is seeded from 64 fresh bits of the parent, passed through
    /// SplitMix64, which is the standard way to derive xoshiro sub-streams.
    public mutating func split() -> RandomGenerator {
        RandomGenerator(seed: nextBits() ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    @inlinable
    public mutating func uniformFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    @inlinable
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal `Double` (Box–Muller; the second variate is discarded
    /// so that the stream position never depends on earlier calls' parity).
    public mutating func normalDouble() -> Double {
        let u1 = 1.0 - uniformDouble()  // in (0, 1], so log is finite
        let u2 = uniformDouble()
        return (-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2)
    }

    /// A standard normal `Float`.
    public mutating func normalFloat() -> Float {
        Float(normalDouble())
    }

    /// A uniform integer in `0..<upperBound` without modulo bias.
    public mutating func integer(below upperBound: Int) -> Int {
        require(upperBound > 0, "integer(below:) needs a positive bound, got \(upperBound).")
        return Int(next(upperBound: UInt64(upperBound)))
    }

    /// `true` with probability `probability`.
    public mutating func bernoulli(_ probability: Double) -> Bool {
        uniformDouble() < probability
    }

    /// An index drawn with probabilities proportional to `weights` (which need
    /// not be normalised but must be non-negative with a positive sum).
    public mutating func categorical(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        require(total > 0 && weights.allSatisfy { $0 >= 0 }, "categorical needs non-negative weights with a positive sum.")
        var threshold = uniformDouble() * total
        for (index, weight) in weights.enumerated() {
            threshold -= weight
            if threshold < 0 { return index }
        }
        return weights.lastIndex { $0 > 0 }!
    }

    /// A uniformly random permutation of `0..<count` (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var result = Array(0..<count)
        if count < 2 { return result }
        for index in stride(from: count - 1, to: 0, by: -1) {
            result.swapAt(index, integer(below: index + 1))
        }
        return result
    }
}

/// SplitMix64, used only to expand a seed into xoshiro's 256-bit state.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Tensor {
    /// Independent uniform samples on [`low`, `high`).
    public static func uniform(
        _ shape: [Int], low: Float = 0, high: Float = 1, using generator: inout RandomGenerator
    ) -> Tensor {
        Tensor(shape: shape) { buffer in
            for index in buffer.indices { buffer[index] = low + (high - low) * generator.uniformFloat() }
        }
    }

    /// Independent normal samples with the given mean and standard deviation.
    ///
    /// Box–Muller with both variates used: the uniforms are drawn in order
    /// from the generator, then the pairs are transformed (the costly log,
    /// sine and cosine) in parallel chunks. Each pair's transform depends only
    /// on its own two uniforms, so the result is fixed by the seed and shape,
    /// whatever the number of threads.
    public static func normal(
        _ shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using generator: inout RandomGenerator
    ) -> Tensor {
        let count = shape.reduce(1, *)
        let pairs = (count + 1) / 2
        var uniforms = [UInt64](repeating: 0, count: 2 * pairs)
        for index in uniforms.indices { uniforms[index] = generator.next() }
        return Tensor(shape: shape) { buffer in
            uniforms.withUnsafeBufferPointer { bits in
                let (output, source) = (buffer.baseAddress!, bits.baseAddress!)
                ParallelLoops.forEachChunk(pairs, minimumCount: 512) { range in
                    for pair in range {
                        // u1 ∈ (0, 1] with 53 bits keeps the log finite and the tails
                        // out to 8.6σ; the angle needs only single precision.
                        let u1 = 1.0 - Double(source[2 * pair] >> 11) * 0x1p-53
                        let angle = 2 * Float.pi * (Float(source[2 * pair + 1] >> 40) * 0x1p-24)
                        let radius = Float((-2.0 * Foundation.log(u1)).squareRoot())
                        output[2 * pair] = mean + standardDeviation * radius * Foundation.cos(angle)
                        if 2 * pair + 1 < count {
                            output[2 * pair + 1] = mean + standardDeviation * radius * Foundation.sin(angle)
                        }
                    }
                }
            }
        }
    }

    /// Independent Bernoulli samples: 1 with probability `probability`, else 0.
    public static func bernoulli(
        _ shape: [Int], probability: Float, using generator: inout RandomGenerator
    ) -> Tensor {
        Tensor(shape: shape) { buffer in
            for index in buffer.indices { buffer[index] = generator.uniformFloat() < probability ? 1 : 0 }
        }
    }

    /// Bernoulli samples with a per-element probability given by `self`.
    public func sampledBernoulli(using generator: inout RandomGenerator) -> Tensor {
        map { probability in generator.uniformFloat() < probability ? 1 : 0 }
    }
}
