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
