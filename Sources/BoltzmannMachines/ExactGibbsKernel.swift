import Foundation
import TensorCore

// listing: exact-gibbs-kernel
/// Block Gibbs sampling of a small RBM followed exactly: instead of one chain, the whole law q_t of the
/// visible state after t steps, a vector over the 2ⁿ visible states. One step is
///
///   r(h) = Σ_v q_t(v) p(h | v),   q_{t+1}(v′) = Σ_h r(h) p(v′ | h),
///
/// two sums over 2ⁿ × 2ᵐ pairs, so k steps cost k·2ⁿ⁺ᵐ⁺¹ products and no sampling at all. Started from the
/// data's empirical law q₀, q_k is the law of the states where CD-k's chains stop, so the *expected* CD-k
/// gradient, and its bias against the exact one, are numbers rather than estimates.
public struct ExactGibbsKernel: Sendable {
    public let machine: RestrictedBoltzmannMachine
    /// p(h_j = 1 | v) for every visible state (row) and hidden unit, and p(v_i = 1 | h) for every hidden state.
    let hiddenGivenVisible: [[Double]], visibleGivenHidden: [[Double]]

    public init(_ machine: RestrictedBoltzmannMachine) {
        require(machine.visibleCount + machine.hiddenCount <= 20, "Following the Gibbs kernel exactly needs 2ⁿ⁺ᵐ ≤ 2²⁰ pairs.")
        self.machine = machine
        hiddenGivenVisible = (0..<(1 << machine.visibleCount)).map { machine.hiddenProbabilities(RestrictedBoltzmannMachine.binaryState($0, count: machine.visibleCount)) }
        visibleGivenHidden = (0..<(1 << machine.hiddenCount)).map { machine.visibleProbabilities(RestrictedBoltzmannMachine.binaryState($0, count: machine.hiddenCount)) }
    }

    /// The probability of the binary `state` (as an index) under independent units with the given probabilities.
    static func productProbability(_ index: Int, _ probabilities: [Double]) -> Double {
        var value = 1.0
        for (unit, p) in probabilities.enumerated() { value *= (index >> unit) & 1 == 1 ? p : 1 - p }
        return value
    }

    /// q after one Gibbs step v → h → v′ from the law `law` over visible states.
    public func step(_ law: [Double]) -> [Double] {
        let (visibleStates, hiddenStates) = (1 << machine.visibleCount, 1 << machine.hiddenCount)
        require(law.count == visibleStates, "A law over the visible states has \(visibleStates) entries.")
        var hidden = [Double](repeating: 0, count: hiddenStates)
        for v in 0..<visibleStates where law[v] > 0 {
            for h in 0..<hiddenStates { hidden[h] += law[v] * Self.productProbability(h, hiddenGivenVisible[v]) }
        }
        var next = [Double](repeating: 0, count: visibleStates)
        for h in 0..<hiddenStates where hidden[h] > 0 {
            for v in 0..<visibleStates { next[v] += hidden[h] * Self.productProbability(v, visibleGivenHidden[h]) }
        }
        return next
    }

    /// The empirical law of binary `data` rows over the visible states.
    public static func empiricalLaw(_ data: [[Double]], visibleCount: Int) -> [Double] {
        var law = [Double](repeating: 0, count: 1 << visibleCount)
        for row in data { law[RestrictedBoltzmannMachine.stateIndex(row)] += 1 / Double(data.count) }
        return law
    }

    /// The model law p(v) = e^{−F(v)}/Z over the visible states.
    public var modelLaw: [Double] {
        let logZ = machine.logPartitionThroughFreeEnergy
        return (0..<(1 << machine.visibleCount)).map { exp(-machine.freeEnergy(RestrictedBoltzmannMachine.binaryState($0, count: machine.visibleCount)) - logZ) }
    }

    /// The phase statistics ⟨v p(h | v)ᵀ⟩, ⟨v⟩, ⟨p(h | v)⟩ under a law over the visible states.
    public func statistics(under law: [Double]) -> RBMGradient {
        var phase = RBMGradient.zero(like: machine)
        for v in law.indices where law[v] > 0 {
            phase.accumulate(machine, RestrictedBoltzmannMachine.binaryState(v, count: machine.visibleCount), weight: law[v])
        }
        return phase
    }

    /// 𝔼[CD-k gradient] = data phase − statistics under q_k, q₀ the data's empirical law.
    public func expectedContrastiveDivergence(_ data: [[Double]], steps k: Int) -> RBMGradient {
        var law = Self.empiricalLaw(data, visibleCount: machine.visibleCount)
        let dataPhase = statistics(under: law)
        for _ in 0..<k { law = step(law) }
        return dataPhase - statistics(under: law)
    }

    /// Total variation ½ Σ |a − b| between two laws over the visible states.
    public static func totalVariation(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) } / 2
    }
}
// end listing
