import COpenBLAS
import Foundation

/// A dense row-major matrix of `Double`s for linear algebra and checks.
///
/// The tensor core trains in Float32, but eigendecompositions, Cholesky
/// factors and Fréchet distances are computed in double precision, where
/// LAPACK's answers are accurate to ~1e-12 and a check can be tight.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Elements in row-major order.
    public var elements: [Double]

    public init(rows: Int, columns: Int, elements: [Double]) {
        require(elements.count == rows * columns, "Matrix \(rows)×\(columns) needs \(rows * columns) elements, got \(elements.count).")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    public init(rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == columns }, "Matrix(rows:) needs rows of equal length.")
        self.init(rows: rows.count, columns: columns, elements: rows.flatMap { $0 })
    }

    /// The matrix held by a rank-2 tensor, widened to `Double`.
    public init(_ tensor: Tensor) {
        require(tensor.rank == 2, "Matrix(tensor) needs a rank-2 tensor, shape is \(tensor.shape).")
        self.init(rows: tensor.shape[0], columns: tensor.shape[1], elements: tensor.doubles)
    }

    public static func identity(_ size: Int) -> Matrix {
        var result = Matrix(rows: size, columns: size, elements: .init(repeating: 0, count: size * size))
        for i in 0..<size { result[i, i] = 1 }
        return result
    }

    public static func diagonal(_ values: [Double]) -> Matrix {
        var result = Matrix(rows: values.count, columns: values.count, elements: .init(repeating: 0, count: values.count * values.count))
        for (i, value) in values.enumerated() { result[i, i] = value }
        return result
    }

    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The tensor with these elements, narrowed to Float32.
    public var tensor: Tensor { Tensor(shape: [rows, columns], scalars: elements.map(Float.init)) }

    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows, elements: elements)
        for i in 0..<rows { for j in 0..<columns { result[j, i] = self[i, j] } }
        return result
    }

    /// Sum of the diagonal.
    public var trace: Double {
        require(rows == columns, "trace needs a square matrix, got \(rows)×\(columns).")
        return (0..<rows).reduce(0) { $0 + self[$1, $1] }
    }

    /// Largest absolute elementwise difference to another matrix.
    public func maximumAbsoluteDifference(to other: Matrix) -> Double {
        require(rows == other.rows && columns == other.columns, "Compare \(rows)×\(columns) with \(other.rows)×\(other.columns).")
        return zip(elements, other.elements).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        require(lhs.columns == rhs.rows, "Matrix product \(lhs.rows)×\(lhs.columns) · \(rhs.rows)×\(rhs.columns) does not match.")
        var result = Matrix(rows: lhs.rows, columns: rhs.columns, elements: .init(repeating: 0, count: lhs.rows * rhs.columns))
        if lhs.rows == 0 || rhs.columns == 0 || lhs.columns == 0 { return result }
        lhs.elements.withUnsafeBufferPointer { a in
            rhs.elements.withUnsafeBufferPointer { b in
                result.elements.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                Int32(lhs.rows), Int32(rhs.columns), Int32(lhs.columns), 1,
                                a.baseAddress, Int32(lhs.columns), b.baseAddress, Int32(rhs.columns),
                                0, c.baseAddress, Int32(rhs.columns))
                }
            }
        }
        return result
    }

    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        require(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix sum of \(lhs.rows)×\(lhs.columns) and \(rhs.rows)×\(rhs.columns).")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map(+))
    }

    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        require(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix difference of \(lhs.rows)×\(lhs.columns) and \(rhs.rows)×\(rhs.columns).")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map(-))
    }

    public static func * (lhs: Double, rhs: Matrix) -> Matrix {
        Matrix(rows: rhs.rows, columns: rhs.columns, elements: rhs.elements.map { lhs * $0 })
    }
}

/// Why a LAPACK factorisation could not be computed.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    case notPositiveDefinite(leadingMinor: Int)
    case didNotConverge(info: Int)
    /// LU elimination met an exact zero pivot in this column (1-based): the matrix is singular.
    case singular(column: Int)

    public var description: String {
        switch self {
        case .singular(let column):
            return "The matrix is singular (LU elimination found a zero pivot in column \(column))."
        case .notPositiveDefinite(let minor):
            return "The matrix is not positive definite (its leading minor of order \(minor) is not positive)."
        case .didNotConverge(let info):
            return "LAPACK's eigensolver did not converge (info = \(info))."
        }
    }
}

