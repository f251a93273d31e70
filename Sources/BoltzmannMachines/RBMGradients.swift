import Foundation
import TensorCore

// listing: rbm-gradients
/// The gradient of an RBM's mean log-likelihood, ∂/∂θ mean log p(v) = ⟨−∂E/∂θ⟩_data − ⟨−∂E/∂θ⟩_model, in the
/// three forms chapters 7–9 compare: exact (the model expectation by enumeration), contrastive divergence
/// (Hinton 2002) and persistent contrastive divergence (Tieleman 2008). For the weights −∂E/∂W = v hᵀ;
/// the hidden units are summed out, so each phase uses v·p(h = 1 | v)ᵀ.
public struct RBMGradient: Sendable, Equatable {
    public var weights: [Double], visibleBiases: [Double], hiddenBiases: [Double]

    public static func zero(like machine: RestrictedBoltzmannMachine) -> RBMGradient {
        RBMGradient(weights: Array(repeating: 0, count: machine.weights.count), visibleBiases: Array(repeating: 0, count: machine.visibleCount),
                    hiddenBiases: Array(repeating: 0, count: machine.hiddenCount))
    }

    /// Adds `weight` × the statistics (v p(h|v)ᵀ, v, p(h|v)) of one visible state.
    mutating func accumulate(_ machine: RestrictedBoltzmannMachine, _ v: [Double], weight: Double) {
        let p = machine.hiddenProbabilities(v), m = machine.hiddenCount
        for i in 0..<machine.visibleCount where v[i] != 0 {
            visibleBiases[i] += weight * v[i]
            for j in 0..<m { weights[i * m + j] += weight * v[i] * p[j] }
        }
        for j in 0..<m { hiddenBiases[j] += weight * p[j] }
    }

    /// The data phase minus the model phase.
    static func - (data: RBMGradient, model: RBMGradient) -> RBMGradient {
        RBMGradient(weights: zip(data.weights, model.weights).map(-), visibleBiases: zip(data.visibleBiases, model.visibleBiases).map(-),
                    hiddenBiases: zip(data.hiddenBiases, model.hiddenBiases).map(-))
    }
}

extension RestrictedBoltzmannMachine {
    /// The data phase ⟨v p(h|v)ᵀ⟩ over `data`.
    func dataPhase(_ data: [[Double]]) -> RBMGradient {
        var phase = RBMGradient.zero(like: self)
        for v in data { phase.accumulate(self, v, weight: 1 / Double(data.count)) }
        return phase
    }

    /// The exact gradient: the model phase ⟨v hᵀ⟩_p, ⟨v⟩_p, ⟨h⟩_p by enumerating the smaller layer's states (small models only).
    public func exactGradient(_ data: [[Double]]) -> RBMGradient {
        dataPhase(data) - (hiddenCount < visibleCount ? modelPhaseThroughHiddenStates() : modelPhaseThroughVisibleStates())
    }

    /// The model phase over the 2ⁿ visible states: p(v) = e^{−F(v)}/Z, each weighted with v p(h | v)ᵀ.
    /// One pass computes every state's hidden inputs once and keeps F(v) and p(h | v); a second weights them by p(v).
    /// These are 𝔼_p[−∂E/∂θ] = ∂ log Z/∂θ for θ = (W, b, c).
    public func modelPhaseThroughVisibleStates() -> RBMGradient {
        require(visibleCount <= 24, "The exact gradient visits 2ⁿ states; n = \(visibleCount) is too many.")
        let states = 1 << visibleCount, m = hiddenCount
        var negativeFree = [Double](repeating: 0, count: states), probabilities = [Double](repeating: 0, count: states * m)
        for index in 0..<states {
            var inputs = hiddenBiases, value = 0.0
            for i in 0..<visibleCount where (index >> i) & 1 == 1 {
                value += visibleBiases[i]
                for j in 0..<m { inputs[j] += weights[i * m + j] }
            }
            for j in 0..<m { value += softplus(inputs[j]); probabilities[index * m + j] = logistic(inputs[j]) }
            negativeFree[index] = value
        }
        let logZ = logSumExp(negativeFree)
        var model = RBMGradient.zero(like: self)
        for index in 0..<states {
            let p = exp(negativeFree[index] - logZ)
            for j in 0..<m { model.hiddenBiases[j] += p * probabilities[index * m + j] }
            for i in 0..<visibleCount where (index >> i) & 1 == 1 {
                model.visibleBiases[i] += p
                for j in 0..<m { model.weights[i * m + j] += p * probabilities[index * m + j] }
            }
        }
        return model
    }

