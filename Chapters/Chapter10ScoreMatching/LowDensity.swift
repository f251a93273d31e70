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
    // Absolute error in units of the score's typical size under p, S = (𝔼_p‖∇log p‖²)^½ — not pointwise relative error,
    // which blows up at the modes, where ∇log p → 0, whatever the fit.
    var random = chapter.random
    let draws = mixture.sample(20_000, using: &random)
    let scale = (mixture.score(draws).scalars.reduce(0) { $0 + Double($1) * Double($1) } / Double(draws.rowCount)).squareRoot()
    let relative = (0..<points.rowCount).map { row -> Double in
        hypot(Double(learned.scalars[2 * row]) - Double(truth.scalars[2 * row]), Double(learned.scalars[2 * row + 1]) - Double(truth.scalars[2 * row + 1])) / scale
    }
    let bins: [(String, ClosedRange<Double>)] = [("log p > −3", -3...10), ("−5 < log p ≤ −3", -5...(-3)), ("−8 < log p ≤ −5", -8...(-5)),
                                               ("−12 < log p ≤ −8", -12...(-8)), ("log p ≤ −12", -1e9...(-12))]
    let drawDensities = mixture.logDensity(draws)
    chapter.prose("""
    Every objective above is an expectation under p_d, so the fit is judged only where the data fall. On an 80 × 80 grid \
    over [−4, 4]² the implicit network's error ‖s_θ − ∇log p‖, in units of S = (𝔼_p‖∇log p‖²)^½ = \(formatNumber(scale, digits: 3)), \
    is grouped by the true log-density; the last column says how much of the data lies in each band.
    """)
    var rms: [Double] = []
    let rows = bins.map { name, range -> [any TableCell] in
        let inBin = relative.indices.filter { range.contains(logDensity[$0]) }.map { relative[$0] }
        let value = (inBin.reduce(0) { $0 + $1 * $1 } / Double(max(inBin.count, 1))).squareRoot()
        rms.append(value)
        return [name, inBin.count, formatNumber(value, digits: 3), formatNumber(Double(drawDensities.filter { range.contains($0) }.count) / Double(drawDensities.count), digits: 3)]
    }
    chapter.table(["band of the true log-density", "grid points", "RMS of ‖s_θ − ∇log p‖ / S", "share of the data"], rows,
                  caption: "The implicit-objective network of section 5 on the grid; the data share from 20,000 fresh draws.")
    chapter.check("RMS score error where log p ≤ −12 ÷ the same where log p > −3", measured: rms[4] / rms[0], atLeast: 5,
                  why: "a named size for 'much worse where there are no data'; the low band holds \(formatNumber(Double(drawDensities.filter { $0 <= -12 }.count) / Double(drawDensities.count) * 100, digits: 2))% of the draws")
    chapter.figure(errorHeatmapFigure(grid, relative: relative, logDensity: logDensity), name: "error_against_density", caption: """
        Left: log₁₀ of the implicit network's score error ‖s_θ − ∇log p‖/S on the grid, with the density's contours at log p = −3, −5, −8 and −12. \
        Right: the same errors against the true log-density, one point per grid cell.
        """)
}