/// The eigenvalues (ascending) and orthonormal eigenvectors (the columns of
/// `vectors`) of a symmetric matrix: A = V diag(λ) Vᵀ.
public struct SymmetricEigendecomposition: Sendable {
    public let values: [Double]
    public let vectors: Matrix

    /// Decomposes a symmetric matrix with LAPACK `dsyevd` (divide and conquer).
    /// Only the lower triangle is read.
    public init(_ matrix: Matrix) throws {
        require(matrix.rows == matrix.columns, "Eigendecomposition needs a square matrix, got \(matrix.rows)×\(matrix.columns).")
        var n = Int32(matrix.rows)
        // A symmetric matrix is its own transpose, so the row-major buffer is
        // a valid column-major one; LAPACK overwrites it with the eigenvectors.
        var a = matrix.elements
        var w = [Double](repeating: 0, count: matrix.rows)
        var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "U"))
        var lda = Swift.max(n, 1), info: Int32 = 0
        // Workspace query first, then the real call.
        var lwork: Int32 = -1, liwork: Int32 = -1
        var workSize = 0.0, iworkSize: Int32 = 0
        dsyevd_(&jobz, &uplo, &n, &a, &lda, &w, &workSize, &lwork, &iworkSize, &liwork, &info)
        lwork = Int32(workSize); liwork = iworkSize
        var work = [Double](repeating: 0, count: Int(Swift.max(lwork, 1)))
        var iwork = [Int32](repeating: 0, count: Int(Swift.max(liwork, 1)))
        if n > 0 { dsyevd_(&jobz, &uplo, &n, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info) }
        if info != 0 { throw LinearAlgebraError.didNotConverge(info: Int(info)) }
        let size = matrix.rows
        var vectors = Matrix(rows: size, columns: size, elements: a)
        // Column-major output: eigenvector j is a[j*n ..< (j+1)*n]; store it as column j.
        for i in 0..<size { for j in 0..<size { vectors[i, j] = a[j * size + i] } }
        self.values = w
        self.vectors = vectors
    }

    /// V diag(f(λ)) Vᵀ: a function of the matrix applied through its spectrum.
    public func reconstructed(applying function: (Double) -> Double = { $0 }) -> Matrix {
        let scaled = vectors * Matrix.diagonal(values.map(function))
        return scaled * vectors.transposed
    }
}

extension Matrix {
    /// The lower-triangular Cholesky factor L with A = L Lᵀ (LAPACK `dpotrf`).
    public func cholesky() throws -> Matrix {
        require(rows == columns, "Cholesky needs a square matrix, got \(rows)×\(columns).")
        var n = Int32(rows), lda = Int32(Swift.max(rows, 1)), info: Int32 = 0
        var uplo = Int8(UInt8(ascii: "U"))  // "upper" in column-major = lower in row-major
        var a = elements
        if rows > 0 { dpotrf_(&uplo, &n, &a, &lda, &info) }
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(leadingMinor: Int(info)) }
        var lower = Matrix(rows: rows, columns: rows, elements: a)
        for i in 0..<rows { for j in (i + 1)..<Swift.max(rows, i + 1) { lower[i, j] = 0 } }
        return lower
    }

    /// The symmetric positive semi-definite square root S with S·S = A.
    ///
    /// Built from the eigendecomposition: S = V diag(√max(λ, 0)) Vᵀ. Tiny
    /// negative eigenvalues from rounding are clipped to zero.
    public func symmetricSquareRoot() throws -> Matrix {
        try SymmetricEigendecomposition(self).reconstructed { $0 > 0 ? $0.squareRoot() : 0 }
    }

    /// log det of a symmetric positive-definite matrix, from its Cholesky factor.
    public func logDeterminantPositiveDefinite() throws -> Double {
        let lower = try cholesky()
        return (0..<rows).reduce(0) { $0 + 2 * Foundation.log(lower[$1, $1]) }
    }
}

extension Matrix {
    /// Solves A·X = B for a symmetric positive-definite A by its Cholesky
    /// factor (forward then back substitution).
    public func choleskySolve(_ rhs: Matrix) throws -> Matrix {
        require(rows == columns && rhs.rows == rows, "choleskySolve: A is \(rows)×\(columns) but B is \(rhs.rows)×\(rhs.columns).")
        let lower = try cholesky()
        var x = rhs
        for column in 0..<rhs.columns {
            for i in 0..<rows {  // L y = b
                var sum = x[i, column]
                for k in 0..<i { sum -= lower[i, k] * x[k, column] }
                x[i, column] = sum / lower[i, i]
            }
            for i in stride(from: rows - 1, through: 0, by: -1) {  // Lᵀ x = y
                var sum = x[i, column]
                for k in (i + 1)..<Swift.max(rows, i + 1) { sum -= lower[k, i] * x[k, column] }
                x[i, column] = sum / lower[i, i]
            }
        }
        return x
    }

