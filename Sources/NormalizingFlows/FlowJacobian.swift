import Foundation
import NeuralLayers

// Two independent routes to the Jacobian ∂f/∂x of a flow at one point, so that the cheap
// log-determinant the layers add up can be checked against log|det| of a full matrix.

extension RealNVP {
    /// The D × D Jacobian Jᵢⱼ = ∂zᵢ/∂xⱼ of z = f(x) at `x`, through the tape: one forward
    /// pass, then one backward pass per output i with seed eᵢ, whose gradient with respect
    /// to x is row i (a vector–Jacobian product eᵢᵀJ). Exact up to Float32 rounding.
    public func jacobianByTape(at x: [Double]) -> [[Double]] {
        require(x.count == dimension, "A \(dimension)-D flow's Jacobian needs a point of length \(dimension), got \(x.count).")
        let tape = Tape()
        let input = tape.variable(Tensor(shape: [1, dimension], scalars: x.map(Float.init)))
        let z = forward(input).z
        return (0..<dimension).map { i in
            var seed = Tensor.zeros([1, dimension])
            seed.scalars[i] = 1
            return tape.gradients(of: z, seed: seed, withRespectTo: [input])[0].doubles
        }
    }

    /// The Jacobian by central differences of the Float32 forward map,
    ///
    ///   Jᵢⱼ ≈ (fᵢ(x + heⱼ) − fᵢ(x − heⱼ)) / (2h),
    ///
    /// dividing by the step actually taken (x ± h rounded to Float32). Its error is
    /// truncation plus rounding,
    ///
    ///   |error| ≲ (h²/6)·|∂³f| + u₃₂·|f|/h,   u₃₂ = 2⁻²⁴ ≈ 6·10⁻⁸,
    ///
    /// the second term because each evaluation of f is off by a few rounding units of |f|
    /// and the difference of two such values is divided by 2h. The sum is smallest near
    /// h ≈ (3u₃₂·|f|/|∂³f|)^{1/3}, about 10⁻² for f and its derivatives of order one,
    /// where both terms are ~10⁻⁵: finite differences agree with the tape to 4–5 digits,
    /// never to Float32 precision.
    public func jacobianByFiniteDifferences(at x: [Double], step h: Double = 1e-2) -> [[Double]] {
        require(x.count == dimension, "A \(dimension)-D flow's Jacobian needs a point of length \(dimension), got \(x.count).")
        require(h > 0, "A finite-difference step must be positive, got \(h).")
        let d = dimension
        // All 2D displaced points in one batch: rows 2j and 2j + 1 are x + heⱼ and x − heⱼ.
        var displaced = [Float](), steps = [Double]()
        for j in 0..<d {
            var plus = x.map(Float.init), minus = plus
            plus[j] += Float(h)
            minus[j] -= Float(h)
            displaced += plus + minus
            steps.append(Double(plus[j]) - Double(minus[j]))
        }
        let z = forward(Tensor(shape: [2 * d, d], scalars: displaced)).z
        return (0..<d).map { i in
            (0..<d).map { j in (Double(z[2 * j, i]) - Double(z[2 * j + 1, i])) / steps[j] }
        }
    }

    /// log|det ∂f/∂x| at one point from the layers (the sum of the couplings' Σ s), the
    /// quantity the two Jacobians above check.
    public func logDeterminant(at x: [Double]) -> Double {
        require(x.count == dimension, "A \(dimension)-D flow needs a point of length \(dimension), got \(x.count).")
        return forward(Tensor(shape: [1, dimension], scalars: x.map(Float.init))).logDeterminant[0]
    }
}

/// log|det A| of a square matrix, by Gaussian elimination with partial pivoting in double
/// precision: the product of the pivots is ±det A, so log|det A| = Σ log|pivotᵢ| (summed as
/// logarithms, so large or small determinants neither overflow nor underflow). −∞ for a
/// singular matrix.
public func logAbsoluteDeterminant(_ matrix: [[Double]]) -> Double {
    let n = matrix.count
    require(matrix.allSatisfy { $0.count == n }, "A determinant needs a square matrix, got rows of lengths \(matrix.map(\.count)).")
    var a = matrix, total = 0.0
    for column in 0..<n {
        let pivot = (column..<n).max { Swift.abs(a[$0][column]) < Swift.abs(a[$1][column]) }!
        if a[pivot][column] == 0 { return -Double.infinity }
        a.swapAt(column, pivot)
        total += Foundation.log(Swift.abs(a[column][column]))
        for row in (column + 1)..<n {
            let factor = a[row][column] / a[column][column]
            for k in column..<n { a[row][k] -= factor * a[column][k] }
        }
    }
    return total
}
