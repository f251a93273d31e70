import Foundation

/// Reference solutions of chapter 12's exercises.
public enum Chapter12Solutions {
    /// 12.1: with B(t) = ∫₀ᵗβ = β₀t + ½t²(β₁ − β₀), the integrating factor e^{B} gives
    /// σ²(t) = 1 − e^{−B(t)} (written with expm1 so small t keeps its digits).
    public static func vpMarginalVariance(t: Double, betaMin: Double, betaMax: Double) throws -> Double {
        -Foundation.expm1(-(betaMin * t + 0.5 * t * t * (betaMax - betaMin)))
    }

    /// 12.2: f = 0 and g² = d[σ_noise²]/dt = 2 ln(σ_max/σ_min)·σ_noise(t)², so the drift is −g²·s.
    public static func veReverseDrift(x: [Double], score: [Double], t: Double, sigmaMin: Double, sigmaMax: Double) throws -> [Double] {
        let scale = sigmaMin * Foundation.pow(sigmaMax / sigmaMin, t)
        let gSquared = 2 * Foundation.log(sigmaMax / sigmaMin) * scale * scale
        return score.map { -gSquared * $0 }
    }

    /// 12.3: E[vᵀAv] = Σᵢⱼ Aᵢⱼ E[vᵢvⱼ] = tr(A) when E[vvᵀ] = I; average over probes.
    public static func hutchinsonTrace(matrixTimesVector: ([Double]) -> [Double], dimension: Int, probes: Int,
                                       randomSign: () -> Double) throws -> Double {
        var total = 0.0
        for _ in 0..<probes {
            let v = (0..<dimension).map { _ in randomSign() }
            total += zip(v, matrixTimesVector(v)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return total / Double(probes)
    }

    /// 12.4: f − ½g²s with f = −½β(t)x and g² = β(t).
    public static func probabilityFlowDrift(x: [Double], t: Double, score: [Double], betaMin: Double, betaMax: Double) throws -> [Double] {
        let beta = betaMin + t * (betaMax - betaMin)
        return zip(x, score).map { -0.5 * beta * $0 - 0.5 * beta * $1 }
    }
}
