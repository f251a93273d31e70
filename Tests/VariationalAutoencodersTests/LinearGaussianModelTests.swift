import Foundation
import Testing
import TensorCore
import Distributions
import Statistics
import Autoencoders
@testable import VariationalAutoencoders

/// A random model with d = 5, k = 2, a data point drawn from it, and a random full-covariance q.
private func randomSetting(seed: UInt64) -> (model: LinearGaussianLatentModel, x: [Double], q: Gaussian) {
    var generator = RandomGenerator(seed: seed)
    let loadings = Matrix(Tensor.normal([5, 2], using: &generator))
    let offset = (0..<5).map { _ in generator.normalDouble() }
    let model = LinearGaussianLatentModel(loadings: loadings, offset: offset, noiseVariance: 0.4)
    let x = model.sampleData(1, using: &generator)[0]
    let root = Matrix(Tensor.normal([2, 2], standardDeviation: 0.5, using: &generator))
    let q = Gaussian(mean: [generator.normalDouble(), generator.normalDouble()], covariance: root * root.transposed + 0.05 * Matrix.identity(2))
    return (model, x, q)
}

/// The linear-Gaussian model: exact evidence, posterior and ELBO by separate routes, and
/// the importance-weighted bound converging to the exact log p(x).
@Suite struct LinearGaussianModelTests {
    /// log p(x) = ELBO(q) + KL(q ‖ p(z | x)) for random q: the left side from the marginal
    /// N(b, WWᵀ + σ²I), the ELBO from the likelihood and the prior KL, the gap from the
    /// posterior; a mistake in any of the three formulas breaks the equality.
    @Test func elboPlusGapIsTheExactLogEvidence() {
        for seed in UInt64(1)...5 {
            let (model, x, q) = randomSetting(seed: seed)
            let elbo = model.evidenceLowerBound(x, approximatePosterior: q)
            let gap = model.posteriorGap(x, approximatePosterior: q)
            let logEvidence = model.logMarginalLikelihood(x)
            #expect(gap > 0.01 && elbo.value < logEvidence)
            #expect(abs(elbo.value + gap - logEvidence) < 1e-9 * max(1, abs(logEvidence)), "seed \(seed)")
        }
    }

    /// With q the exact posterior the bound is tight: ELBO = log p(x), gap 0.
    @Test func theExactPosteriorAttainsTheLogEvidence() {
        let (model, x, _) = randomSetting(seed: 6)
        let posterior = model.posterior(x)
        #expect(abs(model.evidenceLowerBound(x, approximatePosterior: posterior).value - model.logMarginalLikelihood(x)) < 1e-10)
        #expect(abs(model.posteriorGap(x, approximatePosterior: posterior)) < 1e-12)
    }

    /// Bayes' rule point by point: log p(z | x) = log p(x, z) − log p(x) at random z, with
    /// the posterior from its closed form and the right side from the joint and marginal.
    @Test func thePosteriorIsBayesRule() {
        let (model, x, _) = randomSetting(seed: 7)
        var generator = RandomGenerator(seed: 8)
        let posterior = model.posterior(x)
        for _ in 0..<5 {
            let z = [generator.normalDouble() * 2, generator.normalDouble() * 2]
            #expect(abs(posterior.logDensity(at: z) - (model.logJoint(x, z) - model.logMarginalLikelihood(x))) < 1e-10)
        }
    }

    /// The closed-form ELBO against its definition E_q[log p(x, z) − log q(z)] by Monte
    /// Carlo (which is the K = 1 importance-weighted bound), within four standard errors.
    @Test func closedFormELBOMatchesMonteCarlo() {
        let (model, x, q) = randomSetting(seed: 9)
        var generator = RandomGenerator(seed: 10)
        let estimate = model.importanceWeightedBound(x, proposal: q, samples: 1, repeats: 40_000, using: &generator)
        let elbo = model.evidenceLowerBound(x, approximatePosterior: q).value
        #expect(abs(estimate.mean - elbo) < 4 * estimate.standardError, "MC \(estimate.mean) ± \(estimate.standardError), closed form \(elbo)")
        // Power: the gap to log p(x) is many standard errors wide.
        #expect(model.logMarginalLikelihood(x) - elbo > 10 * estimate.standardError)
    }

    /// The closed-form relative variance of the weights, Var(w)/p(x)², against the sample
    /// variance of w/p(x) over draws (finite fourth moment needed for the band: q is chosen
    /// wider than the posterior, so w is bounded).
    @Test func importanceWeightVarianceMatchesItsClosedForm() {
        let (model, x, _) = randomSetting(seed: 11)
        let posterior = model.posterior(x)
        let q = Gaussian(mean: posterior.mean.map { $0 + 0.3 }, covariance: 2 * posterior.covariance)
        let chiSquare = model.importanceWeightRelativeVariance(x, proposal: q)
        var generator = RandomGenerator(seed: 12)
        let logEvidence = model.logMarginalLikelihood(x)
        let ratios = model.logImportanceWeights(x, proposal: q, samples: 100_000, using: &generator).map { exp($0 - logEvidence) }
        #expect(abs(SampleSummary(ratios).mean - 1) < 4 * SampleSummary(ratios).standardError)
        #expect(abs(ratios.unbiasedVariance - chiSquare) < 4 * varianceStandardError(ratios), "closed form \(chiSquare), sample \(ratios.unbiasedVariance)")
        // A q narrower than half the posterior's variance has weights of infinite variance.
        let narrow = Gaussian(mean: posterior.mean, covariance: 0.4 * posterior.covariance)
        #expect(model.importanceWeightRelativeVariance(x, proposal: narrow) == .infinity)
        #expect(abs(model.importanceWeightRelativeVariance(x, proposal: posterior)) < 1e-10)
    }

