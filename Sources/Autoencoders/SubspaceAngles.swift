import Foundation
import TensorCore

extension Matrix {
    /// The sines of the principal angles between the column spaces of `a` and `b`
    /// (same number of columns), in decreasing order.
    ///
    /// With Q_a, Q_b orthonormal bases, the residual R = (I − Q_aQ_aᵀ)Q_b has singular values
    /// sin θᵢ. Unlike the cosines (singular values of Q_aᵀQ_b), whose arccosine cannot
    /// resolve angles below √(2u) ≈ 1.5·10⁻⁸ rad in double precision (u the unit roundoff),
    /// the sines are accurate to relative precision even for tiny angles.
    public static func principalAngleSines(_ a: Matrix, _ b: Matrix) throws -> [Double] {
        precondition(a.rows == b.rows && a.columns == b.columns, "Principal angles need two d × k matrices, got \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns).")
        let qa = a.orthonormalColumns(), qb = b.orthonormalColumns()
        let residual = qb - qa * (qa.transposed * qb)
        let squares = try SymmetricEigendecomposition(residual.transposed * residual).values
        return squares.map { Swift.min(1, Swift.max(0, $0).squareRoot()) }.sorted(by: >)
    }

    /// The largest principal angle between the column spaces, in degrees, from its sine.
    public static func largestPrincipalAngleDegrees(_ a: Matrix, _ b: Matrix) throws -> Double {
        Foundation.asin(try principalAngleSines(a, b)[0]) * 180 / Double.pi
    }
}
