import Foundation
import Testing
import TensorCore

/// Sample frequencies of the Bernoulli and categorical samplers against their
/// probabilities, each within five standard errors √(p(1 − p)/n).
struct SamplingMomentTests {
    static let sampleCount = 40_000

    func expectFrequency(_ hits: Int, of count: Int, probability: Double, _ what: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        let frequency = Double(hits) / Double(count)
        let standardError = (probability * (1 - probability) / Double(count)).squareRoot()
        #expect(abs(frequency - probability) <= 5 * standardError + 1e-12,
                "\(what): frequency \(frequency), probability \(probability), 5 SE = \(5 * standardError)",
                sourceLocation: sourceLocation)
    }

    @Test func bernoulliSamplesOfAProbabilityTensorMatchTheirProbabilities() {
        let probabilities: [Float] = [0, 0.05, 0.5, 0.9, 1]
        let tensor = Tensor(shape: [Self.sampleCount, 5], scalars: (0..<Self.sampleCount).flatMap { _ in probabilities })
        var generator = RandomGenerator(seed: 1)
        let samples = tensor.sampledBernoulli(using: &generator)
        #expect(samples.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        let columnSums = samples.sum(alongAxis: 0)
        for (column, probability) in probabilities.enumerated() {
            expectFrequency(Int(columnSums.scalars[column]), of: Self.sampleCount, probability: Double(probability), "column \(column)")
        }
    }

    static let rowProbabilities: [[Double]] = [[0.1, 0.2, 0.3, 0.4], [0.7, 0, 0.25, 0.05]]

    /// The frequencies of each category among rows of each of the two distributions.
    func checkFrequencies(_ samples: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
        for (kind, probabilities) in Self.rowProbabilities.enumerated() {
            let drawn = samples.enumerated().filter { $0.offset % 2 == kind }.map(\.element)
            for (category, probability) in probabilities.enumerated() {
                expectFrequency(drawn.filter { $0 == category }.count, of: drawn.count, probability: probability,
                                "distribution \(kind), category \(category)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Rows alternating between the two distributions, transformed by `entry`.
    func alternatingRows(_ entry: (Double) -> Double) -> Tensor {
        Tensor(shape: [Self.sampleCount, 4], scalars: (0..<Self.sampleCount).flatMap { row in
            Self.rowProbabilities[row % 2].map { Float(entry($0)) }
        })
    }

    @Test func categoricalSamplesFromRowProbabilitiesMatchThem() {
        var generator = RandomGenerator(seed: 2)
        checkFrequencies(alternatingRows { $0 }.sampledCategorical(using: &generator))
    }

    @Test func categoricalSamplesFromLargeLogitsMatchTheirSoftmax() {
        // log p + 80: e^{80} overflows Float, so this passes only if the row maximum is subtracted.
        var generator = RandomGenerator(seed: 3)
        checkFrequencies(alternatingRows { $0 > 0 ? Foundation.log($0) + 80 : -Double.infinity }
            .sampledCategoricalFromLogits(using: &generator))
    }

    @Test func categoricalSamplingIsReproducibleFromTheSeed() {
        var logitStream = RandomGenerator(seed: 99)
        let logits = Tensor.normal([50, 6], using: &logitStream)
        var first = RandomGenerator(seed: 4)
        var second = RandomGenerator(seed: 4)
        #expect(logits.sampledCategoricalFromLogits(using: &first) == logits.sampledCategoricalFromLogits(using: &second))
    }
}
