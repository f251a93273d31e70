import Distributions
import Foundation
import Notebook
import Plotting
import Statistics
import TensorCore

// Section 6: where the data are scarce the objectives have nothing to fit, and the learned score is wrong there.

func lowDensitySection(_ trained: [TrainedScore]) {
    let model = trained[0], extent = 4.0, grid = Grid2D(size: 80, extent: extent)
    let points = grid.points, logDensity = mixture.logDensity(points), truth = mixture.score(points), learned = model.network(points)
    let relative = (0..<points.rowCount).map { row -> Double in
        let error = hypot(Double(learned.scalars[2 * row]) - Double(truth.scalars[2 * row]), Double(learned.scalars[2 * row + 1]) - Double(truth.scalars[2 * row + 1]))
        return error / max(hypot(Double(truth.scalars[2 * row]), Double(truth.scalars[2 * row + 1])), 1e-12)
    }
    let bins: [(String, ClosedRange<Double>)] = [("log p > −3", -3...10), ("−5 < log p ≤ −3", -5...(-3)), ("−8 < log p ≤ −5", -8...(-5)),
                                               ("−12 < log p ≤ −8", -12...(-8)), ("log p ≤ −12", -1e9...(-12))]
    var random = chapter.random
    let draws = mixture.logDensity(mixture.sample(20_000, using: &random))
    chapter.prose("""
    Every objective above is an expectation under p_d, so the fit is judged only where the data fall. On an 80 × 80 grid \
    over [−4, 4]² the implicit network's relative error ‖s_θ − ∇log p‖ / ‖∇log p‖ is grouped by the true log-density; the \
    last column says how much of the data lies in each band.
    """)
    var medians: [Double] = []
    let rows = bins.map { name, range -> [any TableCell] in
        let inBin = relative.indices.filter { range.contains(logDensity[$0]) }.map { relative[$0] }
        let median = inBin.isEmpty ? .nan : inBin.quantile(0.5)
        medians.append(median)
        return [name, inBin.count, formatNumber(median, digits: 3), formatNumber(Double(draws.filter { range.contains($0) }.count) / Double(draws.count), digits: 3)]
    }
    chapter.table(["band of the true log-density", "grid points", "median relative score error", "share of the data"], rows,
                  caption: "The implicit-objective network of section 5 on the grid; the data share from 20,000 fresh draws.")
    chapter.check("median relative error where −12 < log p ≤ −8 ÷ the same where log p > −3", measured: medians[3] / medians[0], atLeast: 5,
                  why: "named before the first run: a named size for 'much worse where there are no data'; the low band holds \(formatNumber(Double(draws.filter { (-12...(-8)).contains($0) }.count) / Double(draws.count) * 100, digits: 2))% of the draws")
    chapter.figure(errorHeatmapFigure(grid, relative: relative, logDensity: logDensity), name: "error_against_density", caption: """
        Left: log₁₀ of the implicit network's relative score error on the grid, with the density's contours at log p = −3, −5, −8 and −12. \
        Right: the same errors against the true log-density, one point per grid cell.
        """)
}
