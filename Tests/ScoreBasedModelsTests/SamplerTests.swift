import Foundation
import Testing
import ScoreBasedModels
import Distributions
import TensorCore

/// Samplers against Gaussian closed forms. With Gaussian data N(μ, Σ) every p_t is
/// Gaussian and its score affine in x, so each Euler–Maruyama step is an affine map plus
/// Gaussian noise, and the law of the sampler's output can be propagated exactly:
/// m ← Am + b, C ← ACAᵀ + g²Δt·I. A simulation of the library's sampler must agree with
/// that propagation within Monte Carlo error — a test with the power to see a wrong sign,
/// a missing ½ or a time-grid slip, which all move the output by many standard errors.
@Suite struct SamplerTests {
    let mean = SIMD2(1.0, -0.5)
    let covariance = (a: 0.5, b: 0.3, c: 0.4)
    var data: GaussianMixture2D { GaussianMixture2D([.init(weight: 1, mean: mean, covariance: covariance)]) }

    /// Exactly propagated mean and covariance of reverse Euler–Maruyama from N(0, s²I).
    func propagatedEulerMaruyama(_ sde: some ForwardSDE, steps: Int, endTime: Double) -> (mean: [Double], covariance: [[Double]]) {
        let grid = reverseTimeGrid(steps: steps, endTime: endTime)
        let s2 = sde.priorStandardDeviation * sde.priorStandardDeviation
        var m = [0.0, 0.0], c = [[s2, 0], [0, s2]]
        let sigma = [[covariance.a, covariance.b], [covariance.b, covariance.c]]
        for step in 0..<steps {
            let t = grid[step], dt = t - grid[step + 1]
            let alpha = sde.meanScale(t), noise = sde.noiseStandardDeviation(t)
            let k = [[alpha * alpha * sigma[0][0] + noise * noise, alpha * alpha * sigma[0][1]],
                     [alpha * alpha * sigma[1][0], alpha * alpha * sigma[1][1] + noise * noise]]
            let determinant = k[0][0] * k[1][1] - k[0][1] * k[1][0]
            let precision = [[k[1][1] / determinant, -k[0][1] / determinant], [-k[1][0] / determinant, k[0][0] / determinant]]
            let g2 = sde.diffusion(t) * sde.diffusion(t), a = sde.driftRate(t)
            // x' = x − (a x + g²P(x − αμ))Δt = A x + b with A = (1 − aΔt)I − g²ΔtP, b = g²ΔtPαμ.
            let matrix = (0..<2).map { i in (0..<2).map { j in (i == j ? 1 - a * dt : 0) - g2 * dt * precision[i][j] } }
            let offset = (0..<2).map { i in g2 * dt * alpha * (precision[i][0] * mean.x + precision[i][1] * mean.y) }
            m = (0..<2).map { i in matrix[i][0] * m[0] + matrix[i][1] * m[1] + offset[i] }
            let ac = (0..<2).map { i in (0..<2).map { j in matrix[i][0] * c[0][j] + matrix[i][1] * c[1][j] } }
            c = (0..<2).map { i in (0..<2).map { j in ac[i][0] * matrix[j][0] + ac[i][1] * matrix[j][1] } }
            if step < steps - 1 { c[0][0] += g2 * dt; c[1][1] += g2 * dt }
        }
        return (m, c)
    }

    func sampleMoments(_ x: Tensor) -> (mean: [Double], covariance: [[Double]]) {
        let n = Double(x.rowCount), values = x.doubles
        let m = [stride(from: 0, to: values.count, by: 2).map { values[$0] }.reduce(0, +) / n,
                 stride(from: 1, to: values.count, by: 2).map { values[$0] }.reduce(0, +) / n]
        var c = [[0.0, 0], [0, 0]]
        for row in 0..<x.rowCount {
            let d = [values[2 * row] - m[0], values[2 * row + 1] - m[1]]
            for i in 0..<2 { for j in 0..<2 { c[i][j] += d[i] * d[j] / n } }
        }
        return (m, c)
    }

