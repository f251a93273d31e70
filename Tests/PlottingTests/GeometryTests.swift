import Foundation
import Testing
@testable import Plotting

struct GeometryTests {
    @Test func contourOfACircleLiesOnTheCircle() {
        // f(x, y) = x² + y² on a 101×101 grid over [−2, 2]²; the level r² with
        // r = 1.23 passes through no grid vertex (a vertex exactly on the level
        // is the degenerate case where several cells share one point).
        let n = 101, radius = 1.23
        let values = (0..<n).map { i in (0..<n).map { j -> Double in
            let (x, y) = (-2 + 4 * Double(j) / Double(n - 1), -2 + 4 * Double(i) / Double(n - 1))
            return x * x + y * y } }
        let segments = MarchingSquares.segments(values: values, xRange: -2...2, yRange: -2...2, level: radius * radius)
        #expect(segments.count > 100)
        let cell = 4.0 / Double(n - 1)
        // Linear interpolation of a quadratic errs by at most ~cell²/(8r), far below one cell.
        for segment in segments {
            for point in [segment.start, segment.end] {
                #expect(abs((point.x * point.x + point.y * point.y).squareRoot() - radius) < 0.1 * cell)
            }
        }
        // The contour closes: every endpoint is shared by exactly two segments.
        var endpoints: [String: Int] = [:]
        for segment in segments {
            for point in [segment.start, segment.end] { endpoints[String(format: "%.9f,%.9f", point.x, point.y), default: 0] += 1 }
        }
        #expect(endpoints.values.allSatisfy { $0 == 2 })
    }

    @Test func contourOfAConstantFieldIsEmpty() {
        #expect(MarchingSquares.segments(values: [[1, 1], [1, 1]], xRange: 0...1, yRange: 0...1, level: 0.5).isEmpty)
    }

    @Test func quiverScalingCapsTheLongestArrowAndKeepsRatios() {
        let (u, v) = Quiver.scaled(u: [3, 0, 0.3], v: [4, 1, 0.4], maximumLength: 0.5)
        #expect(abs((u[0] * u[0] + v[0] * v[0]).squareRoot() - 0.5) < 1e-12)
        #expect(abs(v[1] - 0.1) < 1e-12)   // length 1 of 5 → 0.1
        #expect(abs(u[2] / u[0] - 0.1) < 1e-12)
        let zero = Quiver.scaled(u: [0, 0], v: [0, 0], maximumLength: 1)
        #expect(zero.u == [0, 0] && zero.v == [0, 0])
        #expect(abs(Quiver.typicalSpacing(x: [0, 0.5, 1, 0, 0.5, 1], y: [0, 0, 0, 0.5, 0.5, 0.5]) - 0.5) < 1e-12)
    }
}
