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
    ///
    /// - Parameters:
    ///   - logarithmic: label the cost axis in cost units (1, 2, 5, 10, …) and draw the metric on a
    ///     logarithmic axis too (for metrics spanning decades); otherwise the metric axis starts at zero.
    ///   - colors: one colour per series (default: the plotting cycle in order); `boundColor` for the bounds.
    public static func qualityAgainstCost(_ metrics: [QualityMetricPanel], title: String, costLabel: String, logarithmic: Bool = false,
                                          colors: [Color]? = nil, boundColor: Color? = nil) -> Figure {
        var figure = Figure(rows: 1, columns: metrics.count, width: 560 * Double(metrics.count), height: 400, title: title)
        for (column, metric) in metrics.enumerated() {
            // On a logarithmic metric axis a band's lower edge is kept above a tenth of its mean.
            let y = { (value: Double, mean: Double) in logarithmic ? Foundation.log10(Swift.max(value, mean / 10)) : value }
            for (index, curve) in metric.series.enumerated() {
                let x = curve.cost.map { Foundation.log10($0) }, color = colors?[index] ?? Color.cycle(index)
                figure[0, column].band(x: x, lower: zip(curve.mean, curve.spread).map { y($0 - $1, $0) }, upper: zip(curve.mean, curve.spread).map { y($0 + $1, $0) },
                                       color: color, alpha: 0.15)
                figure[0, column].line(x: x, y: curve.mean.map { y($0, $0) }, color: color, label: curve.name)
                figure[0, column].scatter(x: x, y: curve.mean.map { y($0, $0) }, color: color, size: 3.5)
            }
            figure[0, column].referenceLine(at: y(metric.dataValue, metric.dataValue))
            for bound in metric.bounds { figure[0, column].referenceLine(at: y(bound, bound), color: boundColor ?? Color.cycle(metric.series.count)) }
            let values = metric.series.flatMap { zip($0.mean, $0.spread).map { $0 + $1 } } + [metric.dataValue] + metric.bounds
            if logarithmic {
                let lowest = (metric.series.flatMap(\.mean) + [metric.dataValue]).min() ?? 1
                figure[0, column].yLimits = (Foundation.log10(lowest) - 0.1)...(Foundation.log10(values.max() ?? 1) + 0.05)
                figure[0, column].xIsLog10 = true
                figure[0, column].yIsLog10 = true
                figure[0, column].xLabel = costLabel + " (log scale)"
                figure[0, column].yLabel = metric.label + " (log scale)"
            } else {
                // From zero, so differences look as large as they are, and high enough to show the bounds.
                figure[0, column].yLimits = 0...((values.max() ?? 1) * 1.08)
                figure[0, column].xLabel = "log₁₀ " + costLabel
                figure[0, column].yLabel = metric.label
            }
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
