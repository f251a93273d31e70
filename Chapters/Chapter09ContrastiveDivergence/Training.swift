import BoltzmannMachines
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 3: CD-1, CD-10 and PCD trained alike on bars and stripes, the exact log-likelihood over training, and the
// mass the trained machines put far from the data where CD's short chains do not go.

struct RuleRuns { let name: String; var curves: [[Double]] = []; var machines: [RestrictedBoltzmannMachine] = []; var particles: [[[Double]]] = [] }

/// The states at Hamming distance ≥ 2 from every data image.
func farStates(_ data: [[Double]]) -> [Bool] {
    (0..<(1 << data[0].count)).map { index in
        data.allSatisfy { row in row.enumerated().reduce(0) { $0 + ((Int($1.element) != (index >> $1.offset) & 1) ? 1 : 0) } >= 2 }
    }
}

func trainingSection(data: [[Double]]) -> [RuleRuns] {
    let runs = quick ? 3 : 8, epochs = quick ? 1_000 : 2_000, every = quick ? 50 : 25, chains = 100, tail = 8
    let rules: [(String, RBMLearningRule)] = [("CD-1", .contrastiveDivergence(steps: 1)), ("CD-10", .contrastiveDivergence(steps: 10)),
                                            ("PCD", .persistent(chains: chains, steps: 1)), ("exact gradient", .exact)]
    chapter.prose("""
    Now train. \(runs) machines of 12 × 6 start from small random weights, and each start is trained four ways — CD-1, CD-10, \
    persistent CD with \(chains) fantasy particles moved one step per update (PCD; Tieleman 2008) and the exact gradient — \
    with the same settings as chapter 7 (η = 0.05, μ = 0.5, λ = 10⁻³, minibatches of 11, \(epochs) epochs). The exact \
    log-likelihood is computed every \(every) epochs.
    """)
    var results = rules.map { RuleRuns(name: $0.0) }
    chapter.train("four rules × \(runs) starts on bars and stripes", steps: runs) { run in
        let start = RestrictedBoltzmannMachine(visibleCount: 12, hiddenCount: 6, weightScale: 0.1, using: &chapter.random)
        for (index, rule) in rules.enumerated() {
            var trainer = RBMTrainer(start, rule: rule.1, learningRate: 0.05, batchSize: 11, momentum: 0.5, weightDecay: 1e-3, using: &chapter.random)
            var curve = [trainer.machine.exactLogLikelihood(data, logPartition: trainer.machine.logPartitionThroughFreeEnergy)]
            for epoch in 1...epochs {
                trainer.epoch(data, using: &chapter.random)
                if epoch % every == 0 { curve.append(trainer.machine.exactLogLikelihood(data, logPartition: trainer.machine.logPartitionThroughFreeEnergy)) }
            }
            results[index].curves.append(curve)
            results[index].machines.append(trainer.machine)
            results[index].particles.append(trainer.fantasyParticles)
        }
    }
    chapter.figure(trainingFigure(results, every: every), name: "exact_likelihood_by_rule", caption: """
        Exact mean log-likelihood of bars and stripes during training, mean over \(runs) starts (band: ± 1 SE) for each rule; dashed, \
        independent pixels (−12 log 2) and the best possible value (−log 22).
        """)
    // The end of training as the mean of the last `tail` recorded values: one epoch's ℓ moves with its minibatches.
    func final(_ curve: [Double]) -> Double { curve.suffix(tail).reduce(0, +) / Double(tail) }
    let finals = results.map { SampleSummary($0.curves.map(final)) }
    chapter.table(["rule", "final ℓ, mean ± SE over \(runs) starts", "runs"], zip(results, finals).map { result, summary in
        [result.name, "\(formatNumber(summary.mean, digits: 4)) ± \(formatNumber(summary.standardError, digits: 2))",
         result.curves.map { formatNumber(final($0), digits: 3) }.joined(separator: ", ")] as [any TableCell]
    }, caption: "The exact log-likelihood at the end of training: the mean of the last \(tail) values recorded, over epochs \(epochs - (tail - 1) * every)–\(epochs).")
    let longerChains = pairedDifference(results[1].curves.map(final), results[0].curves.map(final))
    chapter.check("end-of-training ℓ: CD-10 minus CD-1 from the same starts, in SE of the paired difference over \(runs) starts",
                  measured: longerChains.mean / longerChains.standardError, atLeast: 4,
                  why: "named before any run: ten steps leave a bias an order of magnitude smaller than one (section 1); \(formatNumber(longerChains.mean, digits: 3)) nats per image. The SE rests on \(runs - 1) degrees of freedom")
    let persistentGap = pairedDifference(results[2].curves.map(final), results[0].curves.map(final))
    let z = persistentGap.mean / persistentGap.standardError
    chapter.prose("""
    PCD ends \(abs(z) < 2 ? "level with CD-1" : z > 0 ? "above CD-1" : "below CD-1") (\(formatNumber(persistentGap.mean, digits: 3)) nats, \(formatNumber(abs(z), digits: 2)) SE of the \
    paired difference) with these settings. Its particles are fantasy states the model believes in, kept between \
    updates; with a learning rate this large they must chase an energy that moves under them, which is why \
    Tieleman used small, decaying rates.
    """)
    spuriousModes(results, data: data)
    return results
}

