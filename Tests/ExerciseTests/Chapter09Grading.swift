import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 9's exercises against the grader's own enumeration of the RBM's states and its own Gibbs chains.
enum Chapter09Grading {
    /// An RBM as the exercises take it: W (n rows of m entries), b (n) and c (m).
    typealias Machine = (weights: [[Double]], visibleBiases: [Double], hiddenBiases: [Double])
    /// p(h | v) for every visible state (rows over the 2ᵐ hidden states) and p(v | h) for every hidden state.
    typealias Kernel = (hidden: [[Double]], visible: [[Double]])
    typealias StepLaw = ([[Double]], [Double], [Double], [Double]) throws -> [Double]
    typealias ExpectedCD = ([[Double]], [Double], [Double], [[Double]], Int) throws -> [[Double]]
    typealias StepsToMix = ([[Double]], [Double], [Double], [[Double]], Double) throws -> Int

    /// W, b and c with independent N(0, scale²) entries.
    static func randomMachine(_ n: Int, _ m: Int, scale: Double, _ random: inout RandomGenerator) -> Machine {
        ((0..<n).map { _ in (0..<m).map { _ in scale * random.normalDouble() } },
         (0..<n).map { _ in scale * random.normalDouble() }, (0..<m).map { _ in scale * random.normalDouble() })
    }

    /// `rows` uniformly random binary rows of n entries.
    static func randomData(_ n: Int, rows: Int, _ random: inout RandomGenerator) -> [[Double]] {
        (0..<rows).map { _ in (0..<n).map { _ in Double(random.integer(below: 2)) } }
    }

    /// The binary state whose unit u is bit u of `index`, and back.
    static func state(_ index: Int, _ count: Int) -> [Double] { (0..<count).map { Double((index >> $0) & 1) } }
    static func index(_ state: [Double]) -> Int { state.indices.reduce(0) { $0 | ((state[$1] != 0 ? 1 : 0) << $1) } }

    /// −E(v, h) = bᵀv + cᵀh + vᵀWh, term by term.
    static func negativeEnergy(_ machine: Machine, _ v: [Double], _ h: [Double]) -> Double {
        var value = zip(machine.visibleBiases, v).reduce(0) { $0 + $1.0 * $1.1 } + zip(machine.hiddenBiases, h).reduce(0) { $0 + $1.0 * $1.1 }
        for i in v.indices where v[i] == 1 { for j in h.indices where h[j] == 1 { value += machine.weights[i][j] } }
        return value
    }

    /// Both conditionals by normalising e^{−E(v, h)} over the other layer's states: the joint energy, not the
    /// product of σ's that the solutions use, so the grader's step takes a route of its own.
    static func kernel(_ machine: Machine) -> Kernel {
        let (n, m) = (machine.visibleBiases.count, machine.hiddenBiases.count)
        func normalised(_ values: [Double]) -> [Double] { let shift = logSumExp(values); return values.map { exp($0 - shift) } }
        return ((0..<(1 << n)).map { v in normalised((0..<(1 << m)).map { negativeEnergy(machine, state(v, n), state($0, m)) }) },
                (0..<(1 << m)).map { h in normalised((0..<(1 << n)).map { negativeEnergy(machine, state($0, n), state(h, m)) }) })
    }

