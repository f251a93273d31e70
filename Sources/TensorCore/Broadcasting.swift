/// NumPy-style broadcasting for binary elementwise operations.
///
/// Shapes are aligned at their last axis; an axis of size 1 (or a missing
/// leading axis) stretches to match the other operand. The common cases in
/// this book are a bias row added to every row (`[n, d] + [d]`), a per-row
/// scale (`[n, d] * [n, 1]`) and a scalar.
public enum Broadcasting {
    /// The shape of the result of broadcasting `first` with `second`.
    public static func shape(_ first: [Int], _ second: [Int]) -> [Int] {
        let rank = Swift.max(first.count, second.count)
        let a = [Int](repeating: 1, count: rank - first.count) + first
        let b = [Int](repeating: 1, count: rank - second.count) + second
        return (0..<rank).map { axis in
            require(
                a[axis] == b[axis] || a[axis] == 1 || b[axis] == 1,
                "Shapes \(first) and \(second) cannot be broadcast together (axis \(axis): \(a[axis]) vs \(b[axis]))."
            )
            return a[axis] == 1 ? b[axis] : a[axis]
        }
    }

    /// Strides of `shape` seen inside `outputShape`, with 0 on broadcast axes.
    static func strides(of shape: [Int], in outputShape: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: outputShape.count - shape.count) + shape
        var strides = [Int](repeating: 0, count: outputShape.count)
        var running = 1
        for axis in stride(from: outputShape.count - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 && outputShape[axis] != 1 ? 0 : running
            running *= padded[axis]
        }
        return strides
    }

    /// Merges neighbouring axes that both operands traverse the same way, so
    /// equal shapes become one long axis and `[n, d] + [d]` stays two axes.
    static func collapse(_ shape: [Int], _ stridesA: [Int], _ stridesB: [Int]) -> ([Int], [Int], [Int]) {
        var outShape: [Int] = []
        var outA: [Int] = []
        var outB: [Int] = []
        for axis in shape.indices where shape[axis] != 1 {
            if let last = outShape.indices.last,
               outA[last] == stridesA[axis] * shape[axis], outB[last] == stridesB[axis] * shape[axis] {
                outShape[last] *= shape[axis]
                outA[last] = stridesA[axis]
                outB[last] = stridesB[axis]
            } else {
                outShape.append(shape[axis])
                outA.append(stridesA[axis])
                outB.append(stridesB[axis])
            }
        }
        if outShape.isEmpty { return ([1], [0], [0]) }
        return (outShape, outA, outB)
    }
}

extension Tensor {
    /// Combines two tensors elementwise with broadcasting.
    ///
    /// The innermost axis is handled by a vector kernel for the three stride
    /// patterns that occur (both contiguous, one operand constant); outer axes
    /// are walked with an odometer.
    @inlinable
    public static func broadcast(
        _ first: Tensor, _ second: Tensor,
        _ kernel: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>
    ) -> Tensor {
        if first.shape == second.shape { return first.zipVectorized(second, kernel) }
        return broadcastGeneral(first, second, kernel)
    }

