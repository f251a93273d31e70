import AutoregressiveModels
import BoltzmannMachines
import DigitEvaluation
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 5: Gibbs chains of the digits RBM from noise, and the quality of their samples against the data floor.

func tensor(_ rows: [[Double]]) -> Tensor { Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0.map(Float.init) }) }

/// Mean free energy of `chains` chains from noise at each snapshot step, and of the held-out digits.
func freeEnergyAlongChains(_ machine: RestrictedBoltzmannMachine, chains: Int, steps: [Int], heldOut: [[Double]]) -> (chains: [SampleSummary], data: SampleSummary) {
    var values = steps.map { _ in [Double]() }
    for _ in 0..<chains {
        let states = machine.gibbsChain(from: machine.noiseState(using: &chapter.random), snapshots: steps, using: &chapter.random)
        for (index, state) in states.enumerated() { values[index].append(machine.freeEnergy(state)) }
    }
    return (values.map { SampleSummary($0) }, SampleSummary(heldOut.map(machine.freeEnergy)))
}

func samplingSection(_ machine: RestrictedBoltzmannMachine, mixture: BernoulliMixture, independent: IndependentBernoulli, data: DigitData,
                     likelihoodOverMixture: (nats: Double, standardErrors: Double)) throws {
    let snapshots = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000]
    let shown = (0..<8).map { _ in machine.gibbsChain(from: machine.noiseState(using: &chapter.random), snapshots: snapshots, using: &chapter.random) }
    chapter.figure(gibbsChainsFigure(shown, steps: snapshots), name: "gibbs_chains", caption: """
        Eight block Gibbs chains of the \(machine.hiddenCount)-hidden-unit digits RBM, each started from independent fair coins; the columns \
        are the visible state after 0, 1, 2, … 1,000 steps (binary samples, not probabilities).
        """)
    let traceChains = quick ? 50 : 200
    let trace = freeEnergyAlongChains(machine, chains: traceChains, steps: snapshots, heldOut: data.testRows)
    chapter.table(["Gibbs step"] + snapshots.map { "\($0)" } + ["held-out digits"],
                  [["mean F(v)"] + trace.chains.map { formatNumber($0.mean, digits: 4) as any TableCell } + [formatNumber(trace.data.mean, digits: 4)],
                   ["± SE"] + trace.chains.map { formatNumber($0.standardError, digits: 2) as any TableCell } + [formatNumber(trace.data.standardError, digits: 2)]],
                  caption: "Mean free energy of \(traceChains) chains from noise after each number of steps, and of the \(data.testRows.count) held-out digits.")
    let settle = snapshots.indices.first { trace.chains[$0].mean <= trace.data.mean + 2 * (trace.chains[$0].standardError + trace.data.standardError) }
    chapter.prose(settle.map { index in """
        The chains start at a free energy of \(formatNumber(trace.chains[0].mean, digits: 3)) — fair coins are very improbable digits — and fall \
        to the held-out digits' level (within two standard errors, or below) by step \(snapshots[index]). Reaching the level of the data \
        says the chains are in the model's typical set; it does not say they have visited all of it.
        """ + finalLevel(trace.chains.last!, trace.data, steps: snapshots.last!) } ?? """
        The chains start at a free energy of \(formatNumber(trace.chains[0].mean, digits: 3)) and are still above the held-out digits' \
        \(formatNumber(trace.data.mean, digits: 3)) after \(snapshots.last!) steps: they have not reached the model's typical set.
        """)

    let classifierSteps = quick ? 300 : 1_500
    let classifier = DigitClassifier(using: &chapter.random)
    let classifierTrainer = DigitClassifierTrainer(classifier, images: data.train.images, labels: data.train.labels, settings: DigitClassifierSettings(steps: classifierSteps))
    try chapter.train("digit classifier (binarised)", steps: classifierSteps) { step in try classifierTrainer.step(step, using: &chapter.random) }
    let accuracy = classifier.accuracy(images: data.test.images, labels: data.test.labels)
    chapter.check("held-out accuracy of the digit classifier trained on the binarised digits", measured: accuracy, atLeast: 0.85,
                  why: "its features judge the samples (chapter 3's Fréchet digit distance), so it must tell binarised digits apart; chapter 6's classifier of the same kind reaches about 0.9 on these images, and the bound sits 4 binomial SEs (\(formatNumber((accuracy * (1 - accuracy) / Double(data.test.count)).squareRoot(), digits: 2)) each on \(data.test.count) images) below that, so that test-set noise alone does not fail it; chance is 0.1")
    let sampleSteps = samplingSteps, count = quick ? 200 : 400, repeats = quick ? 3 : 10
    let comparison = try DigitQualityComparison(sampleCount: count, repeats: repeats, real: data.train.images, heldOut: data.test.images, classifier: classifier,
                                                floorName: "binarised training digits (the floor)", samplers: [
        ("RBM, \(machine.hiddenCount) hidden, \(sampleSteps) Gibbs steps from noise", { n, random in tensor(machine.gibbsSamples(n, steps: sampleSteps, using: &random)) }),
        ("mixture of 10 Bernoulli products", { n, random in mixture.sample(n, using: &random) }),
        ("independent Bernoulli pixels", { n, random in independent.sample(n, using: &random) }),
    ], using: &chapter.random)
    chapter.table(comparison.tableHeaders(), comparison.tableRows(format: formatNumber),
                  caption: "Fréchet digit distance on the binarised classifier's features, against \(count) held-out binarised digits; means over \(repeats) repeats, the ratio's ± its delta-method SE.")
    let quality = comparison.rows
    let (floor, rbm, mix, pixels) = (quality[0].quality, quality[1].quality, quality[2].quality, quality[3].quality)
    if !quick {   // 50 quick epochs and 3 × 200 quick samples leave too little power
        chapter.check("precision of the RBM's Gibbs samples minus that of independent pixels, in SE of the difference",
                      measured: separation(rbm.precision, pixels.precision), atLeast: 4,
                      why: "the share of samples inside the held-out digits' k-NN manifold (Kynkäänniemi et al. 2019) — whether samples look like digits at all. \(formatNumber(rbm.precision.mean, digits: 3)) against \(formatNumber(pixels.precision.mean, digits: 3)), 4 SE over \(repeats) repeats; the floor is at \(formatNumber(floor.precision.mean, digits: 3))")
    }
    let finalGap = trace.chains.last!.mean - trace.data.mean
    let sharper = finalGap / (trace.chains.last!.standardError * trace.chains.last!.standardError + trace.data.standardError * trace.data.standardError).squareRoot() < -2
    chapter.prose(sampleVerdict(floor: floor, rbm: rbm, mixture: mix, pixels: pixels, sharperModes: sharper))
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

