import Foundation
import TensorCore

// Figure layouts that several chapters draw: a learned density against the true one,
// and a metric against a cost with its spread (samplers against network evaluations,
// models against training time).

extension Figure {
    /// Three panels — the true log-density, the model's, and their difference — over one grid:
    /// for flows, energy models, score models, anything with a density to compare.
    ///
    /// - Parameters:
    ///   - floor: log-densities below it are drawn at it, so far tails do not wash out the colour scale.
    ///   - differenceRange: the diverging scale of model − true, clipped to ±this.
    public static func densityComparison(_ grid: Grid2D, truth: [Double], model: [Double], title: String,
                                         floor: Double = -8, ceiling: Double = 1, differenceRange: Double = 3) -> Figure {
        var figure = Figure(rows: 1, columns: 3, width: 1_150, height: 380, title: title)
        for (index, (name, values)) in [("true log p(x)", truth), ("model log p(x)", model)].enumerated() {
            figure[0, index].heatmap(grid, values: values.map { Swift.max($0, floor) }, valueRange: floor...ceiling, colorBar: "log density")
            figure[0, index].title = name
        }
        figure[0, 2].heatmap(grid, values: zip(model, truth).map { Swift.min(Swift.max($0 - $1, -differenceRange), differenceRange) },
                             colorMap: .blueWhiteRed, valueRange: -differenceRange...differenceRange, colorBar: "model − true")
        figure[0, 2].title = "difference (nats)"
        for index in 0..<3 { figure[0, index].equalAspect = true }
        return figure
    }

    /// One curve per method of a metric's mean against log₁₀ of a cost, with a band of ± one
    /// spread, the data-vs-data floor and a pass bound as reference lines.
    public static func qualityAgainstCost(_ series: [(name: String, cost: [Double], mean: [Double], spread: [Double])],
                                          floor: Double, bound: Double?, title: String, costLabel: String, metricLabel: String) -> Figure {
        var figure = Figure(width: 620, height: 400, title: title)
        for (index, curve) in series.enumerated() {
            let x = curve.cost.map { Foundation.log10($0) }
            figure.panel.band(x: x, lower: zip(curve.mean, curve.spread).map { $0 - $1 }, upper: zip(curve.mean, curve.spread).map { $0 + $1 },
                              color: Color.cycle(index), alpha: 0.15)
            figure.panel.line(x: x, y: curve.mean, color: Color.cycle(index), label: curve.name)
            figure.panel.scatter(x: x, y: curve.mean, color: Color.cycle(index), size: 3.5)
        }
        // From zero, so differences look as large as they are, and high enough to show the bound.
        let top = (series.flatMap { zip($0.mean, $0.spread).map { $0 + $1 } } + [floor, bound ?? floor]).max() ?? 1
        figure.panel.yLimits = 0...(top * 1.08)
        figure.panel.referenceLine(at: floor)
        if let bound { figure.panel.referenceLine(at: bound, color: Color.cycle(series.count)) }
        figure.panel.xLabel = "log₁₀ " + costLabel
        figure.panel.yLabel = metricLabel
        return figure
    }
}

extension Panel {
    /// A vector field over a background heatmap on square axes: scores over log-densities.
    public mutating func field(_ grid: Grid2D, vectors: Tensor, over background: Grid2D, values: [Double], title: String) {
        heatmap(background, values: values)
        quiver(grid, vectors: vectors)
        self.title = title
        equalAspect = true
    }

    /// Square limits [−extent, extent]² with equal aspect.
    public mutating func square(_ extent: Double) {
        xLimits = -extent...extent
        yLimits = -extent...extent
        equalAspect = true
    }
}
