import TensorCore

// Binary arithmetic with broadcasting. The gradient of a broadcast operand is
// the output gradient summed over the axes it was stretched along.

extension Variable {
    public static func + (lhs: Variable, rhs: Variable) -> Variable {
        lhs.tape.record(lhs.value + rhs.value, inputs: [lhs, rhs]) { gradient, _ in
            [gradient.summed(toShape: lhs.shape), gradient.summed(toShape: rhs.shape)]
        }
    }

    public static func - (lhs: Variable, rhs: Variable) -> Variable {
        lhs.tape.record(lhs.value - rhs.value, inputs: [lhs, rhs]) { gradient, needed in
            [gradient.summed(toShape: lhs.shape), needed[1] ? (-gradient).summed(toShape: rhs.shape) : nil]
        }
    }

    public static func * (lhs: Variable, rhs: Variable) -> Variable {
        lhs.tape.record(lhs.value * rhs.value, inputs: [lhs, rhs]) { gradient, needed in
            [needed[0] ? (gradient * rhs.value).summed(toShape: lhs.shape) : nil,
             needed[1] ? (gradient * lhs.value).summed(toShape: rhs.shape) : nil]
        }
    }

    public static func / (lhs: Variable, rhs: Variable) -> Variable {
        let quotient = lhs.value / rhs.value
        return lhs.tape.record(quotient, inputs: [lhs, rhs]) { gradient, needed in
            // d(a/b)/da = 1/b, d(a/b)/db = −a/b² = −(a/b)/b.
            [needed[0] ? (gradient / rhs.value).summed(toShape: lhs.shape) : nil,
             needed[1] ? (-(gradient * quotient) / rhs.value).summed(toShape: rhs.shape) : nil]
        }
    }

    public static prefix func - (operand: Variable) -> Variable {
        operand.tape.record(-operand.value, inputs: [operand]) { gradient, _ in [-gradient] }
    }

    public static func + (lhs: Variable, rhs: Float) -> Variable {
        lhs.tape.record(lhs.value + rhs, inputs: [lhs]) { gradient, _ in [gradient] }
    }
    public static func - (lhs: Variable, rhs: Float) -> Variable { lhs + (-rhs) }
    public static func + (lhs: Float, rhs: Variable) -> Variable { rhs + lhs }
    public static func - (lhs: Float, rhs: Variable) -> Variable { -rhs + lhs }

    public static func * (lhs: Variable, rhs: Float) -> Variable {
        lhs.tape.record(lhs.value * rhs, inputs: [lhs]) { gradient, _ in [gradient * rhs] }
    }
    public static func * (lhs: Float, rhs: Variable) -> Variable { rhs * lhs }
    public static func / (lhs: Variable, rhs: Float) -> Variable { lhs * (1 / rhs) }

    public static func / (lhs: Float, rhs: Variable) -> Variable {
        let reciprocal = lhs / rhs.value
        return rhs.tape.record(reciprocal, inputs: [rhs]) { gradient, _ in
            [-(gradient * reciprocal) / rhs.value]
        }
    }

    /// Adds a constant tensor (broadcast), e.g. fixed noise.
    public static func + (lhs: Variable, rhs: Tensor) -> Variable {
        lhs.tape.record(lhs.value + rhs, inputs: [lhs]) { gradient, _ in [gradient.summed(toShape: lhs.shape)] }
    }
    /// Subtracts a constant tensor (broadcast).
    public static func - (lhs: Variable, rhs: Tensor) -> Variable {
        lhs.tape.record(lhs.value - rhs, inputs: [lhs]) { gradient, _ in [gradient.summed(toShape: lhs.shape)] }
    }
    /// Multiplies by a constant tensor (broadcast), e.g. a per-example weight or a mask.
    public static func * (lhs: Variable, rhs: Tensor) -> Variable {
        lhs.tape.record(lhs.value * rhs, inputs: [lhs]) { gradient, _ in [(gradient * rhs).summed(toShape: lhs.shape)] }
    }
    public static func * (lhs: Tensor, rhs: Variable) -> Variable { rhs * lhs }
    public static func + (lhs: Tensor, rhs: Variable) -> Variable { rhs + lhs }
}
