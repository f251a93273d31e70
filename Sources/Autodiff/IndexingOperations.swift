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
        } differentiablePullback: { gradient, operation in
            var start = 0
            return lengths.enumerated().map { position, length in
                let range = start..<(start + length)
                start = range.upperBound
                return operation.needed[position] ? gradient.slice(range, alongAxis: axis) : nil
            }
        }
    }

    /// A slice along an axis; the gradient is zero outside the slice.
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) -> Variable {
        let shape = self.shape
        let axis = axis < 0 ? axis + shape.count : axis
        var before = shape; before[axis] = range.lowerBound
        var after = shape; after[axis] = shape[axis] - range.upperBound
        // The gradient padded with zeros before and after the slice.
        return tape.record(value.slice(range, alongAxis: axis), inputs: [self]) { gradient, _ in
            var pieces: [Tensor] = []
            if before[axis] > 0 { pieces.append(Tensor.zeros(before)) }
            pieces.append(gradient)
            if after[axis] > 0 { pieces.append(Tensor.zeros(after)) }
            return [Tensor.concatenate(pieces, alongAxis: axis)]
        } differentiablePullback: { gradient, _ in
            var pieces: [Variable] = []
            if before[axis] > 0 { pieces.append(gradient.tape.constant(Tensor.zeros(before))) }
            pieces.append(gradient)
            if after[axis] > 0 { pieces.append(gradient.tape.constant(Tensor.zeros(after))) }
            return [Variable.concatenate(pieces, alongAxis: axis)]
        }
    }

    /// Rows picked by index (embedding / codebook lookup); the gradient is
    /// scattered back and summed where an index repeats.
    public func gatherRows(_ indices: [Int]) -> Variable {
        let rows = shape[0]
        return tape.record(value.gatherRows(indices), inputs: [self]) { gradient, _ in
            [gradient.scatterAddRows(indices, rowCount: rows)]
        } differentiablePullback: { gradient, _ in
            [gradient.scatterAddRows(indices, rowCount: rows)]
        }
    }

    /// The adjoint of `gatherRows`: `rowCount` rows where row `i` is the sum
    /// of the rows of `self` whose index is `i`; its gradient gathers back.
    public func scatterAddRows(_ indices: [Int], rowCount: Int) -> Variable {
        tape.record(value.scatterAddRows(indices, rowCount: rowCount), inputs: [self]) { gradient, _ in
            [gradient.gatherRows(indices)]
        } differentiablePullback: { gradient, _ in
            [gradient.gatherRows(indices)]
        }
    }

    /// One element per row, `x[i, columns[i]]`.
    public func pickColumns(_ columns: [Int]) -> Variable {
        let shape = self.shape
        return tape.record(value.pickColumns(columns), inputs: [self]) { gradient, _ in
            var result = Tensor.zeros(shape)
            for (row, column) in columns.enumerated() { result.scalars[row * shape[1] + column] = gradient.scalars[row] }
            return [result]
        } differentiablePullback: { gradient, _ in
            // The gradient placed at the picked columns: a column times a one-hot matrix.
            [gradient.reshaped([shape[0], 1]) * Tensor.oneHot(columns, classCount: shape[1])]
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
            differentiablePullback: { gradient, _ in [gradient] }
    }
}
