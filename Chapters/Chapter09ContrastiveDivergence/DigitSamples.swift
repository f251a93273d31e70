import AutoregressiveModels
import BoltzmannMachines
import Datasets
import DigitEvaluation
import Foundation
import Notebook
import Statistics
import TensorCore

// The digits machines' samples, long Gibbs chains from noise, against the data floor and independent pixels with chapter
// 3's yardstick: where likelihood says how well a machine covers the held-out digits, this says what its chains produce.

func digitSampleQuality(_ machines: [RestrictedBoltzmannMachine], names: [String], train: Digits, test: Digits, independent: IndependentBernoulli) throws {
    let classifierSteps = quick ? 300 : 1_500, steps = quick ? 100 : 500, count = quick ? 100 : 200, repeats = quick ? 3 : 8
    let classifier = DigitClassifier(using: &chapter.random)
    let classifierTrainer = DigitClassifierTrainer(classifier, images: train.images, labels: train.labels, settings: DigitClassifierSettings(steps: classifierSteps))
    try chapter.train("digit classifier (binarised)", steps: classifierSteps) { step in _ = try classifierTrainer.step(step, using: &chapter.random) }
    let accuracy = classifier.accuracy(images: test.images, labels: test.labels)
    func tensor(_ rows: [[Double]]) -> Tensor { Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0.map(Float.init) }) }
    let samplers: [(name: String, sample: (Int, inout RandomGenerator) -> Tensor)] = zip(machines, names).map { machine, name in
        ("\(name), \(steps) Gibbs steps from noise", { n, random in tensor(machine.gibbsSamples(n, steps: steps, using: &random)) })
    } + [("independent Bernoulli pixels", { n, random in independent.sample(n, using: &random) })]
    let comparison = try DigitQualityComparison(sampleCount: count, repeats: repeats, real: train.images, heldOut: test.images, classifier: classifier,
                                                floorName: "binarised training digits (the floor)", samplers: samplers, using: &chapter.random)
    chapter.prose("""
    Likelihood measures how well a machine covers the held-out digits; what its chains produce is another matter, and the \
    modes like section 4's would show there. Each machine's samples — \(steps) Gibbs steps from noise — are judged with \
    chapter 3's yardstick on the features of a digit classifier trained on the binarised digits (held-out accuracy \
    \(formatNumber(accuracy, digits: 3))), against the training digits themselves (the floor) and independent pixels.
    """)
    chapter.table(comparison.tableHeaders(), comparison.tableRows(format: formatNumber), caption: """
        Fréchet digit distance (FDD) on the classifier's features against \(count) held-out binarised digits; means over \(repeats) repeats, \
        the ratio's ± its delta-method SE; precision and recall as in chapter 3.
        """)
    let quality = comparison.rows.map(\.quality)
    let (floor, cd1, persistent, pixels) = (quality[0], quality[1], quality[3], quality[4])
    func compare(_ a: DigitSampleQuality, _ b: DigitSampleQuality) -> String {
        let z = separation(a.frechetDistance, b.frechetDistance)
        return "\(formatNumber(a.frechetDistance.mean, digits: 3)) against \(formatNumber(b.frechetDistance.mean, digits: 3)), \(formatNumber(abs(z), digits: 2)) SE apart"
    }
    let persistentAgainstCD = separation(cd1.frechetDistance, persistent.frechetDistance)
    chapter.prose("""
    By FDD, PCD's samples are \(abs(persistentAgainstCD) < standardNormalQuantile(upperTail: 5e-4) ? "level with" : persistentAgainstCD > 0 ? "closer to the digits than" : "further from the digits than") \
    CD-1's (\(compare(persistent, cd1))); CD-1's against independent pixels: \(compare(cd1, pixels)); the floor is \
    \(formatNumber(floor.frechetDistance.mean, digits: 3)). These are single trained machines, so the ± is the noise of measuring \
    each one, not the spread between trainings (chapter 7 found that spread large).
    """)
}
