import Distributions
import Foundation
import NeuralLayers
import Notebook
import Plotting
import Metrics
import ScoreBasedModels
import Statistics

// The chapter's figure layouts and table rows, kept out of main.swift so that it reads as the
// chapter. Each function only arranges what main.swift or the library computed.

let fieldGrid = Grid2D(size: 17, extent: 3.5), densityGrid = Grid2D(size: 80, extent: 3.5)

/// Log-densities for a background heatmap, cut at −12 so that empty regions do not take the colour scale.
func background(_ density: some DensityModel) -> [Double] { density.logDensity(densityGrid.points).map { max($0, -12) } }

/// Samples of p_t for each SDE (rows) at each time (columns), from one set of data points.
func noisingChainFigure(_ data: Tensor, sdes: [any ForwardSDE], times: [Double], using generator: inout RandomGenerator) -> Figure {
    var figure = Figure(rows: sdes.count, columns: times.count, width: 1_150, height: 500,
                        title: "The noising chain: " + sdes.map(\.name).joined(separator: " (top) and ") + " (bottom)")
    for (row, sde) in sdes.enumerated() {
        for (column, t) in times.enumerated() {
            let noise = Tensor.normal(data.shape, using: &generator)
            figure[row, column].scatter(points: sde.perturb(data, times: Tensor.full([data.rowCount, 1], Float(t)), noise: noise),
                                        color: Color.cycle(row), size: 1.4, alpha: 0.5)
            figure[row, column].title = "\(sde.name), t = \(formatNumber(t))"
            figure[row, column].square(max(3.5, 3 * sde.noiseStandardDeviation(t)))   // VE grows out of the frame
        }
    }
    return figure
}

/// The exact (top) and learned (bottom) score fields over log p_t at several times.
func scoreComparisonFigure(exact: ExactScore<GaussianMixture2D>, learned: some ScoreModel, data: GaussianMixture2D, times: [Double]) -> Figure {
    var figure = Figure(rows: 2, columns: times.count, width: 960, height: 640, title: "Exact (top) and learned (bottom) scores")
    for (column, t) in times.enumerated() {
        let values = background(data.marginal(of: exact.sde, at: t))
        for (row, (name, field)) in [("exact", exact.score(fieldGrid.points, at: t)), ("learned", learned.score(fieldGrid.points, at: t))].enumerated() {
            figure[row, column].field(fieldGrid, vectors: field, over: densityGrid, values: values, title: "\(name), t = \(formatNumber(t))")
        }
    }
    return figure
}

/// Relative score error against t, both on log scales (the errors span four decades).
func scoreErrorFigure(times: [Double], learned: [Double], baseline: [Double]) -> Figure {
    var figure = Figure(width: 560, height: 360, title: "Relative error of the learned score")
    figure.panel.line(x: times.map(log10), y: learned.map(log10), color: Color.cycle(0), label: "learned score")
    figure.panel.line(x: times.map(log10), y: baseline.map(log10), color: Color.cycle(1), dashed: true, label: "Gaussian part alone")
    figure.panel.scatter(x: times.map(log10), y: learned.map(log10), color: Color.cycle(0), size: 4)
    figure.panel.xLabel = "log₁₀ t"
    figure.panel.yLabel = "log₁₀ E‖s − ∇log p_t‖ / E‖∇log p_t‖"
    figure.panel.legendPosition = .bottomLeft
    return figure
}

/// Particle paths of the reverse SDE and of the probability-flow ODE over the data density.
func trajectoryComparisonFigure(sde: [Tensor], ode: [Tensor], data: GaussianMixture2D) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 900, height: 460, title: "From the same noise: reverse SDE vs probability-flow ODE")
    for (column, (title, snapshots)) in [("reverse SDE (Euler–Maruyama, 500 steps)", sde), ("probability-flow ODE (Heun, 100 steps)", ode)].enumerated() {
        figure[0, column].heatmap(densityGrid, values: background(data), colorMap: .inverseGrayscale)
        figure[0, column].trajectories(snapshots)
        figure[0, column].title = title
        figure[0, column].equalAspect = true
    }
    return figure
}

/// Checkerboard data and samples side by side.
func checkerboardComparisonFigure(data: Tensor, samples: Tensor) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 820, height: 430, title: "The checkerboard: data and samples")
    for (column, (title, points)) in [("data", data), ("reverse SDE samples", samples)].enumerated() {
        figure[0, column].scatter(points: points, color: Color.cycle(column), size: 1.4, alpha: 0.6)
        figure[0, column].title = title
        figure[0, column].square(2.5)
    }
    return figure
}

/// One row of the samplers' quality table, with the SW₂ ratio to the data floor and its standard error.
func samplerRow(_ name: String, _ nfe: String, _ quality: MixtureSampleQuality, floor: MixtureSampleQuality) -> [any TableCell] {
    quality.tableRow(name: name, cost: nfe, floor: floor, modeCount: 8, includeNearFraction: true) { formatNumber($0, digits: $1) }
}

/// One curve per sampler family of a quality metric against NFE.
func qualityCurves(_ runs: [(sampler: any ReverseTimeSampler, quality: MixtureSampleQuality)],
                   _ metric: (MixtureSampleQuality) -> RepeatedMeasurement) -> [(name: String, cost: [Double], mean: [Double], spread: [Double])] {
    ["Euler–Maruyama", "predictor–corrector", "probability-flow ODE (Heun)"].map { kind in
        let selected = runs.filter { $0.sampler.name == kind }
        return (kind, selected.map { Double($0.sampler.networkEvaluations) }, selected.map { metric($0.quality).mean }, selected.map { metric($0.quality).spread })
    }
}

/// The mean of model − true over the grid points in a region (for the density figure's caption).
func meanSignedError(_ model: [Double], _ truth: [Double], on grid: Grid2D, where region: (Double, Double) -> Bool) -> Double {
    (0..<grid.count).filter { region(Double(grid.points[$0, 0]), Double(grid.points[$0, 1])) }.map { model[$0] - truth[$0] }.mean
}
