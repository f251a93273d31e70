import Foundation
import TensorCore

/// The exact optimal noise predictor when the data are Gaussian, x₀ ~ N(m, s²I): the
/// ε̂ that any trained network is trying to be, in closed form.
///
/// With x_t = √ᾱ x₀ + √(1 − ᾱ) ε, each coordinate of (ε, x_t) is jointly Gaussian with
/// E[x_t] = √ᾱ m, Var(x_t) = ᾱs² + 1 − ᾱ and Cov(ε, x_t) = √(1 − ᾱ). Conditioning a
/// Gaussian on another (the regression of ε on x_t) gives
///
///   ε̂*(x_t, t) = E[ε | x_t] = √(1 − ᾱ_t)(x_t − √ᾱ_t m) / (ᾱ_t s² + 1 − ᾱ_t),
///   Var(ε | x_t) = 1 − (1 − ᾱ_t)/(ᾱ_t s² + 1 − ᾱ_t) = ᾱ_t s²/(ᾱ_t s² + 1 − ᾱ_t).
///
/// The conditional mean minimises E‖ε − ε̂‖², so the second line, times D, is the
/// smallest value the denoising loss can take at t (`minimumLoss(t:)`): the floor under
/// a "loss by timestep" curve. With classes, each label has its own mean; the null label
/// has the mean `nullMean`, which classifier-free guidance extrapolates away from.
public struct GaussianDataDenoiser: NoisePredictor, Sendable {
    public let schedule: DiffusionSchedule
    /// The data mean of each label (one entry when unconditional); the null label's last.
    public let means: [[Double]]
    /// The data standard deviation s of every coordinate.
    public let standardDeviation: Double
    public let nullLabel: Int?

    /// The exact predictor for unconditional data N(m, s²I).
    public init(mean: [Double], standardDeviation: Double, schedule: DiffusionSchedule) {
        self.init(means: [mean], standardDeviation: standardDeviation, nullLabel: nil, schedule: schedule)
    }

    /// A class-conditional predictor: data of class y are N(m_y, s²I), and the null class
    /// (label `classMeans.count`) predicts as if the data were N(m_∅, s²I).
    public init(classMeans: [[Double]], nullMean: [Double], standardDeviation: Double, schedule: DiffusionSchedule) {
        self.init(means: classMeans + [nullMean], standardDeviation: standardDeviation, nullLabel: classMeans.count, schedule: schedule)
    }

    private init(means: [[Double]], standardDeviation: Double, nullLabel: Int?, schedule: DiffusionSchedule) {
        require(!means.isEmpty && !means[0].isEmpty && means.allSatisfy { $0.count == means[0].count },
                "The Gaussian denoiser needs means of one positive dimension.")
        require(standardDeviation > 0, "The data standard deviation must be positive, got \(standardDeviation).")
        self.schedule = schedule
        self.means = means
        self.standardDeviation = standardDeviation
        self.nullLabel = nullLabel
    }

    public var dataDimension: Int { means[0].count }

    /// The data mean that `label` (nil: unconditional, i.e. the null class) stands for.
    public func mean(of label: Int?) -> [Double] { means[label ?? nullLabel ?? 0] }

    /// The gain k_t = √(1 − ᾱ_t)/(ᾱ_t s² + 1 − ᾱ_t) in ε̂* = k_t(x_t − √ᾱ_t m).
    public func gain(t: Int) -> Double {
        let oneMinus = schedule.oneMinusAlphaBar(t)
        return oneMinus.squareRoot() / (schedule.alphaBar(t) * standardDeviation * standardDeviation + oneMinus)
    }

    public func predictNoise(_ noisy: Tensor, timesteps: [Int], labels: [Int]?) -> Tensor {
        validate(noisy, timesteps: timesteps, labels: labels)
        let dimension = dataDimension
        return Tensor(shape: noisy.shape) { output in
            for row in 0..<noisy.rowCount {
                let t = timesteps[row], mean = mean(of: labels?[row])
                let k = gain(t: t), signal = schedule.alphaBar(t).squareRoot()
                for j in 0..<dimension {
                    let x = Double(noisy.scalars[row * dimension + j])
                    output[row * dimension + j] = Float(k * (x - signal * mean[j]))
                }
            }
        }
    }

    /// The smallest expected denoising loss E‖ε − ε̂‖² at timestep t, D·ᾱ_t s²/(ᾱ_t s² + 1 − ᾱ_t):
    /// the loss of this predictor on its own data.
    public func minimumLoss(t: Int) -> Double {
        let signal = schedule.alphaBar(t) * standardDeviation * standardDeviation
        return Double(dataDimension) * signal / (signal + schedule.oneMinusAlphaBar(t))
    }

    /// The exact negative log-likelihood −log N(x₀; m_y, s²I) of each row, in nats: what
    /// the diffusion ELBO bounds from above.
    public func negativeLogLikelihood(_ x0: Tensor, labels: [Int]? = nil) -> [Double] {
        require(x0.rank == 2 && x0.columnCount == dataDimension, "Expected [n, \(dataDimension)] points, got \(x0.shape).")
        let variance = standardDeviation * standardDeviation, dimension = dataDimension
        return (0..<x0.rowCount).map { row in
            let mean = mean(of: labels?[row])
            let squares = (0..<dimension).reduce(0.0) { total, j in
                let difference = Double(x0.scalars[row * dimension + j]) - mean[j]
                return total + difference * difference
            }
            return 0.5 * squares / variance + 0.5 * Double(dimension) * Foundation.log(2 * Double.pi * variance)
        }
    }
}
