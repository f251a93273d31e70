import Foundation

/// A dense, row-major tensor of 32-bit floats with a shape.
///
/// `Tensor` is a value type: its elements live in a Swift array, so copies are
/// cheap until one of them is mutated (copy-on-write). Every tensor is
/// contiguous; slicing and transposition produce new tensors. That keeps every
/// kernel in the core a simple loop over memory, which is what a reader should
/// be able to follow.
public struct Tensor: Equatable, Sendable {
    /// The size of each axis, outermost first. A scalar has shape `[]`.
    public let shape: [Int]
    /// The elements in row-major order.
    public var scalars: [Float]

    /// Creates a tensor from its elements and shape.
    ///
    /// - Precondition: the product of `shape` equals `scalars.count`.
    public init(shape: [Int], scalars: [Float]) {
        require(processSetupDone, "Process set-up failed.")  // reading the flag runs the one-time set-up
        require(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension.")
        require(
            shape.reduce(1, *) == scalars.count,
            "Tensor shape \(shape) needs \(shape.reduce(1, *)) elements but \(scalars.count) were given."
        )
        self.shape = shape
        self.scalars = scalars
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Float) {
        self.init(shape: [], scalars: [value])
    }

    /// A rank-1 tensor from an array.
    public init(_ values: [Float]) {
        self.init(shape: [values.count], scalars: values)
    }

    /// A rank-2 tensor from nested rows, all of the same length.
    public init(rows: [[Float]]) {
        let columns = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == columns }, "Tensor(rows:) needs rows of equal length.")
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// Creates a tensor of the given shape whose elements are left uninitialised
    /// and then filled by `initializer`, which must write every element.
    @inlinable
    public init(
        shape: [Int],
        unsafeUninitialized initializer: (inout UnsafeMutableBufferPointer<Float>) -> Void
    ) {
        require(processSetupDone, "Process set-up failed.")  // reading the flag runs the one-time set-up
        let count = shape.reduce(1, *)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            initializer(&buffer)
            initialized = count
        }
    }

    /// The number of elements.
    @inlinable public var count: Int { scalars.count }
    /// The number of axes.
    @inlinable public var rank: Int { shape.count }
    /// The single element of a tensor with one element.
    public var scalar: Float {
        require(count == 1, "Tensor.scalar needs exactly one element but shape is \(shape).")
        return scalars[0]
    }

    /// Rows of a rank-2 tensor (the leading axis for any rank ≥ 1).
    public var rowCount: Int {
        require(rank >= 1, "rowCount needs rank ≥ 1, shape is \(shape).")
        return shape[0]
    }

    /// Columns of a rank-2 tensor (the product of all axes after the first).
    public var columnCount: Int {
        require(rank >= 1, "columnCount needs rank ≥ 1, shape is \(shape).")
        return count / Swift.max(shape[0], 1)
    }

    /// The same elements seen with another shape of equal size.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
            require(known > 0 && count % known == 0, "Cannot reshape \(shape) to \(newShape).")
            resolved[inferred] = count / known
        }
        require(
            resolved.reduce(1, *) == count,
            "Cannot reshape tensor of shape \(shape) (\(count) elements) to \(newShape)."
        )
        return Tensor(shape: resolved, scalars: scalars)
    }

    /// Element access by a full multi-index.
    public subscript(indices: Int...) -> Float {
        get { scalars[flatIndex(indices)] }
        set { scalars[flatIndex(indices)] = newValue }
    }

    private func flatIndex(_ indices: [Int]) -> Int {
        require(indices.count == rank, "Index \(indices) has \(indices.count) components for shape \(shape).")
        var flat = 0
        for (axis, index) in indices.enumerated() {
            require(index >= 0 && index < shape[axis], "Index \(indices) is out of bounds for shape \(shape).")
            flat = flat * shape[axis] + index
        }
        return flat
    }

    /// The elements as `Double`s, for checks computed in double precision.
    public var doubles: [Double] { scalars.map(Double.init) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String(format: "%.4g", Double($0)) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", …" : "")])"
    }
}
