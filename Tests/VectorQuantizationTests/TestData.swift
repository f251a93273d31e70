import TensorCore

/// Reproducible inputs and double-precision brute-force references shared by the tests.
enum TestData {
    static func normal(_ shape: [Int], scale: Float = 1, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.normal(shape, standardDeviation: scale, using: &generator)
    }

    static func uniform(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.uniform(shape, using: &generator)
    }

    /// Uniform [0, 1] pixels rounded to multiples of 1/16, the grey levels of the digits.
    static func images(_ count: Int, seed: UInt64) -> Tensor {
        uniform([count, 64], seed: seed).map { ($0 * 16).rounded() / 16 }
    }

    /// The rows of a matrix in double precision, read element by element.
    static func rows(_ t: Tensor) -> [[Double]] {
        let columns = t.shape[1]
        return (0..<t.shape[0]).map { i in (0..<columns).map { Double(t.scalars[i * columns + $0]) } }
    }

    /// ‖a − b‖² as a sum of squared differences.
    static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    /// The nearest code by a loop over the codes (lowest index on a tie), with the best and
    /// second-best squared distances.
    static func nearest(_ z: [Double], codebook: [[Double]]) -> (code: Int, best: Double, second: Double) {
        var best = 0, bestDistance = Double.infinity, second = Double.infinity
        for (j, code) in codebook.enumerated() {
            let d = squaredDistance(z, code)
            if d < bestDistance { (second, best, bestDistance) = (bestDistance, j, d) } else if d < second { second = d }
        }
        return (best, bestDistance, second)
    }
}
