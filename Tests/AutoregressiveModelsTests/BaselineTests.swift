import Foundation
import Testing
import TensorCore
@testable import AutoregressiveModels

/// Random binary data with some dependence between dimensions: each row copies one of
/// three prototypes and flips every pixel with probability 0.15.
private func prototypeData(rows: Int, dimension: Int, seed: UInt64) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let prototypes = (0..<3).map { _ in (0..<dimension).map { _ in generator.bernoulli(0.5) } }
    var scalars: [Float] = []
    for _ in 0..<rows {
        let prototype = prototypes[generator.integer(below: 3)]
        for pixel in prototype { scalars.append((pixel != generator.bernoulli(0.15)) ? 1 : 0) }
    }
    return Tensor(shape: [rows, dimension], scalars: scalars)
}

/// The baselines' exact likelihoods: normalised, smoothed, and EM climbing its objective.
@Suite struct BaselineTests {
    @Test func independentModelsUseLaplaceSmoothingAndSumToOne() {
        let data = Tensor(rows: [[1, 0, 1], [1, 1, 1], [0, 0, 1]])
        let bernoulli = IndependentBernoulli(fitting: data)
        // (count of ones + 1)/(n + 2): the third pixel is never 0 yet keeps probability 1/5 of being 0.
        let laplace: [Double] = [3.0 / 5, 2.0 / 5, 4.0 / 5]
        #expect(bernoulli.probabilities == laplace)
        #expect(abs(totalProbability(bernoulli.logLikelihood(allStates(dimension: 3, categories: 2))) - 1) < 1e-12)

        let codes = Tensor(rows: [[0, 3], [2, 3], [2, 1]])
        let categorical = IndependentCategorical(fitting: codes, categories: 4)
        let firstDimension: [Double] = [2.0 / 7, 1.0 / 7, 3.0 / 7, 1.0 / 7]
        #expect(categorical.probabilities[0] == firstDimension)
        #expect(abs(totalProbability(categorical.logLikelihood(allStates(dimension: 2, categories: 4))) - 1) < 1e-12)

        var generator = RandomGenerator(seed: 14)
        let samples = bernoulli.sample(20_000, using: &generator)
        for d in 0..<3 {
            let frequency = Double(samples.slice(d..<(d + 1), alongAxis: 1).sum().scalar) / 20_000
            let p = bernoulli.probabilities[d]
            #expect(abs(frequency - p) < 4 * (p * (1 - p) / 20_000).squareRoot())
        }
    }

    /// MAP-EM never lowers log-likelihood + log-prior; the fitted mixture's likelihood sums
    /// to 1 over all 2⁶ states, has no probability at 0 or 1, and beats independent pixels.
    @Test func emClimbsItsObjectiveAndTheMixtureIsNormalised() {
        let data = prototypeData(rows: 300, dimension: 6, seed: 15)
        var generator = RandomGenerator(seed: 16)
        let mixture = BernoulliMixture(fitting: data, components: 3, iterations: 40, using: &generator)
        #expect(mixture.objectiveHistory.count == 41 && mixture.logLikelihoodHistory.count == 41)
        for (before, after) in zip(mixture.objectiveHistory, mixture.objectiveHistory.dropFirst()) {
            #expect(after >= before - 1e-12 * abs(before), "EM objective fell from \(before) to \(after)")
        }
        #expect(mixture.objectiveHistory.last! > mixture.objectiveHistory.first! + 0.1)
        #expect(abs(totalProbability(mixture.logLikelihood(allStates(dimension: 6, categories: 2))) - 1) < 1e-12)
        #expect(mixture.probabilities.joined().allSatisfy { $0 > 0 && $0 < 1 })
        #expect(abs(mixture.weights.reduce(0, +) - 1) < 1e-12)
        let independent = IndependentBernoulli(fitting: data).logLikelihood(data).reduce(0, +)
        #expect(mixture.logLikelihood(data).reduce(0, +) > independent + 50)
        let responsibilities = mixture.responsibilities(data.slice(0..<5))
        #expect(responsibilities.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-12 })
    }

    /// With one component EM's single M-step is Laplace's rule, so the mixture is the
    /// independent model; on all-ones data smoothing keeps every μ below 1.
    @Test func oneComponentIsTheIndependentModelAndSmoothingAvoidsCertainty() {
        let data = prototypeData(rows: 50, dimension: 5, seed: 17)
        var generator = RandomGenerator(seed: 18)
        let single = BernoulliMixture(fitting: data, components: 1, iterations: 3, using: &generator)
        let independent = IndependentBernoulli(fitting: data)
        let states = allStates(dimension: 5, categories: 2)
        for (a, b) in zip(single.logLikelihood(states), independent.logLikelihood(states)) { #expect(abs(a - b) < 1e-12) }

        let ones = Tensor.ones([10, 4])
        let smoothed = BernoulliMixture(fitting: ones, components: 2, iterations: 5, using: &generator)
        #expect(smoothed.probabilities.joined().allSatisfy { $0 < 1 })
        #expect(smoothed.logLikelihood(Tensor.zeros([1, 4]))[0].isFinite)
    }

    @Test func mixtureSamplesFollowItsLikelihood() {
        let data = prototypeData(rows: 200, dimension: 4, seed: 19)
        var generator = RandomGenerator(seed: 20)
        let mixture = BernoulliMixture(fitting: data, components: 2, iterations: 20, using: &generator)
        let states = allStates(dimension: 4, categories: 2)
        let test = pearsonChiSquare(samples: mixture.sample(20_000, using: &generator), states: states,
                                    probabilities: mixture.logLikelihood(states).map { exp($0) })
        #expect(test.statistic < chiSquareCriticalValue(degreesOfFreedom: test.degreesOfFreedom), "χ² = \(test.statistic)")
    }
}
