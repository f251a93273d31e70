import BoltzmannMachines
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 3: CD-1, CD-10, PCD and the exact gradient trained alike on bars and stripes, the exact log-likelihood over
// training.

struct RuleRuns {
    let name: String
    var curves: [[Double]] = [], machines: [RestrictedBoltzmannMachine] = [], particles: [[[Double]]] = []
    /// PCD only: per start, averaged over the last records, the share of fantasy particles on far states, and at the
    /// same records the machine's own p(far) and q₁(far), so that the particles are compared with the model they chase.
    var particleFar: [Double] = [], modelFarAtRecords: [Double] = [], oneStepFarAtRecords: [Double] = []
}

/// The end of training as the mean of the last `tail` recorded values: one epoch's ℓ moves with its minibatches.
let tail = 8
func finalValue(_ curve: [Double]) -> Double { curve.suffix(tail).reduce(0, +) / Double(tail) }

/// The bound for "A beats B" as a paired t statistic on ν degrees of freedom: the one-sided Student-t quantile at
/// 10⁻³, so a rule that is no better passes with probability at most 10⁻³ (the chapter's false-alarm rate).
func improvementBound(degreesOfFreedom ν: Int) -> Double { studentTQuantile(upperTail: 1e-3, degreesOfFreedom: ν) }

/// The words for a paired difference `z` (in SE on ν degrees of freedom), by the same bound the checks use: "above" or
/// "below" past it, "level with" inside it, and no call at all on fewer than 10 degrees of freedom (--quick's 3 starts).
func standing(_ z: Double, degreesOfFreedom ν: Int, above: String = "above", below: String = "below", level: String = "level with") -> String {
    guard ν >= 10 else { return "not distinguishable with \(ν + 1) starts from" }
    return abs(z) < improvementBound(degreesOfFreedom: ν) ? level : z > 0 ? above : below
}

