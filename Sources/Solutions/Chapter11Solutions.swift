import Foundation

/// Reference solutions of chapter 11's exercises, graded by the same tests as
/// the students' versions.
public enum Chapter11Solutions {
    /// 11.1: the Euler–Maruyama step of dx = ∇log p dt + √2 dW with dt = ε/2.
    public static func langevinStep(x: Double, score: Double, stepSize: Double, noise: Double) throws -> Double {
        x + 0.5 * stepSize * score + stepSize.squareRoot() * noise
    }

    /// 11.2: with score −x/s² the chain is x' = a·x + √ε z, a = 1 − ε/(2s²), stable while |a| < 1, i.e. ε < 4s².
    /// A stationary variance v satisfies v = a²v + ε, so v = ε/(1 − a²) = s²/(1 − ε/(4s²)).
    public static func stationaryVariance(targetVariance: Double, stepSize: Double) throws -> Double {
        let a = 1 - stepSize / (2 * targetVariance)
        return stepSize / (1 - a * a)
    }

    /// 11.3: α = min(1, p(x')q(x|x') / (p(x)q(x'|x))) with q(y|x) = N(y; x + (ε/2)s(x), ε).
    public static func metropolisLogAcceptance(x: Double, proposal: Double, logDensity: (Double) -> Double,
                                               score: (Double) -> Double, stepSize: Double) throws -> Double {
        func logProposal(_ to: Double, from: Double) -> Double {
            let mean = from + 0.5 * stepSize * score(from)
            return -(to - mean) * (to - mean) / (2 * stepSize)
        }
        let logRatio = logDensity(proposal) - logDensity(x) + logProposal(x, from: proposal) - logProposal(proposal, from: x)
        return min(0, logRatio)
    }

    /// 11.4: ∇log Σ wₖNₖ = Σ rₖ(x)·(μₖ − x)/sₖ² with responsibilities rₖ ∝ wₖNₖ(x).
    public static func mixtureScore(x: Double, weights: [Double], means: [Double], standardDeviations: [Double]) throws -> Double {
        let logTerms = weights.indices.map { k in
            log(weights[k]) - log(standardDeviations[k]) - pow(x - means[k], 2) / (2 * pow(standardDeviations[k], 2))
        }
        let top = logTerms.max() ?? 0
        let responsibilities = logTerms.map { exp($0 - top) }
        let total = responsibilities.reduce(0, +)
        return weights.indices.reduce(0) { sum, k in
            sum + responsibilities[k] / total * (means[k] - x) / pow(standardDeviations[k], 2)
        }
    }
}