/// A sentence on where the chains' mean free energy ends against the held-out digits'.
func finalLevel(_ chains: SampleSummary, _ data: SampleSummary, steps: Int) -> String {
    let difference = chains.mean - data.mean
    let separation = difference / (chains.standardError * chains.standardError + data.standardError * data.standardError).squareRoot()
    if separation < -2 {
        return " After \(steps) steps their mean free energy is \(formatNumber(-difference, digits: 3)) below the held-out digits' (\(formatNumber(-separation, digits: 2)) SE): the chains sit in states the model rates more probable than typical digits, sharper modes than the data have."
    }
    if separation > 2 { return " After \(steps) steps they are still \(formatNumber(difference, digits: 3)) above it (\(formatNumber(separation, digits: 2)) SE)." }
    return " After \(steps) steps they are level with it (\(formatNumber(abs(separation), digits: 2)) SE apart)."
}

let samplingSteps = quick ? 200 : 500

/// The FDD comparison in words: against independent pixels, against the mixture, and how evenly the RBM's samples spread over the classes.
func sampleVerdict(floor: DigitSampleQuality, rbm: DigitSampleQuality, mixture: DigitSampleQuality, pixels: DigitSampleQuality, sharperModes: Bool) -> String {
    func compare(_ other: DigitSampleQuality, _ name: String) -> String {
        let z = separation(other.frechetDistance, rbm.frechetDistance)
        let verdict = abs(z) < 2 ? "level with" : z > 0 ? "better than" : "worse than"
        return "\(verdict) \(name) (\(formatNumber(rbm.frechetDistance.mean, digits: 3)) against \(formatNumber(other.frechetDistance.mean, digits: 3)), \(formatNumber(abs(z), digits: 2)) SE apart)"
    }
    return """
    By Fréchet digit distance the RBM's samples are \(compare(pixels, "independent pixels")) and \(compare(mixture, "the mixture of 10")); \
    the floor is \(formatNumber(floor.frechetDistance.mean, digits: 3)). FDD also weighs how the samples share out among the \
    digits: the classifier finds \(formatNumber(rbm.effectiveClassCount.mean, digits: 3)) effective classes among them \
    (the exponential of the entropy of the predicted labels), against \(formatNumber(floor.effectiveClassCount.mean, digits: 3)) among real digits. \
    Chains from noise settle into whichever modes they find first\(sharperModes ? ", and this machine's modes are sharper than the data's, as the free energies above show" : ""); \
    chapter 9 returns to the modes a CD-trained machine leaves.
    """
}
