import BoltzmannMachines
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 1: the energy, the partition function by three routes, the free energy and the factorised conditionals,
// all on a 12 × 6 RBM small enough to enumerate (2¹⁸ joint states).

/// A machine with weights N(0, scale²) and biases N(0, (scale/2)²), for the enumeration checks.
func randomMachine(visible: Int, hidden: Int, scale: Double) -> RestrictedBoltzmannMachine {
    var machine = RestrictedBoltzmannMachine(visibleCount: visible, hiddenCount: hidden, weightScale: scale, using: &chapter.random)
    machine.visibleBiases = (0..<visible).map { _ in 0.5 * scale * chapter.random.normalDouble() }
    machine.hiddenBiases = (0..<hidden).map { _ in 0.5 * scale * chapter.random.normalDouble() }
    return machine
}

/// A worst-case bound on the rounding error of a log-sum-exp of `terms` energies of at most `largest` in size, each a sum of
/// `products` products: every term is off by at most (products + 1)·u·largest and the sum by terms·u relative, u the
/// unit round-off of double precision (Higham 2002, ch. 3–4).
func roundingBound(terms: Int, products: Int, largest: Double) -> Double {
    let u = Double.ulpOfOne / 2
    return (Double(terms) + Double(products + 1) * (1 + largest)) * u * 4
}

func energySection() -> RestrictedBoltzmannMachine {
    let machine = randomMachine(visible: 12, hidden: 6, scale: 1)
    let (n, m) = (machine.visibleCount, machine.hiddenCount)
    chapter.prose("""
    Take a **restricted Boltzmann machine** with n = \(n) visible and m = \(m) hidden units, weights drawn from \
    N(0, 1) and biases from N(0, ¼). It has 2ⁿ⁺ᵐ = \(1 << (n + m)) joint states — few enough to visit every one, \
    so every quantity below is known exactly, and each is computed along two roads that share nothing but the \
    parameters. The **partition function** first: by brute force over all joint states, using nothing but the \
    energy; by the free energy, summing the hidden units out analytically and visiting the 2ⁿ = \(1 << n) visible \
    states; and from the other side, summing the visible units out and visiting the 2ᵐ = \(1 << m) hidden states.
    """)
    chapter.listing("rbm-enumeration", fromLibraryFile: "Sources/BoltzmannMachines/ExactEnumeration.swift")
    let joint = machine.logPartitionByJointEnumeration, throughFree = machine.logPartitionThroughFreeEnergy
    let throughHidden = machine.logPartitionThroughHiddenStates
    let largestEnergy = (machine.visibleBiases + machine.hiddenBiases + machine.weights).reduce(0) { $0 + abs($1) }   // ≥ |E(v, h)| for every state
    let jointBound = roundingBound(terms: 1 << (n + m), products: n * m + n + m, largest: largestEnergy)
    let visibleOnly = logSumExp((0..<(1 << n)).map { index in zip(machine.visibleBiases, RestrictedBoltzmannMachine.binaryState(index, count: n)).reduce(0) { $0 + $1.0 * $1.1 } })
    chapter.table(["route", "states visited", "log Z"], [
        ["all joint states (v, h), e^{−E(v, h)}", 1 << (n + m), formatNumber(joint, digits: 12)],
        ["visible states, e^{−F(v)}", 1 << n, formatNumber(throughFree, digits: 12)],
        ["hidden states, e^{cᵀh} Π_i (1 + e^{b_i + (Wh)_i})", 1 << m, formatNumber(throughHidden, digits: 12)],
        ["(wrong) hidden units left out: Σ_v e^{bᵀv}", 1 << n, formatNumber(visibleOnly, digits: 12)],
    ], caption: "The three exact routes to log Z for the \(n) × \(m) machine, and what forgetting the hidden units gives.")
    chapter.check("log Z through the free energy (2ⁿ states) against brute force over all 2ⁿ⁺ᵐ joint states", measured: throughFree, expected: joint,
                  tolerance: .absolute(jointBound),
                  why: "two enumerations that share only W, b and c; the bound is a worst case for rounding, 4u(S + (nm + n + m + 1)(1 + Σ|b| + Σ|c| + Σ|W|)) with S = 2ⁿ⁺ᵐ terms and u = 2⁻⁵³. Leaving the hidden units out gives \(formatNumber(visibleOnly, digits: 5))")
    chapter.check("log Z through the hidden states (2ᵐ states) against brute force over the joint states", measured: throughHidden, expected: joint,
                  tolerance: .absolute(jointBound),
                  why: "the visible units summed out instead of the hidden ones; the same rounding bound")

    chapter.prose("""
    The **free energy** F(v) = −log Σ_h e^{−E(v, h)} is what the hidden units leave behind when they are summed \
    out; because E is linear in each h_j, the sum over 2ᵐ hidden states is a product of m two-term sums, which \
    gives the closed form F(v) = −bᵀv − Σ_j log(1 + e^{c_j + (vᵀW)_j}). We compare it with the sum itself for \
    every one of the \(1 << n) visible states.
    """)
    let hiddenStates = (0..<(1 << m)).map { RestrictedBoltzmannMachine.binaryState($0, count: m) }
    var freeError = 0.0, lowestEnergyError = 0.0
    var marginalError = 0.0, factorisationError = 0.0
    for index in 0..<(1 << n) {
        let v = RestrictedBoltzmannMachine.binaryState(index, count: n)
        let negativeEnergies = hiddenStates.map { -machine.energy(visible: v, hidden: $0) }
        let bruteFree = -logSumExp(negativeEnergies)
        freeError = max(freeError, abs(machine.freeEnergy(v) - bruteFree))
        lowestEnergyError = max(lowestEnergyError, abs(-negativeEnergies.max()! - bruteFree))
        // p(h | v) by brute force, its marginals, and the formula σ(c + Wᵀv).
        let conditional = negativeEnergies.map { exp($0 + bruteFree) }
        let marginals = (0..<m).map { j in hiddenStates.indices.reduce(0) { $0 + (hiddenStates[$1][j] == 1 ? conditional[$1] : 0) } }
        let formula = machine.hiddenProbabilities(v)
        for j in 0..<m { marginalError = max(marginalError, abs(marginals[j] - formula[j])) }
        for (state, h) in hiddenStates.enumerated() {
            let product = (0..<m).reduce(1.0) { $0 * (h[$1] == 1 ? marginals[$1] : 1 - marginals[$1]) }
            factorisationError = max(factorisationError, abs(conditional[state] - product))
        }
    }
    let perStateBound = roundingBound(terms: 1 << m, products: n * m + n + m, largest: largestEnergy)
    chapter.check("max over all v of |F(v) − (−log Σ_h e^{−E(v, h)})|", measured: freeError, atMost: perStateBound,
                  why: "the closed form against the sum over \(1 << m) hidden states, with the rounding bound for \(1 << m) terms. The zero-temperature shortcut F(v) ≈ min_h E(v, h) — keeping only the best hidden state — is off by up to \(formatNumber(lowestEnergyError, digits: 3))")
    let generalError = lateralFactorisationError(machine, hiddenStates: hiddenStates)
    chapter.prose("""
    Given v, the energy has no terms that couple two hidden units, so e^{−E(v, h)} is a product over j of \
    factors that each involve one h_j: the hidden units are **conditionally independent**, and each is on with \
    probability σ(c_j + (vᵀW)_j), σ(x) = 1/(1 + e^{−x}) the logistic function. Two checks against the \
    brute-force conditional p(h | v) = e^{−E(v, h)}/Σ_h′ e^{−E(v, h′)}: its marginals against the formula, and \
    the conditional itself against the product of its own marginals. The second would fail for a general \
    Boltzmann machine (Ackley, Hinton & Sejnowski 1985), which also has hidden–hidden weights: with one such \
    weight of size 1 between h₁ and h₂ the same comparison is off by \(formatNumber(generalError, digits: 3)).
    """)
    chapter.equation(#"p(h \mid v) = \prod_{j=1}^{m} p(h_j \mid v), \qquad p(h_j = 1 \mid v) = \sigma\Big(c_j + \sum_i v_i W_{ij}\Big), \qquad p(v_i = 1 \mid h) = \sigma\Big(b_i + \sum_j W_{ij} h_j\Big)."#,
                     plain: "p(h | v) = Π_j p(h_j | v),  p(h_j = 1 | v) = σ(c_j + Σ_i v_i W_ij),  p(v_i = 1 | h) = σ(b_i + Σ_j W_ij h_j)")
    chapter.check("max over all v and j of |brute-force p(h_j = 1 | v) − σ(c_j + (vᵀW)_j)|", measured: marginalError, atMost: perStateBound,
                  why: "marginals summed from the \(1 << m)-state conditional against the formula; the log-domain rounding bound again, which also bounds the error of a probability (at most its relative error). The prior σ(c_j), which ignores v, is off by \(formatNumber(priorError(machine), digits: 3))")
    chapter.check("max over all v and h of |p(h | v) − Π_j p(h_j | v)|, both sides by brute force", measured: factorisationError, atMost: perStateBound,
                  why: "conditional independence of the hidden units; the same comparison for a Boltzmann machine with one hidden–hidden weight of 1 gives \(formatNumber(generalError, digits: 3))")
    return machine
}

