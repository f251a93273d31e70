import Foundation
import Testing
@testable import NeuralLayers

struct LayerConstructionTests {
    @Test func sinusoidalEmbeddingShapeAndValuesAtZero() {
        let embedding = SinusoidalEmbedding(dimension: 16)
        let features = embedding(Tensor([0, 0.5, 1]))
        #expect(features.shape == [3, 16])
        for k in 0..<8 {
            #expect(features[0, k] == 0)       // sin(0)
            #expect(features[0, 8 + k] == 1)   // cos(0)
        }
        // Every row has sin² + cos² = 1 at each frequency.
        for row in 0..<3 { for k in 0..<8 {
            #expect(abs(features[row, k] * features[row, k] + features[row, 8 + k] * features[row, 8 + k] - 1) < 1e-5)
        } }
    }

    @Test func mlpParameterCount() {
        var generator = RandomGenerator(seed: 1)
        let mlp = MLP(sizes: [18, 128, 128, 128, 2], using: &generator)
        #expect(mlp.parameterCount == 18 * 128 + 128 + 2 * (128 * 128 + 128) + 128 * 2 + 2)
    }

    @Test func initializerStatistics() {
        var generator = RandomGenerator(seed: 2)
        let glorot = Initializer.glorotUniform.make([200, 300], fanIn: 200, fanOut: 300, using: &generator)
        let limit = Float((6.0 / 500).squareRoot())
        #expect(glorot.abs().max() <= limit && glorot.abs().max() > 0.99 * limit)
        let he = Initializer.heNormal.make([400, 400], fanIn: 400, fanOut: 400, using: &generator)
        // Variance 2/fanIn = 0.005; with 160,000 draws its standard error is 0.005·√(2/160000).
        let variance = Double(he.squared().mean().scalar)
        #expect(abs(variance - 0.005) < 5 * 0.005 * (2.0 / 160_000).squareRoot())
    }
}
