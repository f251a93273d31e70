import Foundation

/// Reference solutions of chapter 2's exercises.
public enum Chapter02Solutions {
    /// 2.1: Σⱼ ½(μⱼ² + σⱼ² − 1 − log σⱼ²), with eᵛ − 1 − v written as expm1(v) − v so that it keeps its digits
    /// when v ≈ 0, where it is ≈ v²/2.
    public static func gaussianKLToStandardNormal(means: [Double], logVariances: [Double]) throws -> Double {
        zip(means, logVariances).reduce(0) { $0 + 0.5 * ($1.0 * $1.0 + (Foundation.expm1($1.1) - $1.1)) }
    }

    /// 2.2: ∂f/∂μⱼ = ∂ⱼf(z) and, since ∂zⱼ/∂vⱼ = ½σⱼεⱼ, ∂f/∂vⱼ = ∂ⱼf(z)·½σⱼεⱼ, averaged over the draws.
    public static func reparameterizationGradient(means: [Double], logVariances: [Double], noise: [[Double]],
                                                  gradient: ([Double]) -> [Double]) throws -> [Double] {
        let k = means.count, sigma = logVariances.map { Foundation.exp(0.5 * $0) }
        var total = [Double](repeating: 0, count: 2 * k)
        for epsilon in noise {
            let g = gradient((0..<k).map { means[$0] + sigma[$0] * epsilon[$0] })
            for j in 0..<k {
                total[j] += g[j]
                total[k + j] += g[j] * 0.5 * sigma[j] * epsilon[j]
            }
        }
        return total.map { $0 / Double(noise.count) }
    }

    /// 2.3: the gap is KL(q ‖ p(z | x)), and the posterior is N(W(x − b)/(W² + σ_η²), σ_η²/(W² + σ_η²)).
    public static func elboGap(x: Double, loading w: Double, offset b: Double, noiseStandardDeviation s: Double,
                               mean m: Double, logVariance v: Double) throws -> Double {
        let posteriorVariance = s * s / (w * w + s * s), posteriorMean = w * (x - b) / (w * w + s * s)
        let q = Foundation.exp(v)
        return 0.5 * (Foundation.log(posteriorVariance) - v + (q + (m - posteriorMean) * (m - posteriorMean)) / posteriorVariance - 1)
    }

    /// 2.4: log-mean-exp around the largest log-weight, m + log((1/K) Σⱼ exp(aⱼ − m)).
    public static func importanceWeightedBound(logWeights: [Double]) throws -> Double {
        let top = logWeights.max()!
        return top + Foundation.log(logWeights.reduce(0) { $0 + Foundation.exp($1 - top) } / Double(logWeights.count))
    }
}
