/// A point in data coordinates.
public struct PlotPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// One straight piece of a contour line.
public struct ContourSegment: Equatable, Sendable {
    public var start: PlotPoint
    public var end: PlotPoint
}

/// Contour lines by marching squares.
///
/// Each grid cell is classified by which of its four corners lie above the
/// level (16 cases); the contour crosses the cell's edges where the sign
/// changes, at the linearly interpolated position. The two ambiguous "saddle"
/// cases are resolved with the value at the cell centre.
public enum MarchingSquares {
    /// Segments of the level set {f = level} of a grid with `values[row][column]`,
    /// row 0 at `yRange.lowerBound` and column 0 at `xRange.lowerBound`.
    public static func segments(values: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, level: Double) -> [ContourSegment] {
        let rows = values.count
        guard rows >= 2, let columns = values.first?.count, columns >= 2 else { return [] }
        let dx = (xRange.upperBound - xRange.lowerBound) / Double(columns - 1)
        let dy = (yRange.upperBound - yRange.lowerBound) / Double(rows - 1)
        func point(_ row: Double, _ column: Double) -> PlotPoint {
            PlotPoint(x: xRange.lowerBound + column * dx, y: yRange.lowerBound + row * dy)
        }
        func fraction(_ a: Double, _ b: Double) -> Double { a == b ? 0.5 : (level - a) / (b - a) }

        var result: [ContourSegment] = []
        for i in 0..<(rows - 1) {
            for j in 0..<(columns - 1) {
                let v00 = values[i][j], v01 = values[i][j + 1], v11 = values[i + 1][j + 1], v10 = values[i + 1][j]
                guard v00.isFinite, v01.isFinite, v11.isFinite, v10.isFinite else { continue }
                let index = (v00 > level ? 1 : 0) | (v01 > level ? 2 : 0) | (v11 > level ? 4 : 0) | (v10 > level ? 8 : 0)
                if index == 0 || index == 15 { continue }
                let (r, c) = (Double(i), Double(j))
                // Crossing points on the four edges: bottom, right, top, left.
                let bottom = point(r, c + fraction(v00, v01))
                let right = point(r + fraction(v01, v11), c + 1)
                let top = point(r + 1, c + fraction(v10, v11))
                let left = point(r + fraction(v00, v10), c)
                let centreAbove = (v00 + v01 + v11 + v10) / 4 > level
                var pairs: [(PlotPoint, PlotPoint)] = []
                switch index {
                case 1, 14: pairs = [(left, bottom)]
                case 2, 13: pairs = [(bottom, right)]
                case 3, 12: pairs = [(left, right)]
                case 4, 11: pairs = [(right, top)]
                case 6, 9: pairs = [(bottom, top)]
                case 7, 8: pairs = [(left, top)]
                case 5: pairs = centreAbove ? [(left, top), (bottom, right)] : [(left, bottom), (right, top)]
                case 10: pairs = centreAbove ? [(left, bottom), (right, top)] : [(left, top), (bottom, right)]
                default: break
                }
                for (start, end) in pairs { result.append(ContourSegment(start: start, end: end)) }
            }
        }
        return result
    }
}

/// Arrow scaling for vector fields.
public enum Quiver {
    /// Scales vectors so the longest has length `maximumLength`, keeping
    /// their ratios (a zero field stays zero).
    public static func scaled(u: [Double], v: [Double], maximumLength: Double) -> (u: [Double], v: [Double]) {
        let longest = zip(u, v).map { ($0 * $0 + $1 * $1).squareRoot() }.filter(\.isFinite).max() ?? 0
        guard longest > 0 else { return (u.map { _ in 0 }, v.map { _ in 0 }) }
        let factor = maximumLength / longest
        return (u.map { $0.isFinite ? $0 * factor : 0 }, v.map { $0.isFinite ? $0 * factor : 0 })
    }

    /// The median distance from each arrow base to its nearest neighbour (for
    /// a grid, the grid spacing): the natural length for the longest arrow.
    public static func typicalSpacing(x: [Double], y: [Double]) -> Double {
        let count = min(x.count, 400)  // a sample is enough for a regular field
        guard count >= 2 else { return 1 }
        var nearest: [Double] = []
        for i in 0..<count {
            var best = Double.infinity
            for j in 0..<x.count where j != i {
                let d = ((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j])).squareRoot()
                if d > 0 { best = min(best, d) }
            }
            if best.isFinite { nearest.append(best) }
        }
        return nearest.isEmpty ? 1 : nearest.sorted()[nearest.count / 2]
    }
}
