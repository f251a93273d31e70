import Distributions
import Foundation
import Statistics
import TensorCore

// How far a score model is from a reference score: the numbers a chapter prints when
// it knows the truth.

/// E‖s(x) − s_ref(x)‖ / E‖s_ref(x)‖ over the rows of two `[n, d]` score tensors: the
/// error of a score field relative to the size of the true one.
public func relativeScoreError(_ scores: Tensor, reference: Tensor) -> Double {
    require(scores.shape == reference.shape, "Score tensors must have one shape, got \(scores.shape) and \(reference.shape).")
    let errors = (scores - reference).rowNorms().doubles
    let sizes = reference.rowNorms().doubles
    return errors.reduce(0, +) / sizes.reduce(0, +)
}

/// The relative score error of each model against `reference` at each time, on one set of
/// `count` samples of the marginal p_t of `data` per time (the same samples for every model).
/// Returns one array per model, one value per time.
public func relativeScoreErrors(of models: [any ScoreModel], reference: some ScoreModel, data: some ClosedUnderGaussianNoise,
                                times: [Double], count: Int, using generator: inout RandomGenerator) -> [[Double]] {
    var errors = [[Double]](repeating: [], count: models.count)
    for t in times {
        let samples = data.marginal(of: reference.sde, at: t).sample(count, using: &generator)
        let exact = reference.score(samples, at: t)
        for (index, model) in models.enumerated() { errors[index].append(relativeScoreError(model.score(samples, at: t), reference: exact)) }
    }
    return errors
}

/// The denoising-score-matching identity measured at one time t: for x_t = α x₀ + σ ε,
/// the DSM loss of `model` minus that of the exact score equals E‖s_θ − ∇log p_t‖² (Vincent,
/// 2011). Per sample the two differ by 2(s_θ − s)·(s + ε/σ), whose conditional mean given
/// x_t is 0 because E[ε | x_t] = −σ∇log p_t(x_t); `differenceStandardError` is the standard
/// error of that difference's mean over `count` samples. `lossStandardDeviation` is the spread
/// of the model's per-sample loss: how noisy one sample's evidence about the score is.
public func denoisingScoreMatchingGap(of model: some ScoreModel, exact: some ScoreModel, data: some Distribution, at t: Double,
                                      count: Int, using generator: inout RandomGenerator)
    -> (lossDifference: Double, explicitError: Double, differenceStandardError: Double, lossStandardDeviation: Double) {
    let noise = Tensor.normal([count, data.dimension], using: &generator)
    let sigma = model.sde.noiseStandardDeviation(t)
    let points = model.sde.perturb(data.sample(count, using: &generator), times: Tensor.full([count, 1], Float(t)), noise: noise)
    let (scores, exactScores) = (model.score(points, at: t), exact.score(points, at: t))
    let target = noise * Float(1 / sigma)
    let learnedLoss = (scores + target).squared().sum(alongAxis: 1).doubles
    let exactLoss = (exactScores + target).squared().sum(alongAxis: 1).doubles
    let explicit = (scores - exactScores).squared().sum(alongAxis: 1).doubles
    let lossDifference = zip(learnedLoss, exactLoss).map { $0 - $1 }
    return (lossDifference.mean, explicit.mean, SampleSummary(zip(lossDifference, explicit).map { $0 - $1 }).standardError,
            learnedLoss.standardDeviation)
}
