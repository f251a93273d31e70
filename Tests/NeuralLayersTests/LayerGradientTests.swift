import Testing
@testable import NeuralLayers

/// Layers' gradients with respect to their inputs and parameters, against
/// central differences (parameters are passed in as the checked inputs).
struct LayerGradientTests {
    func normal(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.normal(shape, standardDeviation: scale, using: &generator)
    }

    /// The gradient with respect to the layer's input.
    func checkLayer(_ layer: Layer, input: Tensor, _ forward: @escaping (Variable) -> Variable,
                    sourceLocation: SourceLocation = #_sourceLocation) {
        let report = GradientCheck.compare(at: [input]) { _, variables in forward(variables[0]) }
        #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
    }

    /// The gradients with respect to every parameter element.
    func checkParameterGradients(_ layer: Layer, input: Tensor, _ forward: @escaping (Variable) -> Variable,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        // Analytic: gradients of Σ w·output with respect to the parameters.
        let tape = Tape()
        let output = forward(tape.constant(input))
        var generator = RandomGenerator(seed: 99)
        let weights = Tensor.uniform(output.shape, low: 0.5, high: 1.5, using: &generator)
        let analytic = tape.gradients(of: (output * weights).sum(), for: layer.parameters)
        // Numeric: central differences on every parameter element (h = 1e-2, tolerance as in GradientCheck).
        for (parameterIndex, parameter) in layer.parameters.enumerated() {
            for element in 0..<parameter.value.count {
                let original = parameter.value.scalars[element]
                func loss() -> Double {
                    let probe = Tape()
                    let value = forward(probe.constant(input)).value
                    return zip(value.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                }
                parameter.value.scalars[element] = original + 1e-2
                let plus = loss()
                parameter.value.scalars[element] = original - 1e-2
                let minus = loss()
                parameter.value.scalars[element] = original
                let numeric = (plus - minus) / (Double(original + 1e-2) - Double(original - 1e-2))
                let exact = Double(analytic[parameterIndex].scalars[element])
                #expect(abs(exact - numeric) <= 3e-3 + 1e-2 * abs(numeric),
                        "\(parameter.name)[\(element)]: analytic \(exact), numeric \(numeric)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func linearLayerGradients() {
        var generator = RandomGenerator(seed: 1)
        let layer = Linear(3, 4, using: &generator)
        layer.bias.value = normal([4], seed: 2)
        let input = normal([5, 3], seed: 3)
        checkLayer(layer, input: input) { layer($0) }
        checkParameterGradients(layer, input: input) { layer($0) }
    }

    @Test func mlpGradients() {
        var generator = RandomGenerator(seed: 4)
        let mlp = MLP(sizes: [3, 6, 5, 2], activation: .silu, using: &generator)
        let input = normal([4, 3], seed: 5)
        checkLayer(mlp, input: input) { mlp($0) }
        checkParameterGradients(mlp, input: input) { mlp($0) }
    }

    @Test func mlpWithTanhAndSoftplusGradients() {
        var generator = RandomGenerator(seed: 6)
        let mlp = MLP(sizes: [2, 5, 1], activation: .tanh, outputActivation: .softplus, using: &generator)
        checkParameterGradients(mlp, input: normal([3, 2], seed: 7)) { mlp($0) }
    }

    @Test func convolutionLayerGradients() {
        var generator = RandomGenerator(seed: 8)
        let layer = Convolution2D(inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1, using: &generator)
        let input = normal([2, 2, 5, 5], seed: 9)
        checkLayer(layer, input: input) { layer($0) }
        checkParameterGradients(layer, input: input) { layer($0) }
    }

    @Test func transposedConvolutionLayerGradients() {
        var generator = RandomGenerator(seed: 10)
        let layer = TransposedConvolution2D(inputChannels: 3, outputChannels: 2, kernelSize: 4, stride: 2, padding: 1, using: &generator)
        let input = normal([2, 3, 3, 3], seed: 11)
        #expect(layer(input).shape == [2, 2, 6, 6])  // the usual ×2 upsampling
        checkLayer(layer, input: input) { layer($0) }
        checkParameterGradients(layer, input: input) { layer($0) }
    }

    @Test func tapeFreeInferenceMatchesTheTape() {
        var generator = RandomGenerator(seed: 12)
        for activation in [Activation.silu, .relu, .tanh, .sigmoid, .softplus, .leakyRelu(slope: 0.1), .identity] {
            let mlp = MLP(sizes: [3, 8, 2], activation: activation, using: &generator)
            let input = normal([300, 3], seed: 13)
            let viaTape = mlp(Tape().constant(input)).value
            #expect((mlp(input) - viaTape).abs().max() < 1e-5, "\(activation)")
        }
    }
}
