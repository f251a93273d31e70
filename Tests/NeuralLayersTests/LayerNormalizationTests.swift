import Testing
@testable import NeuralLayers

struct LayerNormalizationTests {
    @Test func rowsAreNormalisedAndTheTapeMatchesInference() {
        let layer = LayerNormalization(features: 6)
        let input = normalTestInput([4, 6], seed: 1, scale: 3) + 2
        let output = layer(input)
        for row in 0..<4 {
            let values = output.row(row).doubles
            let mean = values.reduce(0, +) / 6
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-4, "row \(row): mean \(mean), variance \(variance)")
        }
        #expect((layer(Tape().constant(input)).value - output).abs().max() < 1e-5)
    }

    @Test func constantRowsStayFiniteThanksToEpsilon() {
        let layer = LayerNormalization(features: 3)
        let output = layer(Tensor(rows: [[2, 2, 2]]))
        #expect(output == Tensor.zeros([1, 3]))
    }

    @Test func inputAndParameterGradients() {
        let layer = LayerNormalization(features: 5)
        layer.gain.value = normalTestInput([5], seed: 2)
        layer.bias.value = normalTestInput([5], seed: 3)
        let input = normalTestInput([3, 5], seed: 4)
        let first = GradientCheck.compare(at: [input]) { _, v in layer(v[0]) }
        #expect(first.passed, "\(first)")
        let second = GradientCheck.compareSecondDerivatives(at: [input]) { _, v in layer(v[0]).tanh() }
        #expect(second.passed, "\(second)")
        let weights = normalTestInput([3, 5], seed: 5)
        expectParameterGradientsMatchCentralDifferences(layer) { tape in (layer(tape.constant(input)).tanh() * weights).sum() }
    }
}
