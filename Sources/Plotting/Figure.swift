/// A figure: a grid of panels with an optional overall title, sized in points.
///
/// ```swift
/// var figure = Figure(rows: 1, columns: 2, width: 720, height: 320, title: "Score field")
/// figure[0, 0].title = "p_t at t = 0.1"
/// figure[0, 0].heatmap(values: grid, xRange: -3...3, yRange: -3...3, colorBar: "log p")
/// figure[0, 1].scatter(x: xs, y: ys, label: "samples")
/// try figure.write(to: "figures/ch12", name: "score_field", formats: [.png, .svg])
/// ```
public struct Figure {
    public let rows: Int
    public let columns: Int
    /// Size in points (1/72 inch); PNGs are rendered at `Style.pngScale` pixels per point.
    public let width: Double
    public let height: Double
    public var title: String
    public var panels: [Panel]

    public init(rows: Int = 1, columns: Int = 1, width: Double = 480, height: Double = 360, title: String = "") {
        precondition(rows >= 1 && columns >= 1, "A figure needs at least one row and one column, got \(rows)×\(columns).")
        precondition(width > 0 && height > 0, "A figure needs a positive size, got \(width)×\(height).")
        self.rows = rows
        self.columns = columns
        self.width = width
        self.height = height
        self.title = title
        panels = Array(repeating: Panel(), count: rows * columns)
    }

    /// The only panel of a one-panel figure, mutable in place:
    /// `figure.panel.scatter(points: samples)` instead of `figure[0, 0].…` on every line.
    public var panel: Panel {
        get { requireOnePanel(); return self[0, 0] }
        set { requireOnePanel(); self[0, 0] = newValue }
    }

    private func requireOnePanel() {
        precondition(rows == 1 && columns == 1, "figure.panel is for one-panel figures; this one is \(rows)×\(columns): use figure[row, column].")
    }

    /// The panel at (row, column), mutable in place.
    public subscript(row: Int, column: Int) -> Panel {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Panel (\(row), \(column)) is outside a \(rows)×\(columns) figure.")
            return panels[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Panel (\(row), \(column)) is outside a \(rows)×\(columns) figure.")
            panels[row * columns + column] = newValue
        }
    }
}

/// File formats a figure can be written in.
public enum FigureFormat: String, CaseIterable, Sendable {
    /// Raster, for the Markdown book.
    case png
    /// Vector, for slides and the web.
    case svg
    /// Vector, for print and LaTeX slides.
    case pdf
}
