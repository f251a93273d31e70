import Foundation
import TensorCore

// listing: restricted-boltzmann-machine
/// A restricted Boltzmann machine over binary visible units v ∈ {0, 1}ⁿ and hidden units
/// h ∈ {0, 1}ᵐ (Smolensky 1986; Hinton 2002), with the energy
///
///   E(v, h) = −bᵀv − cᵀh − vᵀWh,    p(v, h) = e^{−E(v, h)} / Z,
///
/// where W is n × m, b the visible and c the hidden biases. There are no visible–visible or
/// hidden–hidden weights, so given v the hidden units are independent, and given h the
/// visible units are:
///
///   p(h_j = 1 | v) = σ(c_j + (vᵀW)_j),    p(v_i = 1 | h) = σ(b_i + (Wh)_i),
///
/// with σ the logistic function. Summing h out of e^{−E} one unit at a time gives the
/// free energy F(v) = −bᵀv − Σ_j log(1 + e^{c_j + (vᵀW)_j}), with p(v) = e^{−F(v)}/Z.
///
/// Everything is in double precision: the small models of chapters 7–9 are enumerated
/// exactly, and their log-likelihoods are compared with estimates to a few decimals.
public struct RestrictedBoltzmannMachine: Sendable, Equatable {
    /// n, the number of visible units.
    public let visibleCount: Int
    /// m, the number of hidden units.
    public let hiddenCount: Int
    /// W, row-major n × m: `weights[i * m + j]` couples v_i and h_j.
    public var weights: [Double]
    /// b, one per visible unit.
    public var visibleBiases: [Double]
    /// c, one per hidden unit.
    public var hiddenBiases: [Double]

    public init(weights: [Double], visibleBiases: [Double], hiddenBiases: [Double]) {
        require(!visibleBiases.isEmpty && !hiddenBiases.isEmpty, "An RBM needs at least one visible and one hidden unit.")
        require(weights.count == visibleBiases.count * hiddenBiases.count,
                "W must hold n·m = \(visibleBiases.count * hiddenBiases.count) weights, got \(weights.count).")
        visibleCount = visibleBiases.count
        hiddenCount = hiddenBiases.count
        self.weights = weights
        self.visibleBiases = visibleBiases
        self.hiddenBiases = hiddenBiases
    }

    /// Weights N(0, scale²) and zero biases: the usual start for training (Hinton 2012 suggests scale 0.01).
    public init(visibleCount: Int, hiddenCount: Int, weightScale: Double = 0.01, using generator: inout RandomGenerator) {
        self.init(weights: (0..<(visibleCount * hiddenCount)).map { _ in weightScale * generator.normalDouble() },
                  visibleBiases: Array(repeating: 0, count: visibleCount), hiddenBiases: Array(repeating: 0, count: hiddenCount))
    }

    /// E(v, h) = −bᵀv − cᵀh − vᵀWh.
    public func energy(visible v: [Double], hidden h: [Double]) -> Double {
        checkVisible(v); checkHidden(h)
        var energy = 0.0
        for i in 0..<visibleCount { energy -= visibleBiases[i] * v[i] }
        for j in 0..<hiddenCount { energy -= hiddenBiases[j] * h[j] }
        for i in 0..<visibleCount where v[i] != 0 {
            for j in 0..<hiddenCount { energy -= v[i] * weights[i * hiddenCount + j] * h[j] }
        }
        return energy
    }

    /// The hidden units' total inputs c + Wᵀv.
    public func hiddenInputs(_ v: [Double]) -> [Double] {
        checkVisible(v)
        var inputs = hiddenBiases
        for i in 0..<visibleCount where v[i] != 0 {
            for j in 0..<hiddenCount { inputs[j] += v[i] * weights[i * hiddenCount + j] }
        }
        return inputs
    }

    /// The visible units' total inputs b + Wh.
    public func visibleInputs(_ h: [Double]) -> [Double] {
        checkHidden(h)
        var inputs = visibleBiases
        for i in 0..<visibleCount {
            for j in 0..<hiddenCount where h[j] != 0 { inputs[i] += weights[i * hiddenCount + j] * h[j] }
        }
        return inputs
    }

    /// p(h_j = 1 | v) for every j.
    public func hiddenProbabilities(_ v: [Double]) -> [Double] { hiddenInputs(v).map(logistic) }

    /// p(v_i = 1 | h) for every i.
    public func visibleProbabilities(_ h: [Double]) -> [Double] { visibleInputs(h).map(logistic) }

    /// F(v) = −bᵀv − Σ_j softplus(c_j + (vᵀW)_j), so that p(v) = e^{−F(v)}/Z.
    public func freeEnergy(_ v: [Double]) -> Double {
        var free = 0.0
        for i in 0..<visibleCount { free -= visibleBiases[i] * v[i] }
        for input in hiddenInputs(v) { free -= softplus(input) }
        return free
    }

    /// h ~ p(h | v).
    public func sampleHidden(given v: [Double], using generator: inout RandomGenerator) -> [Double] {
        hiddenProbabilities(v).map { generator.uniformDouble() < $0 ? 1 : 0 }
    }

    /// v ~ p(v | h).
    public func sampleVisible(given h: [Double], using generator: inout RandomGenerator) -> [Double] {
        visibleProbabilities(h).map { generator.uniformDouble() < $0 ? 1 : 0 }
    }

    /// One step of block Gibbs sampling, v → h ~ p(h | v) → v′ ~ p(v | h); returns (h, v′).
    public func gibbsStep(from v: [Double], using generator: inout RandomGenerator) -> (hidden: [Double], visible: [Double]) {
        let h = sampleHidden(given: v, using: &generator)
        return (h, sampleVisible(given: h, using: &generator))
    }

    private func checkVisible(_ v: [Double]) {
        require(v.count == visibleCount, "A visible state has \(visibleCount) units, got \(v.count).")
    }
    private func checkHidden(_ h: [Double]) {
        require(h.count == hiddenCount, "A hidden state has \(hiddenCount) units, got \(h.count).")
    }
}

// end listing
