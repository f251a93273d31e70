import CCairo
import Foundation

/// Draws a figure onto a Cairo context. The same code serves PNG, SVG and
/// PDF surfaces, so every format shows exactly the same picture.
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
        let xTicks = Ticks.nice(xRange.lowerBound, xRange.upperBound, target: panel.tickCount)
        let yTicks = Ticks.nice(yRange.lowerBound, yRange.upperBound, target: panel.tickCount)
        let yTickLabels = Ticks.labels(yTicks)
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
            drawAxes(panel, transform, xTicks: xTicks, yTicks: yTicks, yTickLabels: yTickLabels)
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

    func drawAxes(_ panel: Panel, _ t: Transform, xTicks: [Double], yTicks: [Double], yTickLabels: [String]) {
        let area = t.area
        setColor(Style.frameColor)
        cairo_set_line_width(context, Style.frameWidth)
        cairo_rectangle(context, area.x, area.y, area.width, area.height)
        cairo_stroke(context)
        // Tick marks outside the frame, labels below / left. Labels that would
        // collide with their neighbour are skipped.
        var lastRight = -Double.infinity
        for (tick, label) in zip(xTicks, Ticks.labels(xTicks)) {
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

    // MARK: Marks

    func draw(_ mark: Mark, _ t: Transform) {
        switch mark {
        case .scatter(let xs, let ys, let color, let colors, let size, let shape, _):
            for index in xs.indices where xs[index].isFinite && ys[index].isFinite {
                setColor(colors?[index] ?? color)
                marker(shape, x: t.x(xs[index]), y: t.y(ys[index]), size: size)
            }
        case .line(let xs, let ys, let color, let width, let dashed, let steps, _):
            setColor(color); cairo_set_line_width(context, width)
            if dashed { var pattern: [Double] = [5, 3]; cairo_set_dash(context, &pattern, 2, 0) }
            var started = false
            for index in xs.indices {
                guard xs[index].isFinite && ys[index].isFinite else { started = false; continue }
                let (x, y) = (t.x(xs[index]), t.y(ys[index]))
                if !started { cairo_move_to(context, x, y); started = true; continue }
                if steps { cairo_line_to(context, x, t.y(ys[index - 1])) }
                cairo_line_to(context, x, y)
            }
            cairo_stroke(context)
            cairo_set_dash(context, nil, 0, 0)
        case .band(let xs, let lower, let upper, let color, _):
            setColor(color)
            for index in xs.indices { index == 0 ? cairo_move_to(context, t.x(xs[index]), t.y(upper[index])) : cairo_line_to(context, t.x(xs[index]), t.y(upper[index])) }
            for index in xs.indices.reversed() { cairo_line_to(context, t.x(xs[index]), t.y(lower[index])) }
            cairo_close_path(context); cairo_fill(context)
        case .bars(let lefts, let rights, let heights, let color, _):
            for index in lefts.indices {
                let x0 = t.x(lefts[index]), x1 = t.x(rights[index]), y0 = t.y(0), y1 = t.y(heights[index])
                cairo_rectangle(context, x0, min(y0, y1), x1 - x0, abs(y1 - y0))
                setColor(color); cairo_fill_preserve(context)
                setColor(Color.white.withAlpha(0.9)); cairo_set_line_width(context, 0.5); cairo_stroke(context)
            }
        case .heatmap(let values, let xr, let yr, let map, let range):
            let rows = values.count, columns = values.first?.count ?? 0
            let pixels = (0..<rows).flatMap { row in values[rows - 1 - row].map { map.color(at: ($0 - range.lowerBound) / (range.upperBound - range.lowerBound)) } }
            // A function sampled on a grid: smooth (bilinear) between samples.
            paintImage(pixels, width: columns, height: rows, into: Rect(x: t.x(xr.lowerBound), y: t.y(yr.upperBound),
                                                                       width: t.x(xr.upperBound) - t.x(xr.lowerBound), height: t.y(yr.lowerBound) - t.y(yr.upperBound)),
                       smooth: true)
        case .image(let values, let width, let height, let xr, let yr, let map, let range):
            let pixels = values.map { map.color(at: ($0 - range.lowerBound) / (range.upperBound - range.lowerBound)) }
            let rect = Rect(x: t.x(xr.lowerBound), y: t.y(yr.upperBound), width: t.x(xr.upperBound) - t.x(xr.lowerBound), height: t.y(yr.lowerBound) - t.y(yr.upperBound))
            paintImage(pixels, width: width, height: height, into: rect)
            setColor(Style.gridColor); cairo_set_line_width(context, 0.5)
            cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height); cairo_stroke(context)
        case .contour(let segments, let level, let color, let width, let labelled):
            setColor(color); cairo_set_line_width(context, width)
            for segment in segments {
                line(t.x(segment.start.x), t.y(segment.start.y), t.x(segment.end.x), t.y(segment.end.y))
            }
            if labelled, !segments.isEmpty {
                // Label at the segment nearest the top-right of the level set, where it rarely hides detail.
                let anchor = segments.max { $0.start.x + $0.start.y < $1.start.x + $1.start.y }!
                let label = Ticks.format(level, decimals: abs(level) < 10 && level != level.rounded() ? 2 : 0)
                let (x, y) = (t.x(anchor.start.x), t.y(anchor.start.y))
                let w = textWidth(label, size: 8.5)
                setColor(Color.white.withAlpha(0.75)); cairo_rectangle(context, x - w / 2 - 2, y - 6, w + 4, 12); cairo_fill(context)
                setColor(Style.textColor); text(label, x: x, y: y, size: 8.5, anchor: .center)
            }
        case .quiver(let xs, let ys, let us, let vs, let colors, let color, let width):
            cairo_set_line_width(context, width)
            for index in xs.indices {
                setColor(colors?[index] ?? color)
                arrow(t.x(xs[index]), t.y(ys[index]), t.x(xs[index] + us[index]), t.y(ys[index] + vs[index]), width: width)
            }
        case .trajectory(let xs, let ys, let color, let width, _):
            guard let first = xs.indices.first, let last = xs.indices.last else { return }
            setColor(color.withAlpha(0.85)); cairo_set_line_width(context, width)
            cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
            cairo_move_to(context, t.x(xs[first]), t.y(ys[first]))
            for index in xs.indices.dropFirst() { cairo_line_to(context, t.x(xs[index]), t.y(ys[index])) }
            cairo_stroke(context)
            // Start: hollow circle; end: filled square.
            setColor(.white); cairo_arc(context, t.x(xs[first]), t.y(ys[first]), 3.2, 0, 2 * Double.pi); cairo_fill_preserve(context)
            setColor(color); cairo_set_line_width(context, 1.3); cairo_stroke(context)
            cairo_rectangle(context, t.x(xs[last]) - 3, t.y(ys[last]) - 3, 6, 6); cairo_fill(context)
        case .text(let string, let x, let y, let color, let size, let anchor):
            setColor(color); text(string, x: t.x(x), y: t.y(y), size: size, anchor: anchor, color: color)
        case .arrow(let fx, let fy, let tx, let ty, let color, let width):
            setColor(color); cairo_set_line_width(context, width)
            arrow(t.x(fx), t.y(fy), t.x(tx), t.y(ty), width: width, headLength: 8)
        case .box(let xr, let yr, let fill, let label):
            let (x0, x1, y0, y1) = (t.x(xr.lowerBound), t.x(xr.upperBound), t.y(yr.upperBound), t.y(yr.lowerBound))
            cairo_rectangle(context, x0, y0, x1 - x0, y1 - y0)
            setColor(fill); cairo_fill_preserve(context)
            setColor(Style.frameColor); cairo_set_line_width(context, 1); cairo_stroke(context)
            if !label.isEmpty {
                let lines = label.split(separator: "\n").map(String.init)
                for (index, line) in lines.enumerated() {
                    let offset = (Double(index) - Double(lines.count - 1) / 2) * 13
                    text(line, x: (x0 + x1) / 2, y: (y0 + y1) / 2 + offset, size: 10, anchor: .center,
                         color: fill.luminance < 0.25 ? .white : Style.textColor)
                }
            }
        case .referenceLine(let value, let vertical, let color, let dashed):
            setColor(color); cairo_set_line_width(context, 1)
            if dashed { var pattern: [Double] = [4, 3]; cairo_set_dash(context, &pattern, 2, 0) }
            if vertical { line(t.x(value), t.area.y, t.x(value), t.area.maxY) } else { line(t.area.x, t.y(value), t.area.maxX, t.y(value)) }
            cairo_set_dash(context, nil, 0, 0)
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

    // MARK: Primitives

    func setColor(_ color: Color) { cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha) }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        cairo_move_to(context, x0, y0); cairo_line_to(context, x1, y1); cairo_stroke(context)
    }

    func marker(_ shape: MarkerShape, x: Double, y: Double, size: Double) {
        switch shape {
        case .circle: cairo_arc(context, x, y, size, 0, 2 * Double.pi); cairo_fill(context)
        case .square: cairo_rectangle(context, x - size, y - size, 2 * size, 2 * size); cairo_fill(context)
        case .triangle:
            cairo_move_to(context, x, y - size * 1.2); cairo_line_to(context, x + size * 1.1, y + size * 0.8)
            cairo_line_to(context, x - size * 1.1, y + size * 0.8); cairo_close_path(context); cairo_fill(context)
        case .cross:
            cairo_set_line_width(context, max(1, size / 2.5))
            line(x - size, y - size, x + size, y + size); line(x - size, y + size, x + size, y - size)
        }
    }

    /// A line with a filled triangular head; the head scales with the arrow
    /// (30% of its length) up to `headLength`, so short arrows stay readable.
    func arrow(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, width: Double, headLength: Double = 6) {
        let dx = x1 - x0, dy = y1 - y0
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0.6 else { return }
        let head = min(headLength, 0.35 * length + 1.5)
        let (ux, uy) = (dx / length, dy / length)
        let baseX = x1 - ux * head, baseY = y1 - uy * head
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        line(x0, y0, baseX, baseY)
        cairo_move_to(context, x1, y1)
        cairo_line_to(context, baseX - uy * head * 0.45, baseY + ux * head * 0.45)
        cairo_line_to(context, baseX + uy * head * 0.45, baseY - ux * head * 0.45)
        cairo_close_path(context); cairo_fill(context)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
    }

    /// The largest size up to `size` at which `string` fits `width` (never below 7 pt),
    /// so long titles shrink instead of being clipped at the figure's edge.
    func fittedSize(_ string: String, _ size: Double, bold: Bool, width: Double) -> Double {
        let natural = textWidth(string, size: size, bold: bold)
        return natural <= width ? size : max(7, size * width / natural)
    }

    func selectFont(size: Double, bold: Bool) {
        cairo_select_font_face(context, Style.fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    func textWidth(_ string: String, size: Double, bold: Bool = false) -> Double {
        selectFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, string, &extents)
        return extents.x_advance
    }

    /// Text placed relative to (x, y); vertical centring uses the font's
    /// ascent so labels line up regardless of their letters.
    func text(_ string: String, x: Double, y: Double, size: Double, bold: Bool = false, anchor: TextAnchor, color: Color = Style.textColor) {
        let width = textWidth(string, size: size, bold: bold)
        let capHeight = size * 0.72
        var (px, py) = (x, y)
        switch anchor {
        case .center: px -= width / 2; py += capHeight / 2
        case .left: py += capHeight / 2
        case .right: px -= width; py += capHeight / 2
        case .above: px -= width / 2; py -= 3
        case .below: px -= width / 2; py += capHeight + 2
        }
        setColor(color)
        cairo_move_to(context, px, py)
        cairo_show_text(context, string)
    }

    /// Paints a width×height grid of colours (row 0 at the top) into `rect`:
    /// nearest-neighbour for images (pixels stay crisp), bilinear for sampled
    /// functions (`smooth`), with the edge colours extended so borders do not fade.
    func paintImage(_ pixels: [Color], width: Int, height: Int, into rect: Rect, smooth: Bool = false) {
        guard width > 0, height > 0 else { return }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        let data = UnsafeMutableRawPointer.allocate(byteCount: stride * height, alignment: 16)
        defer { data.deallocate() }
        for row in 0..<height {
            let rowPointer = (data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width {
                let c = pixels[row * width + column]
                let a = c.alpha
                func channel(_ v: Double) -> UInt32 { UInt32((min(max(v * a, 0), 1) * 255).rounded()) }  // premultiplied
                rowPointer[column] = channel(1) << 24 | channel(c.red) << 16 | channel(c.green) << 8 | channel(c.blue)
            }
        }
        let surface = cairo_image_surface_create_for_data(data.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_ARGB32, Int32(width), Int32(height), Int32(stride))
        defer { cairo_surface_destroy(surface) }
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(width), rect.height / Double(height))
        cairo_set_source_surface(context, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST)
        cairo_pattern_set_extend(cairo_get_source(context), CAIRO_EXTEND_PAD)
        cairo_paint(context)
        cairo_restore(context)
    }
}
