import Foundation
import TensorCore

/// What an ancestral sampling run returns.
public struct AncestralSamples {
    /// The samples x₀, `[count, D]`.
    public let samples: Tensor
    /// The states kept for a denoising-chain figure, from x_T to x₀, each with its timestep
    /// on the original schedule (0 for the final samples); empty unless `keepEvery` was set.
    public let snapshots: [(t: Int, x: Tensor)]
    /// Noise-predictor evaluations per sample: the number of steps, twice that with guidance.
    public let networkEvaluations: Int
}

// listing: ancestral-sampler
/// DDPM's ancestral sampler (Ho et al. 2020, Algorithm 2), with optional classifier-free
/// guidance (Ho & Salimans 2022):
///
///   x_T ~ N(0, I);  for t = T…1:  x_{t−1} = μ_θ(x_t, t) + σ_t z,  z ~ N(0, I),  no noise at t = 1,
///
/// with μ_θ from ε̂ (`reverseMean`). Guidance replaces ε̂ by
///
///   ε̃ = (1 + w) ε̂(x_t, t, y) − w ε̂(x_t, t, ∅),
///
/// a step along the difference between the conditional and unconditional noise, i.e. along
/// ∇ log p(y | x_t) — sharper classes at the cost of diversity — without a classifier.
///
/// The schedule may be a respacing of the model's: then it runs K < T steps with the
/// respaced β's and calls the network at `networkTimestep(i)`.
public struct AncestralSampler: Sendable {
    public let schedule: DiffusionSchedule
    public let variance: ReverseVariance
    /// The guidance scale w ≥ 0 (0: plain conditional or unconditional sampling).
    public let guidance: Double
    /// Keep x every this many steps (plus x_T and x₀); nil keeps nothing.
    public let keepEvery: Int?
    /// When set, each step clips x̂₀ (`predictedClean`) to this range and takes the posterior
    /// mean c₀x̂₀ + c_t x_t, which equals μ_θ when nothing is clipped (Ho et al.'s code clips
    /// images to [−1, 1]). It bounds the error of steps where ᾱ_t ≈ 0 magnifies ε̂'s error by
    /// 1/√α_t: 32 at the cosine schedule's last step (β_T = 0.999), thousands when respaced.
    public let denoisedRange: ClosedRange<Float>?

    public init(schedule: DiffusionSchedule, variance: ReverseVariance = .posterior, guidance: Double = 0, keepEvery: Int? = nil,
                denoisedRange: ClosedRange<Float>? = nil) {
        require(guidance >= 0 && guidance.isFinite, "The guidance scale must be a finite w ≥ 0, got \(guidance).")
        require(keepEvery.map { $0 > 0 } ?? true, "keepEvery must be positive, got \(keepEvery!).")
        self.schedule = schedule
        self.variance = variance
        self.guidance = guidance
        self.keepEvery = keepEvery
        self.denoisedRange = denoisedRange
    }

    /// Draws `count` samples, of class `labels[i]` each if given (nil: unconditional).
    public func sample(model: some NoisePredictor, count: Int, labels: [Int]? = nil,
                       using generator: inout RandomGenerator) -> AncestralSamples {
        require(schedule.isRespacing(of: model.schedule),
                "The sampler's \(schedule.name) schedule is neither the model's \(model.schedule.name) schedule nor a respacing of it.")
        require(count > 0, "Sampling needs a positive count, got \(count).")
        require(labels.map { $0.count == count } ?? true, "Sampling needs one label per sample, got \(labels?.count ?? 0) for \(count).")
        let guided = guidance > 0
        require(!guided || (labels != nil && model.nullLabel != nil), "Guidance needs class labels and a model with a null class.")
        var x = Tensor.normal([count, model.dataDimension], using: &generator)
        var snapshots: [(t: Int, x: Tensor)] = keepEvery == nil ? [] : [(schedule.networkTimestep(schedule.steps), x)]
        for i in stride(from: schedule.steps, through: 1, by: -1) {
            let timestep = schedule.networkTimestep(i)
            let noise = guided ? guidedNoise(model: model, x: x, timestep: timestep, labels: labels!)
                               : model.predictNoise(x, timestep: timestep, labels: labels)
            if let range = denoisedRange {
                let clean = schedule.predictedClean(noisy: x, predictedNoise: noise, t: i).clamped(range.lowerBound, range.upperBound)
                x = schedule.posterior(t: i).mean(clean: clean, noisy: x)
            } else {
                x = schedule.reverseMean(noisy: x, predictedNoise: noise, t: i)
            }
            if i > 1 {
                x.addInPlace(Tensor.normal(x.shape, using: &generator), scaledBy: Float(variance.value(at: i, in: schedule).squareRoot()))
            }
            if let keepEvery, (i - 1) % keepEvery == 0 || i == 1 {
                snapshots.append((i == 1 ? 0 : schedule.networkTimestep(i - 1), x))
            }
        }
        return AncestralSamples(samples: x, snapshots: snapshots, networkEvaluations: schedule.steps * (guided ? 2 : 1))
    }

    /// ε̃ = (1 + w)ε̂(x, t, y) − wε̂(x, t, ∅), both evaluated in one pass over 2n rows.
    func guidedNoise(model: some NoisePredictor, x: Tensor, timestep: Int, labels: [Int]) -> Tensor {
        let both = model.predictNoise(Tensor.concatenate([x, x], alongAxis: 0), timestep: timestep,
                                      labels: labels + Array(repeating: model.nullLabel!, count: labels.count))
        let rows = x.rowCount
        let conditional = both.slice(0..<rows), unconditional = both.slice(rows..<(2 * rows))
        return conditional * Float(1 + guidance) - unconditional * Float(guidance)
    }

    /// The same run in one call, with the settings as arguments.
    public static func sample(model: some NoisePredictor, schedule: DiffusionSchedule, count: Int, labels: [Int]? = nil,
                              guidance: Double = 0, variance: ReverseVariance = .posterior, keepEvery: Int? = nil,
                              denoisedRange: ClosedRange<Float>? = nil, using generator: inout RandomGenerator) -> AncestralSamples {
        AncestralSampler(schedule: schedule, variance: variance, guidance: guidance, keepEvery: keepEvery, denoisedRange: denoisedRange)
            .sample(model: model, count: count, labels: labels, using: &generator)
    }
}
// end listing
