import Foundation
import Testing
@testable import TensorCore

/// Moment tests use n = 200,000 draws; each tolerance is 5 standard errors of
/// the estimated moment, so a correct generator fails with probability < 1e-6.
struct RandomGeneratorTests {
    static let n = 200_000

    func moments(_ values: [Float]) -> (mean: Double, variance: Double, skewness: Double, kurtosis: Double) {
        let count = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / count
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for value in values {
            let d = Double(value) - mean
            m2 += d * d; m3 += d * d * d; m4 += d * d * d * d
        }
        m2 /= count; m3 /= count; m4 /= count
        return (mean, m2, m3 / pow(m2, 1.5), m4 / (m2 * m2))
    }

    @Test func uniformHasMeanOneHalfAndVarianceOneTwelfth() {
        var generator = RandomGenerator(seed: 1)
        let m = moments(Tensor.uniform([Self.n], using: &generator).scalars)
        let n = Double(Self.n)
        // SE(mean) = √(1/12/n); SE(variance) = √((1/80 − 1/144)/n).
        #expect(abs(m.mean - 0.5) < 5 * (1.0 / 12 / n).squareRoot())
        #expect(abs(m.variance - 1.0 / 12) < 5 * ((1.0 / 80 - 1.0 / 144) / n).squareRoot())
    }

    @Test func normalHasTheMomentsOfAStandardGaussian() {
        var generator = RandomGenerator(seed: 2)
        let m = moments(Tensor.normal([Self.n], using: &generator).scalars)
        let n = Double(Self.n)
        // SE: mean 1/√n, variance √(2/n), skewness √(6/n), kurtosis √(24/n).
        #expect(abs(m.mean) < 5 / n.squareRoot())
        #expect(abs(m.variance - 1) < 5 * (2 / n).squareRoot())
        #expect(abs(m.skewness) < 5 * (6 / n).squareRoot())
        #expect(abs(m.kurtosis - 3) < 5 * (24 / n).squareRoot())
    }

    @Test func normalWithMeanAndScale() {
        var generator = RandomGenerator(seed: 3)
        let m = moments(Tensor.normal([Self.n], mean: 2, standardDeviation: 3, using: &generator).scalars)
        #expect(abs(m.mean - 2) < 5 * 3 / Double(Self.n).squareRoot())
        #expect(abs(m.variance - 9) < 5 * 9 * (2 / Double(Self.n)).squareRoot())
    }

    @Test func bernoulliRateMatchesTheProbability() {
        var generator = RandomGenerator(seed: 4)
        let rate = Tensor.bernoulli([Self.n], probability: 0.3, using: &generator).mean().scalar
        #expect(abs(Double(rate) - 0.3) < 5 * (0.3 * 0.7 / Double(Self.n)).squareRoot())
    }

    @Test func categoricalFrequenciesMatchTheWeights() {
        var generator = RandomGenerator(seed: 5)
        let weights = [1.0, 2.0, 3.0, 4.0]
        var counts = [0, 0, 0, 0]
        for _ in 0..<Self.n { counts[generator.categorical(weights)] += 1 }
        for (index, count) in counts.enumerated() {
            let p = weights[index] / 10
            #expect(abs(Double(count) / Double(Self.n) - p) < 5 * (p * (1 - p) / Double(Self.n)).squareRoot())
        }
    }

    @Test func permutationsAreUniformOverTheSixOrdersOfThree() {
        var generator = RandomGenerator(seed: 6)
        var counts: [[Int]: Int] = [:]
        let draws = 60_000
        for _ in 0..<draws {
            let p = generator.permutation(3)
            #expect(p.sorted() == [0, 1, 2])
            counts[p, default: 0] += 1
        }
        #expect(counts.count == 6)
        let p = 1.0 / 6
        for count in counts.values {
            #expect(abs(Double(count) / Double(draws) - p) < 5 * (p * (1 - p) / Double(draws)).squareRoot())
        }
    }

    @Test func sameSeedGivesIdenticalBitsAndOtherSeedsDiffer() {
        var first = RandomGenerator(seed: 42), second = RandomGenerator(seed: 42), other = RandomGenerator(seed: 43)
        let a = Tensor.normal([1000], using: &first), b = Tensor.normal([1000], using: &second)
        #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern))
        #expect(a != Tensor.normal([1000], using: &other))
    }

    @Test func splitStreamDoesNotDependOnLaterParentDraws() {
        var parentA = RandomGenerator(seed: 7), parentB = RandomGenerator(seed: 7)
        var childA = parentA.split(), childB = parentB.split()
        _ = Tensor.normal([500], using: &parentA)  // only parent A draws more
        #expect(Tensor.uniform([100], using: &childA) == Tensor.uniform([100], using: &childB))
        var parentC = RandomGenerator(seed: 7)
        var child = parentC.split()
        #expect(Tensor.uniform([100], using: &child) != Tensor.uniform([100], using: &parentC))
    }

    @Test func integerBelowStaysInRange() {
        var generator = RandomGenerator(seed: 8)
        #expect((0..<10_000).allSatisfy { _ in (0..<7).contains(generator.integer(below: 7)) })
    }
}
