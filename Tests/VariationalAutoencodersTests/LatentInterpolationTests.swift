import Foundation
import Testing
import TensorCore
@testable import VariationalAutoencoders

private func norm(_ row: [Float]) -> Double { row.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }

/// Interpolation paths: their end points, the linear midpoint, and the spherical path's
/// norms; the model's strip starts and ends at the decoded posterior means.
@Suite struct LatentInterpolationTests {
    @Test func pathsStartAndEndAtTheCodes() {
        let start = [3.0, 0, 1], end = [0.0, 2, -2]
        for path in LatentInterpolation.allCases {
            let points = path.path(from: start, to: end, count: 5)
            #expect(points.shape == [5, 3])
            for j in 0..<3 {
                #expect(abs(Double(points[0, j]) - start[j]) < 1e-6 && abs(Double(points[4, j]) - end[j]) < 1e-6, "\(path)")
            }
        }
        let linear = LatentInterpolation.linear.path(from: start, to: end, count: 3)
        #expect((0..<3).allSatisfy { abs(Double(linear[1, $0]) - (start[$0] + end[$0]) / 2) < 1e-6 })
    }

    /// Between orthogonal codes of equal norm r, the straight line's midpoint has norm r/√2;
    /// the spherical path keeps norm r all the way, and its midpoint bisects the angle.
    @Test func sphericalPathKeepsTypicalNorms() {
        let start = [2.0, 0, 0], end = [0.0, 2, 0]
        let spherical = LatentInterpolation.spherical.path(from: start, to: end, count: 7)
        for row in 0..<7 { #expect(abs(norm((0..<3).map { spherical[row, $0] }) - 2) < 1e-5) }
        #expect(abs(Double(spherical[3, 0]) - 2.0.squareRoot()) < 1e-5 && abs(Double(spherical[3, 1]) - 2.0.squareRoot()) < 1e-5)
        let linear = LatentInterpolation.linear.path(from: start, to: end, count: 7)
        #expect(abs(norm((0..<3).map { linear[3, $0] }) - 2 / 2.0.squareRoot()) < 1e-5)
        // Opposite codes fix no great circle: the path falls back to the straight line.
        let opposite = LatentInterpolation.spherical.path(from: [1, 0], to: [-1, 0], count: 3)
        #expect(opposite.scalars.allSatisfy { $0.isFinite } && abs(opposite[1, 0]) < 1e-6)
    }

    @Test func modelStripEndsAtTheDecodedPosteriorMeans() {
        var generator = RandomGenerator(seed: 1)
        let model = VariationalAutoencoder(dataSize: 64, latentSize: 3, hiddenSizes: [16], using: &generator)
        let pair = TinyDigitVAE.images.slice(0..<2)
        let strip = model.interpolate(from: pair.slice(0..<1), to: pair.slice(1..<2), count: 6, along: .spherical)
        let ends = model.reconstruct(pair)
        #expect(strip.shape == [6, 64])
        for j in 0..<64 {
            #expect(abs(strip[0, j] - ends[0, j]) < 1e-5 && abs(strip[5, j] - ends[1, j]) < 1e-5)
        }
    }
}
