import TensorCore

/// A regular grid of points over a rectangle, for fields drawn as heatmaps,
/// contours and quivers: it gives the cell centres as a tensor to evaluate a
/// function on, and turns the values back into heatmap rows.
///
/// ```swift
/// let grid = Grid2D(size: 80, extent: 3.5)          // 80 × 80 cells over [−3.5, 3.5]²
/// let logDensity = mixture.logDensity(grid.points)  // one value per centre
/// figure.panel.heatmap(grid, values: logDensity, colorBar: "log p")
/// ```
///
/// Points are ordered row by row with y outermost, starting at the bottom-left
/// cell, so row 0 of `rows(_:)` is the bottom of the picture, as `heatmap` expects.
public struct Grid2D: Equatable, Sendable {
    /// Cells along x and along y.
    public let columns: Int
    public let rows: Int
    /// The rectangle the cells tile.
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>

    /// `columns × rows` cells tiling `xRange × yRange`.
    public init(columns: Int, rows: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        precondition(columns >= 1 && rows >= 1, "Grid2D needs at least one cell each way, got \(columns)×\(rows).")
        precondition(xRange.upperBound > xRange.lowerBound && yRange.upperBound > yRange.lowerBound, "Grid2D needs ranges of positive width.")
        self.columns = columns
        self.rows = rows
        self.xRange = xRange
        self.yRange = yRange
    }

    /// `size × size` cells tiling `xRange × yRange`.
    public init(size: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.init(columns: size, rows: size, xRange: xRange, yRange: yRange)
    }

    /// `size × size` cells tiling the square [−extent, extent]².
    public init(size: Int, extent: Double) {
        self.init(size: size, xRange: -extent...extent, yRange: -extent...extent)
    }

    /// The number of cells.
    public var count: Int { columns * rows }

    /// The centre of cell (row, column); row 0 is the bottom.
    public func centre(row: Int, column: Int) -> (x: Double, y: Double) {
        (xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * (Double(column) + 0.5) / Double(columns),
         yRange.lowerBound + (yRange.upperBound - yRange.lowerBound) * (Double(row) + 0.5) / Double(rows))
    }

    /// The cell centres as a `[count, 2]` tensor of (x, y), row by row from the bottom.
    public var points: Tensor {
        Tensor(shape: [count, 2]) { buffer in
            for row in 0..<rows {
                for column in 0..<columns {
                    let (x, y) = centre(row: row, column: column)
                    buffer[2 * (row * columns + column)] = Float(x)
                    buffer[2 * (row * columns + column) + 1] = Float(y)
                }
            }
        }
    }

    /// One value per point (in the order of `points`) as heatmap rows, row 0 at the bottom.
    public func rows(_ values: [Double]) -> [[Double]] {
        precondition(values.count == count, "Grid2D.rows: \(values.count) values for \(count) grid points.")
        return (0..<rows).map { row in Array(values[(row * columns)..<((row + 1) * columns)]) }
    }

    /// One value per point of a tensor with `count` elements (e.g. `[count]` or `[count, 1]`).
    public func rows(_ values: Tensor) -> [[Double]] {
        rows(values.scalars.map(Double.init))
    }
}
