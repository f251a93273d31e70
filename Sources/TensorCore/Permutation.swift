extension Tensor {
    /// The tensor with its axes reordered: axis `i` of the result is axis `axes[i]` of this
    /// one, so `result[j₀, j₁, …]` is `self` at the index whose axis `axes[i]` is `jᵢ`.
    ///
    /// The one permutation convolutional models need is channels-first to channels-last,
    /// `[N, C, H, W].permuted([0, 2, 3, 1])` = `[N, H, W, C]`: after it, reshaping to
    /// `[N·H·W, C]` makes every spatial position a row, the layout a vector quantiser or a
    /// per-position layer wants. Its inverse permutation, `[0, 3, 1, 2]`, goes back.
    public func permuted(_ axes: [Int]) -> Tensor {
        require(axes.sorted() == Array(0..<rank), "permuted needs a permutation of 0..<\(rank), got \(axes).")
        if axes == Array(0..<rank) { return self }
        let sourceStrides = Tensor.contiguousStrides(shape)
        let resultShape = axes.map { shape[$0] }
        // The source stride of each result axis: walking the result in order reads the source at these steps.
        let strides = axes.map { sourceStrides[$0] }
        var result = Tensor.zeros(resultShape)
        guard count > 0 else { return result }
        // Row by row of the result: an odometer over the leading axes, then one strided copy along the last.
        let inner = resultShape[rank - 1], innerStride = strides[rank - 1]
        var index = [Int](repeating: 0, count: rank - 1)
        var offset = 0
        scalars.withUnsafeBufferPointer { source in
            result.scalars.withUnsafeMutableBufferPointer { destination in
                var position = 0
                while position < count {
                    var from = offset
                    for element in 0..<inner {
                        destination[position + element] = source[from]
                        from += innerStride
                    }
                    position += inner
                    var axis = rank - 2
                    while axis >= 0 {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < resultShape[axis] { break }
                        offset -= strides[axis] * resultShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return result
    }

    /// The permutation that undoes `axes`: `t.permuted(axes).permuted(Tensor.inversePermutation(axes)) == t`.
    public static func inversePermutation(_ axes: [Int]) -> [Int] {
        var inverse = [Int](repeating: 0, count: axes.count)
        for (position, axis) in axes.enumerated() { inverse[axis] = position }
        return inverse
    }

    /// Row-major strides of `shape`: the last axis is contiguous.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }
}
