import TensorCore

// Broadcasting and its adjoint as recorded operations. The pullback of every
// broadcasting binary operation sums the gradient back to its operand's shape;
// recorded as operations, these two are each other's pullback, which is what
// lets a backward pass through `+`, `*` or `sum` be differentiated again.

extension Variable {
    /// The sum over the axes that broadcasting stretched, giving `targetShape`
    /// (the adjoint of `broadcasted(toShape:)`). Returns `self` if the shapes agree.
    public func summed(toShape targetShape: [Int]) -> Variable {
        if shape == targetShape { return self }
        let originalShape = shape
        return tape.record(value.summed(toShape: targetShape), inputs: [self]) { gradient, _ in
            [gradient + Tensor.zeros(originalShape)]
        } differentiablePullback: { gradient, _ in
            [gradient.broadcasted(toShape: originalShape)]
        }
    }

    /// The value stretched to `targetShape` by broadcasting (the adjoint of
    /// `summed(toShape:)`). Returns `self` if the shapes agree.
    public func broadcasted(toShape targetShape: [Int]) -> Variable {
        if shape == targetShape { return self }
        let originalShape = shape
        require(Broadcasting.shape(originalShape, targetShape) == targetShape,
                "broadcasted: shape \(originalShape) cannot be stretched to \(targetShape).")
        return tape.record(value + Tensor.zeros(targetShape), inputs: [self]) { gradient, _ in
            [gradient.summed(toShape: originalShape)]
        } differentiablePullback: { gradient, _ in
            [gradient.summed(toShape: originalShape)]
        }
    }
}
