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

extension Activation {
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
}
