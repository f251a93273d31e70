import AutoregressiveModels
import Foundation
import Notebook
import Plotting
import TensorCore
import VectorQuantization

// The chapter's figures, drawn from this run's models and numbers.

/// Held-out code usage of run 1 of each kind of care: each code's share, codes sorted from most to least used.
func usageFigure(_ runs: [CodebookCare: [VQRun]]) {
    var figure = Figure(rows: 2, columns: 2, width: 900, height: 620, title: "How the held-out digits use the \(RunSettings.codeCount) codes (run 1 of each)")
    for care in CodebookCare.allCases {
        let usage = runs[care]![0].heldOutUsage
        let shares = usage.shares.sorted(by: >)
        var panel = figure.panels[care.rawValue]
        panel.bars(positions: shares.indices.map { Double($0 + 1) }, heights: shares, width: 0.85, color: care.color)
        panel.referenceLine(at: 1 / Double(RunSettings.codeCount))
        panel.title = "\(care.shortName): \(usage.usedCodes) used, perplexity \(formatNumber(usage.perplexity, digits: 3))"
        panel.xLabel = "code, by rank"
        panel.yLabel = "share of positions"
        figure.panels[care.rawValue] = panel
    }
    chapter.figure(figure, name: "codebook_usage",
                   caption: "Share of the \(test.count * VQVAE.positions) held-out grid positions taken by each code, codes ranked by use; the dashed line is uniform use, 1/K. With the codebook loss alone most codes are never chosen; restarts and moving averages spread the work.")
}

/// The perplexity of each training batch's codes over training, every run, smoothed over 25 steps.
func perplexityFigure(_ runs: [CodebookCare: [VQRun]]) {
    var figure = Figure(width: 760, height: 420, title: "Codebook perplexity during training")
    var panel = figure.panel
    for care in CodebookCare.allCases {
        for (index, run) in runs[care]!.enumerated() {
            let values = run.trainer.history.map(\.perplexity), window = 25
            let smoothed = values.indices.map { i in values[max(0, i - window + 1)...i].reduce(0, +) / Double(min(i + 1, window)) }
            panel.line(x: smoothed.indices.map { Double($0 + 1) }, y: smoothed, color: care.color.withAlpha(index == 0 ? 1 : 0.45),
                       width: index == 0 ? 1.8 : 1, label: index == 0 ? care.shortName : nil)
        }
    }
    panel.referenceLine(at: Double(RunSettings.codeCount))
    panel.yLimits = 0...(Double(RunSettings.codeCount) + 4)
    panel.xLabel = "training step"
    panel.yLabel = "perplexity of a batch's codes"
    figure.panel = panel
    chapter.figure(figure, name: "perplexity_during_training",
                   caption: "exp(entropy) of the codes chosen by each minibatch of \(RunSettings.batchSize) digits (\(RunSettings.batchSize * VQVAE.positions) positions), averaged over 25 steps; run 1 of each kind bold, the others faint; the dashed line is K. The restarts every 100 steps show as jumps.")
}

/// Held-out digits and their reconstructions by run 1 of each kind of care.
func reconstructionFigure(_ runs: [CodebookCare: [VQRun]]) {
    let count = 12, originals = test.images.slice(0..<count)
    var rows: [[Double]] = (0..<count).map { originals.row($0).doubles }
    for care in CodebookCare.allCases {
        let reconstructed = runs[care]![0].model.reconstruct(originals)
        rows += (0..<count).map { reconstructed.row($0).doubles }
    }
    var figure = Figure(width: 900, height: 460, title: "Held-out digits and their reconstructions from 16 codes")
    figure.panel.imageGrid(rows, imageWidth: 8, imageHeight: 8, columns: count, rowLabels: ["held-out"] + CodebookCare.allCases.map(\.shortName))
    chapter.figure(figure, name: "reconstructions",
                   caption: "Top row: the first \(count) held-out digits; below, the mean image E[x | z_q] decoded from each one's 4 × 4 grid of codes, by run 1 of each kind of codebook care.")
}

/// Three held-out digits with their grids of code indices written over the patches they stand for, and the decoded grids.
func codeGridFigure(model: VQVAE) {
    let chosen = [0, 1, 2].map { test.images.row($0).doubles }, images = Tensor(shape: [3, 64], scalars: chosen.flatMap { $0.map(Float.init) })
    let grids = model.codeGrids(images), decoded = model.decode(codeGrids: grids)
    var figure = Figure(rows: 2, columns: 1, width: 620, height: 500, title: "An image as a 4 × 4 grid of code indices")
    // The digits drawn lighter (ink at most 60% black) so that the indices stay readable over them.
    figure[0, 0].imageGrid(chosen, imageWidth: 8, imageHeight: 8, columns: 3, valueRange: 0...1.6, rowLabels: ["digit + codes"])
    figure[1, 0].imageGrid((0..<3).map { decoded.row($0).doubles }, imageWidth: 8, imageHeight: 8, columns: 3, rowLabels: ["decoded"])
    figure[1, 0].xLimits = figure[0, 0].xLimits   // the same scale in both rows, whatever the labels' lengths
    let gap = 0.12
    for image in 0..<3 {
        for position in 0..<VQVAE.positions {
            let (r, c) = (position / VQVAE.gridSide, position % VQVAE.gridSide)
            let x = Double(image) * (1 + gap) + (Double(2 * c) + 1) / 8, y = 1 - (Double(2 * r) + 1) / 8   // one row of images spans y ∈ [0, 1]
            figure[0, 0].text("\(Int(grids.scalars[image * VQVAE.positions + position]))", x: x, y: y, color: Color(hex: 0xC0392B), size: 10)
        }
    }
    chapter.figure(figure, name: "code_grid",
                   caption: "Each number is the index of the code chosen at one position of the grid, written over the 2 × 2 block of pixels at the centre of the 4 × 4 patch that position sees; the bottom row decodes the 16 numbers. Equal numbers on different digits are the same stroke fragment.")
}

/// Samples of each generator, decoded mean images.
func samplesFigure(prior: PriorResults, model: VQVAE) {
    var random = RandomGenerator(seed: chapter.seed, stream: "sample figure")
    let count = 10
    let madeSamples = model.decode(codeGrids: prior.made.sample(2 * count, using: &random))
    let independentSamples = model.decode(codeGrids: prior.independent.sample(2 * count, using: &random))
    let rows = [madeSamples, independentSamples].flatMap { t in (0..<(2 * count)).map { t.row($0).doubles } }
        + (0..<(2 * count)).map { train.images.row($0).doubles }
    var figure = Figure(width: 900, height: 520, title: "Two-stage samples: a grid from the prior, then the decoder")
    figure.panel.imageGrid(rows, imageWidth: 8, imageHeight: 8, columns: count,
                           rowLabels: ["MADE prior", "", "independent", "", "training digits", ""])
    chapter.figure(figure, name: "prior_samples",
                   caption: "Rows 1–2: grids drawn from the MADE prior and decoded; rows 3–4: grids whose positions are drawn independently from each position's code frequencies, same decoder; rows 5–6: training digits for comparison.")
}
