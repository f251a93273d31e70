import DiffusionModels
import DigitEvaluation
import Foundation
import Metrics
import Notebook
import Plotting
import Statistics
import TensorCore

// The chapter's figures, drawn from the run's own schedules, models and numbers.

/// ᾱ_t and log SNR against t for each schedule.
func schedulesFigure(_ schedules: [DiffusionSchedule]) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_060, height: 400, title: "Noise schedules, T = 1,000")
    for (index, schedule) in schedules.enumerated() {
        let t = (1...schedule.steps).map(Double.init)
        figure[0, 0].line(x: t, y: (1...schedule.steps).map { schedule.alphaBar($0) }, color: Color.cycle(index), label: schedule.name)
        figure[0, 1].line(x: t, y: (1...schedule.steps).map { log(schedule.alphaBar($0) / schedule.oneMinusAlphaBar($0)) }, color: Color.cycle(index))
    }
    figure[0, 0].xLabel = "t"; figure[0, 0].yLabel = "ᾱ_t"; figure[0, 0].legendPosition = .topRight
    figure[0, 1].xLabel = "t"; figure[0, 1].yLabel = "log(ᾱ_t / (1 − ᾱ_t))"
    return figure
}

/// One digit noised at several t, one row per schedule, with one noise draw shared by the row.
func noisingFigure(x0: Tensor, schedules: [DiffusionSchedule], steps: [Int]) -> Figure {
    var generator = RandomGenerator(seed: 5)
    let noise = Tensor.normal(x0.shape, using: &generator)
    let images = schedules.flatMap { schedule in
        steps.map { t in uncentred(t == 0 ? x0 : schedule.noised(x0: x0, timestep: t, noise: noise)).doubles }
    }
    var figure = Figure(width: 900, height: 300, title: "A digit dissolving: x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε")
    figure.panel.imageGrid(images, imageWidth: 8, imageHeight: 8, columns: steps.count, rowLabels: schedules.map(\.name),
                           columnLabels: steps.map { "t = \($0)" })
    return figure
}

/// The held-out per-timestep loss with and without the class, and the bound's weight λ_t (scaled).
func lossByTimestepFigure(steps: [Int], conditional: [SampleSummary], unconditional: [SampleSummary], schedule: DiffusionSchedule) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_060, height: 400, title: "Where the network's work is")
    let x = steps.map(Double.init), perPixel = 1.0 / 64
    for (index, (name, values)) in [("with the class", conditional), ("unconditional", unconditional)].enumerated() {
        figure[0, 0].band(x: x, lower: values.map { ($0.mean - 2 * $0.standardError) * perPixel }, upper: values.map { ($0.mean + 2 * $0.standardError) * perPixel }, color: Color.cycle(index))
        figure[0, 0].line(x: x, y: values.map { $0.mean * perPixel }, color: Color.cycle(index), label: name)
    }
    figure[0, 0].referenceLine(at: 1, color: .darkGray)
    figure[0, 0].xLabel = "t"; figure[0, 0].yLabel = "E‖ε − ε̂‖² / 64"; figure[0, 0].legendPosition = .topRight
    let weights = (2...schedule.steps).map { schedule.epsilonWeight(t: $0, variance: .posterior) }
    figure[0, 1].line(x: (2...schedule.steps).map(Double.init), y: weights.map { log10($0) }, color: Color.cycle(2), label: "log₁₀ λ_t")
    figure[0, 1].xLabel = "t"; figure[0, 1].yLabel = "log₁₀ λ_t (the bound's weight on step t)"
    return figure
}

/// Snapshots of the reverse chain, one row per sample, columns in time order from x_T to x₀.
func denoisingFigure(_ chain: AncestralSamples) -> Figure {
    let kept = chain.snapshots.sorted { $0.t > $1.t }
    let snapshots = kept.contains { $0.t == 0 } ? kept : kept + [(t: 0, x: chain.samples)]
    let count = chain.samples.rowCount
    let images = (0..<count).flatMap { row in snapshots.map { uncentred($0.x.slice(row..<(row + 1))).doubles } }
    var figure = Figure(width: 120 + 70 * Double(snapshots.count), height: 90 + 70 * Double(count), title: "The reverse chain, from noise to digits")
    figure.panel.imageGrid(images, imageWidth: 8, imageHeight: 8, columns: snapshots.count, columnLabels: snapshots.map { "\($0.t)" })
    return figure
}

/// One sample of each digit at each guidance scale, with the same random stream for every row.
func guidanceGridFigure(_ model: EpsilonNetwork, scales: [Double], using generator: inout RandomGenerator) -> Figure {
    let seed = generator.next()
    let rows = scales.map { w -> [[Double]] in
        var same = RandomGenerator(seed: seed)
        let images = ddpmImages(model, steps: GuidanceSettings.steps, count: 10, labels: Array(0..<10), guidance: w, using: &same)
        return (0..<10).map { images.row($0).doubles }
    }
    var figure = Figure(width: 820, height: 120 + 80 * Double(scales.count), title: "Classifier-free guidance: one sample per digit and scale")
    figure.panel.imageGrid(rows.flatMap { $0 }, imageWidth: 8, imageHeight: 8, columns: 10, rowLabels: scales.map { "w = \(formatScale($0))" },
                           columnLabels: (0..<10).map(String.init))
    return figure
}

