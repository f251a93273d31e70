import Distributions
import EnergyBasedModels
import Foundation
import Notebook
import Plotting
import TensorCore

// The chapter's figure layouts: each function only arranges what the sections computed.

/// θ̂ against the negative chain length: the exact fixed point as a line, trained runs as points with ± 2 SE.
func chainLengthFigure(_ results: [ChainLengthResult], maximumLikelihood: Double, m2: Double, stepSize: Double, startVariance: Double) -> Figure {
    var figure = Figure(width: 720, height: 420, title: "Where training stops, against the length of the negative chains")
    let finite = results.filter { $0.steps != nil }, persistentX = log10(Double(finite.last!.steps!)) + 0.6
    let curveSteps = (0...60).map { Int(pow(10, Double($0) / 30).rounded()) }
    let curve = curveSteps.map { GaussianEnergyExample.fixedPoint(secondMoment: m2, stepSize: stepSize, steps: $0, startVariance: startVariance) }
    figure.panel.line(x: curveSteps.map { log10(Double($0)) }, y: curve, color: Color.cycle(0), width: 1.6, label: "fixed point of v_L(θ̂) = m₂")
    for result in results {
        let x = result.steps.map { log10(Double($0)) } ?? persistentX
        figure.panel.line(x: [x, x], y: [result.trained.mean - 2 * result.trained.standardError, result.trained.mean + 2 * result.trained.standardError],
                          color: Color.cycle(1), width: 1.6)
    }
    figure.panel.scatter(x: results.map { $0.steps.map { log10(Double($0)) } ?? persistentX }, y: results.map(\.trained.mean),
                         color: Color.cycle(1), size: 5, alpha: 1, label: "trained (mean ± 2 SE)")
    figure.panel.scatter(x: [persistentX], y: [results.last!.exact], color: Color.cycle(0), size: 6, alpha: 1, shape: .square, label: "persistent: ULA's stationary law")
    figure.panel.referenceLine(at: maximumLikelihood, color: .gray)
    figure.panel.text("θ_ML = 1/m₂", x: 0.05, y: maximumLikelihood - 0.05, anchor: .left)
    figure.panel.xLabel = "log₁₀ L (Langevin steps per negative; persistent at the right)"; figure.panel.yLabel = "θ̂"
    return figure
}

/// The energy with the data and the model, arrows for the two phases, and the two ΔE curves below.
func pushesFigure(_ picture: PushesPicture) -> Figure {
    var figure = Figure(rows: 2, columns: 1, width: 760, height: 720, title: "One gradient step on a 1-D energy: the two phases")
    let top = picture.energy.max()!
    figure[0, 0].histogram(picture.data, bins: 64, range: -4...4, scale: 6, color: Color.cycle(2), alpha: 0.5, label: "data (histogram, ×6)")
    figure[0, 0].line(x: picture.grid, y: picture.density.map { $0 * 6 }, color: Color.cycle(1), width: 1.6, label: "model density p_θ (×6)")
    figure[0, 0].line(x: picture.grid, y: picture.energy, color: .darkGray, width: 2, label: "energy E_θ")
    let spacing = picture.grid[1] - picture.grid[0]
    func index(_ x: Double) -> Int { min(max(Int(((x - picture.grid[0]) / spacing).rounded()), 0), picture.grid.count - 1) }
    for x in picture.data.prefix(14) {
        let i = index(x)
        figure[0, 0].arrow(from: (x, picture.energy[i]), to: (x, picture.energy[i] + 4 * picture.positive[i]), color: Color.cycle(2), width: 1.6)
    }
    for x in picture.negatives.prefix(14) {
        let i = index(x)
        figure[0, 0].arrow(from: (x, picture.energy[i]), to: (x, picture.energy[i] + 4 * picture.negative[i]), color: Color(hex: 0xC0392B), width: 1.6)
    }
    figure[0, 0].yLimits = -1...min(top, 8.5)
    figure[0, 0].xLabel = "x"; figure[0, 0].yLabel = "energy (arrows: 4 × ΔE)"
    figure[0, 0].title = "green arrows: data pull the energy down; red arrows: the model's samples push it up"
    figure[1, 0].line(x: picture.grid, y: picture.positive, color: Color.cycle(2), width: 1.8, label: "positive phase −η⟨κ(x, x⁺)⟩")
    figure[1, 0].line(x: picture.grid, y: picture.negative, color: Color(hex: 0xC0392B), width: 1.8, label: "negative phase +η𝔼κ(x, x⁻)")
    figure[1, 0].line(x: picture.grid, y: zip(picture.positive, picture.negative).map(+), color: .darkGray, width: 2, label: "ΔE(x), their sum")
    figure[1, 0].referenceLine(at: 0, color: .gray)
    figure[1, 0].xLabel = "x"; figure[1, 0].yLabel = "ΔE(x) after one step, η = \(formatNumber(picture.step))"
    return figure
}

