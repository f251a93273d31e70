import NeuralLayers

/// An optimiser whose learning rate a schedule may change between steps (Adam, SGD).
public protocol ScheduledOptimizer: Optimizer {
    var learningRate: Float { get set }
}

extension Adam: ScheduledOptimizer {}
extension SGD: ScheduledOptimizer {}

// listing: training-step
/// One gradient step: record the loss on a fresh tape, stop with a sentence if it is not
/// finite (naming the quantity and the step), differentiate, and let the optimiser move
/// the parameters. Returns the loss before the update.
@discardableResult
public func trainingStep(_ step: Int, quantity: String, parameters: [Parameter], optimizer: Optimizer,
                         loss: (Tape) throws -> Variable) throws -> Float {
    let tape = Tape()
    let value = try loss(tape)
    try value.value.checkFinite(quantity, step: step)
    optimizer.step(gradients: tape.gradients(of: value, for: parameters))
    return value.value.scalar
}
// end listing
