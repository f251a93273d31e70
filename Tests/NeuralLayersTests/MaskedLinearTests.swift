import Testing
@testable import NeuralLayers

struct MaskedLinearTests {
    @Test func maskedWeightsNeitherActNorLearn() {
        var generator = RandomGenerator(seed: 1)
        let mask = Tensor(rows: [[1, 0, 1], [0, 1, 1]])
        let layer = MaskedLinear(mask: mask, using: &generator)
        layer.bias.value = normalTestInput([3], seed: 2)
        let input = normalTestInput([4, 2], seed: 3)
        let expected = Tensor.matmul(input, layer.weight.value * mask) + layer.bias.value
        #expect((layer(input) - expected).abs().max() < 1e-5)
        #expect((layer(Tape().constant(input)).value - expected).abs().max() < 1e-5)
        let tape = Tape()
        let weightGradient = tape.gradients(of: layer(tape.constant(input)).squared().sum(), for: layer.parameters)[0]
        #expect(weightGradient[0, 1] == 0 && weightGradient[1, 0] == 0)
        expectParameterGradientsMatchCentralDifferences(layer) { tape in layer(tape.constant(input)).tanh().sum() }
        let second = GradientCheck.compareSecondDerivatives(at: [input]) { _, v in layer(v[0]).tanh() }
        #expect(second.passed, "\(second)")
    }

    @Test func autoregressiveMasksFollowTheDegreeRules() {
        let masks = MaskedLinear.autoregressiveMasks(inputDegrees: [1, 2, 3], hiddenSizes: [4], outputsPerInput: 1)
        #expect(masks.map(\.shape) == [[3, 4], [4, 3]])
        // Hidden degrees cycle 1, 2, 1, 2: hidden unit k sees inputs of degree ≤ its own.
        #expect(masks[0] == Tensor(rows: [[1, 1, 1, 1], [0, 1, 0, 1], [0, 0, 0, 0]]))
        // Output of degree d sees hidden units of degree < d: output 1 sees nothing.
        #expect(masks[1] == Tensor(rows: [[0, 1, 1], [0, 0, 1], [0, 1, 1], [0, 0, 1]]))
    }

    @Test func oneHotInputsRepeatTheirDimensionsMaskRows() {
        // With K columns per dimension (column k·D + d carries dimension d), every
        // column's row of the first mask is its dimension's row in the plain masks,
        // and the later masks do not change.
        let plain = MaskedLinear.autoregressiveMasks(inputDegrees: [2, 3, 1], hiddenSizes: [5, 4], outputsPerInput: 3)
        let oneHot = MaskedLinear.autoregressiveMasks(inputDegrees: [2, 3, 1], hiddenSizes: [5, 4], outputsPerInput: 3,
                                                      inputsPerDimension: 3)
        #expect(oneHot.map(\.shape) == [[9, 5], [5, 4], [4, 9]])
        for column in 0..<9 { #expect(oneHot[0].row(column) == plain[0].row(column % 3)) }
        #expect(Array(oneHot.dropFirst()) == Array(plain.dropFirst()))
    }

    @Test(arguments: [[1, 2, 3, 4], [3, 1, 4, 2]])
    func madeNetworkHasATriangularJacobian(inputDegrees: [Int]) {
        // Output j (and j + D, the second output per input) may depend on input i
        // only if degree(i) < degree(j); and it does depend on each such input.
        var generator = RandomGenerator(seed: 4)
        let masks = MaskedLinear.autoregressiveMasks(inputDegrees: inputDegrees, hiddenSizes: [8, 8], outputsPerInput: 2)
        let layers = masks.enumerated().map { MaskedLinear(mask: $1, name: "made\($0)", using: &generator) }
        let input = normalTestInput([1, 4], seed: 5)
        for output in 0..<8 {
            let tape = Tape()
            let x = tape.variable(input)
            var hidden = x
            for (index, layer) in layers.enumerated() { hidden = index < layers.count - 1 ? layer(hidden).tanh() : layer(hidden) }
            let row = tape.gradients(of: hidden.slice(output..<(output + 1), alongAxis: 1).sum(), withRespectTo: [x])[0]
            for inputIndex in 0..<4 {
                let allowed = inputDegrees[inputIndex] < inputDegrees[output % 4]
                #expect((row.scalars[inputIndex] != 0) == allowed, "∂y\(output)/∂x\(inputIndex) = \(row.scalars[inputIndex])")
            }
        }
    }
}
