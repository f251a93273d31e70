import TensorCore

extension Variable {
    /// Sum of all elements; its gradient spreads the output gradient to every element.
    public func sum() -> Variable {
        let shape = self.shape
        return tape.record(value.sum(), inputs: [self]) { gradient, _ in [Tensor(repeating: gradient.scalar, shape: shape)] }
            differentiablePullback: { gradient, _ in [gradient.broadcasted(toShape: shape)] }
    }

    /// Mean of all elements.
    public func mean() -> Variable {
        let shape = self.shape
        let scale = 1 / Float(Swift.max(value.count, 1))
        return tape.record(value.mean(), inputs: [self]) { gradient, _ in [Tensor(repeating: gradient.scalar * scale, shape: shape)] }
            differentiablePullback: { gradient, _ in [(gradient * scale).broadcasted(toShape: shape)] }
    }

    /// Sum along an axis; the gradient is broadcast back along that axis.
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
        let shape = self.shape
        let axis = axis < 0 ? axis + shape.count : axis
        var keptShape = shape
        keptShape[axis] = 1
        return tape.record(value.sum(alongAxis: axis, keepingDimension: keepingDimension), inputs: [self]) { gradient, _ in
            [gradient.reshaped(keptShape) + Tensor.zeros(shape)]
        } differentiablePullback: { gradient, _ in
            [gradient.reshaped(keptShape).broadcasted(toShape: shape)]
        }
    }

    /// Mean along an axis.
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
        let length = shape[axis < 0 ? axis + shape.count : axis]
        return sum(alongAxis: axis, keepingDimension: keepingDimension) * (1 / Float(length))
    }

    /// Maximum along an axis; the gradient goes to the (first) maximising element.
    public func max(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
        let shape = self.shape
        let axis = axis < 0 ? axis + shape.count : axis
        let maxima = value.max(alongAxis: axis, keepingDimension: keepingDimension)
        let winners = value.argmax(alongAxis: axis)
        var keptShape = shape
        keptShape[axis] = 1
        // The indicator of each maximising element: the derivative of the
        // maximum, constant between ties, so its own derivative is zero.
        func winnerIndicator() -> Tensor {
            let outer = shape[..<axis].reduce(1, *)
            let length = shape[axis]
            let inner = shape[(axis + 1)...].reduce(1, *)
            var indicator = Tensor.zeros(shape)
            for o in 0..<outer {
                for i in 0..<inner { indicator.scalars[(o * length + winners[o * inner + i]) * inner + i] = 1 }
            }
            return indicator
        }
        return tape.record(maxima, inputs: [self]) { gradient, _ in
            [gradient.reshaped(keptShape) * winnerIndicator()]
        } differentiablePullback: { gradient, _ in
            [gradient.reshaped(keptShape) * winnerIndicator()]
        }
    }

    /// Stable log Σ exp along an axis; its gradient is the softmax.
    public func logSumExp(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
        let shape = self.shape
        let axis = axis < 0 ? axis + shape.count : axis
        let kept = value.logSumExp(alongAxis: axis, keepingDimension: true)
        let output = keepingDimension ? kept : kept.reshaped(value.logSumExp(alongAxis: axis).shape)
        let input = value
        return tape.record(output, inputs: [self]) { gradient, _ in
            let softmax = (input - kept).exp()
            return [softmax * gradient.reshaped(kept.shape)]
        } differentiablePullback: { gradient, operation in
            let softmax = (operation.inputs[0] - operation.output.reshaped(kept.shape)).exp()
            return [softmax * gradient.reshaped(kept.shape)]
        }
    }

    /// log-softmax along an axis: x − logsumexp(x).
    public func logSoftmax(alongAxis axis: Int = -1) -> Variable {
        self - logSumExp(alongAxis: axis, keepingDimension: true)
    }

    /// softmax along an axis.
    public func softmax(alongAxis axis: Int = -1) -> Variable {
        logSoftmax(alongAxis: axis).exp()
    }
}
