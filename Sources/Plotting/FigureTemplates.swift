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

    /// One panel per metric: a curve per method of the metric's mean against log₁₀ of a cost,
    /// with a band of ± one spread, the data's own value as a grey reference line, and the pass
    /// band (one bound, or a lower and an upper one) as coloured reference lines.
    public static func qualityAgainstCost(_ metrics: [QualityMetricPanel], title: String, costLabel: String) -> Figure {
        var figure = Figure(rows: 1, columns: metrics.count, width: 560 * Double(metrics.count), height: 400, title: title)
        for (column, metric) in metrics.enumerated() {
            for (index, curve) in metric.series.enumerated() {
                let x = curve.cost.map { Foundation.log10($0) }
                figure[0, column].band(x: x, lower: zip(curve.mean, curve.spread).map { $0 - $1 }, upper: zip(curve.mean, curve.spread).map { $0 + $1 },
                                       color: Color.cycle(index), alpha: 0.15)
                figure[0, column].line(x: x, y: curve.mean, color: Color.cycle(index), label: curve.name)
                figure[0, column].scatter(x: x, y: curve.mean, color: Color.cycle(index), size: 3.5)
            }
            figure[0, column].referenceLine(at: metric.dataValue)
            for bound in metric.bounds { figure[0, column].referenceLine(at: bound, color: Color.cycle(metric.series.count)) }
            // From zero, so differences look as large as they are, and high enough to show the bounds.
            let top = (metric.series.flatMap { zip($0.mean, $0.spread).map { $0 + $1 } } + [metric.dataValue] + metric.bounds).max() ?? 1
            figure[0, column].yLimits = 0...(top * 1.08)
            figure[0, column].xLabel = "log₁₀ " + costLabel
            figure[0, column].yLabel = metric.label
            figure[0, column].legendPosition = metric.legendPosition
        }
        return figure
    }
}

/// One metric for `Figure.qualityAgainstCost`: its curves, the data's own value and the pass bounds.
public struct QualityMetricPanel {
    public var label: String
    public var series: [(name: String, cost: [Double], mean: [Double], spread: [Double])]
    public var dataValue: Double
    public var bounds: [Double]
    public var legendPosition: LegendPosition

    public init(label: String, series: [(name: String, cost: [Double], mean: [Double], spread: [Double])], dataValue: Double,
                bounds: [Double], legendPosition: LegendPosition = .topRight) {
        self.label = label
        self.series = series
        self.dataValue = dataValue
        self.bounds = bounds
        self.legendPosition = legendPosition
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
