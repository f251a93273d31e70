/// Stochastic gradient descent with optional (heavy-ball) momentum:
/// v ← μv + g,  θ ← θ − η v.
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let momentum: Float
    private var velocities: [Tensor]

    public init(parameters: [Parameter], learningRate: Float, momentum: Float = 0) {
        require(learningRate > 0, "SGD needs a positive learning rate, got \(learningRate).")
        require(momentum >= 0 && momentum < 1, "SGD momentum must be in [0, 1), got \(momentum).")
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        velocities = parameters.map { Tensor.zeros($0.value.shape) }
    }

    public func step(gradients: [Tensor]) {
        checkGradients(gradients)
        for index in parameters.indices {
            if momentum == 0 {
                parameters[index].value.addInPlace(gradients[index], scaledBy: -learningRate)
            } else {
                velocities[index].scaleInPlace(by: momentum)
                velocities[index].addInPlace(gradients[index], scaledBy: 1)
                parameters[index].value.addInPlace(velocities[index], scaledBy: -learningRate)
            }
        }
    }
}
