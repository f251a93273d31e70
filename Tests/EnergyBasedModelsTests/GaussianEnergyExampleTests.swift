import Foundation
import Testing
import TensorCore
@testable import EnergyBasedModels

@Suite struct GaussianEnergyExampleTests {
    /// The recursion's stationary value is the closed form 1/(θ(1 − εθ/4)), and the fixed point solves v_L(θ̂) = m₂.
    @Test func theFixedPointSolvesTheVarianceEquation() {
        let stationary = GaussianEnergyExample.negativeVariance(precision: 1.7, stepSize: 0.1, steps: 5_000, startVariance: 3)
        #expect(abs(stationary - 1 / (1.7 * (1 - 0.1 * 1.7 / 4))) < 1e-12)
        for steps in [1, 5, 50, nil] as [Int?] {
            let θ = GaussianEnergyExample.fixedPoint(secondMoment: 0.5, stepSize: 0.1, steps: steps, startVariance: 4)
            #expect(abs(GaussianEnergyExample.negativeVariance(precision: θ, stepSize: 0.1, steps: steps, startVariance: 4) - 0.5) < 1e-9)
        }
    }

    /// Training with exact negatives lands on 1/m₂, with L-step Langevin negatives on the fixed point of v_L: each within
    /// 4 SE of the mean over 12 independent runs.
    @Test func trainingLandsOnTheFixedPoints() {
        var generator = RandomGenerator(seed: 9)
        let cases: [(GaussianEnergyExample.Negatives, Double)] = [
            (.exact, 2),
            (.langevin(steps: 5, stepSize: 0.1, startVariance: 4), GaussianEnergyExample.fixedPoint(secondMoment: 0.5, stepSize: 0.1, steps: 5, startVariance: 4)),
            (.langevin(steps: nil, stepSize: 0.1, startVariance: 4), GaussianEnergyExample.fixedPoint(secondMoment: 0.5, stepSize: 0.1, steps: nil, startVariance: 4)),
        ]
        for (negatives, expected) in cases {
            let runs = (0..<12).map { _ in
                GaussianEnergyExample.train(secondMoment: 0.5, negatives: negatives, start: 1, learningRate: 0.5, iterations: 4_000, count: 64, using: &generator)
            }
            let mean = runs.reduce(0, +) / 12
            let standardError = (runs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 11 / 12).squareRoot()
            #expect(abs(mean - expected) < 4 * standardError, "\(negatives): \(mean) ± \(standardError) vs \(expected)")
        }
    }
}