    /// One exact Gibbs step of a law over the visible states: through the hidden law r(h), then back.
    static func step(_ kernel: Kernel, _ law: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: kernel.visible.count)
        for v in law.indices where law[v] > 0 { for h in r.indices { r[h] += law[v] * kernel.hidden[v][h] } }
        var next = [Double](repeating: 0, count: law.count)
        for h in r.indices { for v in next.indices { next[v] += r[h] * kernel.visible[h][v] } }
        return next
    }

    /// p(v) by enumerating all 2ⁿ⁺ᵐ joint states with log-sum-exp.
    static func modelLaw(_ machine: Machine) -> [Double] {
        let (n, m) = (machine.visibleBiases.count, machine.hiddenBiases.count)
        let logWeights = (0..<(1 << n)).map { v in logSumExp((0..<(1 << m)).map { negativeEnergy(machine, state(v, n), state($0, m)) }) }
        let logZ = logSumExp(logWeights)
        return logWeights.map { exp($0 - logZ) }
    }

    static func empiricalLaw(_ data: [[Double]], _ n: Int) -> [Double] {
        var law = [Double](repeating: 0, count: 1 << n)
        for row in data { law[index(row)] += 1 / Double(data.count) }
        return law
    }

    static func totalVariation(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) } / 2 }

    /// p(hⱼ = 1 | v) = σ(cⱼ + (vᵀW)ⱼ) and p(vᵢ = 1 | h) = σ(bᵢ + (Wh)ᵢ).
    static func hiddenMeans(_ machine: Machine, _ v: [Double]) -> [Double] {
        machine.hiddenBiases.indices.map { j in logistic(v.indices.reduce(machine.hiddenBiases[j]) { $0 + v[$1] * machine.weights[$1][j] }) }
    }
    static func visibleMeans(_ machine: Machine, _ h: [Double]) -> [Double] {
        machine.visibleBiases.indices.map { i in logistic(h.indices.reduce(machine.visibleBiases[i]) { $0 + machine.weights[i][$1] * h[$1] }) }
    }

    /// Σ_v q(v) v σ(c + vᵀW)ᵀ, n × m.
    static func statistics(_ machine: Machine, _ law: [Double]) -> [[Double]] {
        let n = machine.visibleBiases.count
        var result = machine.weights.map { $0.map { _ in 0.0 } }
        for v in law.indices where law[v] > 0 {
            let visible = state(v, n), means = hiddenMeans(machine, visible)
            for i in 0..<n where visible[i] == 1 { for j in means.indices { result[i][j] += law[v] * means[j] } }
        }
        return result
    }

    /// Sampled Gibbs chains: `starts` visible state indices, each run `steps` full steps; returns the end states.
    static func runChains(_ machine: Machine, from starts: [Int], steps: Int, _ random: inout RandomGenerator) -> [Int] {
        let (n, m) = (machine.visibleBiases.count, machine.hiddenBiases.count)
        let hidden = (0..<(1 << n)).map { hiddenMeans(machine, state($0, n)) }, visible = (0..<(1 << m)).map { visibleMeans(machine, state($0, m)) }
        return starts.map { start in
            var v = start
            for _ in 0..<steps {
                var h = 0
                for j in 0..<m { if random.uniformDouble() < hidden[v][j] { h |= 1 << j } }
                v = 0
                for i in 0..<n { if random.uniformDouble() < visible[h][i] { v |= 1 << i } }
            }
            return v
        }
    }

    /// 9.1 — on six RBMs (n = 3…6, m = 2…4, weight scales 0.7 to 2, two of them square so that swapping the
    /// layers' roles type-checks): (a) the model's own marginal p(v), enumerated, must come back unchanged to
    /// 1e-12 per state (rounding of a few dozen products and 2ⁿ⁺ᵐ additions of numbers ≤ 1 is ~1e-14);
    /// (b) from a random law the answer must have 2ⁿ entries, none below −1e-15, summing to 1 within 1e-12;
    /// (c) 200,000 sampled steps from that law (v from the law, then h, then v′): every state's count must be
    /// within 4.5 binomial standard errors of 200,000·q′(v′). There are up to 64 states per machine and 6
    /// machines, about 200 comparisons; a two-sided 4.5 SE miss has probability 6.8e-6, so a correct answer
    /// fails somewhere with probability below 1.4e-3 (Bonferroni), where 3 SE would fail one time in two.
    /// The variance is floored at that of 10 expected counts: below that the normal approximation
    /// understates the Poisson tail, and a state so rare could not hide a wrong answer anyway.
    static func gibbsStepLaw(_ formula: StepLaw) throws {
        var random = RandomGenerator(seed: 901)
        let shapes: [(Int, Int, Double)] = [(3, 2, 1), (4, 4, 1), (5, 3, 1.5), (6, 4, 1), (3, 3, 2), (6, 2, 0.7)]
        let draws = 200_000
        for (n, m, scale) in shapes {
            let machine = randomMachine(n, m, scale: scale, &random)
            let model = modelLaw(machine)
            let invariant = try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases, model)
            guard invariant.count == 1 << n else { Issue.record("n = \(n): expected \(1 << n) probabilities, got \(invariant.count)"); continue }
            let drift = zip(invariant, model).map { abs($0 - $1) }.max()!
            #expect(drift < 1e-12, "n = \(n), m = \(m): one step from the model's own p(v) moved it by up to \(drift)")

            let weights = (0..<(1 << n)).map { _ in exp(1.5 * random.normalDouble()) }
            let law = weights.map { $0 / weights.reduce(0, +) }
            let claimed = try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases, law)
            guard claimed.count == 1 << n else { Issue.record("n = \(n): expected \(1 << n) probabilities, got \(claimed.count)"); continue }
            #expect(claimed.allSatisfy { $0 >= -1e-15 } && abs(claimed.reduce(0, +) - 1) < 1e-12,
                    "n = \(n), m = \(m): not a law (sum \(claimed.reduce(0, +)), smallest \(claimed.min()!))")
            let starts = (0..<draws).map { _ in random.categorical(law) }
            var counts = [Int](repeating: 0, count: 1 << n)
            for v in runChains(machine, from: starts, steps: 1, &random) { counts[v] += 1 }
            for v in counts.indices {
                let expected = Double(draws) * claimed[v]
                let standardError = max(expected * (1 - claimed[v]), 10).squareRoot()
                #expect(abs(Double(counts[v]) - expected) <= 4.5 * standardError,
                        "n = \(n), m = \(m), state \(v): \(counts[v]) of \(draws) sampled steps landed there, q′ = \(claimed[v]) predicts \(expected)")
            }
        }
    }

    /// 9.2 — on five RBMs with 4 to 12 data rows and k = 1, 1, 2, 3, 5: (c) k = 0 must give the zero matrix to
    /// 1e-12 (chains that do not move); (a) the grader runs 5,000 CD-k chains from every data row and takes
    /// data phase − mean of v′σ(c + v′ᵀW)ᵀ over the end states: each entry must be within 4.5 standard
    /// errors (plus 1/chains for entries whose sampled spread is zero). The pooled SE over all rows is at
    /// least the stratified one, so it errs on the safe side. 12 + 20 + 18 + 15 + 24 = 89 entries in all: at
    /// 4.5 SE a correct answer fails one of them with probability below 1e-3 (Bonferroni: 89 × 6.8e-6 = 6e-4);
    /// (b) with k = 200, where the grader checks that its own chains' law is within 1e-12 of p(v) in total
    /// variation, the answer must equal the exact gradient with p(v) enumerated, to 1e-8 (the exact
    /// value moves by less than 1e-12, rounding adds ~1e-13).
    static func expectedContrastiveDivergence(_ formula: ExpectedCD) throws {
        var random = RandomGenerator(seed: 902)
        let cases: [(n: Int, m: Int, scale: Double, rows: Int, k: Int)] = [(4, 3, 1, 6, 1), (5, 4, 1.5, 8, 1), (6, 3, 1, 10, 2), (3, 5, 1.5, 4, 3), (6, 4, 1, 12, 5)]
        let chainsPerRow = 5_000
        for (n, m, scale, rows, k) in cases {
            let machine = randomMachine(n, m, scale: scale, &random), data = randomData(n, rows: rows, &random)
            func claim(_ steps: Int) throws -> [[Double]]? {
                let value = try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases, data, steps)
                guard value.count == n, value.allSatisfy({ $0.count == m }) else {
                    Issue.record("n = \(n), m = \(m): expected an n × m matrix, got \(value.count) rows of \(value.map(\.count))")
                    return nil
                }
                return value
            }
            guard let atZero = try claim(0), let claimed = try claim(k), let long = try claim(200) else { continue }
            #expect(atZero.flatMap { $0 }.allSatisfy { abs($0) < 1e-12 }, "n = \(n), m = \(m): CD-0 should be zero, got \(atZero)")

            let dataPhase = statistics(machine, empiricalLaw(data, n))
            let starts = data.flatMap { row in [Int](repeating: index(row), count: chainsPerRow) }
            var counts = [Int](repeating: 0, count: 1 << n)
            for v in runChains(machine, from: starts, steps: k, &random) { counts[v] += 1 }
            let chains = Double(starts.count)
            let perState = (0..<(1 << n)).map { v in statistics(machine, (0..<(1 << n)).map { $0 == v ? 1.0 : 0 }) }
            for i in 0..<n {
                for j in 0..<m {
                    let mean = counts.indices.reduce(0) { $0 + Double(counts[$1]) * perState[$1][i][j] } / chains
                    let variance = counts.indices.reduce(0) { $0 + Double(counts[$1]) * pow(perState[$1][i][j] - mean, 2) } / (chains - 1)
                    let (estimate, standardError) = (dataPhase[i][j] - mean, (variance / chains).squareRoot())
                    #expect(abs(claimed[i][j] - estimate) <= 4.5 * standardError + 1 / chains,
                            "n = \(n), m = \(m), k = \(k), entry (\(i), \(j)): \(claimed[i][j]), sampled CD-\(k) average \(estimate) ± \(standardError)")
                }
            }

            let table = kernel(machine), model = modelLaw(machine)
            var law = empiricalLaw(data, n)
            for _ in 0..<200 { law = step(table, law) }
            #expect(totalVariation(law, model) < 1e-12, "grader self-check: 200 steps should mix, TV = \(totalVariation(law, model))")
            let exact = zip(dataPhase, statistics(machine, model)).map { zip($0, $1).map { $0 - $1 } }
            let gap = zip(long.flatMap { $0 }, exact.flatMap { $0 }).map { abs($0 - $1) }.max()!
            #expect(gap < 1e-8, "n = \(n), m = \(m): CD-200 differs from the exact log-likelihood gradient by \(gap)")
        }
    }

    /// The grader's smallest k with `distance`(q_k, target) ≤ tolerance, q₀ = `start`, and the distances on the way.
    static func mixingSteps(_ machine: Machine, from start: [Double], to target: [Double], tolerance: Double,
                            distance: ([Double], [Double]) -> Double = totalVariation) -> (steps: Int, distances: [Double]) {
        let table = kernel(machine)
        var (law, distances) = (start, [distance(start, target)])
        while distances.last! > tolerance && distances.count <= 100_000 {
            law = step(table, law)
            distances.append(distance(law, target))
        }
        return (distances.count - 1, distances)
    }

    /// 9.3 — five RBMs (scales 1 to 2.5; the slowest needs 28 steps for 1e-7) with tolerances 1, 0.1, 1e-2,
    /// 1e-4 and 1e-7; a tolerance of 1 is met by q₀ itself (TV ≤ 1 always), so the answer there is 0. The
    /// answer k must satisfy TV(q_k, p) ≤ tolerance and, if k > 0, TV(q_{k−1}, p) > tolerance, with q_k and
    /// p the grader's own (energy-normalised step, p enumerated). TV to the stationary law never grows under
    /// a Markov kernel, so these two conditions pin k down; an answer above the grader's k fails the second.
    /// The grader also checks that no distance on the way is within 1e-9 of the tolerance, where rounding
    /// (~1e-14) could tip the comparison.
    static func stepsToMix(_ formula: StepsToMix) throws {
        var random = RandomGenerator(seed: 903)
        let shapes: [(Int, Int, Double, Int)] = [(3, 2, 1, 3), (4, 3, 1.5, 5), (5, 4, 2, 6), (6, 3, 2.5, 8), (6, 4, 1.5, 10)]
        for (n, m, scale, rows) in shapes {
            let machine = randomMachine(n, m, scale: scale, &random), data = randomData(n, rows: rows, &random)
            let model = modelLaw(machine)
            for tolerance in [1, 0.1, 1e-2, 1e-4, 1e-7] {
                let (steps, distances) = mixingSteps(machine, from: empiricalLaw(data, n), to: model, tolerance: tolerance)
                #expect(steps < 100_000 && distances.allSatisfy { abs($0 - tolerance) > 1e-9 || tolerance == 1 },
                        "grader self-check: n = \(n), tolerance \(tolerance) needs \(steps) steps or sits on the boundary")
                let claimed = try formula(machine.weights, machine.visibleBiases, machine.hiddenBiases, data, tolerance)
                let context = "n = \(n), m = \(m), tolerance \(tolerance): answered k = \(claimed), the grader's TVs \(distances.suffix(3))"
                guard claimed >= 0, claimed <= steps else {
                    Issue.record("\(context): TV(q_{k−1}) is already within the tolerance at k = \(steps)")
                    continue
                }
                #expect(distances[claimed] <= tolerance, "\(context): TV(q_k) = \(distances[claimed]) is above the tolerance")
                #expect(claimed == 0 || distances[claimed - 1] > tolerance, "\(context): TV(q_{k−1}) = \(distances[max(claimed - 1, 0)]) already suffices")
            }
        }
    }
}