    /// An orthonormal basis of the column space (modified Gram–Schmidt).
    public func orthonormalColumns() -> Matrix {
        var q = self
        for j in 0..<columns {
            for previous in 0..<j {
                var dot = 0.0
                for i in 0..<rows { dot += q[i, previous] * q[i, j] }
                for i in 0..<rows { q[i, j] -= dot * q[i, previous] }
            }
            var norm = 0.0
            for i in 0..<rows { norm += q[i, j] * q[i, j] }
            norm = norm.squareRoot()
            for i in 0..<rows { q[i, j] /= Swift.max(norm, 1e-300) }
        }
        return q
    }

    /// The principal angles (radians, ascending) between the column spaces of
    /// two matrices: the arc-cosines of the singular values of Q₁ᵀQ₂.
    public static func principalAngles(_ a: Matrix, _ b: Matrix) throws -> [Double] {
        let overlap = a.orthonormalColumns().transposed * b.orthonormalColumns()
        let singularSquares = try SymmetricEigendecomposition(overlap.transposed * overlap).values
        return singularSquares.map { Foundation.acos(Swift.min(1, Swift.max(0, $0).squareRoot())) }.sorted()
    }

    /// The first `count` columns.
    public func leadingColumns(_ count: Int) -> Matrix {
        var result = Matrix(rows: rows, columns: count, elements: .init(repeating: 0, count: rows * count))
        for i in 0..<rows { for j in 0..<count { result[i, j] = self[i, j] } }
        return result
    }
}

extension Matrix {
    /// The inverse of a square matrix by Gauss–Jordan elimination with partial
    /// pivoting (meant for the small k×k systems of latent-variable models).
    public func inverse() throws -> Matrix {
        require(rows == columns, "inverse needs a square matrix, got \(rows)×\(columns).")
        var a = self, result = Matrix.identity(rows)
        for column in 0..<rows {
            let pivot = (column..<rows).max { Swift.abs(a[$0, column]) < Swift.abs(a[$1, column]) }!
            if Swift.abs(a[pivot, column]) < 1e-300 { throw LinearAlgebraError.notPositiveDefinite(leadingMinor: column + 1) }
            for j in 0..<rows {
                (a[column, j], a[pivot, j]) = (a[pivot, j], a[column, j])
                (result[column, j], result[pivot, j]) = (result[pivot, j], result[column, j])
            }
            let scale = 1 / a[column, column]
            for j in 0..<rows { a[column, j] *= scale; result[column, j] *= scale }
            for i in 0..<rows where i != column {
                let factor = a[i, column]
                if factor == 0 { continue }
                for j in 0..<rows { a[i, j] -= factor * a[column, j]; result[i, j] -= factor * result[column, j] }
            }
        }
        return result
    }
}

extension Matrix {
    /// Solves A·X = B for a general square A by LU factorisation with partial
    /// pivoting (LAPACK `dgesv`), e.g. the stationary law or the mean hitting
    /// times of a Markov chain on a grid of a few hundred states.
    ///
    /// - Throws: ``LinearAlgebraError/singular(column:)`` if A is exactly singular.
    public func solve(_ rhs: Matrix) throws -> Matrix {
        require(rows == columns && rhs.rows == rows, "solve: A is \(rows)×\(columns) but B is \(rhs.rows)×\(rhs.columns).")
        if rows == 0 { return rhs }
        // LAPACK is column-major: A's row-major buffer is Aᵀ in column-major order, so pass
        // the transpose's buffer (A itself, column-major) and B column by column.
        var a = transposed.elements
        var b = rhs.transposed.elements
        var n = Int32(rows), nrhs = Int32(rhs.columns), lda = Int32(rows), ldb = Int32(rows), info: Int32 = 0
        var pivots = [Int32](repeating: 0, count: rows)
        dgesv_(&n, &nrhs, &a, &lda, &pivots, &b, &ldb, &info)
        if info > 0 { throw LinearAlgebraError.singular(column: Int(info)) }
        require(info == 0, "dgesv rejected argument \(-info).")
        return Matrix(rows: rhs.columns, columns: rows, elements: b).transposed
    }

    /// Solves A·x = b for one right-hand side (see ``solve(_:)-(Matrix)``).
    public func solve(_ rhs: [Double]) throws -> [Double] {
        try solve(Matrix(rows: rhs.count, columns: 1, elements: rhs)).elements
    }
}
