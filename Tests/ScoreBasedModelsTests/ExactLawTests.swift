import Foundation
import Testing
import Distributions
import ScoreBasedModels
import TensorCore

/// The exact laws of the Euler–Maruyama schemes, which chapter 12 checks its simulations against.
@Suite struct ExactLawTests {
    /// Forward: the recursion's variance converges to the closed-form σ(t)² at first order, and a
    /// simulation of `simulate` matches the recursion within Monte Carlo error.
    @Test(arguments: ["VP", "VE"])
    func forwardLawConvergesAtFirstOrderAndMatchesSimulation(sdeName: String) {
        let sde: any ForwardSDE = sdeName == "VP" ? VariancePreservingSDE() : VarianceExplodingSDE(sigmaMin: 0.01, sigmaMax: 6)
        let exact = sde.noiseStandardDeviation(0.7) * sde.noiseStandardDeviation(0.7)
        let coarse = sde.eulerMaruyamaLaw(steps: 200, upTo: 0.7).variance - exact
        let fine = sde.eulerMaruyamaLaw(steps: 400, upTo: 0.7).variance - exact
        #expect(abs(coarse / fine - 2) < 0.1, "\(sdeName): error ratio \(coarse / fine)")
        var generator = RandomGenerator(seed: 31)
        let n = 40_000
        let x = sde.simulate(from: Tensor.full([n, 1], 1.5), steps: 200, snapshots: [0.7], using: &generator)[0.7]!
        let law = sde.eulerMaruyamaLaw(steps: 200, upTo: 0.7)
        let mean = Double(x.mean().scalar), variance = Double((x - Float(mean)).squared().mean().scalar)
        #expect(abs(mean - 1.5 * law.meanFactor) < 5 * (law.variance / Double(n)).squareRoot())
        #expect(abs(variance - law.variance) < 5 * law.variance * (2 / Double(n - 1)).squareRoot())
    }

    /// Reverse: the library's propagation against an independent 2 × 2 propagation written out
    /// in `SamplerTests`, and against the true data law when started from p₁ with many steps.
    @Test func reverseLawAgreesWithTheHandPropagationAndConvergesToTheData() {
        let data = Gaussian(mean: [1, -0.5], covariance: Matrix(rows: [[0.5, 0.3], [0.3, 0.4]]))
        for sde in [VariancePreservingSDE(), VarianceExplodingSDE(sigmaMin: 0.01, sigmaMax: 6)] as [any ForwardSDE] {
            let sampler = EulerMaruyamaSampler(steps: 200)
            let library = eulerMaruyamaOutputLaw(data: data, sde: sde, sampler: sampler)
            let hand = SamplerTests().propagatedEulerMaruyama(sde, steps: 200, endTime: sampler.endTime)
            #expect(abs(library.mean[0] - hand.mean[0]) < 1e-10 && abs(library.mean[1] - hand.mean[1]) < 1e-10)
            #expect(abs(library.covariance[0, 1] - hand.covariance[0][1]) < 1e-10 && abs(library.covariance[1, 1] - hand.covariance[1][1]) < 1e-10)
            // Started from the true p₁ with a fine grid, the output is the data law up to O(Δt) and the end time's noise.
            let fine = eulerMaruyamaOutputLaw(data: data, sde: sde, sampler: EulerMaruyamaSampler(steps: 4_000),
                                              start: data.marginal(of: sde, at: 1))
            #expect(abs(fine.mean[0] - 1) < 1e-3 && abs(fine.covariance[0, 1] - 0.3) < 5e-3, "\(sde.name): \(fine.mean), \(fine.covariance)")
        }
    }
}

@Suite struct ScoreErrorTests {
    let sde = VariancePreservingSDE()
    let data = GaussianMixture2D.ring(modes: 4, radius: 1.5, spread: 0.3)

    /// A model that adds a constant c to the exact score: its explicit error is ‖c‖² exactly, and the
    /// DSM loss difference must match it within the reported standard error; the exact score scores 0.
    struct ShiftedScore: ScoreModel {
        let exact: ExactScore<GaussianMixture2D>
        let shift: Tensor
        var sde: any ForwardSDE { exact.sde }
        func score(_ x: Tensor, at t: Double) -> Tensor { exact.score(x, at: t) + shift }
        func scoreAndDivergence(_ x: Tensor, at t: Double) -> (score: Tensor, divergence: [Double]) {
            (score(x, at: t), exact.scoreAndDivergence(x, at: t).divergence)
        }
    }

    @Test func denoisingGapMatchesTheExplicitErrorOfAShiftedScore() {
        let exact = ExactScore(data: data, sde: sde)
        var generator = RandomGenerator(seed: 32)
        let gap = denoisingScoreMatchingGap(of: ShiftedScore(exact: exact, shift: Tensor([0.3, -0.4])), exact: exact, data: data, at: 0.3,
                                            count: 100_000, using: &generator)
        #expect(abs(gap.explicitError - 0.25) < 1e-5)
        #expect(abs(gap.lossDifference - gap.explicitError) < 4 * gap.differenceStandardError)
        #expect(gap.explicitError > 10 * gap.differenceStandardError)
        let zero = denoisingScoreMatchingGap(of: exact, exact: exact, data: data, at: 0.3, count: 1_000, using: &generator)
        #expect(zero.lossDifference == 0 && zero.explicitError == 0)
    }

    @Test func relativeErrorsAreZeroForTheTruthAndExactForAScaledScore() {
        let exact = ExactScore(data: data, sde: sde)
        struct Scaled: ScoreModel {
            let exact: ExactScore<GaussianMixture2D>
            var sde: any ForwardSDE { exact.sde }
            func score(_ x: Tensor, at t: Double) -> Tensor { exact.score(x, at: t) * 1.5 }
            func scoreAndDivergence(_ x: Tensor, at t: Double) -> (score: Tensor, divergence: [Double]) { exact.scoreAndDivergence(x, at: t) }
        }
        var generator = RandomGenerator(seed: 33)
        let errors = relativeScoreErrors(of: [exact, Scaled(exact: exact)], reference: exact, data: data, times: [0.1, 0.5], count: 500, using: &generator)
        #expect(errors[0] == [0, 0])
        for value in errors[1] { #expect(abs(value - 0.5) < 1e-5) }
    }

    @Test func timeWindowedScoreSwitchesAtTheWindowEdges() {
        let exact = ExactScore(data: data, sde: sde)
        let windowed = TimeWindowedScore(ScoreErrorTests.ShiftedScore(exact: exact, shift: Tensor([1, 1])), inside: 0.2..<0.4, otherwise: exact)
        let x = Tensor(rows: [[0.1, 0.2]])
        #expect(windowed.score(x, at: 0.3) == exact.score(x, at: 0.3) + Tensor([1, 1]))
        #expect(windowed.score(x, at: 0.4) == exact.score(x, at: 0.4))
        #expect(windowed.score(x, at: 0.1) == exact.score(x, at: 0.1))
    }
}
