import Foundation
import Testing
import TensorCore
@testable import Plotting

/// The tensor-based marks draw exactly what the array-based marks draw, and
/// `Grid2D` puts its centres where a heatmap paints its cells.
struct TensorFigureTests {
    let points = Tensor(shape: [4, 2], scalars: [0, 0, 1, 2, -1, 0.5, 2, -1])
    let vectors = Tensor(shape: [4, 2], scalars: [1, 0, 0, 1, -1, -1, 0.5, 0.25])

    func png(_ draw: (inout Panel) -> Void) throws -> Data {
        var figure = Figure(width: 200, height: 160)
        draw(&figure.panel)
        return try figure.render(.png)
    }

    @Test func gridCentresAreCellMidpointsRowByRowFromTheBottom() {
        let grid = Grid2D(size: 4, extent: 2)
        let centres = grid.points
        #expect(centres.shape == [16, 2])
        // Cell width 1: the first centre is (−1.5, −1.5), the next one step to the right, row 1 one step up.
        #expect(Array(centres.scalars.prefix(4)) == [-1.5, -1.5, -0.5, -1.5])
        #expect(centres[4, 0] == -1.5 && centres[4, 1] == -0.5)
        #expect(centres[15, 0] == 1.5 && centres[15, 1] == 1.5)
        let rectangle = Grid2D(columns: 3, rows: 2, xRange: 0...3, yRange: 10...12)
        #expect(rectangle.count == 6 && rectangle.points[5, 0] == 2.5 && rectangle.points[5, 1] == 11.5)
    }

    @Test func gridRowsPutRowZeroAtTheBottom() {
        let grid = Grid2D(columns: 3, rows: 2, xRange: 0...3, yRange: 0...2)
        // Values that record each point's own y: row 0 (bottom) must hold the small y.
        let rows = grid.rows(grid.points.slice(1..<2, alongAxis: 1))
        #expect(rows == [[0.5, 0.5, 0.5], [1.5, 1.5, 1.5]])
        #expect(grid.rows([1, 2, 3, 4, 5, 6]) == [[1, 2, 3], [4, 5, 6]])
    }

    @Test func scatterOfATensorDrawsTheSameAsScatterOfArrays() throws {
        let fromTensor = try png { $0.scatter(points: points, color: .black, size: 2) }
        let fromArrays = try png { $0.scatter(x: [0, 1, -1, 2], y: [0, 2, 0.5, -1], color: .black, size: 2) }
        #expect(fromTensor == fromArrays)
    }

    @Test func heatmapAndContourOnAGridMatchTheRowForm() throws {
        let grid = Grid2D(size: 10, extent: 1)
        let values = grid.points.squared().sum(alongAxis: 1).scalars.map(Double.init)
        let fromGrid = try png {
            $0.heatmap(grid, values: values, colorBar: "r²")
            $0.contour(grid, values: values, levels: [0.5])
        }
        let fromRows = try png {
            $0.heatmap(values: grid.rows(values), xRange: -1...1, yRange: -1...1, colorBar: "r²")
            $0.contour(values: grid.rows(values), xRange: -1...1, yRange: -1...1, levels: [0.5])
        }
        #expect(fromGrid == fromRows)
        #expect(try png { $0.heatmap(grid, values: Tensor(shape: [100], scalars: values.map(Float.init))) }
                == png { $0.heatmap(grid, values: values) })
    }

    @Test func quiverOfTensorsMatchesTheArrayForm() throws {
        let fromTensors = try png { $0.quiver(points: points, vectors: vectors, color: .black) }
        let fromArrays = try png { $0.quiver(x: [0, 1, -1, 2], y: [0, 2, 0.5, -1], u: [1, 0, -1, 0.5], v: [0, 1, -1, 0.25], color: .black) }
        #expect(fromTensors == fromArrays)
        let grid = Grid2D(size: 2, extent: 1)
        let onGrid = try png { $0.quiver(grid, vectors: vectors, color: .black) }
        let atCentres = try png { $0.quiver(x: [-0.5, 0.5, -0.5, 0.5], y: [-0.5, -0.5, 0.5, 0.5], u: [1, 0, -1, 0.5], v: [0, 1, -1, 0.25], color: .black) }
        #expect(onGrid == atCentres)
    }

    @Test func trajectoriesFollowEachParticleThroughTheSnapshots() throws {
        let snapshots = [points, points * 0.5, points * 0.25]
        let fromSnapshots = try png { $0.trajectories(snapshots) }
        let byHand = try png { panel in
            for particle in 0..<4 {
                panel.trajectory(x: snapshots.map { Double($0[particle, 0]) }, y: snapshots.map { Double($0[particle, 1]) })
            }
        }
        #expect(fromSnapshots == byHand)
        var panel = Panel()
        panel.trajectories(snapshots, colors: [.black, .gray, .white, .darkGray])
        #expect(panel.marks.count == 4)
    }

    @Test func onePanelFigureNeedsNoSubscript() throws {
        var short = Figure(width: 200, height: 160, title: "t")
        short.panel.line(x: [0, 1], y: [1, 0])
        short.panel.xLabel = "x"
        var long = Figure(width: 200, height: 160, title: "t")
        long[0, 0].line(x: [0, 1], y: [1, 0])
        long[0, 0].xLabel = "x"
        #expect(try short.render(.svg) == long.render(.svg))
    }
}
