import Foundation
import TensorCore
import Autodiff

/// The law p(x | z) of a data point given the decoder's output for its code: what turns
/// a reconstruction *error* into a log-*likelihood*, so that the ELBO bounds log p(x) in
/// nats and bits per dimension mean something.
///
/// Data are always in [0, 1] units (the digits store k/16); the decoder's raw output per
/// pixel is a logit for the discrete laws and a mean for the Gaussian.
public enum DecoderLikelihood: Sendable, Equatable {
    /// x = k/n with k ~ Binomial(n, p), p = sigmoid(ℓ) from the logit ℓ:
    ///
    ///   log p(k) = log C(n, k) + k log p + (n − k) log(1 − p)
    ///            = log C(n, k) + kℓ − n·softplus(ℓ),
    ///
    /// using log p = ℓ − softplus(ℓ) and log(1 − p) = −softplus(ℓ), finite for any finite
    /// logit. A proper probability mass on the n + 1 grey levels, as the digits need
    /// (integers 0…16, n = 16); its mean is p, in [0, 1] units.
    case binomial(trials: Int)
    /// x ∈ {0, 1} with x ~ Bernoulli(sigmoid(ℓ)): the binomial with one trial, for binarised
    /// images. Grey values are rejected: with them the "likelihood" is not normalised.
    case bernoulli
    /// x ~ N(μ, s²) per pixel with the decoder's output as μ and a fixed s: a density,
    /// so its log-likelihood of discrete data is not comparable with the others'.
    case gaussian(standardDeviation: Double)

    /// The digits' law: 16 trials per pixel (grey levels 0…16).
    public static let digits = DecoderLikelihood.binomial(trials: 16)

    /// Whether p(x | z) is a probability mass, so that −log₂ p(x)/d is a code length in
    /// bits per dimension (for the Gaussian it is a density and may be negative).
    public var isDiscrete: Bool {
        if case .gaussian = self { return false }
        return true
    }

    /// The number of trials n of a binomial law (1 for Bernoulli, nil for the Gaussian).
    var trials: Int? {
        switch self {
        case .binomial(let trials): return trials
        case .bernoulli: return 1
        case .gaussian: return nil
        }
    }

    /// The data as counts k = n·x, checked to be integers in 0…n.
    func counts(_ data: Tensor, trials n: Int) -> Tensor {
        let counts = data * Float(n)
        for value in counts.scalars {
            require(value >= -1e-3 && value <= Float(n) + 1e-3 && Swift.abs(value - value.rounded()) < 1e-3,
                    "\(self) needs data on the grid k/\(n), k = 0…\(n); found a value \(value / Float(n)).")
        }
        return counts.map { $0.rounded() }
    }

    /// Σⱼ log C(n, kⱼ) for each row of counts, in double precision.
    static func logBinomialCoefficientSums(counts: Tensor, trials n: Int) -> [Double] {
        let table = (0...n).map { k in Foundation.lgamma(Double(n + 1)) - Foundation.lgamma(Double(k + 1)) - Foundation.lgamma(Double(n - k + 1)) }
        let columns = counts.columnCount
        return (0..<counts.rowCount).map { row in
            (0..<columns).reduce(0.0) { $0 + table[Int(counts.scalars[row * columns + $1])] }
        }
    }

    static func requireMatchingShapes(_ outputs: [Int], _ data: [Int]) {
        require(outputs.count == 2 && outputs == data, "A decoder likelihood needs outputs and data of one shape [n, d], got \(outputs) and \(data).")
    }

    // listing: decoder-log-likelihood
    /// log p(xᵢ | outputᵢ) for each row, summed over its pixels, `[n]`, on the tape.
    public func logLikelihood(outputs: Variable, data: Tensor) -> Variable {
        Self.requireMatchingShapes(outputs.shape, data.shape)
        switch self {
        case .binomial, .bernoulli:
            let n = trials!, c = counts(data, trials: n)
            let perExample = ((outputs * c) - outputs.softplus() * Float(n)).sum(alongAxis: 1)
            return n == 1 ? perExample : perExample + Tensor(Self.logBinomialCoefficientSums(counts: c, trials: n).map(Float.init))
        case .gaussian(let s):
            let logNormaliser = -0.5 * Double(data.columnCount) * Foundation.log(2 * Double.pi * s * s)
            return (outputs - data).squared().sum(alongAxis: 1) * Float(-0.5 / (s * s)) + Float(logNormaliser)
        }
    }
    // end listing

    /// log p(xᵢ | outputᵢ) for each row, accumulated in double precision (for evaluation).
    public func logLikelihood(outputs: Tensor, data: Tensor) -> [Double] {
        Self.requireMatchingShapes(outputs.shape, data.shape)
        let columns = data.columnCount
        switch self {
        case .binomial, .bernoulli:
            let n = trials!, k = counts(data, trials: n)
            let coefficients = Self.logBinomialCoefficientSums(counts: k, trials: n)
            return (0..<data.rowCount).map { row in
                (0..<columns).reduce(coefficients[row]) { total, column in
                    let logit = Double(outputs.scalars[row * columns + column]), count = Double(k.scalars[row * columns + column])
                    let softplus = Swift.max(logit, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(logit)))
                    return total + count * logit - Double(n) * softplus
                }
            }
        case .gaussian(let s):
            let logNormaliser = -0.5 * Double(columns) * Foundation.log(2 * Double.pi * s * s)
            return (0..<data.rowCount).map { row in
                (0..<columns).reduce(logNormaliser) { total, column in
                    let residual = Double(data.scalars[row * columns + column]) - Double(outputs.scalars[row * columns + column])
                    return total - 0.5 * residual * residual / (s * s)
                }
            }
        }
    }

    /// E[x | output] in data units: sigmoid(ℓ) for the binomial (the mean count n·p over n) and
    /// the Bernoulli, the output itself for the Gaussian. The image to display.
    public func mean(outputs: Tensor) -> Tensor {
        trials == nil ? outputs : outputs.sigmoid()
    }

    /// One draw x ~ p(x | output) per element, in data units.
    public func sample(outputs: Tensor, using generator: inout RandomGenerator) -> Tensor {
        switch self {
        case .binomial(let n):
            return outputs.sigmoid().map { p in Float((0..<n).reduce(0) { count, _ in count + (generator.uniformFloat() < p ? 1 : 0) }) / Float(n) }
        case .bernoulli:
            return outputs.sigmoid().sampledBernoulli(using: &generator)
        case .gaussian(let s):
            return outputs + Tensor.normal(outputs.shape, standardDeviation: Float(s), using: &generator)
        }
    }
}
