/// Gradient clipping by global norm: if ‖g‖₂ over all tensors exceeds
/// `maximumNorm`, every gradient is scaled by maximumNorm/‖g‖, which keeps the
/// direction and bounds the step (used by GAN and EBM training).
///
/// - Returns: the norm before clipping, worth logging.
@discardableResult
public func clipByGlobalNorm(_ gradients: inout [Tensor], maximumNorm: Float) -> Float {
    require(maximumNorm > 0, "clipByGlobalNorm needs a positive maximum norm, got \(maximumNorm).")
    let squaredNorm = gradients.reduce(0.0) { total, gradient in
        total + gradient.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }
    }
    let norm = Float(squaredNorm.squareRoot())
    if norm > maximumNorm {
        let scale = maximumNorm / norm
        for index in gradients.indices { gradients[index].scaleInPlace(by: scale) }
    }
    return norm
}
