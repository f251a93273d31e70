extension Tensor {
    /// Joins tensors along `axis`; all other axes must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
        require(!tensors.isEmpty, "concatenate needs at least one tensor.")
        let first = tensors[0]
        let axis = first.normalized(axis: axis)
        for tensor in tensors {
            var a = tensor.shape, b = first.shape
            require(a.count == b.count && axis < a.count, "concatenate: shapes \(b) and \(a) differ in rank.")
            a[axis] = 0; b[axis] = 0
            require(a == b, "concatenate along axis \(axis): shapes \(first.shape) and \(tensor.shape) differ off that axis.")
        }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        var shape = first.shape
        shape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let rowLength = shape[axis] * inner
        return Tensor(shape: shape) { output in
            var offset = 0
            for tensor in tensors {
                let chunk = tensor.shape[axis] * inner
                tensor.scalars.withUnsafeBufferPointer { input in
                    for o in 0..<outer where chunk > 0 {
                        (output.baseAddress! + o * rowLength + offset).update(from: input.baseAddress! + o * chunk, count: chunk)
                    }
                }
                offset += chunk
            }
        }
    }

    /// The sub-tensor with indices `range` along `axis` (a copy).
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) -> Tensor {
        let axis = normalized(axis: axis)
        require(
            range.lowerBound >= 0 && range.upperBound <= shape[axis],
            "slice \(range) is out of bounds for axis \(axis) of shape \(shape)."
        )
        let (outer, length, inner) = splitAround(axis: axis)
        var newShape = shape
        newShape[axis] = range.count
        let chunk = range.count * inner
        return Tensor(shape: newShape) { output in
            scalars.withUnsafeBufferPointer { input in
                for o in 0..<outer where chunk > 0 {
                    (output.baseAddress! + o * chunk).update(
                        from: input.baseAddress! + (o * length + range.lowerBound) * inner, count: chunk)
                }
            }
        }
    }

    /// Rows (entries of the leading axis) picked by `indices`, with repeats
    /// allowed: an embedding or codebook lookup, or a minibatch.
    public func gatherRows(_ indices: [Int]) -> Tensor {
        require(rank >= 1, "gatherRows needs rank ≥ 1, shape is \(shape).")
        let rowLength = columnCount
        var newShape = shape
        newShape[0] = indices.count
        return Tensor(shape: newShape) { output in
            scalars.withUnsafeBufferPointer { input in
                for (position, index) in indices.enumerated() {
                    require(index >= 0 && index < shape[0], "gatherRows: index \(index) is out of range for shape \(shape).")
                    if rowLength > 0 {
                        (output.baseAddress! + position * rowLength).update(from: input.baseAddress! + index * rowLength, count: rowLength)
                    }
                }
            }
        }
    }

    /// The adjoint of `gatherRows`: a tensor of `rowCount` rows where row `i`
    /// is the sum of the rows of `self` whose index is `i`.
    public func scatterAddRows(_ indices: [Int], rowCount: Int) -> Tensor {
        require(indices.count == shape[0], "scatterAddRows: \(indices.count) indices for shape \(shape).")
        let rowLength = columnCount
        var newShape = shape
        newShape[0] = rowCount
        var result = Tensor.zeros(newShape)
        result.scalars.withUnsafeMutableBufferPointer { output in
            scalars.withUnsafeBufferPointer { input in
                for (position, index) in indices.enumerated() {
                    require(index >= 0 && index < rowCount, "scatterAddRows: index \(index) is out of range 0..<\(rowCount).")
                    for j in 0..<rowLength { output[index * rowLength + j] += input[position * rowLength + j] }
                }
            }
        }
        return result
    }

    /// One element per row of a matrix: `result[i] = self[i, columns[i]]`
    /// (e.g. the log-probability of each example's label).
    public func pickColumns(_ columns: [Int]) -> Tensor {
        require(rank == 2 && columns.count == shape[0], "pickColumns needs one column per row of \(shape).")
        return Tensor(columns.enumerated().map { row, column in
            require(column >= 0 && column < shape[1], "pickColumns: column \(column) is out of range for shape \(shape).")
            return scalars[row * shape[1] + column]
        })
    }

    /// A one-hot matrix with `classCount` columns.
    public static func oneHot(_ labels: [Int], classCount: Int) -> Tensor {
        var result = Tensor.zeros([labels.count, classCount])
        for (row, label) in labels.enumerated() {
            require(label >= 0 && label < classCount, "oneHot: label \(label) is out of range 0..<\(classCount).")
            result.scalars[row * classCount + label] = 1
        }
        return result
    }

    /// Row `index` of a matrix as a rank-1 tensor.
    public func row(_ index: Int) -> Tensor { slice(index..<(index + 1)).reshaped([columnCount]) }
}
