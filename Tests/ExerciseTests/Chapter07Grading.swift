import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 7's exercises against brute-force enumeration of the RBM's states.
enum Chapter07Grading {
    /// An RBM as the exercises take it: W (n rows of m entries), b (n) and c (m).
    typealias Machine = (weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double])

    /// W, b and c with independent N(0, scale²) entries.
    static func randomMachine(_ n: Int, _ m: Int, scale: Double, _ random: inout RandomGenerator) -> Machine {
        ((0..<n).map { _ in (0..<m).map { _ in scale * random.normalDouble() } },
         (0..<n).map { _ in scale * random.normalDouble() }, (0..<m).map { _ in scale * random.normalDouble() })
    }

    /// All 2ᵏ binary vectors of length k.
    static func states(_ k: Int) -> [[Double]] { (0..<(1 << k)).map { s in (0..<k).map { Double((s >> $0) & 1) } } }

    /// −E(v, h) = bᵀv + cᵀh + vᵀWh, term by term.
    static func negativeEnergy(_ machine: Machine, _ v: [Double], _ h: [Double]) -> Double {
        var value = zip(machine.visibleBiases, v).reduce(0) { $0 + $1.0 * $1.1 } + zip(machine.hiddenBiases, h).reduce(0) { $0 + $1.0 * $1.1 }
        for i in v.indices where v[i] == 1 { for j in h.indices where h[j] == 1 { value += machine.weights[i][j] } }
        return value
    }

    /// log Z by enumerating all 2ⁿ⁺ᵐ joint states, added with log-sum-exp.
    static func bruteLogPartition(_ machine: Machine) -> Double {
        let hidden = states(machine.hiddenBiases.count)
        return logSumExp(states(machine.visibleBiases.count).flatMap { v in hidden.map { negativeEnergy(machine, v, $0) } })
    }

    /// Σ|b| + Σ|c| + Σ|W|: a bound on |E(v, h)| for every state, hence on every exponent either route adds.
    static func magnitude(_ machine: Machine) -> Double {
        (machine.visibleBiases + machine.hiddenBiases + machine.weights.flatMap { $0 }).reduce(0) { $0 + abs($1) }
    }

    /// 7.1 — F(v) = −log Σ_h e^{−E(v, h)}, summing all 2ᵐ hidden states with log-sum-exp (never the softplus
    /// factorisation), for RBMs with n from 1 to 10, m from 1 to 8 and scales 0.1 to 3, at v = 0, v = 1 and
    /// three random v; then a hand-made machine whose hidden inputs reach ±800, where log(1 + eˣ) overflows
    /// but log-sum-exp does not. Both routes add a few dozen terms bounded by the machine's magnitude M, so
    /// rounding is a few u·M (u ≈ 1.1e-16); 1e-10·max(1, M) leaves a wide margin, while a missing bᵀv or a
    /// missing log1p(e^{−|x|}) moves F by far more.
    static func freeEnergy(_ formula: ([[Double]], [Double], [Double], [Double]) throws -> Double) throws {
        var random = RandomGenerator(seed: 701)
        let shapes: [(Double, Int, Int)] = [(0.1, 1, 1), (3, 1, 8), (1, 10, 1), (0.5, 3, 4), (2, 6, 5), (1, 10, 8), (3, 10, 8), (0.1, 4, 6)]
        var machines = shapes.map { randomMachine($0.1, $0.2, scale: $0.0, &random) }
        machines.append(([[400, -400, 300], [400, -399.5, 500], [-200, 300, 1]], [1, -2, 0.5], [0, 0.5, -1]))
        for machine in machines {
            let n = machine.visibleBiases.count
            let visibles = [[Double](repeating: 0, count: n), [Double](repeating: 1, count: n)]
                + (0..<3).map { _ in (0..<n).map { _ in Double(random.integer(below: 2)) } }
            for v in visibles {
                let expected = -logSumExp(states(machine.hiddenBiases.count).map { negativeEnergy(machine, v, $0) })
                let claimed = try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases, v)
                #expect(abs(claimed - expected) < 1e-10 * max(1, magnitude(machine)),
                        "n = \(n), m = \(machine.hiddenBiases.count), v = \(v): F = \(claimed), brute force over h \(expected)")
            }
        }
    }

    /// 7.2 — log Z by enumerating all 2ⁿ⁺ᵐ joint states (n + m ≤ 14), on shapes from 1 × 1 to 10 × 4 and 3 × 11,
    /// and a 7 × 7 machine of scale 30 (weights of mean 20, so that log Z ≈ 1000) whose Z is past e⁷⁰⁹, the
    /// largest Double, so any sum of exponentials not taken in log space overflows. Every exponent is bounded by the magnitude M, and log-sum-exp
    /// loses a few u·M; 1e-10·max(1, M) is generous. The max-only, no-hidden and no-c slips differ by O(1).
    static func logPartition(_ formula: ([[Double]], [Double], [Double]) throws -> Double) throws {
        var random = RandomGenerator(seed: 702)
        let shapes: [(Int, Int, Double)] = [(1, 1, 1), (2, 3, 0.5), (5, 5, 1), (8, 6, 2), (4, 10, 1), (10, 4, 1), (3, 11, 0.3), (7, 7, 30)]
        for (n, m, scale) in shapes {
            var machine = randomMachine(n, m, scale: scale, &random)
            if scale == 30 { machine.weights = machine.weights.map { $0.map { $0 + 20 } } }
            let expected = bruteLogPartition(machine)
            if scale == 30 { #expect(expected > 720, "grader self-check: the large case must overflow e^{log Z}, log Z = \(expected)") }
            let claimed = try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases)
            #expect(abs(claimed - expected) < 1e-10 * max(1, magnitude(machine)),
                    "n = \(n), m = \(m), scale \(scale): log Z = \(claimed), joint enumeration \(expected)")
        }
    }

    /// 7.3 — each ⟨vᵢhⱼ⟩ against the central difference (L(W + t·eᵢⱼ) − L(W − t·eᵢⱼ))/(2t) of the grader's
    /// brute-force L = log Z, t = 1e-3, on RBMs with n + m ≤ 12; and every entry must lie in [0, 1].
    /// Tolerance: as a function of t, L is the cumulant generating function of the binary x = vᵢhⱼ, so L‴ is
    /// the third cumulant of a Bernoulli(p), p(1 − p)(1 − 2p), at most 1/(6√3) ≈ 0.0962 in size; the
    /// truncation error t²·|L‴|/6 is then below 1.6e-8. Enumerated L carries a rounding error δ ≲ u·(2M + 2ⁿ⁺ᵐ)
    /// (the shift by the largest exponent, then 2ⁿ⁺ᵐ additions), which the difference turns into δ/t. The
    /// tolerance is twice their sum, about 3e-8; the wrong answers below miss by more than 1e-3.
    static func modelCorrelations(_ formula: ([[Double]], [Double], [Double]) throws -> [[Double]]) throws {
        var random = RandomGenerator(seed: 703)
        let shapes: [(Int, Int, Double)] = [(1, 1, 1), (2, 2, 0.5), (3, 5, 1.5), (6, 6, 1), (8, 4, 2), (4, 8, 1), (11, 1, 1), (1, 11, 1)]
        let step = 1e-3, unit = 1.1e-16
        for (n, m, scale) in shapes {
            let machine = randomMachine(n, m, scale: scale, &random)
            let rounding = unit * (2 * (magnitude(machine) + 2 * step) + Double(1 << (n + m))) / step
            let tolerance = 2 * (0.0962 * step * step / 6 + rounding)
            let claimed = try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases)
            guard claimed.count == n, claimed.allSatisfy({ $0.count == m }) else {
                Issue.record("n = \(n), m = \(m): expected an n × m matrix, got \(claimed.count) rows of \(claimed.map(\.count))")
                continue
            }
            for i in 0..<n {
                for j in 0..<m {
                    var (up, down) = (machine, machine)
                    up.weights[i][j] += step
                    down.weights[i][j] -= step
                    let expected = (bruteLogPartition(up) - bruteLogPartition(down)) / (2 * step)
                    #expect(claimed[i][j] >= 0 && claimed[i][j] <= 1, "n = \(n), m = \(m): ⟨v\(i)h\(j)⟩ = \(claimed[i][j]) is not a probability")
                    #expect(abs(claimed[i][j] - expected) < tolerance,
                            "n = \(n), m = \(m): ⟨v\(i)h\(j)⟩ = \(claimed[i][j]), ∂ log Z/∂W by finite differences \(expected)")
                }
            }
        }
    }

    /// log f_β(v) for 7.4 the long way: (1 − β)·b_Aᵀv + log Σ_h e^{β(bᵀv + cᵀh + vᵀWh)}, summing the hidden states.
    static func logIntermediate(_ machine: Machine, base: [Double], _ v: [Double], beta: Double) -> Double {
        (1 - beta) * zip(base, v).reduce(0) { $0 + $1.0 * $1.1 }
            + logSumExp(states(machine.hiddenBiases.count).map { beta * negativeEnergy(machine, v, $0) })
    }

    typealias Increment = ([[Double]], [Double], [Double], [Double], [Double], Double, Double) throws -> Double

    /// 7.4 — (a) against log f_{β′}(v) − log f_β(v) with f_β summed over the hidden states, for temperature
    /// pairs forwards and backwards, small and whole steps, on random machines with random base biases;
    /// rounding is a few u·M as in 7.1, so 1e-10·max(1, M + Σ|b_A|) is generous. (b) An integrated check:
    /// the grader's own AIS runs with the claimed increments (see `annealedLogPartition`).
    static func annealingLogWeightIncrement(_ formula: Increment) throws {
        var random = RandomGenerator(seed: 704)
        let pairs: [(Double, Double)] = [(0, 1), (0, 0.002), (0.5, 0.502), (0.9, 0.95), (1, 0.7), (0.25, 0.75)]
        for (n, m, scale) in [(1, 1, 1.0), (3, 2, 0.5), (6, 4, 1), (5, 7, 2), (10, 3, 1)] {
            let machine = randomMachine(n, m, scale: scale, &random)
            let base = (0..<n).map { _ in random.normalDouble() }
            let tolerance = 1e-10 * max(1, magnitude(machine) + base.reduce(0) { $0 + abs($1) })
            for (beta, nextBeta) in pairs {
                let v = (0..<n).map { _ in Double(random.integer(below: 2)) }
                let expected = logIntermediate(machine, base: base, v, beta: nextBeta) - logIntermediate(machine, base: base, v, beta: beta)
                let claimed = try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases, base, v, beta, nextBeta)
                #expect(abs(claimed - expected) < tolerance,
                        "n = \(n), m = \(m), β = \(beta) → \(nextBeta), v = \(v): \(claimed) vs the hidden-state sums \(expected)")
            }
        }
        try annealedLogPartition(formula)
    }

    /// 7.4 (b) — AIS on an 8 × 4 machine of scale 1, with 500 evenly spaced temperatures and 200 runs: each
    /// run draws v from the base model, adds the claimed increment at every step and then moves v by one
    /// Gibbs step that leaves f_β invariant. log(mean weight) + log Z₀ must lie within 4 delta-method
    /// standard errors, sd(w)/(mean(w)·√runs), of the exact log Z. The estimate's bias, about −SE²/2, is
    /// negligible next to 4 SE; the seed is fixed so the check is reproducible.
    static func annealedLogPartition(_ formula: Increment) throws {
        var random = RandomGenerator(seed: 705)
        let (n, m, steps, runs) = (8, 4, 500, 200)
        let machine = randomMachine(n, m, scale: 1, &random)
        let base = (0..<n).map { _ in 0.5 * random.normalDouble() }
        let logBase = base.reduce(0) { $0 + softplus($1) } + Double(m) * log(2)
        var logWeights: [Double] = []
        for _ in 0..<runs {
            var v = base.map { random.uniformDouble() < logistic($0) ? 1.0 : 0 }
            var logWeight = 0.0
            for k in 1...steps {
                let (beta, previous) = (Double(k) / Double(steps), Double(k - 1) / Double(steps))
                logWeight += try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases, base, v, previous, beta)
                let h = (0..<m).map { j in
                    random.uniformDouble() < logistic(beta * (machine.hiddenBiases[j] + (0..<n).reduce(0) { $0 + v[$1] * machine.weights[$1][j] })) ? 1.0 : 0
                }
                v = (0..<n).map { i in
                    let input = machine.visibleBiases[i] + (0..<m).reduce(0) { $0 + machine.weights[i][$1] * h[$1] }
                    return random.uniformDouble() < logistic((1 - beta) * base[i] + beta * input) ? 1.0 : 0
                }
            }
            logWeights.append(logWeight)
        }
        let largest = logWeights.max()!
        let weights = logWeights.map { exp($0 - largest) }
        let mean = weights.reduce(0, +) / Double(runs)
        let sd = (weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(runs - 1)).squareRoot()
        let (estimate, standardError) = (largest + log(mean) + logBase, sd / (mean * Double(runs).squareRoot()))
        let exact = bruteLogPartition(machine)
        #expect(abs(estimate - exact) < 4 * standardError, "AIS with the claimed increments: log Z ≈ \(estimate) ± \(standardError), exact \(exact)")
    }
}

