import CKernels
import Foundation

/// The non-linearities used between layers.
///
/// It lives in the tensor core, not with the layers, so that a dense layer's
/// bias addition and activation can run as one fused pass over memory: each
/// case below is a separate loop with its formula inlined, which the compiler
/// turns into straight vector code (an opaque closure per vector cost ~3×).
public enum Activation: Sendable, Equatable {
    case identity, relu, silu, tanh, sigmoid, softplus
    case leakyRelu(slope: Float)

    /// Applies the activation to a tensor, or to a recorded variable on a tape.
    public func callAsFunction<Value: ActivationInput>(_ input: Value) -> Value {
        switch self {
        case .identity: return input
        case .relu: return input.relu()
        case .silu: return input.silu()
        case .tanh: return input.tanh()
        case .sigmoid: return input.sigmoid()
        case .softplus: return input.softplus()
        case .leakyRelu(let slope): return input.leakyRelu(slope: slope)
        }
    }

    /// The C vector function (`CKernels`) that computes this activation, where there is one: those functions run at
    /// the machine's widest vectors, with the bits of the Swift definitions in `FastMath`.
    @usableFromInline var vectorFunction: ck_vector_function? {
        switch self {
        case .silu: CK_SILU
        case .tanh: CK_TANH
        case .sigmoid: CK_SIGMOID
        default: nil
        }
    }

    /// row[i] ← f(row[i] + bias[i]) for i < count.
    @inlinable
    public func applyWithBias(_ row: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, count: Int) {
        let source = UnsafePointer(row)
        switch self {
        case .identity:
            FastMath.apply(count, source, bias, row) { $0 + $1 }
        case .relu:
            FastMath.apply(count, source, bias, row) { x, b in
                let v = x + b
                return v.replacing(with: 0, where: v .< 0)
            }
        case .silu, .tanh, .sigmoid:
            ck_apply_bias(vectorFunction!, VectorWidth.bits, row, bias, count)
        case .leakyRelu(let slope):
            FastMath.apply(count, source, bias, row) { x, b in
                let v = x + b
                return v.replacing(with: v * slope, where: v .< 0)
            }
        case .softplus:
            for index in 0..<count {
                let v = row[index] + bias[index]
                row[index] = Swift.max(v, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(v)))
            }
        }
    }
}

/// A value the activations can be applied to: a plain `Tensor`, or an
/// autodiff `Variable` (which records the operation on its tape).
public protocol ActivationInput {
    func relu() -> Self
    func silu() -> Self
    func tanh() -> Self
    func sigmoid() -> Self
    func softplus() -> Self
    func leakyRelu(slope: Float) -> Self
}

extension Tensor: ActivationInput {}
