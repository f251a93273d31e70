import Foundation
import Testing
import TensorCore
import Autodiff
@testable import VariationalAutoencoders

/// The KL weighting schedule, free bits, and the active-unit count that measures collapse.
@Suite struct PosteriorCollapseTests {
    /// The KL weight ramps linearly from 0 to β over the warm-up, and the standard loss is
    /// the negative mean ELBO.
    @Test func warmUpRampsTheKLWeightAndTheStandardLossIsTheNegativeELBO() {
        let objective = ELBOObjective(beta: 2, warmUpSteps: 100)
        #expect([0, 25, 50, 100, 1_000].map { objective.klWeight(atStep: $0) } == [0, 0.5, 1, 2, 2])
        #expect(ELBOObjective.standard.klWeight(atStep: 0) == 1)
        let tape = Tape()
        let terms = ELBOTerms(reconstruction: tape.constant(Tensor([-100, -120])),
                              klPerDimension: tape.constant(Tensor(shape: [2, 2], scalars: [1, 3, 2, 4])))
        #expect(ELBOObjective.standard.loss(terms, step: 0).value.scalar == 110 + 5)
        #expect(objective.loss(terms, step: 50).value.scalar == 110 + 5)
    }

    /// Free bits: a dimension whose batch-mean KL is below λ counts as λ and receives no
    /// gradient from the KL; one above λ receives the weight divided by the batch size.
    @Test func freeBitsCutTheKLGradientBelowTheFloor() {
        let tape = Tape()
        // Batch means per dimension: 0.2 (below λ = 0.5) and 1.5 (above).
        let perDimension = tape.variable(Tensor(shape: [2, 2], scalars: [0.1, 1, 0.3, 2]))
        let terms = ELBOTerms(reconstruction: tape.constant(Tensor([-10, -10])), klPerDimension: perDimension)
        let loss = ELBOObjective(beta: 3, freeBitsPerDimension: 0.5).loss(terms, step: 0)
        #expect(abs(loss.value.scalar - (10 + 3 * (0.5 + 1.5))) < 1e-5)
        #expect(tape.gradients(of: loss, withRespectTo: [perDimension])[0].scalars == [0, 1.5, 0, 1.5])
    }

    /// Burda et al.'s count on constructed posterior means: column variances 0, 0.004, 0.04
    /// and 1 give two active units at the 0.01 threshold.
    @Test func activeUnitsCountColumnsWhoseMeansVaryWithTheData() {
        var generator = RandomGenerator(seed: 1)
        let standard = Tensor.normal([4_000, 4], using: &generator)
        let means = standard * Tensor([0, Float(0.004).squareRoot(), Float(0.04).squareRoot(), 1])
        let units = ActiveUnits(posteriorMeans: means)
        #expect(units.count == 2 && units.isActive == [false, false, true, true])
        for (activity, expected) in zip(units.activities, [0, 0.004, 0.04, 1]) {
            #expect(abs(activity - expected) < 0.1 * expected + 1e-12)
        }
    }

    /// Provoked collapse and its cure, on 300 digits for 400 steps: with β = 100 every latent
    /// dimension collapses (no active unit, every per-dimension KL below 0.05 nats); with
    /// 1 free nat per dimension every dimension stays active with more than half a nat.
    @Test func freeBitsKeepEveryDimensionAboveTheFloorWhereStrongBetaCollapsesThem() throws {
        let (collapsed, _) = try TinyDigitVAE.trained(latentSize: 6, steps: 400, objective: ELBOObjective(beta: 100))
        let (cured, curedTrainer) = try TinyDigitVAE.trained(latentSize: 6, steps: 400, objective: ELBOObjective(beta: 100, freeBitsPerDimension: 1))
        let collapsedKL = collapsed.averageKLPerDimension(TinyDigitVAE.images)
        let curedKL = cured.averageKLPerDimension(TinyDigitVAE.images)
        #expect(collapsedKL.allSatisfy { $0 < 0.05 }, "collapsed per-dimension KL \(collapsedKL)")
        #expect(curedKL.allSatisfy { $0 > 0.5 }, "free-bits per-dimension KL \(curedKL)")
        #expect(collapsed.activeUnits(TinyDigitVAE.images).count == 0)
        #expect(cured.activeUnits(TinyDigitVAE.images).count == 6)
        // The record's per-dimension KL is the batch's, the same quantity the floor acts on.
        #expect(curedTrainer.history.last!.klPerDimension.allSatisfy { $0 > 0.5 })
    }
}
