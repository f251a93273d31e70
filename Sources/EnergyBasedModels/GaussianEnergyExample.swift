import Foundation
import TensorCore

// listing: gaussian-energy-example
/// The worked example of chapter 8: the energy E_θ(x) = θx²/2 on ℝ, whose law is N(0, 1/θ) and whose
/// log-likelihood gradient for data with second moment m₂ = ⟨x²⟩ is
///
///   dℓ/dθ = −⟨x²/2⟩_data + 𝔼_{p_θ}[x²/2] = −m₂/2 + 1/(2θ),   zero at θ_ML = 1/m₂.
///
/// Training replaces 𝔼_{p_θ}[x²] by the mean of negative samples. If they come from L steps of ULA
/// started at N(0, s₀²), x ← a·x + √ε·z with a = 1 − εθ/2, their variance after k steps is
///
///   v_k = a²·v_{k−1} + ε,   v₀ = s₀²,   and v_∞ = ε/(1 − a²) = 1/(θ(1 − εθ/4)) for 0 < θ < 4/ε,
///
/// so training stops where v_L(θ) = m₂, not where θ = 1/m₂: the chain's bias becomes the estimator's bias.
public enum GaussianEnergyExample {
    /// v_L(θ): the variance of ULA negatives after `steps` steps (nil: the stationary variance).
    public static func negativeVariance(precision θ: Double, stepSize ε: Double, steps: Int?, startVariance: Double) -> Double {
        let a = 1 - ε * θ / 2
        guard let steps else { return ε / (1 - a * a) }
        var v = startVariance
        for _ in 0..<steps { v = a * a * v + ε }
        return v
    }

    /// The θ̂ ∈ (0, 2/ε) where v_L(θ̂) = m₂: the fixed point of training with those negatives. On that range
    /// a² = (1 − εθ/2)² falls from 1 to 0, so v_L falls from s₀² + Lε (v_∞ from +∞) to ε, and a root exists
    /// and is unique when ε < m₂ < s₀² + Lε. Found by bisection to 1e-12 relative.
    public static func fixedPoint(secondMoment m2: Double, stepSize ε: Double, steps: Int?, startVariance: Double) -> Double {
        require(ε < m2 && (steps == nil || m2 < startVariance + Double(steps!) * ε),
                "No fixed point: ULA negatives span (ε, s₀² + Lε) = (\(ε), \(startVariance + Double(steps ?? 0) * ε)) and m₂ = \(m2) is outside.")
        var (low, high) = (0.0, 2 / ε)
        while (high - low) > 1e-12 * high {
            let middle = (low + high) / 2
            if negativeVariance(precision: middle, stepSize: ε, steps: steps, startVariance: startVariance) > m2 { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// Where the negatives of one training run come from.
    public enum Negatives: Sendable {
        /// Exact draws from N(0, 1/θ).
        case exact
        /// `steps` ULA steps of size ε from N(0, s₀²) (nil steps: long chains kept between iterations).
        case langevin(steps: Int?, stepSize: Double, startVariance: Double)
    }

    /// Stochastic gradient ascent θ ← θ + η_t·(−m₂/2 + ⟨x⁻²⟩/2) with `count` negatives per iteration, from θ₀, with the
    /// decaying step η_t = η/(1 + 10t/T) over T iterations (Robbins & Monro 1951). Returns the mean of θ over the second
    /// half (Polyak & Juditsky 1992). The fixed points above are where the mean update vanishes; the update is not linear
    /// in θ, so the iterates' own noise shifts where a run settles by an amount of order η_t (a Jensen effect), which the
    /// decaying step makes small at the end.
    public static func train(secondMoment m2: Double, negatives: Negatives, start: Double, learningRate η: Double, iterations: Int,
                             count: Int, using generator: inout RandomGenerator) -> Double {
        var θ = start, total = 0.0
        var persistent: [Double] = []
        for iteration in 0..<iterations {
            var negativeSecondMoment = 0.0
            switch negatives {
            case .exact:
                for _ in 0..<count { let x = generator.normalDouble() / θ.squareRoot(); negativeSecondMoment += x * x }
            case .langevin(let steps, let ε, let s0):
                let a = 1 - ε * θ / 2, noise = ε.squareRoot()
                if let steps {
                    for _ in 0..<count {
                        var x = s0.squareRoot() * generator.normalDouble()
                        for _ in 0..<steps { x = a * x + noise * generator.normalDouble() }
                        negativeSecondMoment += x * x
                    }
                } else {   // persistent chains: one ULA step per iteration under the current θ
                    if persistent.isEmpty { persistent = (0..<count).map { _ in s0.squareRoot() * generator.normalDouble() } }
                    for index in persistent.indices {
                        persistent[index] = a * persistent[index] + noise * generator.normalDouble()
                        negativeSecondMoment += persistent[index] * persistent[index]
                    }
                }
            }
            let step = η / (1 + 10 * Double(iteration) / Double(iterations))
            θ = max(θ + step * (-m2 / 2 + negativeSecondMoment / Double(count) / 2), 1e-6)
            if iteration >= iterations / 2 { total += θ }
        }
        return total / Double(iterations - iterations / 2)
    }
}
// end listing
