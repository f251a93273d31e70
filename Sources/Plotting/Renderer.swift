import CCairo
import Foundation

/// Draws a figure onto a Cairo context. The same code serves PNG, SVG and
/// PDF surfaces, so every format shows exactly the same picture.
///
/// This file lays out the figure and its panels; the marks, the guides (axes,
/// legend, colour bar) and the Cairo primitives each have their own file.
struct Renderer {
    let context: OpaquePointer

    struct Rect {
        var x, y, width, height: Double
        var maxX: Double { x + width }
        var maxY: Double { y + height }
    }

    /// Maps data coordinates to the plot area (y grows upwards in data, downwards on the page).
    struct Transform {
        let area: Rect
        let xRange: ClosedRange<Double>
        let yRange: ClosedRange<Double>
        func x(_ value: Double) -> Double {
            area.x + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * area.width
        }
        func y(_ value: Double) -> Double {
            area.maxY - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * area.height
        }
        /// Device units per data unit along x.
        var xScale: Double { area.width / (xRange.upperBound - xRange.lowerBound) }
        var yScale: Double { area.height / (yRange.upperBound - yRange.lowerBound) }
    }

    // MARK: Figure

    func draw(_ figure: Figure) {
        setColor(.white)
        cairo_paint(context)
        var top = 0.0
        if !figure.title.isEmpty {
            text(figure.title, x: figure.width / 2, y: 8, size: fittedSize(figure.title, Style.figureTitleSize, bold: true, width: figure.width - 16),
                 bold: true, anchor: .below)
            top = 30
        }
        let cellWidth = figure.width / Double(figure.columns)
        let cellHeight = (figure.height - top) / Double(figure.rows)
        for row in 0..<figure.rows {
            for column in 0..<figure.columns {
                let cell = Rect(x: Double(column) * cellWidth, y: top + Double(row) * cellHeight, width: cellWidth, height: cellHeight)
                draw(figure[row, column], in: cell)
            }
        }
    }

    // MARK: Panel layout

    func draw(_ panel: Panel, in cell: Rect) {
        var area = Rect(x: cell.x + 8, y: cell.y + 6, width: cell.width - 16, height: cell.height - 12)
        if !panel.title.isEmpty {
            text(panel.title, x: cell.x + cell.width / 2, y: cell.y + 6,
                 size: fittedSize(panel.title, Style.panelTitleSize, bold: true, width: cell.width - 12), bold: true, anchor: .below)
            area.y += 22; area.height -= 22
        }
        let (xRange, yRange) = limits(of: panel)
        let (xTicks, xTickLabels) = panel.xIsLog10 ? Ticks.logarithmic(xRange.lowerBound, xRange.upperBound)
            : { let ticks = Ticks.nice(xRange.lowerBound, xRange.upperBound, target: panel.tickCount); return (ticks, Ticks.labels(ticks)) }()
        let (yTicks, yTickLabels) = panel.yIsLog10 ? Ticks.logarithmic(yRange.lowerBound, yRange.upperBound)
            : { let ticks = Ticks.nice(yRange.lowerBound, yRange.upperBound, target: panel.tickCount); return (ticks, Ticks.labels(ticks)) }()
        if panel.showAxes {
            let labelWidth = yTickLabels.map { textWidth($0, size: Style.tickLabelSize) }.max() ?? 0
            let left = labelWidth + 10 + (panel.yLabel.isEmpty ? 0 : 18)
            let bottom: Double = 20 + (panel.xLabel.isEmpty ? 0 : 17)
            area.x += left; area.width -= left + 6
            area.height -= bottom
        }
        if panel.colorBar != nil { area.width -= 78 }
        if panel.equalAspect {
            let dataAspect = (yRange.upperBound - yRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
            if area.height / area.width > dataAspect {
                let newHeight = area.width * dataAspect
                area.y += (area.height - newHeight) / 2; area.height = newHeight
            } else {
                let newWidth = area.height / dataAspect
                area.x += (area.width - newWidth) / 2; area.width = newWidth
            }
        }
        guard area.width > 4, area.height > 4 else { return }
        let transform = Transform(area: area, xRange: xRange, yRange: yRange)

        if panel.showGrid {
            setColor(Style.gridColor); cairo_set_line_width(context, 0.6)
            for tick in xTicks { line(transform.x(tick), area.y, transform.x(tick), area.maxY) }
            for tick in yTicks { line(area.x, transform.y(tick), area.maxX, transform.y(tick)) }
        }
        cairo_save(context)
        cairo_rectangle(context, area.x, area.y, area.width, area.height)
        cairo_clip(context)
        for mark in panel.marks { draw(mark, transform) }
        cairo_restore(context)

        if panel.showAxes {
            drawAxes(panel, transform, xTicks: xTicks, xTickLabels: xTickLabels, yTicks: yTicks, yTickLabels: yTickLabels)
        }
        let entries = panel.legendEntries
        if !entries.isEmpty { drawLegend(entries, position: panel.legendPosition, area: area) }
        if let bar = panel.colorBar { drawColorBar(bar, beside: area) }
    }

    func limits(of panel: Panel) -> (ClosedRange<Double>, ClosedRange<Double>) {
        var xs: [Double] = [], ys: [Double] = []
        for mark in panel.marks {
            if let bounds = mark.bounds {
                xs += [bounds.x.lowerBound, bounds.x.upperBound]
                ys += [bounds.y.lowerBound, bounds.y.upperBound]
            }
        }
        func fitted(_ values: [Double]) -> ClosedRange<Double> {
            guard let low = values.min(), let high = values.max() else { return 0...1 }
            if high - low < 1e-12 { return (low - 1)...(high + 1) }
            let margin = 0.05 * (high - low)
            return (low - margin)...(high + margin)
        }
        return (panel.xLimits ?? fitted(xs), panel.yLimits ?? fitted(ys))
    }
}
