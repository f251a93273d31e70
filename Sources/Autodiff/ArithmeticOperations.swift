import TensorCore

// Binary arithmetic with broadcasting. The gradient of a broadcast operand is
// the output gradient summed over the axes it was stretched along.
//
// Pullbacks capture the tensors they need, never the `Variable`s: a variable
// holds its tape, and a tape holding closures that hold the tape would be a
// reference cycle that leaks every training step's activations. Each op's
// second, differentiable pullback repeats the formula with variables, which
// it receives as arguments (`operation.inputs`, `operation.output`).

extension Variable {
    public static func + (lhs: Variable, rhs: Variable) -> Variable {
        let (lhsShape, rhsShape) = (lhs.shape, rhs.shape)
        return lhs.tape.record(lhs.value + rhs.value, inputs: [lhs, rhs]) { gradient, needed in
            [needed[0] ? gradient.summed(toShape: lhsShape) : nil, needed[1] ? gradient.summed(toShape: rhsShape) : nil]
        } differentiablePullback: { gradient, operation in
            [operation.needed[0] ? gradient.summed(toShape: lhsShape) : nil,
             operation.needed[1] ? gradient.summed(toShape: rhsShape) : nil]
        }
    }

    public static func - (lhs: Variable, rhs: Variable) -> Variable {
        let (lhsShape, rhsShape) = (lhs.shape, rhs.shape)
        return lhs.tape.record(lhs.value - rhs.value, inputs: [lhs, rhs]) { gradient, needed in
            [needed[0] ? gradient.summed(toShape: lhsShape) : nil, needed[1] ? (-gradient).summed(toShape: rhsShape) : nil]
        } differentiablePullback: { gradient, operation in
            [operation.needed[0] ? gradient.summed(toShape: lhsShape) : nil,
             operation.needed[1] ? (-gradient).summed(toShape: rhsShape) : nil]
        }
    }

    public static func * (lhs: Variable, rhs: Variable) -> Variable {
        let (a, b) = (lhs.value, rhs.value)
        return lhs.tape.record(a * b, inputs: [lhs, rhs]) { gradient, needed in
            [needed[0] ? (gradient * b).summed(toShape: a.shape) : nil,
             needed[1] ? (gradient * a).summed(toShape: b.shape) : nil]
        } differentiablePullback: { gradient, operation in
            let (a, b) = (operation.inputs[0], operation.inputs[1])
            return [operation.needed[0] ? (gradient * b).summed(toShape: a.shape) : nil,
                    operation.needed[1] ? (gradient * a).summed(toShape: b.shape) : nil]
        }
    }

    public static func / (lhs: Variable, rhs: Variable) -> Variable {
        let (a, b) = (lhs.value, rhs.value)
        let quotient = a / b
        return lhs.tape.record(quotient, inputs: [lhs, rhs]) { gradient, needed in
            // d(a/b)/da = 1/b, d(a/b)/db = −a/b² = −(a/b)/b.
            [needed[0] ? (gradient / b).summed(toShape: a.shape) : nil,
             needed[1] ? (-(gradient * quotient) / b).summed(toShape: b.shape) : nil]
        } differentiablePullback: { gradient, operation in
            let (a, b, quotient) = (operation.inputs[0], operation.inputs[1], operation.output)
            return [operation.needed[0] ? (gradient / b).summed(toShape: a.shape) : nil,
                    operation.needed[1] ? (-(gradient * quotient) / b).summed(toShape: b.shape) : nil]
        }
    }

    public static prefix func - (operand: Variable) -> Variable {
        operand.tape.record(-operand.value, inputs: [operand]) { gradient, _ in [-gradient] }
            differentiablePullback: { gradient, _ in [-gradient] }
    }

    public static func + (lhs: Variable, rhs: Float) -> Variable {
        lhs.tape.record(lhs.value + rhs, inputs: [lhs]) { gradient, _ in [gradient] }
            differentiablePullback: { gradient, _ in [gradient] }
    }
    public static func - (lhs: Variable, rhs: Float) -> Variable { lhs + (-rhs) }
    public static func + (lhs: Float, rhs: Variable) -> Variable { rhs + lhs }
    public static func - (lhs: Float, rhs: Variable) -> Variable { -rhs + lhs }

    public static func * (lhs: Variable, rhs: Float) -> Variable {
        lhs.tape.record(lhs.value * rhs, inputs: [lhs]) { gradient, _ in [gradient * rhs] }
            differentiablePullback: { gradient, _ in [gradient * rhs] }
    }
    public static func * (lhs: Float, rhs: Variable) -> Variable { rhs * lhs }
    public static func / (lhs: Variable, rhs: Float) -> Variable { lhs * (1 / rhs) }

    public static func / (lhs: Float, rhs: Variable) -> Variable {
        let denominator = rhs.value
        let reciprocal = lhs / denominator
        // d(c/x)/dx = −c/x² = −(c/x)/x.
        return rhs.tape.record(reciprocal, inputs: [rhs]) { gradient, _ in
            [-(gradient * reciprocal) / denominator]
        } differentiablePullback: { gradient, operation in
            [-(gradient * operation.output) / operation.inputs[0]]
        }
    }

    /// Adds a constant tensor (broadcast), e.g. fixed noise.
    public static func + (lhs: Variable, rhs: Tensor) -> Variable {
        let shape = lhs.shape
        return lhs.tape.record(lhs.value + rhs, inputs: [lhs]) { gradient, _ in [gradient.summed(toShape: shape)] }
            differentiablePullback: { gradient, _ in [gradient.summed(toShape: shape)] }
    }
    /// Subtracts a constant tensor (broadcast).
    public static func - (lhs: Variable, rhs: Tensor) -> Variable {
        let shape = lhs.shape
        return lhs.tape.record(lhs.value - rhs, inputs: [lhs]) { gradient, _ in [gradient.summed(toShape: shape)] }
            differentiablePullback: { gradient, _ in [gradient.summed(toShape: shape)] }
    }
    /// Multiplies by a constant tensor (broadcast), e.g. a per-example weight or a mask.
    public static func * (lhs: Variable, rhs: Tensor) -> Variable {
        let shape = lhs.shape
        return lhs.tape.record(lhs.value * rhs, inputs: [lhs]) { gradient, _ in [(gradient * rhs).summed(toShape: shape)] }
            differentiablePullback: { gradient, _ in [(gradient * rhs).summed(toShape: shape)] }
    }
    /// Divides by a constant tensor (broadcast), e.g. per-dimension scales.
    public static func / (lhs: Variable, rhs: Tensor) -> Variable {
        let shape = lhs.shape
        return lhs.tape.record(lhs.value / rhs, inputs: [lhs]) { gradient, _ in [(gradient / rhs).summed(toShape: shape)] }
            differentiablePullback: { gradient, _ in [(gradient / rhs).summed(toShape: shape)] }
    }
    public static func * (lhs: Tensor, rhs: Variable) -> Variable { rhs * lhs }
    public static func + (lhs: Tensor, rhs: Variable) -> Variable { rhs + lhs }
    /// A constant tensor minus a variable (broadcast).
    public static func - (lhs: Tensor, rhs: Variable) -> Variable { -rhs + lhs }
}
