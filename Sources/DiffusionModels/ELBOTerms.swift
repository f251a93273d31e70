import Foundation
import TensorCore

/// The terms of the diffusion ELBO for each example (Ho et al. 2020, eq. 5), in nats:
///
///   −ELBO = KL(q(x_T|x₀) ‖ p(x_T))  +  Σ_{t=2}^{T} KL(q(x_{t−1}|x_t, x₀) ‖ p_θ(x_{t−1}|x_t))  −  log p_θ(x₀|x₁)
///            (prior, L_T)              (step t, L_{t−1}, at one x_t ~ q(x_t|x₀))               (reconstruction, L₀)
///
/// Each step term is a KL between two Gaussians, exact given x_t; averaging over x_t ~ q
/// makes the sum an unbiased estimate of −ELBO ≥ −log p_θ(x₀).
public struct ELBOTerms: Sendable {
    /// KL(q(x_T | x₀) ‖ N(0, I)) per example: how far the chain is from reaching pure noise.
    public let prior: [Double]
    /// The timesteps 2…T of the step terms, in order.
    public let timesteps: [Int]
    /// The step KLs, one array of n per entry of `timesteps`.
    public let stepKLs: [[Double]]
    /// ‖ε − ε̂(x_t, t)‖² at the same draws as `stepKLs`, for the reweighting identity
    /// KL_t = w_t‖ε − ε̂‖² + D·C_t (`DiffusionSchedule.epsilonWeight`, `varianceMismatchKL`).
    public let squaredErrors: [[Double]]
    /// log p_θ(x₀ | x₁) per example, the decoder's log-density at x₁ ~ q(x₁ | x₀).
    public let reconstruction: [Double]

    /// The step KLs of timestep t (2…T), one per example.
    public func stepKL(t: Int) -> [Double] {
        require(t >= 2 && t - 2 < stepKLs.count, "Step KLs exist for t = 2…\(stepKLs.count + 1), not \(t).")
        return stepKLs[t - 2]
    }

    /// The sum of the step KLs of each example.
    public var totalStepKL: [Double] {
        (0..<prior.count).map { row in stepKLs.reduce(0) { $0 + $1[row] } }
    }

    /// −ELBO per example: prior + Σ step KLs − reconstruction, an upper bound on −log p_θ(x₀).
    public var negativeELBO: [Double] {
        zip(zip(prior, totalStepKL), reconstruction).map { $0.0 + $0.1 - $1 }
    }
}

