import AdversarialNetworks
import Foundation
import Notebook
import Metrics
import TensorCore
import DigitEvaluation
import Plotting

// The chapter's figure layouts, kept out of main.swift so that it reads as the chapter. Each
// function only arranges what main.swift or the library computed.

/// Densities (top) and discriminators (bottom) on the quadrature grid, cut to where the densities live.
func optimalDiscriminatorFigure(game: OptimalDiscriminator, trained: [Double]) -> Figure {
    var figure = Figure(rows: 2, columns: 1, width: 620, height: 560, title: "The optimal discriminator in one dimension")
    let shown = game.grid.points.indices.filter { abs(game.grid.points[$0]) <= 6 }
    let x = shown.map { game.grid.points[$0] }
    figure[0, 0].line(x: x, y: shown.map { game.dataDensity[$0] }, color: Color.cycle(0), label: "p_data")
    figure[0, 0].line(x: x, y: shown.map { game.generatorDensity[$0] }, color: Color.cycle(1), label: "p_g")
    figure[0, 0].yLabel = "density"
    figure[1, 0].line(x: x, y: shown.map { game.values[$0] }, color: Color.cycle(2), label: "D* = p_data/(p_data + p_g)")
    figure[1, 0].line(x: x, y: shown.map { trained[$0] }, color: Color.cycle(3), dashed: true, label: "trained network")
    figure[1, 0].referenceLine(at: 0.5)
    figure[1, 0].xLabel = "x"; figure[1, 0].yLabel = "D(x)"; figure[1, 0].yLimits = 0...1.05
    return figure
}

/// |∂ℓ/∂x| along x for both generator losses (left, log scale) and the weight on ∇ₓa against D (right, log–log).
func saturationFigure(samples: [Double], discriminations: [Double], gradients: [[Double]], logitSlopes: [Double]) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_000, height: 420, title: "Saturating vs non-saturating generator loss")
    let names = ["saturating log(1 − D)", "non-saturating −log D"]
    for (index, gradient) in gradients.enumerated() {
        figure[0, 0].scatter(x: samples, y: gradient.map { log10(max(abs($0), 1e-12)) }, color: Color.cycle(index), size: 1.6, alpha: 0.5, label: names[index])
        let weights = zip(gradient, logitSlopes).map { abs($0 / $1) }
        figure[0, 1].scatter(x: discriminations.map(log10), y: weights.map { log10(max($0, 1e-12)) }, color: Color.cycle(index), size: 2.2, alpha: 0.5,
                             label: names[index] + " (tape)")
    }
    let lowest = log10(discriminations.min()!)
    figure[0, 1].function({ $0 }, over: lowest...0, color: Color.cycle(0), dashed: true, label: "D")
    figure[0, 1].function({ log10(1 - pow(10, $0)) }, over: lowest...(-0.01), color: Color.cycle(1), dashed: true, label: "1 − D")
    figure[0, 0].xLabel = "generated sample x"; figure[0, 0].yLabel = "log₁₀ |∂ℓ/∂x|"
    figure[0, 1].xLabel = "log₁₀ D(x)"; figure[0, 1].yLabel = "log₁₀ |∂ℓ/∂a|"
    figure[0, 0].legendPosition = .bottomRight; figure[0, 1].legendPosition = .bottomRight
    return figure
}

/// Precision (y) against recall (x) for constructed samplers: one small point per repeat, a large one at the mean.
func precisionRecallFigure(names: [String], scores: [[ManifoldPrecisionRecall]]) -> Figure {
    var figure = Figure(width: 520, height: 460, title: "Precision and recall of constructed samplers")
    for (index, repeats) in scores.enumerated() {
        figure.panel.scatter(x: repeats.map(\.recall), y: repeats.map(\.precision), color: Color.cycle(index), size: 3, alpha: 0.5)
        figure.panel.scatter(x: [repeats.map(\.recall).reduce(0, +) / Double(repeats.count)], y: [repeats.map(\.precision).reduce(0, +) / Double(repeats.count)],
                             color: Color.cycle(index), size: 8, alpha: 1, label: names[index])
    }
    figure.panel.xLimits = 0...1.02; figure.panel.yLimits = 0...1.02; figure.panel.equalAspect = true
    figure.panel.xLabel = "recall (is all of the data produced?)"; figure.panel.yLabel = "precision (are samples realistic?)"
    figure.panel.legendPosition = .bottomLeft
    return figure
}

