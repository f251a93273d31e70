import AutoregressiveModels
import BoltzmannMachines
import Datasets
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 5: CD-1, CD-10 and PCD on the binarised digits, compared by held-out log-likelihood with Z from AIS.

func digitsSection() throws {
    let digits = try Digits.load().binarized()
    let (train, test) = digits.split(testFraction: 0.25, using: &chapter.random)
    let trainRows = (0..<train.count).map { train.images.row($0).doubles }, testRows = (0..<test.count).map { test.images.row($0).doubles }
    let epochs = quick ? 15 : 100, chains = 100
    let base = AnnealedImportanceSampling.baseRateBiases(trainRows)
    var start = RestrictedBoltzmannMachine(visibleCount: 64, hiddenCount: 64, weightScale: 0.01, using: &chapter.random)
    start.visibleBiases = base
    let rules: [(String, RBMLearningRule)] = [("CD-1", .contrastiveDivergence(steps: 1)), ("CD-10", .contrastiveDivergence(steps: 10)),
                                            ("PCD", .persistent(chains: chains, steps: 1))]
    chapter.prose("""
    On the binarised digits (\(train.count) for training, \(test.count) held out) the partition function is out of reach, so \
    chapter 7's annealed importance sampling estimates it. Three RBMs with 64 hidden units start from the same weights and \
    are trained alike, with CD-1, CD-10 and PCD with \(chains) fantasy particles: chapter 7's settings for \(epochs) epochs, \
    except that the learning rate falls linearly from 0.05 towards zero over training (0.05·(E − e)/E in epoch e = 0 … E − 1), as in Tieleman's (2008) PCD experiments. \
    PCD needs it most, since its particles must keep up with an energy that moves under them; all three rules get it so \
    that they stay comparable.
    """)
    var trainers = rules.map { RBMTrainer(start, rule: $0.1, learningRate: 0.05, batchSize: 20, momentum: 0.5, weightDecay: 1e-3, using: &chapter.random) }
    chapter.train("CD-1, CD-10 and PCD on the digits", steps: epochs) { epoch in
        for index in trainers.indices {
            trainers[index].learningRate = 0.05 * Double(epochs - epoch) / Double(epochs)   // epoch counts from 0
            trainers[index].epoch(trainRows, using: &chapter.random)
        }
    }
    let (runs, count) = quick ? (30, 500) : (300, 3_000)   // 300 runs: the AIS error was a third of the variance of the CD-10 − CD-1 comparison at 100
    let estimates = trainers.map { AnnealedImportanceSampling(temperatures: AnnealedImportanceSampling.schedule(count: count), baseVisibleBiases: base).estimate($0.machine, runs: runs, using: &chapter.random) }
    let heldOut = zip(trainers, estimates).map { trainer, estimate in testRows.map { -trainer.machine.freeEnergy($0) - estimate.logPartition } }
    let independent = IndependentBernoulli(fitting: train.images).logLikelihood(test.images)
    chapter.table(["model", "log Z by AIS (\(runs) runs, K = \(count))", "held-out log p(v), nats ± SE", "bits per dimension"],
                  zip(rules, zip(estimates, heldOut)).map { rule, pair in
        let summary = SampleSummary(pair.1)
        let standardError = (summary.standardError * summary.standardError + pair.0.standardError * pair.0.standardError).squareRoot()
        return [rule.0, "\(formatNumber(pair.0.logPartition, digits: 6)) ± \(formatNumber(pair.0.standardError, digits: 2))",
                "\(formatNumber(summary.mean, digits: 4)) ± \(formatNumber(standardError, digits: 2))", formatNumber(-summary.mean / (64 * log(2)), digits: 4)] as [any TableCell]
    } + [["independent Bernoulli pixels", "exact", "\(formatNumber(SampleSummary(independent).mean, digits: 4)) ± \(formatNumber(SampleSummary(independent).standardError, digits: 2))",
          formatNumber(-SampleSummary(independent).mean / (64 * log(2)), digits: 4)]],
                  caption: "The \(test.count) held-out binarised digits; each SE combines the spread between images with the AIS error of that model's log Z.")
    func separation(_ a: Int, _ b: Int) -> (nats: Double, z: Double) {
        let gap = pairedDifference(heldOut[a], heldOut[b])
        let error = (gap.standardError * gap.standardError + estimates[a].standardError * estimates[a].standardError + estimates[b].standardError * estimates[b].standardError).squareRoot()
        return (gap.mean, gap.mean / error)
    }
    let longer = separation(1, 0), persistent = separation(2, 0)
    // The trivial baseline: every machine against independent pixels, paired per image, its AIS error added.
    let overPixels = heldOut.indices.map { index -> Double in
        let gap = pairedDifference(heldOut[index], independent)
        return gap.mean / (gap.standardError * gap.standardError + estimates[index].standardError * estimates[index].standardError).squareRoot()
    }
    chapter.check("held-out log p(v) of the worst of the three RBMs minus independent pixels, in SE (paired per image, AIS error added)",
                  measured: overPixels.min()!, atLeast: improvementBound(degreesOfFreedom: test.count - 1),
                  why: "the trivial baseline every model must beat, one-sided at 10⁻³; the three stand \(overPixels.map { formatNumber($0, digits: 3) }.joined(separator: ", ")) SE above it")
    if !quick {
        chapter.check("held-out log p(v): CD-10 minus CD-1, in SE (paired per image, both AIS errors added)", measured: longer.z, atLeast: improvementBound(degreesOfFreedom: test.count - 1),
                      why: "as on bars and stripes, with the one-sided bound at 10⁻³; \(formatNumber(longer.nats, digits: 3)) nats per image. AIS's log Z is biased low in expectation (Jensen's inequality), by an amount not measured here for each machine, so the difference carries that unknown besides its SE")
    }
    chapter.prose("""
    PCD ends \(standing(persistent.z, degreesOfFreedom: test.count - 1)) CD-1 on the digits (\(formatNumber(persistent.nats, digits: 3)) nats per image, \
    \(formatNumber(abs(persistent.z), digits: 2)) SE). Each rule here is one trained machine, so these ± are the noise of \
    measuring it (images and AIS), not the spread between trainings from other starts; on bars and stripes, section 3 \
    measured that spread.
    """)
    try digitSampleQuality(trainers.map(\.machine), names: rules.map(\.0), train: train, test: test, independent: IndependentBernoulli(fitting: train.images))
}
