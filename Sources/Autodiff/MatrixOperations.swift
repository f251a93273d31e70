import TensorCore

extension Variable {
    /// Matrix product op(a)·op(b). Pullbacks: dA = dC·Bᵀ, dB = Aᵀ·dC (with the
    /// transposes folded into the BLAS flags, so no matrix is ever copied).
    public static func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let (aValue, bValue) = (a.value, b.value)
        let product = Tensor.matmul(aValue, bValue, transposeA: transposeA, transposeB: transposeB)
        return a.tape.record(product, inputs: [a, b]) { gradient, needed in
            var gradientA: Tensor? = nil
            var gradientB: Tensor? = nil
            if needed[0] {
                gradientA = transposeA
                    ? Tensor.matmul(bValue, gradient, transposeA: transposeB, transposeB: true)
                    : Tensor.matmul(gradient, bValue, transposeB: !transposeB)
            }
            if needed[1] {
                gradientB = transposeB
                    ? Tensor.matmul(gradient, aValue, transposeA: true, transposeB: transposeA)
                    : Tensor.matmul(aValue, gradient, transposeA: !transposeA)
            }
            return [gradientA, gradientB]
        } differentiablePullback: { gradient, operation in
            let (a, b) = (operation.inputs[0], operation.inputs[1])
            let gradientA = !operation.needed[0] ? nil : transposeA
                ? matmul(b, gradient, transposeA: transposeB, transposeB: true)
                : matmul(gradient, b, transposeB: !transposeB)
            let gradientB = !operation.needed[1] ? nil : transposeB
                ? matmul(gradient, a, transposeA: true, transposeB: transposeA)
                : matmul(a, gradient, transposeA: !transposeA)
            return [gradientA, gradientB]
        }
    }

    /// The affine map x·W + b of a dense layer, as one fused operation.
    public static func affine(_ input: Variable, weight: Variable, bias: Variable) -> Variable {
        let (x, w, biasShape) = (input.value, weight.value, bias.shape)
        let output = Tensor.affine(x, weight: w, bias: bias.value)
        return input.tape.record(output, inputs: [input, weight, bias]) { gradient, needed in
            [needed[0] ? Tensor.matmul(gradient, w, transposeB: true) : nil,
             needed[1] ? Tensor.matmul(x, gradient, transposeA: true) : nil,
             needed[2] ? gradient.sum(alongAxis: 0).reshaped(biasShape) : nil]
        } differentiablePullback: { gradient, operation in
            let (x, w) = (operation.inputs[0], operation.inputs[1])
            return [operation.needed[0] ? matmul(gradient, w, transposeB: true) : nil,
                    operation.needed[1] ? matmul(x, gradient, transposeA: true) : nil,
                    operation.needed[2] ? gradient.sum(alongAxis: 0).reshaped(biasShape) : nil]
        }
    }

    /// The transpose of a matrix.
    public var transposed: Variable {
        tape.record(value.transposed, inputs: [self]) { gradient, _ in [gradient.transposed] }
            differentiablePullback: { gradient, _ in [gradient.transposed] }
    }

    /// The same values with another shape.
    public func reshaped(_ shape: [Int]) -> Variable {
        let original = self.shape
        return tape.record(value.reshaped(shape), inputs: [self]) { gradient, _ in [gradient.reshaped(original)] }
            differentiablePullback: { gradient, _ in [gradient.reshaped(original)] }
    }

    /// The axes reordered (`Tensor.permuted`); the gradient is permuted back.
    public func permuted(_ axes: [Int]) -> Variable {
        let inverse = Tensor.inversePermutation(axes)
        return tape.record(value.permuted(axes), inputs: [self]) { gradient, _ in [gradient.permuted(inverse)] }
            differentiablePullback: { gradient, _ in [gradient.permuted(inverse)] }
    }

    /// Squared distances between rows, ‖aᵢ − bⱼ‖². Pullback from
    /// ∂D/∂aᵢ = 2Σⱼ G_ij (aᵢ − bⱼ) = 2(rowsum(G)·aᵢ − (G·b)ᵢ), and symmetrically for b.
    public static func pairwiseSquaredDistances(_ a: Variable, _ b: Variable) -> Variable {
        let (aValue, bValue) = (a.value, b.value)
        let distances = Tensor.pairwiseSquaredDistances(aValue, bValue)
        return a.tape.record(distances, inputs: [a, b]) { gradient, needed in
            var gradientA: Tensor? = nil
            var gradientB: Tensor? = nil
            if needed[0] {
                let rowSums = gradient.sum(alongAxis: 1, keepingDimension: true)
                gradientA = (aValue * rowSums - Tensor.matmul(gradient, bValue)) * 2
            }
            if needed[1] {
                let columnSums = gradient.sum(alongAxis: 0).reshaped([bValue.shape[0], 1])
                gradientB = (bValue * columnSums - Tensor.matmul(gradient, aValue, transposeA: true)) * 2
            }
            return [gradientA, gradientB]
        } differentiablePullback: { gradient, operation in
            let (a, b) = (operation.inputs[0], operation.inputs[1])
            let rowSums = gradient.sum(alongAxis: 1, keepingDimension: true)
            let columnSums = gradient.sum(alongAxis: 0).reshaped([b.shape[0], 1])
            return [operation.needed[0] ? (a * rowSums - matmul(gradient, b)) * 2 : nil,
                    operation.needed[1] ? (b * columnSums - matmul(gradient, a, transposeA: true)) * 2 : nil]
        }
    }

    /// 2-D convolution over `[N, C, H, W]` with weight `[outC, C, kH, kW]` and bias `[outC]`.
    public static func convolution2D(_ input: Variable, weight: Variable, bias: Variable, stride: Int = 1, padding: Int = 0) -> Variable {
        let (x, w) = (input.value, weight.value)
        let output = Tensor.convolution2D(x, weight: w, bias: bias.value, stride: stride, padding: padding)
        return input.tape.record(output, inputs: [input, weight, bias], name: "convolution2D") { gradient, _ in
            let gradients = Tensor.convolution2DBackward(gradient, input: x, weight: w, stride: stride, padding: padding)
            return [gradients.input, gradients.weight, gradients.bias]
        }
    }

    /// Transposed convolution over `[N, inC, H, W]` with weight `[inC, outC, kH, kW]` and bias `[outC]`.
    public static func transposedConvolution2D(_ input: Variable, weight: Variable, bias: Variable, stride: Int = 1, padding: Int = 0) -> Variable {
        let (x, w) = (input.value, weight.value)
        let output = Tensor.transposedConvolution2D(x, weight: w, bias: bias.value, stride: stride, padding: padding)
        return input.tape.record(output, inputs: [input, weight, bias], name: "transposedConvolution2D") { gradient, _ in
            let gradients = Tensor.transposedConvolution2DBackward(gradient, input: x, weight: w, stride: stride, padding: padding)
            return [gradients.input, gradients.weight, gradients.bias]
        }
    }
}