struct Chapter09ReferenceSolutions {
    @Test func gibbsStepLaw() throws { try Chapter09Grading.gibbsStepLaw(Chapter09Solutions.gibbsStepLaw) }
    @Test func expectedContrastiveDivergence() throws {
        try Chapter09Grading.expectedContrastiveDivergence(Chapter09Solutions.expectedContrastiveDivergence)
    }
    @Test func stepsToMix() throws { try Chapter09Grading.stepsToMix(Chapter09Solutions.stepsToMix) }
}

struct Chapter09StudentExercises {
    @Test(.enabled(if: attempted { try Chapter09Exercises.gibbsStepLaw(weights: [[0]], visibleBiases: [0], hiddenBiases: [0], law: [0.5, 0.5]) }))
    func gibbsStepLaw() throws { try Chapter09Grading.gibbsStepLaw(Chapter09Exercises.gibbsStepLaw) }

    @Test(.enabled(if: attempted {
        try Chapter09Exercises.expectedContrastiveDivergence(weights: [[0]], visibleBiases: [0], hiddenBiases: [0], data: [[1]], steps: 1)
    }))
    func expectedContrastiveDivergence() throws {
        try Chapter09Grading.expectedContrastiveDivergence(Chapter09Exercises.expectedContrastiveDivergence)
    }

    @Test(.enabled(if: attempted {
        try Chapter09Exercises.stepsToMix(weights: [[0]], visibleBiases: [0], hiddenBiases: [0], data: [[1]], tolerance: 0.1)
    }))
    func stepsToMix() throws { try Chapter09Grading.stepsToMix(Chapter09Exercises.stepsToMix) }
}
