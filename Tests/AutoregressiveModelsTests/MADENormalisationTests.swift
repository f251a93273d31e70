import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AutoregressiveModels

/// The masks make the conditionals a distribution: summed over every state, the exact
/// likelihood of an untrained MADE is 1, and an output mask that lets ℓ_d see x_d breaks it.
@Suite struct MADENormalisationTests {
    @Test(arguments: [[1, 2, 3, 4, 5], [4, 2, 5, 1, 3]])
    func binaryLikelihoodSumsToOneOverAllStates(order: [Int]) {
        var generator = RandomGenerator(seed: 1)
        let made = MADE(dimension: 5, hiddenSizes: [8, 8], order: order, using: &generator)
        scaleParameters(of: made, by: 3)
        let states = allStates(dimension: 5, categories: 2)
        #expect(abs(totalProbability(made.logLikelihood(states)) - 1) < 1e-10)
    }

    @Test(arguments: [[1, 2, 3], [3, 1, 2]])
    func categoricalLikelihoodSumsToOneOverAllStates(order: [Int]) {
        var generator = RandomGenerator(seed: 2)
        let made = MADE(dimension: 3, categories: 3, hiddenSizes: [6], order: order, using: &generator)
        scaleParameters(of: made, by: 3)
        let states = allStates(dimension: 3, categories: 3)
        #expect(states.rowCount == 27)
        #expect(abs(totalProbability(made.logLikelihood(states)) - 1) < 1e-10)
    }

    /// The same check on networks with the non-strict output mask: the total is off by far
    /// more than rounding, for binary and categorical data (so the tests above can fail).
    @Test func aNonStrictOutputMaskBreaksNormalisation() {
        for (dimension, categories, hidden) in [(5, 2, [8, 8]), (3, 3, [6])] {
            var generator = RandomGenerator(seed: 3)
            let made = MADE(dimension: dimension, categories: categories, hiddenSizes: hidden, order: nil, using: &generator)
            let wrong = madeWithNonStrictOutputMask(like: made, hiddenSizes: hidden, seed: 3)
            scaleParameters(of: made, by: 3)
            scaleParameters(of: wrong, by: 3)
            let states = allStates(dimension: dimension, categories: categories)
            #expect(abs(totalProbability(made.logLikelihood(states)) - 1) < 1e-10)
            #expect(abs(totalProbability(wrong.logLikelihood(states)) - 1) > 1e-2, "K = \(categories)")
        }
    }

    /// The tape's log-likelihood (training) equals the double-precision one (evaluation),
    /// and both are the sum of the logs of `conditionalProbabilities` at the data.
    @Test(arguments: [2, 4])
    func tapeInferenceAndConditionalsAgree(categories: Int) {
        var generator = RandomGenerator(seed: 4)
        let made = MADE(dimension: 4, categories: categories, hiddenSizes: [10], order: [2, 4, 1, 3], using: &generator)
        let x = allStates(dimension: 4, categories: categories)
        let onTape = made.logLikelihood(x, on: Tape()).value
        let evaluated = made.logLikelihood(x)
        let conditionals = made.conditionalProbabilities(x)
        #expect(onTape.shape == [x.rowCount])
        for row in 0..<x.rowCount {
            #expect(abs(Double(onTape.scalars[row]) - evaluated[row]) < 1e-4)
            let fromConditionals = (0..<4).reduce(0.0) { total, d in
                let value = Int(x[row, d])
                let p = categories == 2 ? Double(conditionals[row, d]) : Double(conditionals[row, value, d])
                return total + log(categories == 2 && value == 0 ? 1 - p : p)
            }
            #expect(abs(fromConditionals - evaluated[row]) < 1e-4)
        }
    }

    /// Each conditional of the dimension of order 1 is the same for every input (it sees
    /// nothing), and the categorical conditionals sum to 1 over the categories.
    @Test func firstDimensionIsAMarginalAndCategoriesSumToOne() {
        var generator = RandomGenerator(seed: 5)
        let made = MADE(dimension: 3, categories: 4, hiddenSizes: [7, 7], order: [2, 3, 1], using: &generator)
        let x = allStates(dimension: 3, categories: 4)
        let conditionals = made.conditionalProbabilities(x)
        #expect(conditionals.shape == [64, 4, 3])
        for row in 0..<64 {
            for d in 0..<3 { #expect(abs((0..<4).reduce(0) { $0 + conditionals[row, $1, d] } - 1) < 1e-5) }
            for k in 0..<4 { #expect(conditionals[row, k, 2] == conditionals[0, k, 2]) }
        }
    }
}