struct Chapter07ReferenceSolutions {
    @Test func freeEnergy() throws { try Chapter07Grading.freeEnergy(Chapter07Solutions.freeEnergy) }
    @Test func logPartition() throws { try Chapter07Grading.logPartition(Chapter07Solutions.logPartition) }
    @Test func modelCorrelations() throws { try Chapter07Grading.modelCorrelations(Chapter07Solutions.modelCorrelations) }
    @Test func annealingLogWeightIncrement() throws {
        try Chapter07Grading.annealingLogWeightIncrement(Chapter07Solutions.annealingLogWeightIncrement)
    }
}

struct Chapter07StudentExercises {
    @Test(.enabled(if: attempted { try Chapter07Exercises.freeEnergy(weights: [[0]], visibleBiases: [0], hiddenBiases: [0], visible: [1]) }))
    func freeEnergy() throws { try Chapter07Grading.freeEnergy(Chapter07Exercises.freeEnergy) }

    @Test(.enabled(if: attempted { try Chapter07Exercises.logPartition(weights: [[0]], visibleBiases: [0], hiddenBiases: [0]) }))
    func logPartition() throws { try Chapter07Grading.logPartition(Chapter07Exercises.logPartition) }

    @Test(.enabled(if: attempted { try Chapter07Exercises.modelCorrelations(weights: [[0]], visibleBiases: [0], hiddenBiases: [0]) }))
    func modelCorrelations() throws { try Chapter07Grading.modelCorrelations(Chapter07Exercises.modelCorrelations) }

    @Test(.enabled(if: attempted {
        try Chapter07Exercises.annealingLogWeightIncrement(weights: [[0]], visibleBiases: [0], hiddenBiases: [0], baseVisibleBiases: [0],
                                                           visible: [1], from: 0, to: 1)
    }))
    func annealingLogWeightIncrement() throws {
        try Chapter07Grading.annealingLogWeightIncrement(Chapter07Exercises.annealingLogWeightIncrement)
    }
}
