import Foundation

/// Reference solutions of chapter 4's exercises.
public enum Chapter04Solutions {
    /// 4.1: the monotone coupling pairs the i-th smallest points, so W₁ = mean |a₍ᵢ₎ − b₍ᵢ₎|.
    public static func wasserstein1D(_ a: [Double], _ b: [Double]) throws -> Double {
        zip(a.sorted(), b.sorted()).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(a.count)
    }

    /// 4.2: each product w[k]·x[i·s + k] of the forward map sends y[i]·w[k] back to position i·s + k;
    /// positions no output reads (the trailing ones) stay zero.
    public static func transposedConvolution1D(_ y: [Double], kernel: [Double], stride: Int, inputLength n: Int) throws -> [Double] {
        var x = [Double](repeating: 0, count: n)
        for i in y.indices {
            for k in kernel.indices { x[i * stride + k] += kernel[k] * y[i] }
        }
        return x
    }

    /// 4.3: on the side s·Δ > 0, J′(s) = |Δ| − 2λ(|s| − 1) = 0 gives |s*| = 1 + |Δ|/(2λ), with the sign of Δ
    /// (the other side has s·Δ < 0 and a smaller J). The estimate s*·Δ = |Δ| + Δ²/(2λ) overshoots W₁ = |Δ|.
    public static func penalisedLinearCritic(shift: Double, penaltyWeight: Double) throws -> (slope: Double, wassersteinEstimate: Double) {
        let magnitude = 1 + abs(shift) / (2 * penaltyWeight)
        let slope = shift < 0 ? -magnitude : magnitude
        return (slope, slope * shift)
    }

    /// 4.4: ∇f(x) = Ax + b for symmetric A.
    public static func quadraticCriticPenalty(a: [[Double]], b: [Double], real: [[Double]], fake: [[Double]],
                                              mixing: [Double], penaltyWeight: Double) throws -> Double {
        var total = 0.0
        for i in real.indices {
            let point = zip(real[i], fake[i]).map { mixing[i] * $0.0 + (1 - mixing[i]) * $0.1 }
            let gradient = a.indices.map { r in zip(a[r], point).reduce(b[r]) { $0 + $1.0 * $1.1 } }
            let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            total += (norm - 1) * (norm - 1)
        }
        return penaltyWeight * total / Double(real.count)
    }
}