/// The largest |p(h | v) − Π p(h_j | v)| once a hidden–hidden weight L₁₂ = 1 is added to the energy (a general Boltzmann machine).
func lateralFactorisationError(_ machine: RestrictedBoltzmannMachine, hiddenStates: [[Double]]) -> Double {
    var worst = 0.0
    for index in 0..<(1 << machine.visibleCount) {
        let v = RestrictedBoltzmannMachine.binaryState(index, count: machine.visibleCount)
        let negative = hiddenStates.map { -machine.energy(visible: v, hidden: $0) + $0[0] * $0[1] }
        let normaliser = logSumExp(negative), conditional = negative.map { exp($0 - normaliser) }
        let marginals = (0..<machine.hiddenCount).map { j in hiddenStates.indices.reduce(0) { $0 + (hiddenStates[$1][j] == 1 ? conditional[$1] : 0) } }
        for (state, h) in hiddenStates.enumerated() {
            let product = (0..<machine.hiddenCount).reduce(1.0) { $0 * (h[$1] == 1 ? marginals[$1] : 1 - marginals[$1]) }
            worst = max(worst, abs(conditional[state] - product))
        }
    }
    return worst
}

/// max over v and j of |σ(c_j) − σ(c_j + (vᵀW)_j)|.
func priorError(_ machine: RestrictedBoltzmannMachine) -> Double {
    (0..<(1 << machine.visibleCount)).reduce(0.0) { worst, index in
        let p = machine.hiddenProbabilities(RestrictedBoltzmannMachine.binaryState(index, count: machine.visibleCount))
        return max(worst, zip(p, machine.hiddenBiases).map { abs($0 - logistic($1)) }.max()!)
    }
}
