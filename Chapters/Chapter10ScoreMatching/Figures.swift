import Distributions
import Foundation
import Notebook
import Plotting
import TensorCore

// The chapter's figure layouts.

/// The mixture's log-density as a heatmap with its score field over it.
func scoreFieldFigure() -> Figure {
    let extent = 3.0, background = Grid2D(size: 120, extent: extent), arrows = Grid2D(size: 17, extent: extent)
    var figure = Figure(width: 620, height: 600, title: "The score ∇ₓ log p over log p")
    let logDensities = mixture.logDensity(background.points).map { max($0, -12) }
    figure.panel.heatmap(background, values: logDensities, colorBar: "log p(x)")
    figure.panel.quiver(arrows, vectors: mixture.score(arrows.points))
    figure.panel.square(extent)
    return figure
}

/// Points on the ellipse {θ + L u : ‖u‖ = r} of a 2 × 2 covariance (L its Cholesky factor), r² the 95% χ²₂ quantile.
func ellipse(centre: [Double], covariance: [Double], scale: Double) -> (x: [Double], y: [Double]) {
    let (a, b, c) = (covariance[0] * scale, covariance[1] * scale, covariance[3] * scale)
    let l11 = a.squareRoot(), l21 = b / l11, l22 = (c - l21 * l21).squareRoot(), r = (-2 * log(0.05)).squareRoot()
    let angles = (0...100).map { 2 * Double.pi * Double($0) / 100 }
    return (angles.map { centre[0] + r * l11 * cos($0) }, angles.map { centre[1] + r * (l21 * cos($0) + l22 * sin($0)) })
}

/// The two estimators' scatter with their predicted 95% ellipses.
func efficiencyFigure(sm: [[Double]], ml: [[Double]], theta: [Double], bound: Matrix, sandwich: Matrix, n: Int) -> Figure {
    var figure = Figure(width: 720, height: 560, title: "Score matching against maximum likelihood: estimates and predicted spread")
    figure.panel.scatter(x: ml.map { $0[0] }, y: ml.map { $0[1] }, color: Color.cycle(0), size: 3, alpha: 0.5, label: "maximum likelihood")
    figure.panel.scatter(x: sm.map { $0[0] }, y: sm.map { $0[1] }, color: Color.cycle(1), size: 3, alpha: 0.5, label: "score matching")
    let crEllipse = ellipse(centre: theta, covariance: bound.elements, scale: 1 / Double(n))
    let smEllipse = ellipse(centre: theta, covariance: sandwich.elements, scale: 1 / Double(n))
    figure.panel.line(x: crEllipse.x, y: crEllipse.y, color: Color.cycle(0), width: 1.8, dashed: true, label: "Cramér–Rao, 95%")
    figure.panel.line(x: smEllipse.x, y: smEllipse.y, color: Color.cycle(1), width: 1.8, label: "sandwich, 95%")
    figure.panel.xLabel = "θ₁ (coefficient of x²)"; figure.panel.yLabel = "θ₂ (coefficient of x⁴)"
    figure.panel.legendPosition = .topRight
    return figure
}

/// The exact field beside each learned one, over the log-density; every panel's arrows on the exact field's scale, so
/// that errors of magnitude show as well as errors of direction.
func learnedFieldsFigure(_ trained: [TrainedScore]) -> Figure {
    let extent = 3.0, background = Grid2D(size: 100, extent: extent), arrows = Grid2D(size: 15, extent: extent)
    let logDensities = mixture.logDensity(background.points).map { max($0, -12) }
    func largest(_ field: Tensor) -> Double { (0..<field.rowCount).map { hypot(Double(field.scalars[2 * $0]), Double(field.scalars[2 * $0 + 1])) }.max()! }
    let exact = mixture.score(arrows.points), cap = 0.9 * 2 * extent / 15, exactLargest = largest(exact)
    var figure = Figure(rows: 1, columns: 1 + trained.count, width: 1_500, height: 420, title: "The exact score and \(trained.count) learned ones")
    for (index, (title, field)) in ([("exact ∇log p", exact)] + trained.map { ($0.name, $0.network(arrows.points)) }).enumerated() {
        figure[0, index].heatmap(background, values: logDensities)
        figure[0, index].quiver(arrows, vectors: field, maximumLength: cap * largest(field) / exactLargest)
        figure[0, index].title = title
        figure[0, index].square(extent)
    }
    return figure
}

/// The learned score's relative error over the plane, and against the density.
func errorHeatmapFigure(_ grid: Grid2D, relative: [Double], logDensity: [Double]) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_150, height: 480, title: "Where the learned score is wrong")
    figure[0, 0].heatmap(grid, values: relative.map { log10(max($0, 1e-4)) }, colorBar: "log₁₀ error / S")
    figure[0, 0].contour(values: grid.rows(logDensity), xRange: grid.xRange, yRange: grid.yRange, levels: [-12, -8, -5, -3])
    figure[0, 0].square(grid.xRange.upperBound)
    figure[0, 1].scatter(x: logDensity, y: relative.map { log10(max($0, 1e-4)) }, color: Color.cycle(0), size: 2, alpha: 0.4)
    figure[0, 1].xLabel = "log p(x)"; figure[0, 1].yLabel = "log₁₀ ‖s_θ − ∇log p‖ / S"
    return figure
}