    @Test(arguments: ["VP", "VE"])
    func eulerMaruyamaMatchesTheExactlyPropagatedLaw(sdeName: String) {
        let sde: any ForwardSDE = sdeName == "VP" ? VariancePreservingSDE() : VarianceExplodingSDE(sigmaMin: 0.01, sigmaMax: 6)
        var generator = RandomGenerator(seed: 21)
        let n = 20_000, steps = 200
        let sampler = EulerMaruyamaSampler(steps: steps)
        let samples = sampler.sample(ExactScore(data: data, sde: sde), count: n, using: &generator)
        let predicted = propagatedEulerMaruyama(sde, steps: steps, endTime: sampler.endTime)
        let measured = sampleMoments(samples)
        for i in 0..<2 {
            let standardError = (predicted.covariance[i][i] / Double(n)).squareRoot()
            #expect(abs(measured.mean[i] - predicted.mean[i]) < 5 * standardError, "\(sdeName) mean[\(i)]: \(measured.mean[i]) vs \(predicted.mean[i])")
        }
        // SE of a bivariate normal's sample covariance entry: √((CᵢᵢCⱼⱼ + Cᵢⱼ²)/n).
        for (i, j) in [(0, 0), (0, 1), (1, 1)] {
            let p = predicted.covariance
            let standardError = ((p[i][i] * p[j][j] + p[i][j] * p[i][j]) / Double(n)).squareRoot()
            #expect(abs(measured.covariance[i][j] - p[i][j]) < 5 * standardError, "\(sdeName) cov[\(i)][\(j)]: \(measured.covariance[i][j]) vs \(p[i][j])")
        }
        #expect(sampler.networkEvaluations == steps)
    }

    /// For N(0, s²I) data the flow is x_t = x₁·√(α(t)²s² + σ(t)²)/√(α(1)²s² + σ(1)²) exactly;
    /// Heun's error must fall by about 4 when the steps double, and encode ∘ decode ≈ identity.
    @Test func probabilityFlowFollowsTheExactGaussianFlowAtSecondOrder() {
        let sde = VariancePreservingSDE()
        let s2 = 0.3
        let model = ExactScore(data: GaussianMixture2D([.init(weight: 1, mean: SIMD2(0, 0), covariance: (s2, 0, s2))]), sde: sde)
        var generator = RandomGenerator(seed: 22)
        let start = Tensor.normal([50, 2], using: &generator)
        func scale(_ t: Double) -> Double { (sde.meanScale(t) * sde.meanScale(t) * s2 + sde.noiseStandardDeviation(t) * sde.noiseStandardDeviation(t)).squareRoot() }
        func error(_ steps: Int) -> Double {
            let sampler = ProbabilityFlowSampler(steps: steps, method: .heun)
            let exact = start * Float(scale(sampler.endTime) / scale(1))
            return Double((sampler.sample(model, from: start, using: &generator) - exact).abs().max())
        }
        let coarse = error(25), fine = error(50)
        #expect(coarse / fine > 3 && coarse / fine < 5, "Heun error ratio \(coarse / fine)")
        let sampler = ProbabilityFlowSampler(steps: 100, method: .rungeKutta4)
        #expect(sampler.networkEvaluations == 400)
        let roundTrip = sampler.sample(model, from: sampler.encode(start, model: model), using: &generator)
        #expect(Double((roundTrip - start).abs().max()) < 1e-3)
    }
}

/// The predictor–corrector's corrector must leave p_t (nearly) invariant: from exact
/// samples of p_t and with the exact score, Langevin steps of size δ only change the
/// variance v of a Gaussian to the unadjusted chain's v/(1 − δ/(4v)) (chapter 11), so after
/// many corrector steps the sample variance must match that within Monte Carlo error.
@Suite struct CorrectorTests {
    typealias Corrector = (_ x: Tensor, _ score: Tensor, _ stepSize: Float, _ generator: inout RandomGenerator) -> Tensor

