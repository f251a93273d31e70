import AutoregressiveModels
import BoltzmannMachines
import DigitEvaluation
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 5: Gibbs chains of the digits RBM from noise, and the quality of their samples against the data floor.

func tensor(_ rows: [[Double]]) -> Tensor { Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0.map(Float.init) }) }

/// Mean free energy of `chains` chains from noise at each snapshot step, and of the training and held-out digits.
func freeEnergyAlongChains(_ machine: RestrictedBoltzmannMachine, chains: Int, steps: [Int], data: DigitData)
    -> (chains: [SampleSummary], training: SampleSummary, heldOut: SampleSummary) {
    var values = steps.map { _ in [Double]() }
    for _ in 0..<chains {
        let states = machine.gibbsChain(from: machine.noiseState(using: &chapter.random), snapshots: steps, using: &chapter.random)
        for (index, state) in states.enumerated() { values[index].append(machine.freeEnergy(state)) }
    }
    return (values.map { SampleSummary($0) }, SampleSummary(data.trainRows.map(machine.freeEnergy)), SampleSummary(data.testRows.map(machine.freeEnergy)))
}

/// (a − b) in units of √(SE_a² + SE_b²): the one rule this section uses to call two mean free energies level (|z| < 2) or not.
func zScore(_ a: SampleSummary, _ b: SampleSummary) -> Double {
    (a.mean - b.mean) / (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
}

func samplingSection(_ machines: [RestrictedBoltzmannMachine], mixture: BernoulliMixture, independent: IndependentBernoulli, data: DigitData,
                     likelihoodOverMixture: (nats: Double, standardErrors: Double)) throws {
    let machine = machines[0]
    let snapshots = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000]
    let shown = (0..<8).map { _ in machine.gibbsChain(from: machine.noiseState(using: &chapter.random), snapshots: snapshots, using: &chapter.random) }
    chapter.figure(gibbsChainsFigure(shown, steps: snapshots), name: "gibbs_chains", caption: """
        Eight block Gibbs chains of the \(machine.hiddenCount)-hidden-unit digits RBM, each started from independent fair coins; the columns \
        are the visible state after 0, 1, 2, … 1,000 steps (binary samples, not probabilities).
        """)
    let traceChains = quick ? 50 : 200
    let trace = freeEnergyAlongChains(machine, chains: traceChains, steps: snapshots, data: data)
    chapter.table(["Gibbs step"] + snapshots.map { "\($0)" } + ["training digits", "held-out digits"],
                  [["mean F(v)"] + (trace.chains + [trace.training, trace.heldOut]).map { formatNumber($0.mean, digits: 4) as any TableCell },
                   ["± SE"] + (trace.chains + [trace.training, trace.heldOut]).map { formatNumber($0.standardError, digits: 2) as any TableCell }],
                  caption: "Mean free energy of \(traceChains) chains from noise after each number of steps, and of the \(data.trainRows.count) training and \(data.testRows.count) held-out digits.")
    chapter.prose(freeEnergyVerdict(trace, steps: snapshots))
    let classifierSteps = quick ? 300 : 1_500
    let classifier = DigitClassifier(using: &chapter.random)
    let classifierTrainer = DigitClassifierTrainer(classifier, images: data.train.images, labels: data.train.labels, settings: DigitClassifierSettings(steps: classifierSteps))
    try chapter.train("digit classifier (binarised)", steps: classifierSteps) { step in try classifierTrainer.step(step, using: &chapter.random) }
    let accuracy = classifier.accuracy(images: data.test.images, labels: data.test.labels)
    chapter.check("held-out accuracy of the digit classifier trained on the binarised digits", measured: accuracy, atLeast: 0.85,
                  why: "its features judge the samples (chapter 3's Fréchet digit distance), so it must tell binarised digits apart; 0.85 is a round bound far above chance (0.1). The binomial SE of this accuracy on \(data.test.count) images is \(formatNumber((accuracy * (1 - accuracy) / Double(data.test.count)).squareRoot(), digits: 2))")
    let sampleSteps = samplingSteps, count = quick ? 200 : 400, repeats = quick ? 3 : 10
    let rbmSamplers: [(name: String, sample: (Int, inout RandomGenerator) -> Tensor)] = machines.enumerated().map { index, rbm in
        ("RBM \(index + 1)\(index == 0 ? " (the digits RBM)" : ""), \(sampleSteps) Gibbs steps from noise", { n, random in tensor(rbm.gibbsSamples(n, steps: sampleSteps, using: &random)) })
    }
    let comparison = try DigitQualityComparison(sampleCount: count, repeats: repeats, real: data.train.images, heldOut: data.test.images, classifier: classifier,
                                                floorName: "binarised training digits (the floor)", samplers: rbmSamplers + [
        ("mixture of 10 Bernoulli products", { n, random in mixture.sample(n, using: &random) }),
        ("independent Bernoulli pixels", { n, random in independent.sample(n, using: &random) }),
    ], using: &chapter.random)
    chapter.table(comparison.tableHeaders(), comparison.tableRows(format: formatNumber),
                  caption: "Fréchet digit distance on the binarised classifier's features, against \(count) held-out binarised digits; means over \(repeats) repeats, the ratio's ± its delta-method SE.")
    let quality = comparison.rows.map(\.quality), others = machines.count
    let (floor, rbm, mix, pixels) = (quality[0], quality[1], quality[others + 1], quality[others + 2])
    if !quick {   // 50 quick epochs and 3 × 200 quick samples leave too little power
        chapter.check("precision of the digits RBM's Gibbs samples minus that of independent pixels, in SE of the difference",
                      measured: separation(rbm.precision, pixels.precision), atLeast: 4,
                      why: "the share of samples inside the held-out digits' k-NN manifold (Kynkäänniemi et al. 2019): whether samples look like digits at all; the bound is 4 SE of the difference over \(repeats) repeats. \(formatNumber(rbm.precision.mean, digits: 3)) against \(formatNumber(pixels.precision.mean, digits: 3)); the floor is at \(formatNumber(floor.precision.mean, digits: 3))")
    }
    chapter.prose(sampleVerdict(floor: floor, rbms: Array(quality[1...others]), mixture: mix, pixels: pixels))
    let gap = separation(mix.frechetDistance, rbm.frechetDistance)
    if (likelihoodOverMixture.standardErrors > 2 && gap < -2) || (likelihoodOverMixture.standardErrors < -2 && gap > 2) {
        chapter.prose("""
        The two yardsticks disagree: by held-out likelihood the RBM is \(formatNumber(abs(likelihoodOverMixture.nats), digits: 3)) nats per image \
        \(likelihoodOverMixture.nats > 0 ? "above" : "below") the mixture (section 4), by its samples it is \(gap < 0 ? "worse" : "better"). \
        Likelihood rewards a model for covering every held-out image, sample quality for never straying from the \
        data, and the two need not agree (Theis, van den Oord & Bethge 2016); the RBM's samples also depend on \
        chains that may not have mixed, which its likelihood does not.
        """)
    }
}

