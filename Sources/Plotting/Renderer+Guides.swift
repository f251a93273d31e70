import CCairo
import Foundation

/// The guides around the data: frame, ticks and axis labels, legend, colour bar.
extension Renderer {
    // MARK: Axes

    func drawAxes(_ panel: Panel, _ t: Transform, xTicks: [Double], xTickLabels: [String], yTicks: [Double], yTickLabels: [String]) {
        let area = t.area
        setColor(Style.frameColor)
        cairo_set_line_width(context, Style.frameWidth)
        cairo_rectangle(context, area.x, area.y, area.width, area.height)
        cairo_stroke(context)
        // Tick marks outside the frame, labels below / left. Labels that would
        // collide with their neighbour are skipped.
        var lastRight = -Double.infinity
        for (tick, label) in zip(xTicks, xTickLabels) {
            let x = t.x(tick)
            line(x, area.maxY, x, area.maxY + 4)
            let half = textWidth(label, size: Style.tickLabelSize) / 2
            if x - half > lastRight + 4 {
                text(label, x: x, y: area.maxY + 6, size: Style.tickLabelSize, anchor: .below)
                lastRight = x + half
            }
        }
        for (tick, label) in zip(yTicks, yTickLabels) {
            let y = t.y(tick)
            line(area.x - 4, y, area.x, y)
            text(label, x: area.x - 6, y: y, size: Style.tickLabelSize, anchor: .right)
        }
        if !panel.xLabel.isEmpty {
            text(panel.xLabel, x: area.x + area.width / 2, y: area.maxY + 21, size: Style.labelSize, anchor: .below)
        }
        if !panel.yLabel.isEmpty {
            let labelWidth = yTickLabels.map { textWidth($0, size: Style.tickLabelSize) }.max() ?? 0
            cairo_save(context)
            cairo_translate(context, area.x - labelWidth - 14, area.y + area.height / 2)
            cairo_rotate(context, -Double.pi / 2)
            text(panel.yLabel, x: 0, y: 0, size: Style.labelSize, anchor: .above)
            cairo_restore(context)
        }
    }

    // MARK: Legend and colour bar

    func drawLegend(_ entries: [(String, Color, LegendSymbol)], position: LegendPosition, area: Rect) {
        let rowHeight = 15.0
        let width = (entries.map { textWidth($0.0, size: Style.legendSize) }.max() ?? 0) + 34
        let height = Double(entries.count) * rowHeight + 6
        let x = position == .topLeft || position == .bottomLeft ? area.x + 6 : area.maxX - width - 6
        let y = position == .topLeft || position == .topRight ? area.y + 6 : area.maxY - height - 6
        setColor(Color.white.withAlpha(0.88)); cairo_rectangle(context, x, y, width, height); cairo_fill_preserve(context)
        setColor(Style.gridColor.withAlpha(1)); cairo_set_line_width(context, 0.7); cairo_stroke(context)
        for (index, entry) in entries.enumerated() {
            let centreY = y + 3 + (Double(index) + 0.5) * rowHeight
            setColor(entry.1)
            switch entry.2 {
            case .marker(let shape): marker(shape, x: x + 13, y: centreY, size: 3.5)
            case .line, .dashedLine:
                cairo_set_line_width(context, 2)
                if entry.2 == .dashedLine { var pattern: [Double] = [4, 2]; cairo_set_dash(context, &pattern, 2, 0) }
                line(x + 5, centreY, x + 21, centreY)
                cairo_set_dash(context, nil, 0, 0)
            case .box: cairo_rectangle(context, x + 6, centreY - 5, 14, 10); cairo_fill(context)
            }
            text(entry.0, x: x + 27, y: centreY, size: Style.legendSize, anchor: .left)
        }
    }

    func drawColorBar(_ bar: ColorBarSpec, beside area: Rect) {
        let x = area.maxX + 14, width = 13.0
        let steps = 96
        for step in 0..<steps {
            let t0 = Double(step) / Double(steps)
            setColor(bar.colorMap.color(at: t0 + 0.5 / Double(steps)))
            let y = area.maxY - (t0 + 1 / Double(steps)) * area.height
            cairo_rectangle(context, x, y, width, area.height / Double(steps) + 0.6)
            cairo_fill(context)
        }
        setColor(Style.frameColor); cairo_set_line_width(context, Style.frameWidth)
        cairo_rectangle(context, x, area.y, width, area.height); cairo_stroke(context)
        let range = bar.valueRange
        let ticks = Ticks.nice(range.lowerBound, range.upperBound, target: 5)
        var widest = 0.0
        for (tick, label) in zip(ticks, Ticks.labels(ticks)) {
            let y = area.maxY - (tick - range.lowerBound) / (range.upperBound - range.lowerBound) * area.height
            line(x + width, y, x + width + 3, y)
            text(label, x: x + width + 5, y: y, size: Style.tickLabelSize, anchor: .left)
            widest = max(widest, textWidth(label, size: Style.tickLabelSize))
        }
        if !bar.label.isEmpty {
            cairo_save(context)
            cairo_translate(context, x + width + widest + 10, area.y + area.height / 2)
            cairo_rotate(context, Double.pi / 2)
            text(bar.label, x: 0, y: 0, size: Style.labelSize, anchor: .above)
            cairo_restore(context)
        }
    }
}
