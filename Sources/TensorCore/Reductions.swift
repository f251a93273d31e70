extension Tensor {
    /// Views the tensor as `[outer, axisLength, inner]` around `axis`.
    func splitAround(axis: Int) -> (outer: Int, length: Int, inner: Int) {
        require(axis >= 0 && axis < rank, "Axis \(axis) is out of range for shape \(shape).")
        return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    func shapeAfterReducing(axis: Int, keepingDimension: Bool) -> [Int] {
        var result = shape
        if keepingDimension { result[axis] = 1 } else { result.remove(at: axis) }
        return result
    }

    /// Resolves a negative axis (−1 is the last).
    func normalized(axis: Int) -> Int { axis < 0 ? axis + rank : axis }

    /// Sum of all elements, accumulated in `Double` so large tensors do not lose digits.
    public func sum() -> Tensor { Tensor(Float(scalars.reduce(0.0) { $0 + Double($1) })) }

    /// Mean of all elements.
    public func mean() -> Tensor { Tensor(Float(scalars.reduce(0.0) { $0 + Double($1) } / Double(Swift.max(count, 1)))) }

    /// Sum along one axis.
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        let axis = normalized(axis: axis)
        let (outer, length, inner) = splitAround(axis: axis)
        return Tensor(shape: shapeAfterReducing(axis: axis, keepingDimension: keepingDimension)) { output in
            scalars.withUnsafeBufferPointer { input in
                if inner == 1 {
                    // Contiguous rows (the last axis): one running sum per row, in the same order as the general loop.
                    for o in 0..<outer {
                        let source = input.baseAddress! + o * length
                        var total: Float = 0
                        for k in 0..<length { total += source[k] }
                        output[o] = total
                    }
                    return
                }
                for o in 0..<outer {
                    let destination = output.baseAddress! + o * inner
                    for i in 0..<inner { destination[i] = 0 }
                    for k in 0..<length {
                        let source = input.baseAddress! + (o * length + k) * inner
                        for i in 0..<inner { destination[i] += source[i] }
                    }
                }
            }
        }
    }

    /// Mean along one axis.
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        let length = shape[normalized(axis: axis)]
        return sum(alongAxis: axis, keepingDimension: keepingDimension) * (1 / Float(length))
    }

    /// Largest element.
    public func max() -> Float {
        require(count > 0, "max() of an empty tensor.")
        return scalars.max()!
    }

    /// Smallest element.
    public func min() -> Float {
        require(count > 0, "min() of an empty tensor.")
        return scalars.min()!
    }

    /// Maximum along one axis.
    public func max(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        reduceExtremum(axis: normalized(axis: axis), keepingDimension: keepingDimension, isBetter: >).values
    }

    /// Index of the maximum along one axis (first one on ties).
    public func argmax(alongAxis axis: Int) -> [Int] {
        reduceExtremum(axis: normalized(axis: axis), keepingDimension: false, isBetter: >).indices
    }

    /// Index of the minimum along one axis (first one on ties).
    public func argmin(alongAxis axis: Int) -> [Int] {
        reduceExtremum(axis: normalized(axis: axis), keepingDimension: false, isBetter: <).indices
    }

    /// Index of the largest element of the flattened tensor.
    public func argmax() -> Int { scalars.indices.max { scalars[$0] < scalars[$1] }! }
    /// Index of the smallest element of the flattened tensor.
    public func argmin() -> Int { scalars.indices.min { scalars[$0] < scalars[$1] }! }

    func reduceExtremum(
        axis: Int, keepingDimension: Bool, isBetter: (Float, Float) -> Bool
    ) -> (values: Tensor, indices: [Int]) {
        let (outer, length, inner) = splitAround(axis: axis)
        require(length > 0, "Cannot reduce an empty axis of shape \(shape).")
        var values = [Float](repeating: 0, count: outer * inner)
        var indices = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = scalars[o * length * inner + i]
                var bestIndex = 0
                for k in 1..<Swift.max(length, 1) {
                    let value = scalars[(o * length + k) * inner + i]
                    if isBetter(value, best) { best = value; bestIndex = k }
                }
                values[o * inner + i] = best
                indices[o * inner + i] = bestIndex
            }
        }
        return (Tensor(shape: shapeAfterReducing(axis: axis, keepingDimension: keepingDimension), scalars: values), indices)
    }

    /// Variance along an axis (population, divides by n).
    public func variance(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        let mean = self.mean(alongAxis: axis, keepingDimension: true)
        return (self - mean).squared().mean(alongAxis: axis, keepingDimension: keepingDimension)
    }
}

extension Tensor {
    /// The Euclidean norm of each row of an `[n, d]` tensor, as an `[n]` tensor.
    public func rowNorms() -> Tensor {
        require(rank == 2, "rowNorms needs an [n, d] tensor, got shape \(shape).")
        return squared().sum(alongAxis: 1).sqrt()
    }
}
