import Testing
import TensorCore
import VectorQuantization

/// Who updates the codebook, and that a short run learns.
struct VQVAETrainerTests {
    static func model(seed: UInt64) -> VQVAE {
        var generator = RandomGenerator(seed: seed)
        return VQVAE(codeCount: 8, codeDimension: 3, channels: 8, codebookScale: 0.125, using: &generator)
    }

    @Test func movingAveragesKeepTheCodebookFromTheOptimiserButStillMoveIt() throws {
        let model = Self.model(seed: 81)
        let trainer = VQVAETrainer(model: model, steps: 5, codebook: .movingAverages(decay: 0.9))
        let trained = trainer.trainer.parameters
        #expect(!trained.contains { $0 === model.quantizer.codebook })
        #expect(trained.count == model.networkParameters.count)
        #expect(model.networkParameters.allSatisfy { p in trained.contains { $0 === p } })
        #expect(trainer.averages != nil)
        let before = model.quantizer.codebook.value
        var generator = RandomGenerator(seed: 82)
        try trainer.step(0, batch: TestData.images(8, seed: 83), using: &generator)
        #expect(model.quantizer.codebook.value != before)
    }

    @Test func gradientLearningGivesTheCodebookToTheOptimiser() throws {
        let model = Self.model(seed: 84)
        let trainer = VQVAETrainer(model: model, steps: 5, codebook: .gradient)
        #expect(trainer.trainer.parameters.contains { $0 === model.quantizer.codebook })
        #expect(trainer.averages == nil)
        let before = model.quantizer.codebook.value
        var generator = RandomGenerator(seed: 85)
        try trainer.step(0, batch: TestData.images(8, seed: 86), using: &generator)
        #expect(model.quantizer.codebook.value != before)
    }

    @Test(arguments: [CodebookLearning.gradient, .movingAverages(decay: 0.9)])
    func aShortRunLowersTheReconstructionTerm(learning: CodebookLearning) throws {
        let model = Self.model(seed: 87)
        let steps = 60
        let trainer = VQVAETrainer(model: model, steps: steps, learningRate: 1e-2, codebook: learning, restartInterval: 20)
        var generator = RandomGenerator(seed: 88)
        let data = TestData.images(256, seed: 89)
        for step in 0..<steps {
            let rows = (0..<32).map { _ in generator.integer(below: 256) }
            try trainer.step(step, batch: data.gatherRows(rows), using: &generator)
        }
        let history = trainer.history
        #expect(history.count == steps)
        #expect(history.allSatisfy { $0.perplexity >= 1 - 1e-12 && $0.perplexity <= 8 + 1e-9 && $0.usedCodes >= 1 && $0.usedCodes <= 8 })
        #expect(history.allSatisfy { $0.reconstruction.isFinite && $0.codebook >= 0 && $0.commitment >= 0 })
        let first = history.prefix(5).map(\.reconstruction).reduce(0, +) / 5
        let last = history.suffix(5).map(\.reconstruction).reduce(0, +) / 5
        #expect(last < first, "reconstruction \(first) → \(last) nats per image")
        print("\(learning): reconstruction \(first) → \(last); perplexity \(history.last!.perplexity)")
    }
}
