/// An optimiser updates a fixed list of parameters from their gradients.
public protocol Optimizer: AnyObject {
    var parameters: [Parameter] { get }
    /// Applies one update; `gradients[i]` belongs to `parameters[i]`.
    func step(gradients: [Tensor])
}

extension Optimizer {
    func checkGradients(_ gradients: [Tensor]) {
        require(gradients.count == parameters.count,
                     "The optimiser has \(parameters.count) parameters but received \(gradients.count) gradients.")
        for (parameter, gradient) in zip(parameters, gradients) {
            require(parameter.value.shape == gradient.shape,
                         "Gradient shape \(gradient.shape) does not match parameter \(parameter.name) of shape \(parameter.value.shape).")
        }
    }
}
