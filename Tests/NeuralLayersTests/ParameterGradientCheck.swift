import Testing
@testable import NeuralLayers

/// Checks ∂loss/∂θ from the tape against central differences on every
/// element of every parameter of `layer` (h = 1e-2; tolerance as in
/// `GradientCheck`). `loss` builds a scalar on the tape it is given.
func expectParameterGradientsMatchCentralDifferences(
    _ layer: Layer, sourceLocation: SourceLocation = #_sourceLocation, loss: (Tape) -> Variable
) {
    let report = GradientCheck.compare(parameters: layer.parameters, loss: loss)
    #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
}

/// Normal test inputs from a seed.
func normalTestInput(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.normal(shape, standardDeviation: scale, using: &generator)
}
