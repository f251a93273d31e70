import BoltzmannMachines
import Foundation
import Notebook
import Statistics
import TensorCore

// The end of section 1: block Gibbs sampling on the small machine, its draws tested against the exact law p(v).

/// Pearson's χ² of the final states of `chains` chains from noise, each `steps` Gibbs steps long, against p(v) by enumeration.
func gibbsChiSquare(_ machine: RestrictedBoltzmannMachine, chains: Int, steps: Int) -> PearsonChiSquare {
    let n = machine.visibleCount, logZ = machine.logPartitionThroughFreeEnergy
    var counts = [Double](repeating: 0, count: 1 << n)
    for v in machine.gibbsSamples(chains, steps: steps, using: &chapter.random) {
        counts[v.enumerated().reduce(0) { $0 + (Int($1.element) << $1.offset) }] += 1
    }
    let expected = (0..<(1 << n)).map { Double(chains) * exp(-machine.freeEnergy(RestrictedBoltzmannMachine.binaryState($0, count: n)) - logZ) }
    return PearsonChiSquare(observed: counts, expected: expected)
}

func gibbsSection(_ machine: RestrictedBoltzmannMachine) {
    chapter.prose("""
    The conditionals are what make an RBM easy to sample, although p(v) itself needs Z. **Block Gibbs \
    sampling** draws all hidden units at once from p(h | v), then all visible units from p(v | h), and repeats. \
    Each half-step leaves p(v, h) invariant, and every state can reach every other in one step (all \
    conditionals lie strictly between 0 and 1), so the chain converges to p from any start (Geman & Geman \
    1984). How fast is another matter, and the answer depends on the weights.
    """)
    chapter.listing("rbm-sampling", fromLibraryFile: "Sources/BoltzmannMachines/RBMSampling.swift")
    let chains = quick ? 4_000 : 20_000, steps = 50
    let mixed = gibbsChiSquare(machine, chains: chains, steps: steps), oneStep = gibbsChiSquare(machine, chains: chains, steps: 1)
    let critical = PearsonChiSquare.criticalValue(degreesOfFreedom: mixed.degreesOfFreedom)
    chapter.prose("""
    We run \(chains) chains from independent fair coins, \(steps) steps each, and count where they end among the \
    \(1 << machine.visibleCount) visible states; Pearson's χ² (1900) compares the counts with \(chains)·p(v) from \
    the enumeration (states expected fewer than 5 times pooled into one cell).
    """)
    chapter.check("Pearson's χ² of \(chains) Gibbs draws (\(steps) steps from noise) against the exact p(v), \(mixed.degreesOfFreedom) degrees of freedom",
                  measured: mixed.statistic, atMost: critical,
                  why: "the upper 10⁻⁴ quantile of χ² (Wilson & Hilferty's approximation, 1931); the sampler and the enumeration meet only in W, b and c. After one step from noise the chains score χ² = \(formatNumber(oneStep.statistic, digits: 4)) on \(oneStep.degreesOfFreedom) degrees of freedom: they still remember their start")
}
