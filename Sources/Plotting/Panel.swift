import Foundation

/// One set of axes inside a figure: marks, limits, labels, legend.
///
/// Panels are values owned by their `Figure`; `figure[row, column]` gives
/// mutable access, so `figure[0, 1].scatter(...)` adds to the figure itself.
public struct Panel {
    public var title: String = ""
    public var xLabel: String = ""
    public var yLabel: String = ""
    /// Fixed limits; nil fits the data with a small margin.
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    /// Equal scale on both axes (circles look like circles).
    public var equalAspect = false
    public var showGrid = true
    /// Whether to draw axes, ticks and frame (off for image grids).
    public var showAxes = true
    public var legendPosition: LegendPosition = .topRight
    /// Approximate number of ticks per axis.
    public var tickCount = 5
    /// Whether the x (y) coordinates given to this panel are log₁₀ of the quantity: the ticks then sit at 1, 2, 5 × 10ᵏ
    /// and are labelled with the quantity (`Ticks.logarithmic`), a logarithmic axis without changing any mark.
    public var xIsLog10 = false, yIsLog10 = false

    var marks: [Mark] = []
    var colorBar: ColorBarSpec?
    private var nextColor = 0

    public init() {}

    /// The next colour of the qualitative cycle (each call advances it).
    public mutating func nextCycleColor() -> Color {
        defer { nextColor += 1 }
        return Color.cycle(nextColor)
    }

    // MARK: Points and lines

    /// Points; `colors` (one per point) overrides `color`.
    public mutating func scatter(x: [Double], y: [Double], color: Color? = nil, colors: [Color]? = nil,
                                 size: Double = 3, alpha: Double = 0.8, shape: MarkerShape = .circle, label: String? = nil) {
        precondition(x.count == y.count, "scatter: \(x.count) x values but \(y.count) y values.")
        let base = (color ?? nextCycleColor()).withAlpha(alpha)
        marks.append(.scatter(x: x, y: y, color: base, colors: colors?.map { $0.withAlpha(alpha) }, size: size, shape: shape, label: label))
    }

    /// A polyline; `steps` draws a step function (value held until the next x).
    public mutating func line(x: [Double], y: [Double], color: Color? = nil, width: Double = 1.8,
                              dashed: Bool = false, steps: Bool = false, label: String? = nil) {
        precondition(x.count == y.count, "line: \(x.count) x values but \(y.count) y values.")
        marks.append(.line(x: x, y: y, color: color ?? nextCycleColor(), width: width, dashed: dashed, steps: steps, label: label))
    }

