import Foundation
import Testing
import TensorCore
import NeuralLayers
import Distributions
import Statistics
@testable import NormalizingFlows

/// Maximum-likelihood training on the two moons, judged on held-out points.
@Suite struct FlowTrainingTests {
    /// 800 Adam steps of a small flow (under a second) on 5,000 moons: on 2,000 held-out
    /// points its log-likelihood beats the best single Gaussian by more than 10 paired
    /// standard errors, and does not beat the true density by more than 3 (E[log p − log p_θ]
    /// is a KL divergence, never negative). The trainer records every step.
    @Test func briefTrainingBeatsAGaussianAndStaysBelowTheTruth() throws {
        var generator = RandomGenerator(seed: 1)
        let moons = TwoMoons()
        let train = moons.sample(5_000, using: &generator), heldOut = moons.sample(2_000, using: &generator)
        let flow = RealNVP(dimension: 2, couplings: 4, hidden: [32, 32], using: &generator)
        flow.initializeNormalization(from: train)
        let trainer = FlowTrainer(flow: flow, steps: 800, learningRate: 5e-3, schedule: .cosine(floor: 0.05))
        for step in 0..<trainer.steps { try trainer.step(step, batch: train.randomRows(256, using: &generator)) }
        #expect(trainer.history.count == 800)
        #expect(trainer.history.suffix(50).map(\.meanLogLikelihood).mean > trainer.history.prefix(10).map(\.meanLogLikelihood).mean + 0.5)

        let moments = BivariateMoments(train)
        let gaussian = Gaussian(mean: [moments.mean.x, moments.mean.y],
                                covariance: Matrix(rows: [[moments.covariance.a, moments.covariance.b], [moments.covariance.b, moments.covariance.c]]))
        let (model, baseline, truth) = (flow.logDensity(heldOut), gaussian.logDensity(heldOut), moons.logDensity(heldOut))
        let overGaussian = SampleSummary(zip(model, baseline).map { $0 - $1 })
        #expect(overGaussian.mean > 10 * overGaussian.standardError, "flow − Gaussian: \(overGaussian.mean) ± \(overGaussian.standardError)")
        let gap = SampleSummary(zip(truth, model).map { $0 - $1 })
        #expect(gap.mean > -3 * gap.standardError, "truth − flow: \(gap.mean) ± \(gap.standardError)")
    }

    /// A batch with a NaN stops the step with a sentence naming the quantity and the step.
    @Test func nonFiniteLogDensityStopsTraining() {
        var generator = RandomGenerator(seed: 2)
        let flow = RealNVP(dimension: 2, couplings: 2, hidden: [8], using: &generator)
        flow.randomizeOutputLayers(standardDeviation: 0.1, using: &generator)
        let trainer = FlowTrainer(flow: flow, steps: 10)
        #expect(throws: NonFiniteValueError.self) {
            try trainer.step(3, batch: Tensor(rows: [[0, 1], [.nan, 0.5]]))
        }
        do {
            try trainer.step(3, batch: Tensor(rows: [[0, 1], [.nan, 0.5]]))
        } catch {
            #expect("\(error)".contains("RealNVP log-") && "\(error)".contains("step 3"), "\(error)")
        }
        #expect(trainer.history.isEmpty)
    }
}
