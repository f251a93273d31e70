import Foundation
import Testing
import Distributions
import Statistics
import TensorCore

// Checks shared by every distribution's tests: each compares a closed form with
// an independent route (simulation, quadrature, finite differences).

/// Sample means within 5 standard errors of `mean` (SE √(Σᵢᵢ/n) from the true
/// covariance), and sample covariances within 5 standard errors of `covariance`.
/// The covariance estimate is the mean of the products (xᵢ − μᵢ)(xⱼ − μⱼ) about the
/// *true* mean, which is unbiased, and its SE is that product's own standard error —
/// valid for any law with fourth moments, not only normal ones.
func expectMoments(_ samples: Tensor, mean: [Double], covariance: [[Double]], _ label: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    let n = samples.rowCount, d = samples.columnCount
    #expect(d == mean.count, "\(label): dimension", sourceLocation: sourceLocation)
    let columns = (0..<d).map { i in (0..<n).map { Double(samples.scalars[$0 * d + i]) - mean[i] } }
    for i in 0..<d {
        let shift = columns[i].mean
        let bound = 5 * (covariance[i][i] / Double(n)).squareRoot()
        #expect(abs(shift) < bound, "\(label): mean[\(i)] off by \(shift), 5 SE = \(bound)", sourceLocation: sourceLocation)
        for j in i..<d {
            let products = SampleSummary(zip(columns[i], columns[j]).map { $0 * $1 })
            let error = products.mean - covariance[i][j]
            #expect(abs(error) < 5 * products.standardError,
                    "\(label): covariance[\(i)][\(j)] = \(products.mean) vs \(covariance[i][j]), SE \(products.standardError)",
                    sourceLocation: sourceLocation)
        }
    }
}

/// ∫ p over [−extent, extent]² by the midpoint rule on `cells` × `cells` cells.
func integrate2D(_ model: some DensityModel, extent: Double, cells: Int) -> Double {
    let width = 2 * extent / Double(cells)
    let grid = Tensor(shape: [cells * cells, 2]) { buffer in
        for i in 0..<cells {
            for j in 0..<cells {
                buffer[2 * (i * cells + j)] = Float(-extent + width * (Double(j) + 0.5))
                buffer[2 * (i * cells + j) + 1] = Float(-extent + width * (Double(i) + 0.5))
            }
        }
    }
    return model.logDensity(grid).reduce(0) { $0 + exp($1) } * width * width
}

/// `points` with `h` added to coordinate `axis` of every row.
func shifted(_ points: Tensor, axis: Int, by h: Float) -> Tensor {
    var result = points
    let d = points.columnCount
    for row in 0..<points.rowCount { result.scalars[row * d + axis] += h }
    return result
}

/// The score against central differences of log p, and the divergence against central
/// differences of the score. Denominators are the actual single-precision gaps, so the
/// only errors are O(h²) truncation and the score's Float32 rounding.
func expectScoreAndDivergenceMatchFiniteDifferences(_ model: some DensityModel, at points: Tensor, _ label: String,
                                                    sourceLocation: SourceLocation = #_sourceLocation) {
    let h: Float = 2e-3
    let n = points.rowCount, d = points.columnCount
    let score = model.score(points), divergence = model.scoreDivergence(points)
    var numericDivergence = [Double](repeating: 0, count: n)
    for axis in 0..<d {
        let plus = shifted(points, axis: axis, by: h), minus = shifted(points, axis: axis, by: -h)
        let (logPlus, logMinus) = (model.logDensity(plus), model.logDensity(minus))
        let (scorePlus, scoreMinus) = (model.score(plus), model.score(minus))
        for row in 0..<n {
            let index = row * d + axis
            let gap = Double(plus.scalars[index]) - Double(minus.scalars[index])
            let numeric = (logPlus[row] - logMinus[row]) / gap
            let exact = Double(score.scalars[index])
            #expect(abs(exact - numeric) < 1e-3 * max(1, abs(numeric)),
                    "\(label): score[\(row), \(axis)] = \(exact) vs finite difference \(numeric)", sourceLocation: sourceLocation)
            numericDivergence[row] += Double(scorePlus.scalars[index] - scoreMinus.scalars[index]) / gap
        }
    }
    for row in 0..<n {
        #expect(abs(divergence[row] - numericDivergence[row]) < 3e-3 * max(1, abs(numericDivergence[row])),
                "\(label): divergence[\(row)] = \(divergence[row]) vs finite difference \(numericDivergence[row])",
                sourceLocation: sourceLocation)
    }
}

/// α·X + σ·Z simulated from samples of X.
func simulateNoising(_ distribution: some Distribution, count: Int, alpha: Double, sigma: Double,
                     using generator: inout RandomGenerator) -> Tensor {
    let x = distribution.sample(count, using: &generator)
    return x * Float(alpha) + Tensor.normal(x.shape, using: &generator) * Float(sigma)
}
