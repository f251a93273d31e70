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
    /// Row v: the law of h given the visible state v; row h: the law of v′ given the hidden state h. Built once, so
    /// that a step is two vector–matrix products.
    let hiddenLaws: Matrix, visibleLaws: Matrix

    public init(_ machine: RestrictedBoltzmannMachine) {
        require(machine.visibleCount + machine.hiddenCount <= 20, "Following the Gibbs kernel exactly needs 2ⁿ⁺ᵐ ≤ 2²⁰ pairs.")
        self.machine = machine
        let (n, m) = (machine.visibleCount, machine.hiddenCount)
        hiddenLaws = Matrix(rows: 1 << n, columns: 1 << m, elements: (0..<(1 << n)).flatMap {
            Self.productLaw(machine.hiddenProbabilities(RestrictedBoltzmannMachine.binaryState($0, count: n)))
        })
        visibleLaws = Matrix(rows: 1 << m, columns: 1 << n, elements: (0..<(1 << m)).flatMap {
            Self.productLaw(machine.visibleProbabilities(RestrictedBoltzmannMachine.binaryState($0, count: m)))
        })
    }

    /// All 2ᵏ probabilities of independent binary units with the given probabilities of being on, indexed so that
    /// unit i is bit i: built by doubling, each unit splitting every state so far into its off and on halves.
    static func productLaw(_ probabilities: [Double]) -> [Double] {
        var law = [1.0]
        for p in probabilities { law = law.map { $0 * (1 - p) } + law.map { $0 * p } }
        return law
    }

    /// q after one Gibbs step v → h → v′ from the law `law` over visible states: r = q·P(h | v), then q′ = r·P(v′ | h).
    public func step(_ law: [Double]) -> [Double] {
        require(law.count == hiddenLaws.rows, "A law over the visible states has \(hiddenLaws.rows) entries.")
        let hidden = Matrix(rows: 1, columns: law.count, elements: law) * hiddenLaws
        return (hidden * visibleLaws).elements
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
