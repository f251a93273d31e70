import Foundation
import TensorCore

// listing: rbm-enumeration
/// Exact quantities of a small RBM by visiting every state — feasible up to about 2²⁰
/// states, which is why chapters 7–9 keep a model of about 12 visible and 6 hidden units
/// beside the digits one: on it every estimator can be compared with the truth.
extension RestrictedBoltzmannMachine {
    /// The binary vector of `count` units whose bits spell `index` (unit 0 is the lowest bit).
    public static func binaryState(_ index: Int, count: Int) -> [Double] {
        (0..<count).map { Double((index >> $0) & 1) }
    }

    /// The index whose bits spell the binary vector `state`: the inverse of `binaryState`.
    public static func stateIndex(_ state: [Double]) -> Int {
        state.enumerated().reduce(0) { $0 + (($1.element != 0 ? 1 : 0) << $1.offset) }
    }

    /// log Z by brute force over all 2^(n+m) joint states (v, h): log Σ e^{−E(v, h)}.
    /// Uses nothing but the energy.
    public var logPartitionByJointEnumeration: Double {
        require(visibleCount + hiddenCount <= 24, "Joint enumeration visits 2^(n+m) states; n + m = \(visibleCount + hiddenCount) is too many.")
        let hidden = (0..<(1 << hiddenCount)).map { Self.binaryState($0, count: hiddenCount) }
        var terms: [Double] = []
        terms.reserveCapacity(1 << (visibleCount + hiddenCount))
        for v in 0..<(1 << visibleCount) {
            let visible = Self.binaryState(v, count: visibleCount)
            for h in hidden { terms.append(-energy(visible: visible, hidden: h)) }
        }
        return logSumExp(terms)
    }

    /// log Z through the free energy, the hidden units summed out analytically: log Σ_v e^{−F(v)}
    /// over the 2ⁿ visible states.
    public var logPartitionThroughFreeEnergy: Double {
        require(visibleCount <= 24, "Enumeration over the visible states visits 2ⁿ states; n = \(visibleCount) is too many.")
        return logSumExp((0..<(1 << visibleCount)).map { -freeEnergy(Self.binaryState($0, count: visibleCount)) })
    }

    /// log Z through the other side: log Σ_h e^{cᵀh} Π_i (1 + e^{b_i + (Wh)_i}), over the 2ᵐ hidden states
    /// (cheapest when m is small, as for the digits RBM's exact Z with few hidden units).
    public var logPartitionThroughHiddenStates: Double {
        require(hiddenCount <= 24, "Enumeration over the hidden states visits 2ᵐ states; m = \(hiddenCount) is too many.")
        return logSumExp((0..<(1 << hiddenCount)).map { index in
            let h = Self.binaryState(index, count: hiddenCount)
            var term = 0.0
            for j in 0..<hiddenCount { term += hiddenBiases[j] * h[j] }
            for input in visibleInputs(h) { term += softplus(input) }
            return term
        })
    }

    /// The exact mean log-likelihood (nats) of binary `data` rows: mean of −F(v) − log Z.
    public func exactLogLikelihood(_ data: [[Double]], logPartition: Double) -> Double {
        require(!data.isEmpty, "A log-likelihood needs at least one data row.")
        return data.reduce(0) { $0 - freeEnergy($1) } / Double(data.count) - logPartition
    }
}

// end listing
