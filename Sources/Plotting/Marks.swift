/// Where a legend sits inside a panel.
public enum LegendPosition: Sendable { case topRight, topLeft, bottomRight, bottomLeft }

/// Marker shapes for scatter plots and trajectory ends.
public enum MarkerShape: Sendable, Equatable { case circle, square, triangle, cross }

/// Everything a panel can draw. Marks are stored in the order they were added
/// and drawn in that order, so later marks sit on top.
enum Mark {
    case scatter(x: [Double], y: [Double], color: Color, colors: [Color]?, size: Double, shape: MarkerShape, label: String?)
    case line(x: [Double], y: [Double], color: Color, width: Double, dashed: Bool, steps: Bool, label: String?)
    case band(x: [Double], lower: [Double], upper: [Double], color: Color, label: String?)
    case bars(left: [Double], right: [Double], height: [Double], color: Color, label: String?)
    case heatmap(values: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, colorMap: ColorMap, valueRange: ClosedRange<Double>)
    case contour(segments: [ContourSegment], level: Double, color: Color, width: Double, labelled: Bool)
    case quiver(x: [Double], y: [Double], u: [Double], v: [Double], colors: [Color]?, color: Color, width: Double)
    case trajectory(x: [Double], y: [Double], color: Color, width: Double, label: String?)
    case image(pixels: [Double], width: Int, height: Int, x: ClosedRange<Double>, y: ClosedRange<Double>, colorMap: ColorMap, valueRange: ClosedRange<Double>)
    case text(String, x: Double, y: Double, color: Color, size: Double, anchor: TextAnchor)
    case arrow(fromX: Double, fromY: Double, toX: Double, toY: Double, color: Color, width: Double)
    case referenceLine(value: Double, vertical: Bool, color: Color, dashed: Bool)
    case box(x: ClosedRange<Double>, y: ClosedRange<Double>, fill: Color, label: String)

    /// The data-space bounding box, for automatic limits.
    var bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>)? {
        func box(_ xs: [Double], _ ys: [Double]) -> (ClosedRange<Double>, ClosedRange<Double>)? {
            let fx = xs.filter(\.isFinite), fy = ys.filter(\.isFinite)
            guard let x0 = fx.min(), let x1 = fx.max(), let y0 = fy.min(), let y1 = fy.max() else { return nil }
            return (x0...x1, y0...y1)
        }
        switch self {
        case .scatter(let x, let y, _, _, _, _, _), .line(let x, let y, _, _, _, _, _), .trajectory(let x, let y, _, _, _):
            return box(x, y)
        case .band(let x, let lower, let upper, _, _): return box(x + x, lower + upper)
        case .bars(let left, let right, let height, _, _): return box(left + right, height + [0])
        case .heatmap(_, let xr, let yr, _, _), .image(_, _, _, let xr, let yr, _, _): return (xr, yr)
        case .contour(let segments, _, _, _, _):
            return box(segments.flatMap { [$0.start.x, $0.end.x] }, segments.flatMap { [$0.start.y, $0.end.y] })
        case .quiver(let x, let y, _, _, _, _, _): return box(x, y)
        case .text(_, let x, let y, _, _, _): return box([x], [y])
        case .arrow(let fx, let fy, let tx, let ty, _, _): return box([fx, tx], [fy, ty])
        case .referenceLine: return nil
        case .box(let x, let y, _, _): return (x, y)
        }
    }
}

/// How text is placed relative to its anchor point.
public enum TextAnchor: Sendable { case center, left, right, above, below }

/// A colour bar beside a panel.
struct ColorBarSpec {
    let colorMap: ColorMap
    let valueRange: ClosedRange<Double>
    let label: String
}
