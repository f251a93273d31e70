import Foundation
import Testing
import TensorCore
@testable import AutoregressiveModels

/// Sequential sampling draws from the law the likelihood evaluates: the frequencies of
/// every state among many samples match exp(log p) by Pearson's χ² test.
@Suite struct MADESamplingTests {
    @Test(arguments: [(5, 2, [3, 5, 1, 4, 2]), (3, 3, [2, 3, 1])])
    func sampleFrequenciesMatchTheExactLikelihood(dimension: Int, categories: Int, order: [Int]) {
        var generator = RandomGenerator(seed: 6)
        let made = MADE(dimension: dimension, categories: categories, hiddenSizes: [12], order: order, using: &generator)
        scaleParameters(of: made, by: 1.5)
        let states = allStates(dimension: dimension, categories: categories)
        let probabilities = made.logLikelihood(states).map { exp($0) }
        let samples = made.sample(20_000, using: &generator)
        #expect(samples.shape == [20_000, dimension])
        // Pearson's approximation wants every expected count well above 5.
        #expect(probabilities.min()! * 20_000 > 5)
        let test = pearsonChiSquare(samples: samples, states: states, probabilities: probabilities)
        #expect(test.statistic < chiSquareCriticalValue(degreesOfFreedom: test.degreesOfFreedom), "χ² = \(test.statistic)")

        // The same samples against another network's law fail: the test has power.
        var other = RandomGenerator(seed: 7)
        let different = MADE(dimension: dimension, categories: categories, hiddenSizes: [12], order: order, using: &other)
        scaleParameters(of: different, by: 1.5)
        let wrong = pearsonChiSquare(samples: samples, states: states,
                                     probabilities: different.logLikelihood(states).map { exp($0) })
        #expect(wrong.statistic > chiSquareCriticalValue(degreesOfFreedom: wrong.degreesOfFreedom), "χ² = \(wrong.statistic)")
    }

    /// Completion keeps the first dimensions in the order and draws only the rest; the
    /// same generator state gives the same samples.
    @Test func completionKeepsTheKnownDimensionsAndIsReproducible() {
        var generator = RandomGenerator(seed: 8)
        let made = MADE(dimension: 4, categories: 5, hiddenSizes: [9], order: [3, 1, 4, 2], using: &generator)
        let x = Tensor(rows: [[4, 2, 0, 3], [1, 1, 1, 1]])
        var first = RandomGenerator(seed: 9)
        var second = RandomGenerator(seed: 9)
        let completed = made.sample(completing: x, keepingFirst: 2, using: &first)
        #expect(completed == made.sample(completing: x, keepingFirst: 2, using: &second))
        // Order 1 and 2 are dimensions 1 and 3.
        for row in 0..<2 {
            #expect(completed[row, 1] == x[row, 1] && completed[row, 3] == x[row, 3])
        }
        #expect(made.sample(completing: x, keepingFirst: 4, using: &first) == x)
        #expect(made.dimensionsInOrder == [1, 3, 0, 2])
    }
}