private func formatScale(_ w: Double) -> String { w == w.rounded() ? String(Int(w)) : String(w) }

/// Accuracy, recall, precision and FDD ÷ floor against the guidance scale.
func guidanceTradeoffFigure(_ points: [GuidancePoint], floor: DigitSampleQuality) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_060, height: 400, title: "Guidance trades diversity for fidelity to the class")
    let w = points.map(\.scale)
    let series: [(String, [Double], [Double])] = [
        ("accuracy on the requested class", points.map(\.accuracy), points.map(\.accuracyStandardError)),
        ("recall", points.map(\.quality.recall.mean), points.map(\.quality.recall.standardError)),
        ("precision", points.map(\.quality.precision.mean), points.map(\.quality.precision.standardError))]
    for (index, (name, values, errors)) in series.enumerated() {
        figure[0, 0].band(x: w, lower: zip(values, errors).map { $0 - 2 * $1 }, upper: zip(values, errors).map { $0 + 2 * $1 }, color: Color.cycle(index))
        figure[0, 0].line(x: w, y: values, color: Color.cycle(index), label: name)
        figure[0, 0].scatter(x: w, y: values, color: Color.cycle(index), size: 3.5, alpha: 1)
    }
    let ratios = points.map { $0.quality.frechetRatio(over: floor) }
    figure[0, 1].band(x: w, lower: ratios.map { $0.value - 2 * $0.standardError }, upper: ratios.map { $0.value + 2 * $0.standardError }, color: Color.cycle(3))
    figure[0, 1].line(x: w, y: ratios.map(\.value), color: Color.cycle(3), label: "FDD ÷ floor")
    figure[0, 0].xLabel = "guidance scale w"; figure[0, 0].legendPosition = .bottomLeft; figure[0, 0].yLimits = 0...1.15
    figure[0, 1].referenceLine(at: 1, color: .darkGray)
    figure[0, 1].xLabel = "guidance scale w"; figure[0, 1].yLabel = "FDD ÷ data floor"
    return figure
}

/// Quality against the number of sampling steps: the ring (SW₂ ÷ floor) and the digits (FDD ÷ floor).
func qualityVsStepsFigure(ring: StepsSweep, digits: DigitsRun) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_060, height: 400, title: "Quality against the number of sampling steps")
    let ringRatios = ring.quality.map { RatioOfMeans($0.slicedWasserstein, over: ring.floor.slicedWasserstein) }
    let digitRatios = digits.quality.map { $0.frechetRatio(over: digits.floor) }
    for (panel, (steps, ratios, label)) in [(ring.steps, ringRatios, "ring: SW₂ ÷ floor"), (digits.steps, digitRatios, "digits: FDD ÷ floor")].enumerated() {
        let x = steps.map { log10(Double($0)) }, logRatio = { (v: Double) in log10(max(v, 1e-3)) }
        figure[0, panel].band(x: x, lower: ratios.map { logRatio($0.value - 2 * $0.standardError) }, upper: ratios.map { logRatio($0.value + 2 * $0.standardError) }, color: Color.cycle(panel))
        figure[0, panel].line(x: x, y: ratios.map { logRatio($0.value) }, color: Color.cycle(panel), label: label)
        figure[0, panel].scatter(x: x, y: ratios.map { logRatio($0.value) }, color: Color.cycle(panel), size: 3.5, alpha: 1)
        figure[0, panel].referenceLine(at: 0, color: .darkGray)
        figure[0, panel].yLimits = min(-0.1, ratios.map { logRatio($0.value - 2 * $0.standardError) }.min()! - 0.1)...(ratios.map { logRatio($0.value + 2 * $0.standardError) }.max()! + 0.1)
        figure[0, panel].xLabel = "log₁₀ K (sampling steps)"; figure[0, panel].yLabel = "log₁₀ (\(label))"
    }
    return figure
}

/// Rows of samples from the three latent-space comparisons.
func latentSamplesFigure(pixel: Tensor, latent: Tensor, prior: Tensor) -> Figure {
    var figure = Figure(width: 820, height: 340, title: "Pixel-space and latent diffusion")
    figure.panel.imageGrid([pixel, latent, prior].flatMap { t in (0..<t.rowCount).map { t.row($0).doubles } }, imageWidth: 8, imageHeight: 8,
                           columns: pixel.rowCount, rowLabels: ["pixel DDPM", "latent DDPM", "VAE prior"])
    return figure
}

/// "r ± SE" for a ratio of two repeated means.
func ratioText(_ ratio: RatioOfMeans) -> String { "\(formatNumber(ratio.value, digits: 3)) ± \(formatNumber(ratio.standardError, digits: 2))" }