/// The true density and each network's normalised density on one colour scale.
func densityFigure(_ runs: [EnergyRun], logPartitions: [Double]) -> Figure {
    let grid = Grid2D(size: 140, extent: Double(energyBox.upperBound))
    let truth = ringData.logDensity(grid.points).map(exp)
    let densities = zip(runs, logPartitions).map { run, logZ in run.energy.logDensities(grid.points, logPartition: logZ).map(exp) }
    let top = ([truth] + densities).flatMap { $0 }.max()!
    var figure = Figure(rows: 1, columns: 4, width: 1400, height: 380, title: "Densities: the truth and exp(−E_θ)/Z_θ of each network")
    for (column, (name, values)) in ([("true density", truth)] + zip(runs.map(\.name), densities).map { ($0, $1) }).enumerated() {
        figure[0, column].heatmap(grid, values: values, valueRange: 0...top)
        figure[0, column].title = name
        figure[0, column].equalAspect = true
    }
    return figure
}

/// Held-out log-likelihood during training, one line per run, and the truth.
func trainingCurvesFigure(_ runs: [EnergyRun], truth: Double) -> Figure {
    var figure = Figure(width: 720, height: 420, title: "Exact held-out log-likelihood during training")
    for (index, run) in runs.enumerated() {
        figure.panel.line(x: run.curve.map { Double($0.step) }, y: run.curve.map(\.heldOut), color: Color.cycle(index), width: 1.8, label: run.name)
    }
    figure.panel.referenceLine(at: truth, color: .gray)
    let lowest = runs.flatMap { $0.curve.dropFirst().map(\.heldOut) }.min()!
    figure.panel.yLimits = (min(lowest, truth) - 0.3)...(truth + 0.2)
    figure.panel.xLabel = "training step"; figure.panel.yLabel = "held-out mean log p(x), nats"
    figure.panel.legendPosition = .bottomRight
    return figure
}

/// Energies with contours and samples, one panel per run.
func energiesFigure(_ runs: [EnergyRun], settings: EnergySettings) -> Figure {
    let grid = Grid2D(size: 140, extent: Double(energyBox.upperBound))
    var figure = Figure(rows: 1, columns: runs.count, width: Double(440 * runs.count), height: 440, title: "Learned energies and samples")
    var generator = RandomGenerator(seed: chapter.seed, stream: "energy figure")
    for (column, run) in runs.enumerated() {
        let energies = run.energy.energies(grid.points)
        let lowest = energies.min()!
        let shown = energies.map { min($0 - lowest, 12) }
        figure[0, column].heatmap(grid, values: shown, colorMap: .viridis)
        figure[0, column].contour(grid, values: shown, levels: [1, 2, 4, 8], color: .white, width: 0.8, labelled: false)
        if column == 0 {
            figure[0, column].scatter(points: run.energy.gridSamples(400, cellsPerSide: 280, using: &generator), color: .white, size: 1.8, alpha: 0.8, label: "density draws")
        } else {
            let short = BoxLangevin(stepSize: settings.stepSize, steps: settings.chainSteps).run(run.energy.uniformNoise(300, using: &generator), energy: run.energy, using: &generator)
            let long = BoxLangevin(stepSize: settings.stepSize, steps: quick ? 300 : 1_000).run(run.energy.uniformNoise(300, using: &generator), energy: run.energy, using: &generator)
            figure[0, column].scatter(points: short, color: .white, size: 1.8, alpha: 0.8, label: "K-step chains")
            figure[0, column].scatter(points: long, color: Color.cycle(1), size: 1.8, alpha: 0.8, label: "long chains")
        }
        figure[0, column].title = run.name
        figure[0, column].equalAspect = true
    }
    return figure
}