    /// Runs `corrector` 100 times at t = 0.5 from exact samples and reports whether the
    /// variance lands within 5 SE of the unadjusted chain's stationary variance.
    static func keepsTheMarginal(_ corrector: Corrector) -> Bool {
        let sde = VariancePreservingSDE()
        let model = ExactScore(data: GaussianMixture2D([.init(weight: 1, mean: SIMD2(0, 0), covariance: (0.2, 0, 0.2))]), sde: sde)
        let t = 0.5
        let v = sde.meanScale(t) * sde.meanScale(t) * 0.2 + sde.noiseStandardDeviation(t) * sde.noiseStandardDeviation(t)
        var generator = RandomGenerator(seed: 23)
        let n = 20_000
        var x = Tensor.normal([n, 2], using: &generator) * Float(v.squareRoot())
        let sampler = PredictorCorrectorSampler(steps: 10, signalToNoiseRatio: 0.16)
        var stepSize = 0.0
        for _ in 0..<100 {
            let score = model.score(x, at: t)
            stepSize = PredictorCorrectorSampler.stepSize(signalToNoiseRatio: sampler.signalToNoiseRatio,
                                                          meanScoreNorm: Double(score.rowNorms().mean().scalar), dimension: 2)
            x = corrector(x, score, Float(stepSize), &generator)
        }
        let variance = Double(x.squared().mean().scalar)
        let stationary = v / (1 - stepSize / (4 * v))
        return abs(variance - stationary) < 5 * stationary * (2 / Double(2 * n)).squareRoot()
    }

    @Test func theLibraryCorrectorKeepsTheMarginal() {
        let sde = VariancePreservingSDE()
        let model = ExactScore(data: GaussianMixture2D([.init(weight: 1, mean: SIMD2(0, 0), covariance: (0.2, 0, 0.2))]), sde: sde)
        let sampler = PredictorCorrectorSampler(steps: 10)
        #expect(Self.keepsTheMarginal { x, _, _, generator in sampler.correct(x, model: model, at: 0.5, using: &generator) })
    }

    /// Song et al.'s step x + εs + √(2ε)z read with the book's δ = ε (drift δs instead of δ/2·s)
    /// and its mirror (noise √(2δ)) are the two plausible slips; both must be caught.
    @Test func correctorsWithMismatchedStepSizesAreRejected() {
        #expect(!Self.keepsTheMarginal { x, score, delta, generator in
            x + score * delta + Tensor.normal(x.shape, using: &generator) * delta.squareRoot()
        })
        #expect(!Self.keepsTheMarginal { x, score, delta, generator in
            x + score * (delta / 2) + Tensor.normal(x.shape, using: &generator) * (2 * delta).squareRoot()
        })
    }

    /// The signal-to-noise rule against a Monte Carlo estimate of E‖z‖ (not the Γ formula).
    @Test func stepSizeRuleGivesTheRequestedSignalToNoiseRatio() {
        var generator = RandomGenerator(seed: 24)
        for d in [1, 2, 5] {
            let z = Tensor.normal([200_000, d], using: &generator)
            let monteCarloNorm = Double(z.rowNorms().mean().scalar)
            let delta = PredictorCorrectorSampler.stepSize(signalToNoiseRatio: 0.2, meanScoreNorm: 3, dimension: d)
            let ratio = (delta / 2) * 3 / (delta.squareRoot() * monteCarloNorm)
            #expect(abs(ratio - 0.2) < 0.002, "d = \(d): drift/noise = \(ratio)")
        }
    }
}

@Suite struct ProbabilityFlowLikelihoodTests {
    /// For Gaussian data N(0, s²I) under VP, p_t = N(0, (α²s² + σ²)I): the ODE likelihood with the
    /// exact score must reproduce the exact log-density.
    @Test func likelihoodIsExactForAGaussian() {
        let sde = VariancePreservingSDE()
        let s2 = 0.25
        let model = ExactScore(data: GaussianMixture2D([.init(weight: 1, mean: SIMD2(0, 0), covariance: (s2, 0, s2))]), sde: sde)
        let likelihood = ProbabilityFlowLikelihood(steps: 200)
        let points = Tensor(rows: [[0.1, -0.2], [0.6, 0.3], [-0.9, 0.0]])
        let result = likelihood.logDensity(points, under: model)
        let v = sde.meanScale(1e-3) * sde.meanScale(1e-3) * s2 + sde.noiseStandardDeviation(1e-3) * sde.noiseStandardDeviation(1e-3)
        for row in 0..<3 {
            let x = points.doubles[(2 * row)..<(2 * row + 2)]
            let exact = -x.reduce(0) { $0 + $1 * $1 } / (2 * v) - log(2 * Double.pi * v)
            // The only approximations: p_1 = N(0, I) instead of N(0, α(1)²s² + σ(1)²) (a 1e-5 difference) and RK4.
            #expect(abs(result.logDensity[row] - exact) < 1e-3, "\(result.logDensity[row]) vs \(exact)")
        }
    }
}
