import Testing
@testable import NeuralLayers

struct EmbeddingTests {
    @Test func lookupReturnsTheTableRowsOnAndOffTheTape() {
        var generator = RandomGenerator(seed: 1)
        let embedding = Embedding(count: 5, dimension: 3, using: &generator)
        let indices = [4, 0, 4, 2]
        let looked: Tensor = embedding(indices)
        #expect(looked.shape == [4, 3])
        #expect(looked.row(0) == embedding.table.value.row(4) && looked.row(3) == embedding.table.value.row(2))
        #expect(embedding(indices, on: Tape()).value == looked)
    }

    @Test func gradientScattersBackSummingRepeatsAndSkippingUnusedRows() {
        var generator = RandomGenerator(seed: 2)
        let embedding = Embedding(count: 5, dimension: 3, using: &generator)
        let weights = normalTestInput([4, 3], seed: 3)
        let tape = Tape()
        let gradient = tape.gradients(of: (embedding([4, 0, 4, 2], on: tape) * weights).sum(), for: embedding.parameters)[0]
        #expect(gradient.row(4) == weights.row(0) + weights.row(2))
        #expect(gradient.row(0) == weights.row(1))
        #expect(gradient.row(1) == Tensor.zeros([3]) && gradient.row(3) == Tensor.zeros([3]))
        expectParameterGradientsMatchCentralDifferences(embedding) { tape in
            (embedding([4, 0, 4, 2], on: tape).tanh() * weights).sum()
        }
    }

    @Test func lookupCanBeDifferentiatedTwice() {
        // ∂/∂table of ‖∇_table Σ w·tanh(lookup)‖², through the recorded scatter.
        var generator = RandomGenerator(seed: 4)
        let embedding = Embedding(count: 4, dimension: 2, using: &generator)
        let weights = normalTestInput([3, 2], seed: 5)
        expectParameterGradientsMatchCentralDifferences(embedding) { tape in
            let output = (embedding([3, 1, 3], on: tape).tanh() * weights).sum()
            return tape.differentiableGradients(of: output, for: embedding.parameters)[0].squared().sum()
        }
    }
}
