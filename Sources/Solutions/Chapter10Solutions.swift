import Foundation

/// Reference solutions of chapter 10's exercises.
public enum Chapter10Solutions {
    /// 10.1: ∂J/∂μ = −τ² mean(x − μ) vanishes at μ = x̄; then J = ½τ² m − τ with m = mean (x − x̄)², smallest at
    /// τ = 1/m. The sample mean and the (1/n) sample precision: score matching is maximum likelihood here.
    public static func gaussianScoreMatching(samples: [Double]) throws -> (mean: Double, precision: Double) {
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        let secondMoment = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return (mean, 1 / secondMoment)
    }

    /// x^k for an integer k ≥ 0 by repeated multiplication (so that 0⁰ = 1).
    private static func power(_ x: Double, _ k: Int) -> Double { (0..<max(k, 0)).reduce(1) { product, _ in product * x } }

    /// 10.2: s = θᵀg(x) with gⱼ = pⱼ x^{pⱼ−1} and s′ = θᵀl(x) with lⱼ = pⱼ(pⱼ−1) x^{pⱼ−2}, so
    /// J(θ) = ½ θᵀ mean(g gᵀ) θ + mean(l)ᵀ θ, minimised where A θ = −c.
    public static func monomialScoreMatching(samples: [Double], powers: [Int]) throws -> [Double] {
        let d = powers.count, n = Double(samples.count)
        var a = [[Double]](repeating: [Double](repeating: 0, count: d), count: d), c = [Double](repeating: 0, count: d)
        for x in samples {
            let g = powers.map { Double($0) * power(x, $0 - 1) }
            let l = powers.map { $0 * ($0 - 1) == 0 ? 0 : Double($0 * ($0 - 1)) * power(x, $0 - 2) }
            for j in 0..<d {
                c[j] += l[j] / n
                for k in 0..<d { a[j][k] += g[j] * g[k] / n }
            }
        }
        return solve(a, c.map { -$0 })
    }

    /// A x = b by Gaussian elimination with partial pivoting (backward stable; d is small).
    private static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double] {
        var (a, b) = (matrix, rhs)
        let d = b.count
        for column in 0..<d {
            let pivot = (column..<d).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<d {
                let factor = a[row][column] / a[column][column]
                for k in column..<d { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: d)
        for row in stride(from: d - 1, through: 0, by: -1) {
            x[row] = ((row + 1)..<d).reduce(b[row]) { $0 - a[row][$1] * x[$1] } / a[row][row]
        }
        return x
    }

    /// 10.3: with y = x + σε, L(a) = ½ a² 𝔼y² − a 𝔼[yε]/σ + 𝔼ε²/(2σ²) and 𝔼y² = v + σ², 𝔼[yε] = σ, so the minimiser
    /// is a = 1/(v + σ²): the score of the noised law N(0, v + σ²), not of the data law N(0, v).
    public static func denoisingOptimalSlope(dataVariance v: Double, noiseStandardDeviation σ: Double) throws -> Double {
        1 / (v + σ * σ)
    }

    /// 10.4: with r = x − c, ∂φ/∂x_k = −r_k φ/ℓ² and ∂²φ/∂x_k² = (r_k²/ℓ⁴ − 1/ℓ²) φ, summed over the d coordinates.
    public static func radialBasisDerivatives(point x: [Double], centre c: [Double], width ℓ: Double) throws
        -> (value: Double, gradient: [Double], laplacian: Double) {
        let r = zip(x, c).map { $0 - $1 }
        let squared = r.reduce(0) { $0 + $1 * $1 }, variance = ℓ * ℓ
        let value = exp(-squared / (2 * variance))
        return (value, r.map { -$0 / variance * value }, (squared / (variance * variance) - Double(r.count) / variance) * value)
    }
}
