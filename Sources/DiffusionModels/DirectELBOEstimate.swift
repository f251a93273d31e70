import Foundation
import TensorCore

// listing: direct-elbo
/// The ELBO of each row of `x0` from its definition, by simulating whole forward chains:
///
///   ELBO ≈ log p(x_T) + Σ_{t=1}^{T} log p_θ(x_{t−1} | x_t) − Σ_{t=1}^{T} log q(x_t | x_{t−1}),
///   x_{1:T} ~ q(· | x₀) step by step,
///
/// one chain per example (Ho et al. 2020, eq. 3, before any rearrangement). It shares no
/// formula with `elboTerms` — no closed-form marginal, no posterior, no Gaussian KL, only
/// log-densities of the forward steps and of the reverse model — so the two agreeing on
/// average (this is E[ELBO], that is −E[ELBO]) checks the decomposition. Its variance is
/// larger: each log-ratio is a random quantity where a KL term is its average.
///
/// Parameters as in `elboTerms`. Returns the lower bound on log p_θ(x₀) (nats) per example.
public func directELBOEstimate(model: some NoisePredictor, x0: Tensor, labels: [Int]? = nil, variance: ReverseVariance = .posterior,
                               schedule: DiffusionSchedule? = nil, using generator: inout RandomGenerator) -> [Double] {
    let schedule = schedule ?? model.schedule
    require(schedule.isRespacing(of: model.schedule), "The ELBO's schedule must be the model's or a respacing of it.")
    require(x0.rank == 2 && x0.columnCount == model.dataDimension, "directELBOEstimate needs [n, \(model.dataDimension)] data, got \(x0.shape).")
    let (n, dimension) = (x0.rowCount, x0.columnCount)
    var previous = x0.doubles
    var bound = [Double](repeating: 0, count: n)
    for t in 1...schedule.steps {
        // x_t = √α_t x_{t−1} + √β_t z and − log q(x_t | x_{t−1}) = ½‖z‖² + (D/2) log(2πβ_t).
        let z = Tensor.normal(x0.shape, using: &generator).doubles
        let (shrink, spread) = (schedule.alpha(t).squareRoot(), schedule.beta(t).squareRoot())
        let current = zip(previous, z).map { shrink * $0 + spread * $1 }
        let predicted = model.predictNoise(Tensor(shape: x0.shape, scalars: current.map(Float.init)),
                                           timestep: schedule.networkTimestep(t), labels: labels).doubles
        // + log p_θ(x_{t−1} | x_t) = log N(x_{t−1}; μ_θ(x_t, t), σ_t² I).
        let scale = 1 / shrink, noiseScale = schedule.beta(t) / (shrink * schedule.oneMinusAlphaBar(t).squareRoot())
        let sigmaSquared = variance.value(at: t, in: schedule)
        let forwardConstant = 0.5 * Double(dimension) * Foundation.log(2 * Double.pi * schedule.beta(t))
        let reverseConstant = 0.5 * Double(dimension) * Foundation.log(2 * Double.pi * sigmaSquared)
        for row in 0..<n {
            var forward = 0.0, reverse = 0.0
            for index in (row * dimension)..<((row + 1) * dimension) {
                forward += 0.5 * z[index] * z[index]
                let residual = previous[index] - (scale * current[index] - noiseScale * predicted[index])
                reverse -= 0.5 * residual * residual / sigmaSquared
            }
            bound[row] += forward + forwardConstant + reverse - reverseConstant
        }
        previous = current
    }
    // + log p(x_T) = log N(x_T; 0, I).
    for row in 0..<n {
        let squares = (0..<dimension).reduce(0.0) { $0 + previous[row * dimension + $1] * previous[row * dimension + $1] }
        bound[row] -= 0.5 * squares + 0.5 * Double(dimension) * Foundation.log(2 * Double.pi)
    }
    return bound
}
// end listing
