import Foundation
import Testing
import DiffusionModels
import Statistics
import TensorCore

/// The ELBO's decomposition against its definition, and the ε-reweighting identity.
@Suite struct ELBOTests {
    let schedule = DiffusionSchedule.linear(steps: 50)
    let mean = [1.0, -0.5], deviation = 0.5

    func data(_ n: Int, using generator: inout RandomGenerator) -> Tensor {
        Tensor.normal([n, 2], standardDeviation: Float(deviation), using: &generator) + Tensor(mean.map(Float.init))
    }

    /// The sum of closed-form terms (prior KL + step KLs − reconstruction) and the direct
    /// Monte Carlo estimate from whole simulated chains agree on −E[ELBO] within 4 standard
    /// errors, for both reverse variances and for the exact and a wrong predictor (the
    /// identity holds for any ε̂). Dropping the reconstruction term, a plausible slip, would
    /// move the sum by more than 30 standard errors.
    @Test(arguments: ReverseVariance.allCases)
    func sumOfTermsMatchesTheDirectEstimate(variance: ReverseVariance) {
        let exact = GaussianDataDenoiser(mean: mean, standardDeviation: deviation, schedule: schedule)
        let wrong = GaussianDataDenoiser(mean: [0.5, 0], standardDeviation: 0.8, schedule: schedule)
        var generator = RandomGenerator(seed: 11)
        let x0 = data(20_000, using: &generator)
        for model in [exact, wrong] {
            let terms = elboTerms(model: model, x0: x0, variance: variance, using: &generator)
            let sum = SampleSummary(terms.negativeELBO)
            let direct = SampleSummary(directELBOEstimate(model: model, x0: x0, variance: variance, using: &generator).map { -$0 })
            let standardError = (sum.standardError * sum.standardError + direct.standardError * direct.standardError).squareRoot()
            #expect(abs(sum.mean - direct.mean) < 4 * standardError, "\(variance): terms \(sum.mean) vs direct \(direct.mean) ± \(standardError)")
            #expect(abs(terms.reconstruction.mean) > 30 * standardError)
            #expect(terms.timesteps == Array(2...50) && terms.stepKLs.count == 49)
        }
    }

    /// −ELBO bounds the exact negative log-likelihood from above for the exact predictor, and
    /// closely with σ_t² = β_t (a 2-D point costs ~0.05 nats more than its −log p on this 50-step
    /// chain); the baseline that takes the data to be N(0, I) is looser by over 20 standard errors.
    /// With σ_t² = β̃_t the bound is nats looser: on a short chain the true reverse variance at
    /// small t is close to β_t, several times β̃_t.
    @Test func boundIsAboveTheExactNegativeLogLikelihoodAndTighterForTheExactPredictor() {
        let exact = GaussianDataDenoiser(mean: mean, standardDeviation: deviation, schedule: schedule)
        let baseline = GaussianDataDenoiser(mean: [0, 0], standardDeviation: 1, schedule: schedule)
        var generator = RandomGenerator(seed: 12)
        let x0 = data(10_000, using: &generator)
        let likelihood = exact.negativeLogLikelihood(x0)
        let gap = pairedDifference(elboTerms(model: exact, x0: x0, variance: .beta, using: &generator).negativeELBO, likelihood)
        #expect(gap.mean > -4 * gap.standardError && gap.mean < 0.2, "gap \(gap.mean) ± \(gap.standardError)")
        let baselineGap = pairedDifference(elboTerms(model: baseline, x0: x0, variance: .beta, using: &generator).negativeELBO, likelihood)
        #expect(baselineGap.mean - gap.mean > 20 * (baselineGap.standardError + gap.standardError), "baseline gap \(baselineGap.mean)")
        let smallVarianceGap = pairedDifference(elboTerms(model: exact, x0: x0, variance: .posterior, using: &generator).negativeELBO, likelihood)
        #expect(smallVarianceGap.mean > 1, "β̃ gap \(smallVarianceGap.mean)")
    }

    /// Each step's KL, computed as a KL between Gaussians from the posterior coefficients, equals
    /// w_t‖ε − ε̂‖² + D·C_t draw by draw, with w_t = β_t²/(2σ_t²α_t(1 − ᾱ_t)) (Ho et al. eq. 12)
    /// and C_t = 0 for σ_t² = β̃_t. A weight without the ½ would be twice too large.
    @Test(arguments: ReverseVariance.allCases)
    func stepKLIsTheWeightedNoiseError(variance: ReverseVariance) {
        let wrong = GaussianDataDenoiser(mean: [0.3, 0.1], standardDeviation: 0.9, schedule: schedule)
        var generator = RandomGenerator(seed: 13)
        let terms = elboTerms(model: wrong, x0: data(200, using: &generator), variance: variance, using: &generator)
        for t in [2, 3, 10, 25, 50] {
            let weight = schedule.epsilonWeight(t: t, variance: variance)
            let constant = 2 * schedule.varianceMismatchKL(t: t, variance: variance)
            if variance == .posterior { #expect(constant == 0) }
            let errors = terms.squaredErrors[t - 2]
            for (kl, error) in zip(terms.stepKL(t: t), errors) {
                #expect(abs(kl - (weight * error + constant)) <= 1e-9 * max(kl, 1e-3), "t = \(t): \(kl) vs \(weight * error + constant)")
            }
            #expect(terms.stepKL(t: t).mean > 0)
        }
    }
}