    /// IWAE (Burda et al. 2016): with q the prior, L_K rises with K — each step by more than
    /// four standard errors of the difference — and at K = 1000 sits below log p(x) by the
    /// delta-method gap χ²/(2K) within four standard errors, while L₁ = ELBO is far below.
    @Test func importanceWeightedBoundRisesWithKTowardsTheLogEvidence() {
        var generator = RandomGenerator(seed: 13)
        let model = LinearGaussianLatentModel(loadings: Matrix(rows: [[1.0], [0.5]]), offset: [0.2, -0.1], noiseVariance: 0.6)
        let x = [3.0, 1.2]  // far enough from the prior's bulk that χ² ≈ 10
        let q = Gaussian(mean: [0], covariance: Matrix.identity(1))
        let logEvidence = model.logMarginalLikelihood(x)
        let chiSquare = model.importanceWeightRelativeVariance(x, proposal: q)
        var previous: ImportanceWeightedEstimate?
        for k in [1, 10, 100, 1_000] {
            let estimate = model.importanceWeightedBound(x, proposal: q, samples: k, repeats: 3_000, using: &generator)
            if let previous {
                let spread = (previous.standardError * previous.standardError + estimate.standardError * estimate.standardError).squareRoot()
                #expect(estimate.mean - previous.mean > 4 * spread, "K = \(k): \(estimate.mean) after \(previous.mean)")
            }
            #expect(estimate.mean < logEvidence + 4 * estimate.standardError)
            previous = estimate
        }
        let last = previous!
        let predicted = logEvidence - chiSquare / 2_000  // χ²/(2K) at K = 1000
        #expect(abs(last.mean - predicted) < 4 * last.standardError, "L_1000 = \(last.mean) ± \(last.standardError), predicted \(predicted)")
        #expect(logEvidence - model.evidenceLowerBound(x, approximatePosterior: q).value > 100 * last.standardError)
    }

    /// The maximum-likelihood fit reuses chapter 1's closed form: b is the data mean, and
    /// the average exact log-evidence equals ProbabilisticPCA's average log-likelihood.
    @Test func maximumLikelihoodFitMatchesProbabilisticPCA() throws {
        var generator = RandomGenerator(seed: 14)
        let truth = LinearGaussianLatentModel(loadings: Matrix(Tensor.normal([4, 2], using: &generator)), offset: [1, -2, 0.5, 0], noiseVariance: 0.3)
        let rows = truth.sampleData(500, using: &generator)
        let data = Tensor(shape: [500, 4], scalars: rows.flatMap { $0.map(Float.init) })
        let fitted = try LinearGaussianLatentModel.maximumLikelihood(fittedTo: data, latentDimension: 2)
        let x = Matrix(data)
        for j in 0..<4 { #expect(abs(fitted.offset[j] - (0..<500).reduce(0) { $0 + x[$1, j] } / 500) < 1e-10) }
        let average = (0..<500).reduce(0.0) { total, i in total + fitted.logMarginalLikelihood((0..<4).map { x[i, $0] }) } / 500
        var covariance = Matrix(rows: 4, columns: 4, elements: Array(repeating: 0, count: 16))
        for i in 0..<500 { for a in 0..<4 { for b in 0..<4 {
            covariance.elements[a * 4 + b] += (x[i, a] - fitted.offset[a]) * (x[i, b] - fitted.offset[b]) / 500
        } } }
        #expect(abs(average - (try fitted.components.logLikelihood(covariance: covariance))) < 1e-9)
    }
}

/// log-mean-exp and the effective sample size on hand-computed cases.
@Suite struct ImportanceWeightingTests {
    @Test func logMeanExpAndEffectiveSampleSizeOnHandComputedCases() {
        // Weights 1, 1, 2 (shifted by −800 nats, where exp underflows to 0 in double precision).
        let logWeights = [0, 0, log(2.0)].map { $0 - 800 }
        #expect(abs(ImportanceWeighting.logMeanExp(logWeights) - (log(4.0 / 3) - 800)) < 1e-12)
        #expect(abs(ImportanceWeighting.effectiveSampleSize(logWeights: logWeights) - 16.0 / 6) < 1e-12)
        #expect(abs(ImportanceWeighting.effectiveSampleSize(logWeights: Array(repeating: -3, count: 50)) - 50) < 1e-9)
        #expect(ImportanceWeighting.effectiveSampleSize(logWeights: [0, -50, -60]) < 1 + 1e-15)
        let estimate = ImportanceWeighting.bound(logWeights: [[0, 0], [log(3.0), log(5.0)]])
        #expect(estimate.sampleCount == 2 && abs(estimate.values[1] - log(4.0)) < 1e-12 && abs(estimate.mean - log(4.0) / 2) < 1e-12)
        #expect(abs(estimate.bitsPerDimension(dimension: 2) - (-estimate.mean / (2 * log(2.0)))) < 1e-15)
    }
}