/// The mass each trained machine puts far from the data, and how much of it the CD-1 chains reach.
func spuriousModes(_ results: [RuleRuns], data: [[Double]]) {
    let far = farStates(data)
    func mass(_ law: [Double]) -> Double { law.indices.filter { far[$0] }.reduce(0) { $0 + law[$1] } }
    var rows: [[any TableCell]] = [], gaps: [Double] = []
    for result in results {
        let model = result.machines.map { ExactGibbsKernel($0).modelLaw }.map(mass)
        let reached = result.machines.map { ExactGibbsKernel($0).step(ExactGibbsKernel.empiricalLaw(data, visibleCount: 12)) }.map(mass)
        if result.name == "CD-1" { gaps = zip(model, reached).map { $0 - $1 } }
        rows.append([result.name, "\(formatNumber(SampleSummary(model).mean, digits: 3)) ± \(formatNumber(SampleSummary(model).standardError, digits: 2))",
                     "\(formatNumber(SampleSummary(reached).mean, digits: 3)) ± \(formatNumber(SampleSummary(reached).standardError, digits: 2))"])
    }
    chapter.prose("""
    Where does the missing likelihood go? Call a state **far** if it differs from every data image in at least two \
    pixels: \(far.filter { $0 }.count) of the 4,096 are. CD-1's negative phase is drawn from q₁, the law of one Gibbs step from the data, \
    and only what q₁ puts on a state can push its energy up. The table compares, exactly, the model's own mass on \
    the far states with the mass q₁ puts there.
    """)
    chapter.table(["trained with", "p(far), mean ± SE over starts", "q₁(far): one Gibbs step from the data"], rows,
                  caption: "Both columns are sums over the enumerated states, for each trained machine; far = Hamming distance ≥ 2 from every data image.")
    let summary = SampleSummary(gaps)
    chapter.check("CD-1 machines: p(far) − q₁(far), mean over starts in SE", measured: summary.mean / summary.standardError, atLeast: 4,
                  why: "named before any run: mass CD-1 cannot see is mass it cannot remove (Carreira-Perpiñán & Hinton 2005); \(formatNumber(summary.mean, digits: 3)) on average, the SE over \(gaps.count) starts")
}

func debugSpurious(_ results: [RuleRuns], data: [[Double]]) {
    let dataSet = Set(data.map { $0.enumerated().reduce(0) { $0 + (Int($1.element) << $1.offset) } })
    func distance(_ index: Int) -> Int { data.map { row in row.enumerated().reduce(0) { $0 + ((Int($1.element) != (index >> $1.offset) & 1) ? 1 : 0) } }.min()! }
    for result in results {
        for (run, machine) in result.machines.enumerated().prefix(3) {
            let kernel = ExactGibbsKernel(machine), p = kernel.modelLaw, q1 = kernel.step(ExactGibbsKernel.empiricalLaw(data, visibleCount: 12))
            let top = p.indices.filter { !dataSet.contains($0) }.sorted { p[$0] > p[$1] }.prefix(6)
            let dataMass = dataSet.reduce(0) { $0 + p[$1] }
            print(result.name, run, String(format: "data mass %.3f", dataMass), top.map { String(format: "[d%d p%.4f q1 %.4f]", distance($0), p[$0], q1[$0]) }.joined(separator: " "))
        }
    }
}