func trainingSection(data: [[Double]]) -> [RuleRuns] {
    let runs = quick ? 3 : 16, epochs = quick ? 1_000 : 2_000, every = quick ? 50 : 25, chains = 100
    let far = distancesToData(data).map { $0 >= 2 }, empirical = ExactGibbsKernel.empiricalLaw(data, visibleCount: 12)
    let rules: [(String, RBMLearningRule)] = [("CD-1", .contrastiveDivergence(steps: 1)), ("CD-10", .contrastiveDivergence(steps: 10)),
                                            ("PCD", .persistent(chains: chains, steps: 1)), ("exact gradient", .exact)]
    chapter.prose("""
    Now train. \(runs) machines of 12 × 8 start from small random weights — 8 hidden units, the most our exact kernel of section 1 \
    allows (2¹²⁺⁸ pairs), which section 4 needs — and each start is trained four ways: CD-1, CD-10, \
    persistent CD with \(chains) fantasy particles moved one step per update (PCD; Tieleman 2008) and the exact gradient, \
    all with the same settings as chapter 7 (η = 0.05, μ = 0.5, λ = 10⁻³, minibatches of 11, \(epochs) epochs). The exact \
    log-likelihood is computed every \(every) epochs.
    """)
    var results = rules.map { RuleRuns(name: $0.0) }
    chapter.train("four rules × \(runs) starts on bars and stripes", steps: runs) { run in
        let start = RestrictedBoltzmannMachine(visibleCount: 12, hiddenCount: 8, weightScale: 0.1, using: &chapter.random)
        for (index, rule) in rules.enumerated() {
            var trainer = RBMTrainer(start, rule: rule.1, learningRate: 0.05, batchSize: 11, momentum: 0.5, weightDecay: 1e-3, using: &chapter.random)
            var curve = [trainer.machine.exactLogLikelihood(data, logPartition: trainer.machine.logPartitionThroughFreeEnergy)]
            var shares: [Double] = [], modelFar: [Double] = [], oneStepFar: [Double] = []
            for epoch in 1...epochs {
                trainer.epoch(data, using: &chapter.random)
                guard epoch % every == 0 else { continue }
                curve.append(trainer.machine.exactLogLikelihood(data, logPartition: trainer.machine.logPartitionThroughFreeEnergy))
                if epoch > epochs - tail * every && !trainer.fantasyParticles.isEmpty {
                    shares.append(Double(trainer.fantasyParticles.filter { far[RestrictedBoltzmannMachine.stateIndex($0)] }.count) / Double(chains))
                    let kernel = ExactGibbsKernel(trainer.machine)
                    modelFar.append(farMass(kernel.modelLaw, far)); oneStepFar.append(farMass(kernel.step(empirical), far))
                }
            }
            func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
            if !shares.isEmpty {
                results[index].particleFar.append(mean(shares))
                results[index].modelFarAtRecords.append(mean(modelFar)); results[index].oneStepFarAtRecords.append(mean(oneStepFar))
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
    let finals = results.map { SampleSummary($0.curves.map(finalValue)) }
    let bestStarts = results[0].curves.indices.map { start in results.indices.max { finalValue(results[$0].curves[start]) < finalValue(results[$1].curves[start]) }! }
    chapter.table(["rule", "final ℓ, mean ± SE over \(runs) starts", "lowest – highest start", "starts where it is best"], zip(results, finals).enumerated().map { index, pair in
        let values = pair.0.curves.map(finalValue)
        return [pair.0.name, "\(formatNumber(pair.1.mean, digits: 4)) ± \(formatNumber(pair.1.standardError, digits: 2))",
                "\(formatNumber(values.min()!, digits: 3)) – \(formatNumber(values.max()!, digits: 3))", "\(bestStarts.filter { $0 == index }.count) of \(runs)"] as [any TableCell]
    }, caption: "The exact log-likelihood at the end of training: the mean of the last \(tail) values recorded, over epochs \(epochs - (tail - 1) * every)–\(epochs).")
    let longerChains = pairedDifference(results[1].curves.map(finalValue), results[0].curves.map(finalValue))
    if !quick {   // a paired comparison over the 3 starts of --quick rests on 2 degrees of freedom: reported, not checked
        chapter.check("end-of-training ℓ: CD-10 minus CD-1 from the same starts, in SE of the paired difference over \(runs) starts",
                      measured: longerChains.mean / longerChains.standardError, atLeast: improvementBound(degreesOfFreedom: runs - 1),
                      why: "ten steps leave a bias several times smaller than one (section 1); \(formatNumber(longerChains.mean, digits: 3)) nats per image. The bound is the one-sided Student-t quantile at 10⁻³ on \(runs - 1) degrees of freedom")
    } else {
        chapter.prose("CD-10 minus CD-1 at the end of training: \(formatNumber(longerChains.mean, digits: 3)) nats, \(formatNumber(longerChains.mean / longerChains.standardError, digits: 2)) SE over \(runs) starts (checked in the full run).")
    }
    let finalsOf = results.map { $0.curves.map(finalValue) }
    let persistentGap = pairedDifference(finalsOf[2], finalsOf[0]), againstTen = pairedDifference(finalsOf[2], finalsOf[1])
    let againstExact = pairedDifference(finalsOf[2], finalsOf[3])
    func gap(_ summary: SampleSummary, _ name: String) -> String {
        let z = summary.mean / summary.standardError
        return "\(standing(z, degreesOfFreedom: runs - 1)) \(name) (\(formatNumber(summary.mean, digits: 3)) nats, \(formatNumber(abs(z), digits: 2)) SE)"
    }
    chapter.prose("""
    PCD ends \(gap(persistentGap, "CD-1")), \(gap(againstTen, "CD-10")) and \(gap(againstExact, "the exact gradient")), \
    with these settings. Its particles are fantasy states the model believes in, kept between updates; with a learning \
    rate this large they must chase an energy that moves under them, which may be what holds it back — Tieleman (2008) \
    used small, decaying rates. Section 5 gives all rules such a schedule on the digits.
    """)
    return results
}
