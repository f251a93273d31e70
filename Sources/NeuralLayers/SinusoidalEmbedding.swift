import Foundation

/// The sinusoidal embedding of a scalar time or noise level (Transformer
/// positional encoding, as used by diffusion and score networks):
///
///   e(t) = [sin(s·t·ω₀), …, sin(s·t·ω_{h−1}), cos(s·t·ω₀), …, cos(s·t·ω_{h−1})],
///   ω_k = maximumPeriod^(−k/h), h = dimension/2,
///
/// so a small network sees t at many frequencies at once. `inputScale` maps
/// t ∈ [0, 1] to the range where these frequencies are useful.
public struct SinusoidalEmbedding: Sendable {
    public let dimension: Int
    public let maximumPeriod: Float
    public let inputScale: Float
    /// The angular frequencies ω_k.
    public let frequencies: [Float]

    public init(dimension: Int, maximumPeriod: Float = 10_000, inputScale: Float = 1_000) {
        require(dimension > 0 && dimension % 2 == 0, "The embedding dimension must be a positive even number, got \(dimension).")
        self.dimension = dimension
        self.maximumPeriod = maximumPeriod
        self.inputScale = inputScale
        let half = dimension / 2
        frequencies = (0..<half).map { Float(Foundation.exp(-Foundation.log(Double(maximumPeriod)) * Double($0) / Double(half))) }
    }

    /// Embeds times given as `[n]` or `[n, 1]`; returns `[n, dimension]`.
    public func callAsFunction(_ times: Tensor) -> Tensor {
        let count = times.count
        let half = dimension / 2
        return Tensor(shape: [count, dimension]) { output in
            for row in 0..<count {
                // Single precision is plenty here (the network sees these values
                // in Float32) and sinf/cosf are several times cheaper than sin/cos.
                let t = times.scalars[row] * inputScale
                for k in 0..<half {
                    let angle = t * frequencies[k]
                    output[row * dimension + k] = Foundation.sin(angle)
                    output[row * dimension + half + k] = Foundation.cos(angle)
                }
            }
        }
    }

    /// The embedding of one time for a batch of `rows`: `[rows, dimension]`, every row equal to what the `[n]` form
    /// computes for that time (the same sines and cosines, computed once; a sampler calls this at every step, and one
    /// row per particle made the sines a measurable share of sampling).
    public func callAsFunction(_ time: Float, rows: Int) -> Tensor {
        let row = self(Tensor.full([1], time)).scalars
        return Tensor(shape: [rows, dimension]) { output in
            for index in 0..<rows { (output.baseAddress! + index * dimension).update(from: row, count: dimension) }
        }
    }
}
