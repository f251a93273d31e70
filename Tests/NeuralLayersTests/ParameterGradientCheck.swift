import Testing
@testable import NeuralLayers

/// Checks ∂loss/∂θ from the tape against central differences on every
/// element of every parameter of `layer` (h = 1e-2; tolerance as in
/// `GradientCheck`). `loss` builds a scalar on the tape it is given.
func expectParameterGradientsMatchCentralDifferences(
    _ layer: Layer, sourceLocation: SourceLocation = #_sourceLocation, loss: (Tape) -> Variable
) {
    let tape = Tape()
    let analytic = tape.gradients(of: loss(tape), for: layer.parameters)
    for (parameterIndex, parameter) in layer.parameters.enumerated() {
        for element in 0..<parameter.value.count {
            let original = parameter.value.scalars[element]
            parameter.value.scalars[element] = original + 1e-2
            let plus = Double(loss(Tape()).value.scalar)
            parameter.value.scalars[element] = original - 1e-2
            let minus = Double(loss(Tape()).value.scalar)
            parameter.value.scalars[element] = original
            let numeric = (plus - minus) / (Double(original + 1e-2) - Double(original - 1e-2))
            let exact = Double(analytic[parameterIndex].scalars[element])
            #expect(abs(exact - numeric) <= 3e-3 + 1e-2 * abs(numeric),
                    "\(parameter.name)[\(element)]: analytic \(exact), numeric \(numeric)", sourceLocation: sourceLocation)
        }
    }
}

/// Normal test inputs from a seed.
func normalTestInput(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.normal(shape, standardDeviation: scale, using: &generator)
}
