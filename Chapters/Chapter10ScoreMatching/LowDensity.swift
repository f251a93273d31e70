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
    // Baselines that know nothing of the data's shape: the zero field, and the exact score of one Gaussian with the data's
    // moments. Their error grows in the tails too, because ∇log p does; what matters is the network's advantage over them.
    let gaussianScore = GaussianMixture2D.gaussian(mean: mixture.moments.mean, covariance: mixture.moments.covariance).score(points)
    func errors(_ field: Tensor?) -> [Double] {
        (0..<points.rowCount).map { row in
            let (a0, a1) = field.map { (Double($0.scalars[2 * row]), Double($0.scalars[2 * row + 1])) } ?? (0, 0)
            return hypot(a0 - Double(truth.scalars[2 * row]), a1 - Double(truth.scalars[2 * row + 1])) / scale
        }
    }
    let zeroErrors = errors(nil), gaussianErrors = errors(gaussianScore)
    chapter.prose("""
    Every objective above is an expectation under the data's law (or, for denoising, under its noised version), so the \
    fit is judged only where the data fall. On an 80 × 80 grid over [−4, 4]² the implicit network's error \
    ‖s_θ − ∇log p‖, in units of S = (𝔼_p‖∇log p‖²)^½ = \(formatNumber(scale, digits: 3)), is grouped by the true log-density, beside two \
    baselines that know nothing of the data's shape: the zero field and the exact score of one Gaussian with the data's \
    moments. All errors grow in the tails, because ∇log p itself does; the question is how much of its advantage the \
    network keeps where there are no data.
    """)
    func rmsIn(_ values: [Double], _ range: ClosedRange<Double>) -> Double {
        let inBin = values.indices.filter { range.contains(logDensity[$0]) }.map { values[$0] }
        return (inBin.reduce(0) { $0 + $1 * $1 } / Double(max(inBin.count, 1))).squareRoot()
    }
    var advantage: [Double] = []
    let rows = bins.map { name, range -> [any TableCell] in
        let network = rmsIn(relative, range), gaussian = rmsIn(gaussianErrors, range)
        advantage.append(gaussian / network)
        return [name, relative.indices.filter { range.contains(logDensity[$0]) }.count, formatNumber(network, digits: 3), formatNumber(gaussian, digits: 3),
                formatNumber(rmsIn(zeroErrors, range), digits: 3), formatNumber(gaussian / network, digits: 3),
                formatNumber(Double(drawDensities.filter { range.contains($0) }.count) / Double(drawDensities.count), digits: 3)]
    }
    chapter.table(["band of the true log-density", "grid points", "network: RMS error / S", "one Gaussian's score", "zero field", "network's advantage over the Gaussian", "share of the data"], rows,
                  caption: "The implicit-objective network of section 5 on the grid; the data share from 20,000 fresh draws.")
    if !quick {   // 400 quick steps leave the network only 1.7× better than the Gaussian even where the data are
    chapter.check("the network's advantage over one Gaussian's score (RMS error ratio): band log p > −3 ÷ band log p ≤ −12", measured: advantage[0] / advantage[4], atLeast: 2,
                  why: "a named size for 'the learned score loses most of what it knows where there are no data'; the low band holds \(formatNumber(Double(drawDensities.filter { $0 <= -12 }.count) / Double(drawDensities.count) * 100, digits: 2))% of the draws. A field that knew the shape everywhere (the exact score) would have an infinite advantage in both")
    }
    chapter.figure(errorHeatmapFigure(grid, relative: relative, logDensity: logDensity), name: "error_against_density", caption: """
        Left: log₁₀ of the implicit network's score error ‖s_θ − ∇log p‖/S on the grid, with the density's contours at log p = −3, −5, −8 and −12. \
        Right: the same errors against the true log-density, one point per grid cell.
        """)
}
