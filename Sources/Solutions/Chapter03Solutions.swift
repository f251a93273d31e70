import Foundation

/// Reference solutions of chapter 3's exercises.
public enum Chapter03Solutions {
    /// softplus(a) = log(1 + eᵃ), written so that neither branch overflows.
    static func softplus(_ a: Double) -> Double { a > 0 ? a + Foundation.log1p(Foundation.exp(-a)) : Foundation.log1p(Foundation.exp(a)) }

    /// 3.1: −log sigmoid(a) = softplus(−a) and −log(1 − sigmoid(a)) = softplus(a).
    public static func discriminatorLoss(realLogits: [Double], fakeLogits: [Double]) throws -> Double {
        realLogits.reduce(0) { $0 + softplus(-$1) } / Double(realLogits.count)
            + fakeLogits.reduce(0) { $0 + softplus($1) } / Double(fakeLogits.count)
    }

    /// 3.1: saturating mean log(1 − sigmoid(a)) = −mean softplus(a); non-saturating −mean log sigmoid(a) = mean softplus(−a).
    public static func generatorLoss(fakeLogits: [Double], nonSaturating: Bool) throws -> Double {
        let n = Double(fakeLogits.count)
        return nonSaturating ? fakeLogits.reduce(0) { $0 + softplus(-$1) } / n : -fakeLogits.reduce(0) { $0 + softplus($1) } / n
    }

    /// 3.2: V(D*) = Σ h[p log(p/(p+q)) + q log(q/(p+q))], and JSD = (V + log 4)/2.
    public static func jensenShannonThroughOptimalDiscriminator(dataDensity: [Double], generatorDensity: [Double],
                                                                spacing: Double) throws -> Double {
        func term(_ own: Double, _ total: Double) -> Double { own > 0 ? own * Foundation.log(own / total) : 0 }
        let value = zip(dataDensity, generatorDensity).reduce(0) { sum, pair in
            let total = pair.0 + pair.1
            return total > 0 ? sum + spacing * (term(pair.0, total) + term(pair.1, total)) : sum
        }
        return (value + Foundation.log(4)) / 2
    }

    /// 3.3: d² = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr √M with M = Σ₁^{1/2}Σ₂Σ₁^{1/2}. For a 2 × 2 positive
    /// semi-definite M with eigenvalues λ₁, λ₂: (√λ₁ + √λ₂)² = tr M + 2√det M, and M has the trace of
    /// Σ₁Σ₂ and the determinant det Σ₁·det Σ₂ — no matrix square root needed.
    public static func frechetDistance2D(mean1: [Double], covariance1: [[Double]],
                                         mean2: [Double], covariance2: [[Double]]) throws -> Double {
        let (s, t) = (covariance1, covariance2)
        let traceProduct = s[0][0] * t[0][0] + s[0][1] * t[1][0] + s[1][0] * t[0][1] + s[1][1] * t[1][1]
        let determinants = (s[0][0] * s[1][1] - s[0][1] * s[1][0]) * (t[0][0] * t[1][1] - t[0][1] * t[1][0])
        let traceOfRoot = Swift.max(traceProduct + 2 * Swift.max(determinants, 0).squareRoot(), 0).squareRoot()
        let meanTerm = zip(mean1, mean2).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return meanTerm + s[0][0] + s[1][1] + t[0][0] + t[1][1] - 2 * traceOfRoot
    }
}
