import Foundation
import NeuralLayers

/// One invertible layer of a normalising flow, written in the direction data → base,
/// y = f(x), together with log|det ∂f/∂x| for every row.
///
/// A flow is a composition f = f_L ∘ … ∘ f₁, so by the chain rule its Jacobian is the
/// product of the layers' and its log-determinant the sum of theirs:
///
///   log p(x) = log N(f(x); 0, I) + Σₗ log|det ∂fₗ/∂(input of fₗ)|.
///
/// Each layer therefore has to give its log-determinant cheaply (not by forming a
/// Jacobian), and its inverse exactly (for sampling). Training uses the tape forward;
/// inference, sampling and figures use the tensor paths, which record nothing.
public protocol FlowLayer: Layer {
    /// The dimension D of the points it maps (it maps ℝᴰ to ℝᴰ).
    var dimension: Int { get }
    /// y = f(x) and log|det ∂f/∂x| (`[n]`) on a tape, for maximum-likelihood training.
    func forward(_ x: Variable) -> (output: Variable, logDeterminant: Variable)
    /// y = f(x) and log|det ∂f/∂x| (`[n]`), without a tape.
    func forward(_ x: Tensor) -> (output: Tensor, logDeterminant: Tensor)
    /// x = f⁻¹(y), without a tape.
    func inverse(_ y: Tensor) -> Tensor
}

/// The base law of every flow here, N(0, I) in D dimensions:
/// log N(z; 0, I) = −½‖z‖² − (D/2)·log 2π.
public enum StandardNormalBase {
    /// −(D/2)·log 2π.
    public static func logNormaliser(dimension: Int) -> Double { -0.5 * Double(dimension) * Foundation.log(2 * Double.pi) }

    /// log N(zᵢ; 0, I) for every row of `[n, D]` z, on the tape.
    public static func logDensity(_ z: Variable) -> Variable {
        z.squared().sum(alongAxis: 1) * -0.5 + Float(logNormaliser(dimension: z.shape[1]))
    }

    /// log N(zᵢ; 0, I) for every row, in double precision.
    public static func logDensity(_ z: Tensor) -> [Double] {
        let d = z.columnCount
        let constant = logNormaliser(dimension: d)
        return (0..<z.rowCount).map { row in
            var squared = 0.0
            for k in 0..<d { let value = Double(z.scalars[row * d + k]); squared += value * value }
            return constant - 0.5 * squared
        }
    }
}