/// Data (grey) and generator samples at checkpoints, plus the collapsed generator in the last panel.
func ringSnapshotsFigure(data: Tensor, snapshots: [Tensor], steps: [Int], collapsed: Tensor) -> Figure {
    var figure = Figure(rows: 1, columns: snapshots.count + 1, width: Double(250 * (snapshots.count + 1)), height: 300, title: "A GAN learning eight Gaussians")
    for (column, samples) in (snapshots + [collapsed]).enumerated() {
        figure[0, column].scatter(points: data, color: .gray, size: 1.2, alpha: 0.3)
        figure[0, column].scatter(points: samples, color: Color.cycle(1), size: 1.4, alpha: 0.5)
        figure[0, column].title = column < steps.count ? "step \(steps[column])" : "frozen discriminator"
        figure[0, column].square(2.6)
    }
    return figure
}

/// Modes covered, near fraction and both losses against training steps, one line per run.
func modeCollapseFigure(steps: [Int], runs: [RingRun]) -> Figure {
    var figure = Figure(rows: 3, columns: 1, width: 640, height: 760, title: "Mode coverage and losses over training")
    let x = steps.map(Double.init)
    for (index, run) in runs.enumerated() {
        let color = Color.cycle(index)
        figure[0, 0].line(x: x, y: run.covered.map(Double.init), color: color, label: "run \(index + 1)")
        figure[1, 0].line(x: x, y: run.nearFraction, color: color)
        figure[2, 0].line(x: x, y: run.discriminatorLoss, color: color)
        figure[2, 0].line(x: x, y: run.generatorLoss, color: color, dashed: true)
    }
    figure[2, 0].referenceLine(at: log(4)); figure[2, 0].referenceLine(at: log(2))
    let losses = runs.flatMap { $0.discriminatorLoss + $0.generatorLoss }   // keep both reference lines in view
    figure[2, 0].yLimits = min(losses.min()!, log(2)) - 0.05...max(losses.max()!, log(4)) + 0.05
    figure[0, 0].yLabel = "modes covered"; figure[0, 0].yLimits = 0...8.5; figure[0, 0].legendPosition = .bottomRight
    figure[1, 0].yLabel = "near a mode"; figure[1, 0].yLimits = 0...1
    figure[2, 0].yLabel = "loss"; figure[2, 0].xLabel = "training step"
    return figure
}

/// Held-out digits (top row) and the GAN's images of ten fixed codes at three points of training.
func digitSamplesFigure(heldOut: Tensor, snapshots: [Tensor], labels: [String]) -> Figure {
    var figure = Figure(width: 720, height: Double(60 * (snapshots.count + 1) + 60), title: "Digits from the GAN: the same ten codes over training")
    let rows = [heldOut] + snapshots
    figure.panel.imageGrid(rows.flatMap { tensor in (0..<10).map { tensor.row($0).doubles } }, imageWidth: 8, imageHeight: 8, columns: 10,
                           rowLabels: ["held-out"] + labels)
    return figure
}

/// The digit metric table as a chart: precision against recall (left) and FDD in floors against effective classes (right).
func metricChart(names: [String], qualities: [DigitSampleQuality]) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_050, height: 460, title: "Digit samples measured with this book's yardstick")
    let floor = qualities[0]
    for (index, quality) in qualities.enumerated() {
        figure[0, 0].scatter(x: quality.recall.values, y: quality.precision.values, color: Color.cycle(index), size: 2.5, alpha: 0.45)
        figure[0, 0].scatter(x: [quality.recall.mean], y: [quality.precision.mean], color: Color.cycle(index), size: 8, alpha: 1, label: names[index])
        figure[0, 1].scatter(x: [log10(quality.frechetRatio(over: floor).value)], y: [quality.effectiveClassCount.mean], color: Color.cycle(index), size: 8, alpha: 1)
    }
    figure[0, 0].xLimits = 0...1.02; figure[0, 0].yLimits = 0...1.02
    figure[0, 0].xLabel = "recall"; figure[0, 0].yLabel = "precision"; figure[0, 0].legendPosition = .bottomLeft
    figure[0, 1].xLabel = "log₁₀ (FDD ÷ data floor)"; figure[0, 1].yLabel = "effective number of classes"; figure[0, 1].yLimits = 0...10.5
    return figure
}
