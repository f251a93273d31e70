@_exported import Autodiff
@_exported import TensorCore

/// Anything that owns trainable parameters.
public protocol Layer: AnyObject {
    /// Every trainable parameter, in a fixed order (optimisers and files rely on it).
    var parameters: [Parameter] { get }
}

extension Layer {
    /// Total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

/// The non-linearities used between layers.
public enum Activation: Sendable, Equatable {
    case identity, relu, silu, tanh, sigmoid, softplus
    case leakyRelu(slope: Float)

    /// Applies the activation to a recorded variable.
    public func callAsFunction(_ input: Variable) -> Variable {
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

    /// Applies the activation to a plain tensor (inference without a tape).
    public func callAsFunction(_ input: Tensor) -> Tensor {
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
}
