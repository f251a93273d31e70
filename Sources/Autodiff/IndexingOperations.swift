import TensorCore

extension Variable {
    /// Joins variables along an axis; the gradient is sliced back into pieces.
    public static func concatenate(_ parts: [Variable], alongAxis axis: Int) -> Variable {
        require(!parts.isEmpty, "concatenate needs at least one variable.")
        let rank = parts[0].shape.count
        let axis = axis < 0 ? axis + rank : axis
        let output = Tensor.concatenate(parts.map(\.value), alongAxis: axis)
        let lengths = parts.map { $0.shape[axis] }
        return parts[0].tape.record(output, inputs: parts) { gradient, needed in
            var start = 0
            return lengths.enumerated().map { position, length in
                let range = start..<(start + length)
                start = range.upperBound
                return needed[position] ? gradient.slice(range, alongAxis: axis) : nil
            }
        }
    }

    /// A slice along an axis; the gradient is zero outside the slice.
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) -> Variable {
        let shape = self.shape
        let axis = axis < 0 ? axis + shape.count : axis
        return tape.record(value.slice(range, alongAxis: axis), inputs: [self]) { gradient, _ in
            var pieces: [Tensor] = []
            var before = shape; before[axis] = range.lowerBound
            var after = shape; after[axis] = shape[axis] - range.upperBound
            if range.lowerBound > 0 { pieces.append(Tensor.zeros(before)) }
            pieces.append(gradient)
            if after[axis] > 0 { pieces.append(Tensor.zeros(after)) }
            return [Tensor.concatenate(pieces, alongAxis: axis)]
        }
    }

    /// Rows picked by index (embedding / codebook lookup); the gradient is
    /// scattered back and summed where an index repeats.
    public func gatherRows(_ indices: [Int]) -> Variable {
        let rows = shape[0]
        return tape.record(value.gatherRows(indices), inputs: [self]) { gradient, _ in
            [gradient.scatterAddRows(indices, rowCount: rows)]
        }
    }

    /// One element per row, `x[i, columns[i]]`.
    public func pickColumns(_ columns: [Int]) -> Variable {
        let shape = self.shape
        return tape.record(value.pickColumns(columns), inputs: [self]) { gradient, _ in
            var result = Tensor.zeros(shape)
            for (row, column) in columns.enumerated() { result.scalars[row * shape[1] + column] = gradient.scalars[row] }
            return [result]
        }
    }
}

extension Variable {
    /// The same value with no gradient flowing back: the result is a constant.
    public var stopGradient: Variable { tape.constant(value) }

    /// The straight-through estimator: the forward value is `forwardValue`
    /// (e.g. a quantised or sampled version of `self`), but the backward pass
    /// treats the operation as the identity, passing the gradient unchanged
    /// to `self`. Equivalent to x + stopGradient(q − x), as used by VQ-VAE.
    public func straightThrough(forwardValue: Tensor) -> Variable {
        require(forwardValue.shape == shape, "straightThrough: forward value \(forwardValue.shape) must have the input's shape \(shape).")
        return tape.record(forwardValue, inputs: [self]) { gradient, _ in [gradient] }
    }
}
