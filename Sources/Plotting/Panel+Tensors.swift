import TensorCore

/// Marks drawn straight from tensors: points as `[n, 2]` tensors of (x, y),
/// fields evaluated on a `Grid2D`. Each is a thin adapter over the
/// array-based mark of the same name, so both draw identical pictures.
extension Panel {
    /// The two columns of an `[n, 2]` tensor as Double arrays.
    static func coordinates(_ points: Tensor, _ caller: String) -> (x: [Double], y: [Double]) {
        precondition(points.rank == 2 && points.shape[1] == 2, "\(caller) needs an [n, 2] tensor, got shape \(points.shape).")
        let scalars = points.scalars
        return (stride(from: 0, to: scalars.count, by: 2).map { Double(scalars[$0]) },
                stride(from: 1, to: scalars.count, by: 2).map { Double(scalars[$0]) })
    }

    /// Points from the rows of an `[n, 2]` tensor; the other arguments are those of `scatter(x:y:…)`.
    public mutating func scatter(points: Tensor, color: Color? = nil, colors: [Color]? = nil, size: Double = 3, alpha: Double = 0.8,
                                 shape: MarkerShape = .circle, label: String? = nil) {
        let (x, y) = Panel.coordinates(points, "scatter(points:)")
        scatter(x: x, y: y, color: color, colors: colors, size: size, alpha: alpha, shape: shape, label: label)
    }

    /// A heatmap of one value per grid point (in the order of `grid.points`), over the grid's rectangle.
    public mutating func heatmap(_ grid: Grid2D, values: [Double], colorMap: ColorMap = .viridis,
                                 valueRange: ClosedRange<Double>? = nil, colorBar: String? = nil) {
        heatmap(values: grid.rows(values), xRange: grid.xRange, yRange: grid.yRange, colorMap: colorMap,
                valueRange: valueRange, colorBar: colorBar)
    }

    /// A heatmap of a tensor holding one value per grid point.
    public mutating func heatmap(_ grid: Grid2D, values: Tensor, colorMap: ColorMap = .viridis,
                                 valueRange: ClosedRange<Double>? = nil, colorBar: String? = nil) {
        heatmap(grid, values: values.scalars.map(Double.init), colorMap: colorMap, valueRange: valueRange, colorBar: colorBar)
    }

    /// Contour lines of one value per grid point at `levels`.
    public mutating func contour(_ grid: Grid2D, values: [Double], levels: [Double], color: Color = .white,
                                 width: Double = 1, labelled: Bool = true) {
        contour(values: grid.rows(values), xRange: grid.xRange, yRange: grid.yRange, levels: levels, color: color,
                width: width, labelled: labelled)
    }

    /// Arrows `vectors[i]` (an `[n, 2]` tensor) at `points[i]`; scaling as in `quiver(x:y:u:v:…)`.
    public mutating func quiver(points: Tensor, vectors: Tensor, maximumLength: Double? = nil, color: Color = .white,
                                colorByMagnitude: ColorMap? = nil, width: Double = 1.1) {
        let (x, y) = Panel.coordinates(points, "quiver(points:vectors:)")
        let (u, v) = Panel.coordinates(vectors, "quiver(points:vectors:)")
        quiver(x: x, y: y, u: u, v: v, maximumLength: maximumLength, color: color, colorByMagnitude: colorByMagnitude, width: width)
    }

    /// Arrows at the centres of `grid`, one vector per point of `grid.points`.
    public mutating func quiver(_ grid: Grid2D, vectors: Tensor, maximumLength: Double? = nil, color: Color = .white,
                                colorByMagnitude: ColorMap? = nil, width: Double = 1.1) {
        quiver(points: grid.points, vectors: vectors, maximumLength: maximumLength, color: color,
               colorByMagnitude: colorByMagnitude, width: width)
    }

    /// One trajectory per particle through a list of `[n, 2]` snapshots of the same n particles
    /// (e.g. a sampler's state every few steps); `colors[i]` colours particle i, and by default
    /// each particle takes the next colour of the cycle.
    public mutating func trajectories(_ snapshots: [Tensor], colors: [Color]? = nil, width: Double = 1.2) {
        guard let first = snapshots.first else { return }
        let particles = Panel.coordinates(first, "trajectories").x.count
        precondition(snapshots.allSatisfy { $0.shape == first.shape }, "trajectories: every snapshot needs shape \(first.shape).")
        precondition(colors.map { $0.count >= particles } ?? true, "trajectories: \(particles) particles but \(colors?.count ?? 0) colours.")
        let steps = snapshots.map { Panel.coordinates($0, "trajectories") }
        for particle in 0..<particles {
            trajectory(x: steps.map { $0.x[particle] }, y: steps.map { $0.y[particle] }, color: colors?[particle], width: width)
        }
    }
}
