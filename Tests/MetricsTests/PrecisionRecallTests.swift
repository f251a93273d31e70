import Foundation
import Testing
import Metrics
import TensorCore

@Suite struct ManifoldPrecisionRecallTests {
    /// Points on a line, radii by hand. Real {0, 1, 3, 7} with k = 1 has radii 1, 1, 2, 4:
    /// balls [−1, 1], [0, 2], [1, 5], [3, 11]. Generated {−2, 2, 10, 12} has radii 4, 4, 2, 2:
    /// balls [−6, 2], [−2, 6], [8, 12], [10, 14]. Precision: 2 (on a boundary, which counts)
    /// and 10 are inside, −2 and 12 are not: 1/2. Recall: 0, 1, 3 inside, 7 not: 3/4.
    @Test func pointsOnALineWithOneNeighbour() {
        let real = Tensor(shape: [4, 1], scalars: [0, 1, 3, 7])
        let generated = Tensor(shape: [4, 1], scalars: [-2, 2, 10, 12])
        #expect(ManifoldPrecisionRecall.squaredRadii(of: real, neighbours: 1) == [1, 1, 4, 16])
        let measured = ManifoldPrecisionRecall(real: real, generated: generated, neighbours: 1)
        #expect(measured.precision == 0.5 && measured.recall == 0.75)
    }

    /// With k = 3 among four points every radius reaches the farthest other point — real
    /// radii 7, 6, 4, 7 and generated 14, 10, 12, 14 — so both manifolds swallow the other
    /// set: larger k is more generous, and both numbers rise to 1.
    @Test func pointsOnALineWithThreeNeighbours() {
        let real = Tensor(shape: [4, 1], scalars: [0, 1, 3, 7])
        let generated = Tensor(shape: [4, 1], scalars: [-2, 2, 10, 12])
        #expect(ManifoldPrecisionRecall.squaredRadii(of: real, neighbours: 3) == [49, 36, 16, 49])
        #expect(ManifoldPrecisionRecall.squaredRadii(of: generated, neighbours: 3) == [196, 100, 144, 196])
        let measured = ManifoldPrecisionRecall(real: real, generated: generated, neighbours: 3)
        #expect(measured.precision == 1 && measured.recall == 1)
    }

    /// A duplicated point is its copy's nearest neighbour, at distance 0: the point
    /// itself is skipped by index, not by distance.
    @Test func aDuplicateIsANeighbourAtDistanceZero() {
        let points = Tensor(shape: [3, 1], scalars: [5, 5, 9])
        #expect(ManifoldPrecisionRecall.squaredRadii(of: points, neighbours: 1) == [0, 0, 16])
    }

    /// Samples of N(0, I₈) against another sample of it, its core (conditioned on ‖x‖ below
    /// the median radius) and a widened law (standard deviation 1.75). The core is all
    /// realistic but misses the rest (precision ≈ 1, recall ≈ 0.6); the widened law covers
    /// the data but most of its samples lie off it (recall ≈ 1, precision ≈ 0.3); one law
    /// against itself is high on both (≈ 0.9 at k = 3). Bands are ≥ 5 binomial SEs (≤ 0.016
    /// at n = 1,000) from the values measured with this seed.
    @Test func truncatedAndWidenedGaussians() {
        var generator = RandomGenerator(seed: 31)
        let n = 1_000, d = 8
        let real = Tensor.normal([n, d], using: &generator)
        let same = ManifoldPrecisionRecall(real: real, generated: Tensor.normal([n, d], using: &generator))
        let core = ManifoldPrecisionRecall(real: real, generated: Self.core(n, dimension: d, using: &generator))
        let wide = ManifoldPrecisionRecall(real: real, generated: Tensor.normal([n, d], standardDeviation: 1.75, using: &generator))
        #expect(same.precision > 0.8 && same.recall > 0.8, "same law: \(same.precision), \(same.recall)")
        #expect(core.precision > 0.97 && core.recall < 0.7, "core: \(core.precision), \(core.recall)")
        #expect(wide.precision < 0.45 && wide.recall > 0.97, "widened: \(wide.precision), \(wide.recall)")
        #expect(same.recall > core.recall + 0.15 && same.precision > wide.precision + 0.3)
    }

    /// Radii grow with k, so on fixed sets both numbers can only rise with k; with k = 1
    /// the balls are so small that even one law against itself scores only ≈ 0.6.
    @Test func largerKIsMoreGenerous() {
        var generator = RandomGenerator(seed: 32)
        let real = Tensor.normal([600, 8], using: &generator), generated = Tensor.normal([600, 8], using: &generator)
        let scores = [1, 2, 3, 5, 10].map { ManifoldPrecisionRecall(real: real, generated: generated, neighbours: $0) }
        for (smaller, larger) in zip(scores, scores.dropFirst()) {
            #expect(larger.precision >= smaller.precision && larger.recall >= smaller.recall)
        }
        #expect(scores[0].precision < 0.75 && scores[2].precision > 0.8, "k = 1: \(scores[0].precision), k = 3: \(scores[2].precision)")
    }

    /// `count` draws of N(0, I_d) conditioned on ‖x‖ below the median radius.
    static func core(_ count: Int, dimension d: Int, using generator: inout RandomGenerator) -> Tensor {
        // The median of ‖x‖² (a χ²_d variable), estimated from a large pilot sample.
        let pilot = Tensor.normal([20_000, d], using: &generator).squared().sum(alongAxis: 1).scalars.sorted()
        let medianSquaredRadius = pilot[pilot.count / 2]
        var kept: [Float] = []
        while kept.count < count * d {
            let candidates = Tensor.normal([count, d], using: &generator)
            for row in 0..<count where kept.count < count * d {
                let point = candidates.scalars[(row * d)..<((row + 1) * d)]
                if point.reduce(0, { $0 + $1 * $1 }) < medianSquaredRadius { kept.append(contentsOf: point) }
            }
        }
        return Tensor(shape: [count, d], scalars: kept)
    }
}
