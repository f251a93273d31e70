import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AdversarialNetworks

// Helpers shared by the tests of every GAN variant: both players' gradients against finite
// differences, and parameter snapshots for "a training step moved every parameter".

/// The parameters' current values.
func parameterValues(_ parameters: [Parameter]) -> [Tensor] { parameters.map(\.value) }

/// Whether every parameter gets a non-zero gradient from `loss`, so that a passing
/// finite-difference check is not the trivial agreement of two zeros.
func everyParameterIsReached(_ parameters: [Parameter], by loss: (Tape) -> Variable) -> Bool {
    let tape = Tape()
    return tape.gradients(of: loss(tape), for: parameters).allSatisfy { gradient in gradient.scalars.contains { $0 != 0 } }
}

/// The discriminator's loss on fixed real and generated rows, as a function of a tape.
func discriminatorLoss(of model: some AdversarialModel, real: Tensor, fake: Tensor) -> (Tape) -> Variable {
    { tape in
        Variable.discriminatorLoss(realLogits: model.discriminatorOutput(tape.constant(real)),
                                   fakeLogits: model.discriminatorOutput(tape.constant(fake)))
    }
}

/// For both players: every parameter is reached by its loss, and the tape's parameter
/// gradients agree with central finite differences.
func expectBothPlayersMatchFiniteDifferences(_ model: some AdversarialModel, generatorLoss: (Tape) -> Variable,
                                             discriminatorLoss: (Tape) -> Variable) {
    let (generatorReached, discriminatorReached) = (everyParameterIsReached(model.generatorParameters, by: generatorLoss),
                                                    everyParameterIsReached(model.discriminatorParameters, by: discriminatorLoss))
    #expect(generatorReached && discriminatorReached)
    let generatorCheck = GradientCheck.compare(parameters: model.generatorParameters, loss: generatorLoss)
    #expect(generatorCheck.passed, "\(generatorCheck)")
    let discriminatorCheck = GradientCheck.compare(parameters: model.discriminatorParameters, loss: discriminatorLoss)
    #expect(discriminatorCheck.passed, "\(discriminatorCheck)")
}
