import CCairo
import Foundation

/// Drawing each kind of mark in data coordinates.
extension Renderer {
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
}
