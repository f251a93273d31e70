import Foundation
import TensorCore

/// The checkerboard: uniform on the 8 dark squares of a 4 × 4 board covering
/// [−2, 2]². Sharp edges and disconnected support make it a hard 2-D test for
/// generative models, and membership is easy to test exactly. Its density
/// (1/8 on the dark squares) has no useful score, so it only offers samples.
public struct Checkerboard: Distribution {
    /// The board over [−2, 2]² (it has no parameters).
    public init() {}

    /// Points lie in the plane: d = 2.
    public var dimension: Int { 2 }

    /// `[count, 2]` exact samples.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        Tensor(shape: [count, 2]) { output in
            for row in 0..<count {
                // Pick one of the 8 dark squares uniformly, then a uniform point inside it.
                let square = generator.integer(below: 8)
                let column = square % 4
                let rowOfBoard = 2 * (square / 4) + (column % 2)    // dark squares: column + row even
                output[2 * row] = Float(column - 2) + generator.uniformFloat()
                output[2 * row + 1] = Float(rowOfBoard - 2) + generator.uniformFloat()
            }
        }
    }

    /// Whether a point lies on a dark square (floor(x) + floor(y) even, inside the board).
    public static func contains(_ x: Double, _ y: Double) -> Bool {
        guard (-2...2).contains(x), (-2...2).contains(y) else { return false }
        return (Int(Foundation.floor(x)) + Int(Foundation.floor(y))) & 1 == 0
    }

    /// The fraction of the rows of an `[n, 2]` tensor that lie on dark squares.
    public static func fractionOnBoard(_ points: Tensor) -> Double {
        let inside = (0..<points.rowCount).filter { contains(Double(points.scalars[2 * $0]), Double(points.scalars[2 * $0 + 1])) }.count
        return Double(inside) / Double(points.rowCount)
    }
}
