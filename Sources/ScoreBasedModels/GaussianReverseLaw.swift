import Distributions
import TensorCore

/// The exact law of the reverse-time Euler–Maruyama sampler for Gaussian data.
///
/// With data N(μ, Σ) every p_t is N(α(t)μ, α(t)²Σ + σ(t)²I), so the exact score
/// −P_t(x − α(t)μ), P_t = (α²Σ + σ²I)⁻¹, is affine in x and each sampler step
///   x ← x − (a(t)x − g(t)²s(x, t))Δt + g(t)√Δt·z = A x + b + noise,
///   A = (1 − aΔt)I − g²ΔtP_t,   b = g²Δt·P_t α μ,
/// maps a Gaussian law to a Gaussian law: m ← Am + b, C ← ACAᵀ + g²Δt·I. Propagating
/// this from the prior gives the sampler's output law exactly — with its discretisation
/// error and its prior mismatch, but no Monte Carlo error — for comparing simulations
/// with and for separating the two sources of error.
public func eulerMaruyamaOutputLaw(data: Gaussian, sde: some ForwardSDE, sampler: EulerMaruyamaSampler,
                                   start: Gaussian? = nil) -> Gaussian {
    let d = data.dimension
    let prior = start ?? Gaussian(mean: [Double](repeating: 0, count: d),
                                  covariance: (sde.priorStandardDeviation * sde.priorStandardDeviation) * Matrix.identity(d))
    let grid = reverseTimeGrid(steps: sampler.steps, endTime: sampler.endTime)
    var mean = Matrix(rows: d, columns: 1, elements: prior.mean)
    var covariance = prior.covariance
    let dataMean = Matrix(rows: d, columns: 1, elements: data.mean)
    for step in 0..<sampler.steps {
        let t = grid[step], dt = t - grid[step + 1]
        let alpha = sde.meanScale(t), sigma = sde.noiseStandardDeviation(t)
        let g2 = sde.diffusion(t) * sde.diffusion(t)
        // The marginal's covariance is positive definite for t > 0, so the inverse exists.
        let precision = try! ((alpha * alpha) * data.covariance + (sigma * sigma) * Matrix.identity(d)).inverse()
        let map = (1 - sde.driftRate(t) * dt) * Matrix.identity(d) - (g2 * dt) * precision
        mean = map * mean + (g2 * dt * alpha) * (precision * dataMean)
        covariance = map * covariance * map.transposed
        if step < sampler.steps - 1 { covariance = covariance + (g2 * dt) * Matrix.identity(d) }
    }
    // Symmetrise: the products above leave rounding-level asymmetry.
    let symmetric = 0.5 * (covariance + covariance.transposed)
    return Gaussian(mean: mean.elements, covariance: symmetric)
}
