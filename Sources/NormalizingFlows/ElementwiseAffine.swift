import Foundation
import NeuralLayers

/// A per-coordinate affine layer, y = (x − μ) ⊙ exp(−log σ), with learned μ and log σ:
/// the "actnorm" of Glow (Kingma & Dhariwal 2018), used first in a flow so the couplings
/// see standardised inputs whatever the data's units.
///
/// Its Jacobian is diagonal with entries exp(−log σⱼ), so log|det| = −Σⱼ log σⱼ, the same
/// for every point. It starts as the identity; `initialize(from:)` sets μ and σ to a
/// batch's mean and standard deviation (Glow's data-dependent initialisation), after
/// which training moves them like any other parameter.
public final class ElementwiseAffine: FlowLayer {
    /// μ, `[D]`.
    public let location: Parameter
    /// log σ, `[D]`.
    public let logScale: Parameter

    /// The identity map on ℝᴰ, until trained or initialised from data.
    public init(dimension: Int, name: String = "actnorm") {
        require(dimension > 0, "An elementwise affine layer needs a positive dimension, got \(dimension).")
        location = Parameter(Tensor.zeros([dimension]), name: "\(name).location")
        logScale = Parameter(Tensor.zeros([dimension]), name: "\(name).logScale")
    }

    public var parameters: [Parameter] { [location, logScale] }
    public var dimension: Int { location.value.count }

    /// μ ← the mean of each column of `data`, log σ ← the log of its standard deviation,
    /// so that the layer maps `data` to zero mean and unit variance per coordinate.
    public func initialize(from data: Tensor) {
        require(data.rank == 2 && data.columnCount == dimension && data.rowCount >= 2,
                "Initialising a \(dimension)-D affine layer needs [n ≥ 2, \(dimension)] data, got \(data.shape).")
        let n = data.rowCount
        var means = [Float](), logScales = [Float]()
        for column in 0..<dimension {
            let values = (0..<n).map { Double(data.scalars[$0 * dimension + column]) }
            let mean = values.reduce(0, +) / Double(n)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
            require(variance > 0, "Column \(column) of the data is constant; it cannot be standardised.")
            means.append(Float(mean))
            logScales.append(Float(0.5 * Foundation.log(variance)))
        }
        location.value = Tensor(means)
        logScale.value = Tensor(logScales)
    }

    public func forward(_ x: Variable) -> (output: Variable, logDeterminant: Variable) {
        let tape = x.tape
        let logScale = tape.parameter(self.logScale)
        let output = (x - tape.parameter(location)) * (-logScale).exp()
        return (output, (-logScale.sum()).broadcasted(toShape: [x.shape[0]]))
    }

    public func forward(_ x: Tensor) -> (output: Tensor, logDeterminant: Tensor) {
        let output = (x - location.value) * (-logScale.value).exp()
        return (output, Tensor(repeating: -logScale.value.sum().scalar, shape: [x.rowCount]))
    }

    public func inverse(_ y: Tensor) -> Tensor {
        y * logScale.value.exp() + location.value
    }
}