/// Where the chains' level stops moving, and where it ends against the training digits' (the data the model was fitted to).
func freeEnergyVerdict(_ trace: (chains: [SampleSummary], training: SampleSummary, heldOut: SampleSummary), steps: [Int]) -> String {
    let last = trace.chains.last!
    let steady = trace.chains.indices.first { start in (start..<trace.chains.count).allSatisfy { abs(zScore(trace.chains[$0], last)) < 2 } }!
    let againstTraining = zScore(last, trace.training), againstHeldOut = zScore(trace.heldOut, trace.training)
    let level = abs(againstTraining) < 2 ? "level with the training digits' (\(formatNumber(abs(againstTraining), digits: 2)) SE apart)"
        : againstTraining < 0 ? "\(formatNumber(trace.training.mean - last.mean, digits: 3)) below the training digits' (\(formatNumber(-againstTraining, digits: 2)) SE): the chains sit where the model is more confident than on the data it was fitted to"
        : "\(formatNumber(last.mean - trace.training.mean, digits: 3)) above the training digits' (\(formatNumber(againstTraining, digits: 2)) SE)"
    return """
    The chains start at a mean free energy of \(formatNumber(trace.chains[0].mean, digits: 3)) — fair coins are very improbable \
    digits — and from step \(steps[steady]) on their level no longer differs from its value at step \(steps.last!) by two standard \
    errors of the difference. There it is \(level). The held-out digits sit \(formatNumber(trace.heldOut.mean - trace.training.mean, digits: 3)) \
    \(trace.heldOut.mean > trace.training.mean ? "higher" : "lower") than the training ones (\(formatNumber(abs(againstHeldOut), digits: 2)) SE): the model's generalisation gap, seen \
    in free energy. A steady level says the chains have stopped drifting; it does not say they have visited every mode.
    """
}

/// The FDD comparison in words: against independent pixels and the mixture, the spread between trained machines, and class coverage.
func sampleVerdict(floor: DigitSampleQuality, rbms: [DigitSampleQuality], mixture: DigitSampleQuality, pixels: DigitSampleQuality) -> String {
    let rbm = rbms[0]
    func compare(_ other: DigitSampleQuality, _ name: String) -> String {
        let z = separation(other.frechetDistance, rbm.frechetDistance)
        let verdict = abs(z) < 2 ? "level with" : z > 0 ? "better than" : "worse than"
        return "\(verdict) \(name) (\(formatNumber(rbm.frechetDistance.mean, digits: 3)) against \(formatNumber(other.frechetDistance.mean, digits: 3)), \(formatNumber(abs(z), digits: 2)) SE apart)"
    }
    let means = rbms.map(\.frechetDistance.mean), spreads = rbms.map { $0.frechetDistance.standardError }
    return """
    By Fréchet digit distance the digits RBM's samples are \(compare(pixels, "independent pixels")) and \(compare(mixture, "the mixture of 10")); \
    the floor is \(formatNumber(floor.frechetDistance.mean, digits: 3)). That ± is the noise of measuring one trained machine. The \
    \(rbms.count) machines trained alike from different starting weights score from \(formatNumber(means.min()!, digits: 3)) to \
    \(formatNumber(means.max()!, digits: 3)), with standard errors of at most \(formatNumber(spreads.max()!, digits: 2)) each: \
    \(means.max()! - means.min()! > 4 * spreads.max()! ? "the trained machine, not the measurement, decides most of the sample quality" : "the machines are close on this yardstick"). \
    The classifier finds \(formatNumber(rbm.effectiveClassCount.mean, digits: 3)) effective classes among the digits RBM's samples (the \
    exponential of the entropy of the predicted labels) against \(formatNumber(floor.effectiveClassCount.mean, digits: 3)) among real digits. \
    Chapter 9 returns to what CD-1 leaves in a machine and to chains that keep running between updates.
    """
}

let samplingSteps = quick ? 200 : 500