    /// The graph of `function` on `range` sampled at `samples` points.
    public mutating func function(_ function: (Double) -> Double, over range: ClosedRange<Double>, samples: Int = 400,
                                  color: Color? = nil, width: Double = 1.8, dashed: Bool = false, label: String? = nil) {
        let xs = (0..<samples).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(samples - 1) }
        line(x: xs, y: xs.map(function), color: color, width: width, dashed: dashed, label: label)
    }

    /// A filled band between `lower` and `upper` (uncertainty, quantiles).
    public mutating func band(x: [Double], lower: [Double], upper: [Double], color: Color? = nil, alpha: Double = 0.25, label: String? = nil) {
        precondition(x.count == lower.count && x.count == upper.count, "band: x, lower and upper need equal lengths.")
        marks.append(.band(x: x, lower: lower, upper: upper, color: (color ?? nextCycleColor()).withAlpha(alpha), label: label))
    }

    /// A horizontal or vertical reference line across the panel.
    public mutating func referenceLine(at value: Double, vertical: Bool = false, color: Color = .gray, dashed: Bool = true) {
        marks.append(.referenceLine(value: value, vertical: vertical, color: color, dashed: dashed))
    }

    // MARK: Distributions

    /// A histogram of `values` with `bins` equal bins; `density` normalises the
    /// area to 1 so a density curve can be overlaid.
    public mutating func histogram(_ values: [Double], bins: Int = 30, range: ClosedRange<Double>? = nil,
                                   density: Bool = true, scale extraScale: Double = 1, color: Color? = nil, alpha: Double = 0.55, label: String? = nil) {
        let finite = values.filter(\.isFinite)
        guard let low = range?.lowerBound ?? finite.min(), let high = range?.upperBound ?? finite.max(), high > low, bins > 0 else { return }
        let width = (high - low) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for value in finite where value >= low && value <= high {
            counts[min(bins - 1, Int((value - low) / width))] += 1
        }
        let scale = (density ? 1 / (Double(finite.count) * width) : 1) * extraScale   // extraScale: to share an axis with other curves
        let lefts = (0..<bins).map { low + Double($0) * width }
        marks.append(.bars(left: lefts, right: lefts.map { $0 + width }, height: counts.map { $0 * scale },
                           color: (color ?? nextCycleColor()).withAlpha(alpha), label: label))
    }

    /// Vertical bars centred on `positions`.
    public mutating func bars(positions: [Double], heights: [Double], width: Double = 0.8, color: Color? = nil, label: String? = nil) {
        precondition(positions.count == heights.count, "bars: positions and heights need equal lengths.")
        marks.append(.bars(left: positions.map { $0 - width / 2 }, right: positions.map { $0 + width / 2 }, height: heights,
                           color: color ?? nextCycleColor(), label: label))
    }

    // MARK: Fields

    /// A heatmap of `values[row][column]` with row 0 at the *bottom* (y = yRange.lowerBound),
    /// as for a function sampled on a grid; adds a colour bar when `colorBar` is given.
    public mutating func heatmap(values: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                                 colorMap: ColorMap = .viridis, valueRange: ClosedRange<Double>? = nil, colorBar: String? = nil) {
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        var range = valueRange ?? ((finite.min() ?? 0)...(finite.max() ?? 1))
        if colorMap.isDiverging && valueRange == nil {
            let extent = max(abs(range.lowerBound), abs(range.upperBound))
            range = -extent...extent
        }
        if range.lowerBound == range.upperBound { range = (range.lowerBound - 1)...(range.upperBound + 1) }
        marks.append(.heatmap(values: values, xRange: xRange, yRange: yRange, colorMap: colorMap, valueRange: range))
        if let colorBar { self.colorBar = ColorBarSpec(colorMap: colorMap, valueRange: range, label: colorBar) }
        if xLimits == nil { xLimits = xRange }
        if yLimits == nil { yLimits = yRange }
    }

    /// Contour lines of a grid (row 0 at the bottom, as for `heatmap`) at the
    /// given levels, found by marching squares.
    public mutating func contour(values: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                                 levels: [Double], color: Color = .white, width: Double = 1, labelled: Bool = true) {
        for level in levels {
            let segments = MarchingSquares.segments(values: values, xRange: xRange, yRange: yRange, level: level)
            marks.append(.contour(segments: segments, level: level, color: color, width: width, labelled: labelled))
        }
    }

    /// Arrows (u, v) at points (x, y). Lengths are scaled so the longest arrow
    /// is `maximumLength` in data units (default: 0.9 of the median spacing
    /// between arrows) and capped there; `colorByMagnitude` colours them by |(u, v)|.
    public mutating func quiver(x: [Double], y: [Double], u: [Double], v: [Double], maximumLength: Double? = nil,
                                color: Color = .white, colorByMagnitude: ColorMap? = nil, width: Double = 1.1) {
        precondition(x.count == y.count && x.count == u.count && x.count == v.count, "quiver: x, y, u, v need equal lengths.")
        let cap = maximumLength ?? 0.9 * Quiver.typicalSpacing(x: x, y: y)
        let (su, sv) = Quiver.scaled(u: u, v: v, maximumLength: cap)
        var colors: [Color]?
        if let map = colorByMagnitude {
            let magnitudes = zip(u, v).map { ($0 * $0 + $1 * $1).squareRoot() }
            let top = max(magnitudes.max() ?? 1, 1e-300)
            colors = magnitudes.map { map.color(at: $0 / top) }
        }
        marks.append(.quiver(x: x, y: y, u: su, v: sv, colors: colors, color: color, width: width))
    }

    /// A path with a circle at its start and a filled square at its end.
    public mutating func trajectory(x: [Double], y: [Double], color: Color? = nil, width: Double = 1.2, label: String? = nil) {
        precondition(x.count == y.count, "trajectory: x and y need equal lengths.")
        marks.append(.trajectory(x: x, y: y, color: color ?? nextCycleColor(), width: width, label: label))
    }

    // MARK: Images

    /// A grid of small greyscale images (e.g. 10×10 digits), `images[i]` of
    /// `height × width` values in [0, 1] row-major, laid out `columns` wide.
    /// Optional row and column labels are drawn at the left and top.
    public mutating func imageGrid(_ images: [[Double]], imageWidth: Int, imageHeight: Int, columns: Int,
                                   colorMap: ColorMap = .inverseGrayscale, valueRange: ClosedRange<Double> = 0...1,
                                   rowLabels: [String] = [], columnLabels: [String] = [], gap: Double = 0.12) {
        precondition(images.allSatisfy { $0.count == imageWidth * imageHeight }, "imageGrid: every image needs \(imageWidth)×\(imageHeight) values.")
        let rows = (images.count + columns - 1) / max(columns, 1)
        for (index, image) in images.enumerated() {
            let column = Double(index % columns), row = Double(index / columns)
            let top = Double(rows) - row * (1 + gap)
            marks.append(.image(pixels: image, width: imageWidth, height: imageHeight,
                                x: column * (1 + gap)...(column * (1 + gap) + 1), y: (top - 1)...top,
                                colorMap: colorMap, valueRange: valueRange))
        }
        for (row, label) in rowLabels.enumerated() {
            marks.append(.text(label, x: -0.15, y: Double(rows) - Double(row) * (1 + gap) - 0.5, color: .darkGray, size: 10, anchor: .right))
        }
        for (column, label) in columnLabels.enumerated() {
            marks.append(.text(label, x: Double(column) * (1 + gap) + 0.5, y: Double(rows) + 0.12, color: .darkGray, size: 10, anchor: .above))
        }
        showAxes = false
        showGrid = false
        equalAspect = true
        // Room for the longest row label: about 0.12 of a cell per character at the usual cell sizes.
        let longestLabel = Double(rowLabels.map(\.count).max() ?? 0)
        let extraLeft = rowLabels.isEmpty ? 0.05 : Swift.max(0.9, 0.25 + 0.12 * longestLabel), extraTop = columnLabels.isEmpty ? 0.05 : 0.6
        xLimits = -extraLeft...(Double(columns) * (1 + gap) - gap + 0.05)
        yLimits = (Double(rows) - Double(rows) * (1 + gap) + gap - 0.05)...(Double(rows) + extraTop)
    }

    // MARK: Annotations

    /// Text at a data position.
    public mutating func text(_ string: String, x: Double, y: Double, color: Color = .darkGray, size: Double = 10, anchor: TextAnchor = .center) {
        marks.append(.text(string, x: x, y: y, color: color, size: size, anchor: anchor))
    }

    /// An arrow from one data point to another, e.g. pointing at a feature.
    public mutating func arrow(from start: (x: Double, y: Double), to end: (x: Double, y: Double), color: Color = .darkGray, width: Double = 1.2) {
        marks.append(.arrow(fromX: start.x, fromY: start.y, toX: end.x, toY: end.y, color: color, width: width))
    }

    /// A filled, outlined rectangle with a centred label (diagrams such as an
    /// encoder–bottleneck–decoder sketch).
    public mutating func box(x: ClosedRange<Double>, y: ClosedRange<Double>, fill: Color, label: String = "") {
        marks.append(.box(x: x, y: y, fill: fill, label: label))
    }

    /// Entries for the legend: every labelled mark.
    var legendEntries: [(String, Color, LegendSymbol)] {
        marks.compactMap { mark in
            switch mark {
            case .scatter(_, _, let color, _, _, let shape, let label?): return (label, color.withAlpha(1), .marker(shape))
            case .line(_, _, let color, _, let dashed, _, let label?): return (label, color, dashed ? .dashedLine : .line)
            case .trajectory(_, _, let color, _, let label?): return (label, color, .line)
            case .band(_, _, _, let color, let label?), .bars(_, _, _, let color, let label?): return (label, color, .box)
            default: return nil
            }
        }
    }
}

enum LegendSymbol: Equatable { case marker(MarkerShape), line, dashedLine, box }