// listing: elbo-terms
/// The ELBO's terms for each row of `x0` under the reverse model
/// p_θ(x_{t−1} | x_t) = N(μ_θ(x_t, t), σ_t² I) built from `model` (`reverseMean`) and the
/// fixed variance `variance`, with p(x_T) = N(0, I).
///
/// - Parameters:
///   - schedule: the chain to bound, `model.schedule` (nil) or a respacing of it, which
///     bounds the likelihood of the shorter reverse chain.
///   - generator: draws one x_t ~ q(x_t | x₀) per example and step, t = 1…T in order.
public func elboTerms(model: some NoisePredictor, x0: Tensor, labels: [Int]? = nil, variance: ReverseVariance = .posterior,
                      schedule: DiffusionSchedule? = nil, using generator: inout RandomGenerator) -> ELBOTerms {
    let schedule = schedule ?? model.schedule
    require(schedule.isRespacing(of: model.schedule), "The ELBO's schedule must be the model's or a respacing of it.")
    require(x0.rank == 2 && x0.columnCount == model.dataDimension, "elboTerms needs [n, \(model.dataDimension)] data, got \(x0.shape).")
    let (n, dimension, steps) = (x0.rowCount, x0.columnCount, schedule.steps)
    let clean = x0.doubles

    // L_T: q(x_T | x₀) = N(√ᾱ_T x₀, (1 − ᾱ_T)I) against N(0, I), per coordinate
    // ½(ᾱ_T x² + (1 − ᾱ_T) − 1 − log(1 − ᾱ_T)).
    let finalAlphaBar = schedule.alphaBar(steps)
    let priorConstant = -finalAlphaBar - Foundation.log1p(-finalAlphaBar)
    let prior = (0..<n).map { row in
        (0..<dimension).reduce(0.0) { total, j in
            let x = clean[row * dimension + j]
            return total + 0.5 * (finalAlphaBar * x * x + priorConstant)
        }
    }

    var reconstruction = [Double](), stepKLs = [[Double]](), squaredErrors = [[Double]]()
    for t in 1...steps {
        let draw = NoisyDraw(schedule: schedule, model: model, clean: clean, shape: x0.shape, t: t, labels: labels, using: &generator)
        let mean = draw.reverseMean(schedule: schedule)
        let sigmaSquared = variance.value(at: t, in: schedule)
        if t == 1 {
            // L₀ = log N(x₀; μ_θ(x₁, 1), σ₁² I).
            reconstruction = (0..<n).map { row in
                (0..<dimension).reduce(0.0) { total, j in
                    let index = row * dimension + j, residual = clean[index] - mean[index]
                    return total - 0.5 * residual * residual / sigmaSquared - 0.5 * Foundation.log(2 * Double.pi * sigmaSquared)
                }
            }
            continue
        }
        // L_{t−1} = KL(N(μ̃, β̃_t I) ‖ N(μ_θ, σ_t² I)), per coordinate ½[log(σ²/β̃) + (β̃ + (μ̃ − μ_θ)²)/σ² − 1].
        let posterior = schedule.posterior(t: t)
        let constant = 0.5 * (Foundation.log(sigmaSquared / posterior.variance) + posterior.variance / sigmaSquared - 1)
        stepKLs.append((0..<n).map { row in
            (0..<dimension).reduce(0.0) { total, j in
                let index = row * dimension + j
                let difference = posterior.cleanCoefficient * clean[index] + posterior.noisyCoefficient * draw.noisy[index] - mean[index]
                return total + constant + 0.5 * difference * difference / sigmaSquared
            }
        })
        squaredErrors.append(draw.squaredErrors(dimension: dimension))
    }
    return ELBOTerms(prior: prior, timesteps: steps >= 2 ? Array(2...steps) : [], stepKLs: stepKLs,
                     squaredErrors: squaredErrors, reconstruction: reconstruction)
}
// end listing

/// One draw x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε in double precision, with the model's ε̂ there.
struct NoisyDraw {
    let t: Int
    let noise: [Double]
    let noisy: [Double]
    let predicted: [Double]

    init(schedule: DiffusionSchedule, model: some NoisePredictor, clean: [Double], shape: [Int], t: Int, labels: [Int]?,
         using generator: inout RandomGenerator) {
        self.t = t
        noise = Tensor.normal(shape, using: &generator).doubles
        let signal = schedule.alphaBar(t).squareRoot(), spread = schedule.oneMinusAlphaBar(t).squareRoot()
        noisy = zip(clean, noise).map { signal * $0 + spread * $1 }
        predicted = model.predictNoise(Tensor(shape: shape, scalars: noisy.map(Float.init)),
                                       timestep: schedule.networkTimestep(t), labels: labels).doubles
    }

    /// μ_θ(x_t, t) = (x_t − β_t/√(1 − ᾱ_t)·ε̂)/√α_t, in double precision.
    func reverseMean(schedule: DiffusionSchedule) -> [Double] {
        let scale = 1 / schedule.alpha(t).squareRoot()
        let noiseScale = scale * schedule.beta(t) / schedule.oneMinusAlphaBar(t).squareRoot()
        return zip(noisy, predicted).map { scale * $0 - noiseScale * $1 }
    }

    /// ‖ε − ε̂‖² of each row.
    func squaredErrors(dimension: Int) -> [Double] {
        stride(from: 0, to: noise.count, by: dimension).map { start in
            var total = 0.0
            for index in start..<(start + dimension) {
                let error = noise[index] - predicted[index]
                total += error * error
            }
            return total
        }
    }
}
