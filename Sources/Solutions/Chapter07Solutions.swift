import Foundation

/// Reference solutions of chapter 7's exercises.
public enum Chapter07Solutions {
    /// log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}): finite for every finite x.
    private static func softplus(_ x: Double) -> Double { max(x, 0) + log1p(exp(-abs(x))) }

    /// σ(x) without overflow for either sign.
    private static func logistic(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// log Σ exp(values), shifted by the largest value.
    private static func logSumExp(_ values: [Double]) -> Double {
        let largest = values.max()!
        return largest + log(values.reduce(0) { $0 + exp($1 - largest) })
    }

    /// (vᵀW)ⱼ for every hidden unit j.
    private static func hiddenInputs(_ weights: [[Double]], _ v: [Double], count: Int) -> [Double] {
        (0..<count).map { j in v.indices.reduce(0) { $0 + v[$1] * weights[$1][j] } }
    }

    /// The 2ᵐ hidden states, state s having hⱼ = bit j of s.
    private static func hiddenStates(_ m: Int) -> [[Double]] {
        (0..<(1 << m)).map { s in (0..<m).map { Double((s >> $0) & 1) } }
    }

    /// For every hidden state h: log of its unnormalised marginal cᵀh + Σᵢ softplus(bᵢ + (Wh)ᵢ), and
    /// P(vᵢ = 1 | h) = σ(bᵢ + (Wh)ᵢ).
    private static func hiddenMarginals(_ weights: [[Double]], _ b: [Double], _ c: [Double])
        -> [(h: [Double], logWeight: Double, visibleProbabilities: [Double])] {
        hiddenStates(c.count).map { h in
            let inputs = b.indices.map { i in h.indices.reduce(b[i]) { $0 + weights[i][$1] * h[$1] } }
            let logWeight = h.indices.reduce(0) { $0 + c[$1] * h[$1] } + inputs.reduce(0) { $0 + softplus($1) }
            return (h, logWeight, inputs.map(logistic))
        }
    }

    /// 7.1: the hidden sum factorises, Σ_h Πⱼ e^{hⱼxⱼ} = Πⱼ (1 + e^{xⱼ}) with xⱼ = cⱼ + (vᵀW)ⱼ.
    public static func freeEnergy(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                  visible: [Double]) throws -> Double {
        let inputs = hiddenInputs(weights, visible, count: hiddenBiases.count)
        let visibleTerm = zip(visibleBiases, visible).reduce(0) { $0 + $1.0 * $1.1 }
        return -visibleTerm - zip(hiddenBiases, inputs).reduce(0) { $0 + softplus($1.0 + $1.1) }
    }

    /// 7.2: summing the visible units out first leaves 2ᵐ terms e^{cᵀh} Πᵢ (1 + e^{bᵢ + (Wh)ᵢ}), added in log space.
    public static func logPartition(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double]) throws -> Double {
        logSumExp(hiddenMarginals(weights, visibleBiases, hiddenBiases).map(\.logWeight))
    }

    /// 7.3: ⟨vᵢhⱼ⟩ = Σ_h p(h)·hⱼ·P(vᵢ = 1 | h), with p(h) normalised through its log weights.
    public static func modelCorrelations(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double]) throws -> [[Double]] {
        let marginals = hiddenMarginals(weights, visibleBiases, hiddenBiases)
        let logZ = logSumExp(marginals.map(\.logWeight))
        var correlations = [[Double]](repeating: [Double](repeating: 0, count: hiddenBiases.count), count: visibleBiases.count)
        for (h, logWeight, probabilities) in marginals {
            let p = exp(logWeight - logZ)
            for i in probabilities.indices {
                for j in h.indices where h[j] == 1 { correlations[i][j] += p * probabilities[i] }
            }
        }
        return correlations
    }

    /// 7.4: log f_β(v) = ((1 − β)b_A + βb)ᵀv + Σⱼ softplus(β(cⱼ + (vᵀW)ⱼ)); the difference of two of them.
    public static func annealingLogWeightIncrement(weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double],
                                                   baseVisibleBiases: [Double], visible: [Double],
                                                   from beta: Double, to nextBeta: Double) throws -> Double {
        let inputs = zip(hiddenBiases, hiddenInputs(weights, visible, count: hiddenBiases.count)).map { $0.0 + $0.1 }
        func logIntermediate(_ beta: Double) -> Double {
            let visibleTerm = visible.indices.reduce(0) { $0 + ((1 - beta) * baseVisibleBiases[$1] + beta * visibleBiases[$1]) * visible[$1] }
            return visibleTerm + inputs.reduce(0) { $0 + softplus(beta * $1) }
        }
        return logIntermediate(nextBeta) - logIntermediate(beta)
    }
}