    /// The same over the 2ᵐ hidden states: p(h) ∝ e^{cᵀh} Π_i (1 + e^{b_i + (Wh)_i}), each weighted with p(v | h) hᵀ,
    /// since ⟨v_i h_j⟩_p = Σ_h p(h) σ(b_i + (Wh)_i) h_j.
    public func modelPhaseThroughHiddenStates() -> RBMGradient {
        require(hiddenCount <= 24, "The exact gradient visits 2ᵐ states; m = \(hiddenCount) is too many.")
        let states = 1 << hiddenCount, (n, m) = (visibleCount, hiddenCount)
        var logWeights = [Double](repeating: 0, count: states), probabilities = [Double](repeating: 0, count: states * n)
        for index in 0..<states {
            var inputs = visibleBiases, value = 0.0
            for j in 0..<m where (index >> j) & 1 == 1 {
                value += hiddenBiases[j]
                for i in 0..<n { inputs[i] += weights[i * m + j] }
            }
            for i in 0..<n { value += softplus(inputs[i]); probabilities[index * n + i] = logistic(inputs[i]) }
            logWeights[index] = value
        }
        let logZ = logSumExp(logWeights)
        var model = RBMGradient.zero(like: self)
        for index in 0..<states {
            let p = exp(logWeights[index] - logZ)
            for i in 0..<n { model.visibleBiases[i] += p * probabilities[index * n + i] }
            for j in 0..<m where (index >> j) & 1 == 1 {
                model.hiddenBiases[j] += p
                for i in 0..<n { model.weights[i * m + j] += p * probabilities[index * n + i] }
            }
        }
        return model
    }

    /// CD-k: the model phase from chains that start at the data rows and run k Gibbs steps.
    public func contrastiveDivergenceGradient(_ data: [[Double]], steps k: Int, using generator: inout RandomGenerator) -> RBMGradient {
        require(k >= 1, "CD-k needs at least one Gibbs step.")
        var model = RBMGradient.zero(like: self)
        for row in data {
            var v = row
            for _ in 0..<k { v = gibbsStep(from: v, using: &generator).visible }
            model.accumulate(self, v, weight: 1 / Double(data.count))
        }
        return dataPhase(data) - model
    }

    /// PCD: the model phase from persistent `chains` (fantasy particles), each advanced k Gibbs steps and kept.
    public func persistentGradient(_ data: [[Double]], chains: inout [[Double]], steps k: Int = 1, using generator: inout RandomGenerator) -> RBMGradient {
        require(!chains.isEmpty && k >= 1, "PCD needs at least one chain and one Gibbs step.")
        var model = RBMGradient.zero(like: self)
        for index in chains.indices {
            for _ in 0..<k { chains[index] = gibbsStep(from: chains[index], using: &generator).visible }
            model.accumulate(self, chains[index], weight: 1 / Double(chains.count))
        }
        return dataPhase(data) - model
    }

    /// θ ← θ + learningRate · gradient (ascent on the log-likelihood).
    public mutating func ascend(_ gradient: RBMGradient, learningRate: Double) {
        for index in weights.indices { weights[index] += learningRate * gradient.weights[index] }
        for index in visibleBiases.indices { visibleBiases[index] += learningRate * gradient.visibleBiases[index] }
        for index in hiddenBiases.indices { hiddenBiases[index] += learningRate * gradient.hiddenBiases[index] }
    }
}
// end listing