    @usableFromInline
    static func broadcastGeneral(
        _ first: Tensor, _ second: Tensor,
        _ kernel: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>
    ) -> Tensor {
        let outputShape = Broadcasting.shape(first.shape, second.shape)
        let (shape, stridesA, stridesB) = Broadcasting.collapse(
            outputShape,
            Broadcasting.strides(of: first.shape, in: outputShape),
            Broadcasting.strides(of: second.shape, in: outputShape)
        )
        let inner = shape.last!
        let innerA = stridesA.last!
        let innerB = stridesB.last!
        let outerCount = shape.dropLast().reduce(1, *)
        return Tensor(shape: outputShape) { output in
            first.scalars.withUnsafeBufferPointer { aBuffer in
                second.scalars.withUnsafeBufferPointer { bBuffer in
                    var counter = [Int](repeating: 0, count: shape.count - 1)
                    var offsetA = 0
                    var offsetB = 0
                    let out = output.baseAddress!
                    for outer in 0..<outerCount {
                        let destination = out + outer * inner
                        let a = aBuffer.baseAddress! + offsetA
                        let b = bBuffer.baseAddress! + offsetB
                        if innerA == 1 && innerB == 1 {
                            FastMath.apply(inner, a, b, destination, kernel)
                        } else if innerB == 0 {
                            let constant = SIMD8<Float>(repeating: b.pointee)
                            if innerA == 1 {
                                FastMath.apply(inner, a, destination) { kernel($0, constant) }
                            } else {  // both constant along the inner axis
                                let value = kernel(SIMD8(repeating: a.pointee), constant)[0]
                                for index in 0..<inner { destination[index] = value }
                            }
                        } else {
                            let constant = SIMD8<Float>(repeating: a.pointee)
                            FastMath.apply(inner, b, destination) { kernel(constant, $0) }
                        }
                        // Advance the odometer over the outer axes.
                        var axis = shape.count - 2
                        while axis >= 0 {
                            counter[axis] += 1
                            offsetA += stridesA[axis]
                            offsetB += stridesB[axis]
                            if counter[axis] < shape[axis] { break }
                            offsetA -= stridesA[axis] * shape[axis]
                            offsetB -= stridesB[axis] * shape[axis]
                            counter[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
    }

    /// Sums this tensor over the axes that broadcasting stretched, giving a
    /// tensor of `targetShape`. This is the adjoint of broadcasting, used by
    /// the gradients of every binary operation.
    public func summed(toShape targetShape: [Int]) -> Tensor {
        if shape == targetShape { return self }
        let padded = [Int](repeating: 1, count: rank - targetShape.count) + targetShape
        require(padded.count == rank, "Cannot sum shape \(shape) down to \(targetShape).")
        var result = self
        for axis in 0..<rank where padded[axis] == 1 && shape[axis] != 1 {
            result = result.sum(alongAxis: axis, keepingDimension: true)
        }
        return result.reshaped(targetShape)
    }
}

// MARK: Arithmetic operators

extension Tensor {
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { broadcast(lhs, rhs, +) }
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { broadcast(lhs, rhs, -) }
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { broadcast(lhs, rhs, *) }
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { broadcast(lhs, rhs, /) }

    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapVectorized { $0 + rhs } }
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapVectorized { $0 - rhs } }
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapVectorized { $0 * rhs } }
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapVectorized { $0 / rhs } }
    public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs.mapVectorized { lhs + $0 } }
    public static func - (lhs: Float, rhs: Tensor) -> Tensor { rhs.mapVectorized { lhs - $0 } }
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.mapVectorized { lhs * $0 } }
    public static func / (lhs: Float, rhs: Tensor) -> Tensor { rhs.mapVectorized { lhs / $0 } }
    public static prefix func - (operand: Tensor) -> Tensor { operand.mapVectorized { -$0 } }

    public static func += (lhs: inout Tensor, rhs: Tensor) {
        if lhs.shape == rhs.shape { lhs.addInPlace(rhs, scaledBy: 1) } else { lhs = lhs + rhs }
    }
    public static func -= (lhs: inout Tensor, rhs: Tensor) {
        if lhs.shape == rhs.shape { lhs.addInPlace(rhs, scaledBy: -1) } else { lhs = lhs - rhs }
    }
    public static func *= (lhs: inout Tensor, rhs: Float) { lhs.scaleInPlace(by: rhs) }

    /// self += scale · other, in place, for equal shapes (the optimisers' workhorse).
    public mutating func addInPlace(_ other: Tensor, scaledBy scale: Float) {
        require(shape == other.shape, "addInPlace needs equal shapes, got \(shape) and \(other.shape).")
        let count = self.count
        scalars.withUnsafeMutableBufferPointer { destination in
            other.scalars.withUnsafeBufferPointer { source in
                for index in 0..<count { destination[index] += scale * source[index] }
            }
        }
    }

    /// self *= scale, in place.
    public mutating func scaleInPlace(by scale: Float) {
        scalars.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] *= scale }
        }
    }

    /// Elementwise maximum with broadcasting.
    public static func maximum(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        broadcast(lhs, rhs) { a, b in a.replacing(with: b, where: b .> a) }
    }
    /// Elementwise minimum with broadcasting.
    public static func minimum(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        broadcast(lhs, rhs) { a, b in a.replacing(with: b, where: b .< a) }
    }
}
