import AutoregressiveModels
import BoltzmannMachines
import Datasets
import Foundation
import Notebook
import TensorCore

// Section 3: RBMs of the binarised digits trained with CD-1, their filters, and the data they are judged on.

struct DigitData {
    let train: Digits, test: Digits
    let trainRows: [[Double]], testRows: [[Double]]
}

func rows(_ images: Tensor) -> [[Double]] { (0..<images.rowCount).map { images.row($0).doubles } }

func loadDigits() throws -> DigitData {
    let digits = try Digits.load().binarized()
    let (train, test) = digits.split(testFraction: 0.25, using: &chapter.random)
    return DigitData(train: train, test: test, trainRows: rows(train.images), testRows: rows(test.images))
}

let digitSettings = (learningRate: 0.05, batchSize: 20, momentum: 0.5, weightDecay: 1e-3)

/// Trains one RBM per hidden-layer size on the training digits with CD-1, the visible biases started at the log-odds of
/// the pixels' base rates (Hinton 2012), and returns them with their mean squared one-step reconstruction error per epoch.
func trainDigitMachines(_ data: DigitData, hiddenSizes: [Int], epochs: Int) -> (machines: [RestrictedBoltzmannMachine], reconstruction: [[Double]]) {
    let baseRates = AnnealedImportanceSampling.baseRateBiases(data.trainRows)
    var trainers = hiddenSizes.map { hidden in
        var machine = RestrictedBoltzmannMachine(visibleCount: 64, hiddenCount: hidden, weightScale: 0.01, using: &chapter.random)
        machine.visibleBiases = baseRates
        return RBMTrainer(machine, rule: .contrastiveDivergence(steps: 1), learningRate: digitSettings.learningRate, batchSize: digitSettings.batchSize,
                          momentum: digitSettings.momentum, weightDecay: digitSettings.weightDecay, using: &chapter.random)
    }
    var reconstruction = hiddenSizes.map { _ in [Double]() }
    chapter.train("CD-1 on the binarised digits, \(hiddenSizes.map(String.init).joined(separator: " and ")) hidden units", steps: epochs) { _ in
        for index in trainers.indices {
            trainers[index].epoch(data.trainRows, using: &chapter.random)
            reconstruction[index].append(reconstructionError(trainers[index].machine, data.testRows))
        }
    }
    return (trainers.map(\.machine), reconstruction)
}

/// Mean over images and pixels of (v − p(v′ = 1 | h))², h ~ p(h | v): the one-step reconstruction error, the number most
/// CD training loops print, although CD does not minimise it.
func reconstructionError(_ machine: RestrictedBoltzmannMachine, _ images: [[Double]]) -> Double {
    var total = 0.0
    var generator = RandomGenerator(seed: 7)   // the same hidden draws each epoch, so the curve shows the model changing, not noise
    for v in images {
        let reconstructed = machine.visibleProbabilities(machine.sampleHidden(given: v, using: &generator))
        total += zip(v, reconstructed).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
    return total / Double(images.count * images[0].count)
}

/// The k-th hidden unit's weights to the 64 pixels, as an 8 × 8 image.
func filter(_ machine: RestrictedBoltzmannMachine, unit k: Int) -> [Double] {
    (0..<machine.visibleCount).map { machine.weights[$0 * machine.hiddenCount + k] }
}
