import Testing
@testable import TensorCore

struct LinearAlgebraTests {
    static func randomSymmetric(_ size: Int, seed: UInt64) -> Matrix {
        var generator = RandomGenerator(seed: seed)
        let a = Matrix(Tensor.normal([size, size], using: &generator))
        return 0.5 * (a + a.transposed)
    }

    static func randomPositiveDefinite(_ size: Int, seed: UInt64) -> Matrix {
        var generator = RandomGenerator(seed: seed)
        let a = Matrix(Tensor.normal([size, size], using: &generator))
        return a * a.transposed + 0.1 * Matrix.identity(size)
    }

    @Test func eigendecompositionReconstructsARandomSymmetricMatrix() throws {
        let a = Self.randomSymmetric(6, seed: 1)
        let eigen = try SymmetricEigendecomposition(a)
        #expect(eigen.reconstructed().maximumAbsoluteDifference(to: a) < 1e-12)
        #expect((eigen.vectors.transposed * eigen.vectors).maximumAbsoluteDifference(to: .identity(6)) < 1e-12)
        #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func eigenvaluesOfAKnownTwoByTwoMatrix() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2.
        let eigen = try SymmetricEigendecomposition(Matrix(rows: [[2, 1], [1, 2]]))
        #expect(abs(eigen.values[0] - 1) < 1e-14 && abs(eigen.values[1] - 3) < 1e-14)
        #expect(abs(abs(eigen.vectors[0, 1]) - 0.5.squareRoot()) < 1e-14)
        #expect(abs(eigen.vectors[0, 1] - eigen.vectors[1, 1]) < 1e-14)
    }

    @Test func choleskyFactorIsLowerTriangularAndReconstructs() throws {
        let a = Self.randomPositiveDefinite(5, seed: 2)
        let lower = try a.cholesky()
        for i in 0..<5 { for j in (i + 1)..<5 { #expect(lower[i, j] == 0) } }
        #expect((lower * lower.transposed).maximumAbsoluteDifference(to: a) < 1e-12)
    }

    @Test func choleskyRejectsAnIndefiniteMatrix() {
        let indefinite = Matrix(rows: [[1, 2], [2, 1]])  // eigenvalues 3 and −1
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 2)) { try indefinite.cholesky() }
    }

    @Test func symmetricSquareRootSquaresBack() throws {
        let a = Self.randomPositiveDefinite(5, seed: 3)
        let root = try a.symmetricSquareRoot()
        #expect((root * root).maximumAbsoluteDifference(to: a) < 1e-10)
        #expect(root.maximumAbsoluteDifference(to: root.transposed) < 1e-12)
    }

    @Test func logDeterminantEqualsSumOfLogEigenvalues() throws {
        let a = Self.randomPositiveDefinite(4, seed: 4)
        let viaEigen = try SymmetricEigendecomposition(a).values.reduce(0) { $0 + _log($1) }
        #expect(abs(try a.logDeterminantPositiveDefinite() - viaEigen) < 1e-10)
    }

    /// A random non-symmetric system: the residual A·x − b vanishes, and the answer
    /// agrees with the Gauss–Jordan inverse (a different elimination) applied to b.
    @Test func generalSolveMatchesTheInverseAndLeavesNoResidual() throws {
        var generator = RandomGenerator(seed: 5)
        let a = Matrix(Tensor.normal([7, 7], using: &generator)) + 3 * Matrix.identity(7)
        let b = Matrix(Tensor.normal([7, 2], using: &generator))
        let x = try a.solve(b)
        #expect((a * x).maximumAbsoluteDifference(to: b) < 1e-12)
        #expect(x.maximumAbsoluteDifference(to: try a.inverse() * b) < 1e-12)
        // A known 2×2 system: [[0, 2], [1, 1]] x = [4, 3] needs a row swap and gives x = (1, 2).
        let small = try Matrix(rows: [[0, 2], [1, 1]]).solve([4, 3])
        #expect(abs(small[0] - 1) < 1e-15 && abs(small[1] - 2) < 1e-15)
    }

    @Test func generalSolveRejectsASingularMatrix() {
        #expect(throws: LinearAlgebraError.singular(column: 2)) { try Matrix(rows: [[1, 2], [2, 4]]).solve([1, 1]) }
    }
}

import Foundation
private func _log(_ x: Double) -> Double { Foundation.log(x) }
