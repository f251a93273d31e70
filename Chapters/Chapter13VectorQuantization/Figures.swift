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
    let used = CodebookCare.allCases.map { "\($0.shortName) \(runs[$0]![0].heldOutUsage.usedCodes)" }.joined(separator: ", ")
    chapter.figure(figure, name: "codebook_usage",
                   caption: "Share of the \(test.count * VQVAE.positions) held-out grid positions taken by each code, codes ranked by use, for run 1 of each kind; the dashed line is uniform use, 1/K. Codes used: \(used) of \(RunSettings.codeCount).")
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
    panel.legendPosition = .topLeft
    panel.xLabel = "training step"
    panel.yLabel = "perplexity of a batch's codes"
    figure.panel = panel
    let first = runs[.gradientOnly]!.map { $0.trainer.history[0].perplexity }
    let lowest = runs.values.flatMap { $0 }.map { run -> Double in
        let values = run.trainer.history.map(\.perplexity)
        return values.indices.map { i in values[max(0, i - 24)...i].reduce(0, +) / Double(min(i + 1, 25)) }.min()!
    }
    chapter.figure(figure, name: "perplexity_during_training",
                   caption: "exp(entropy) of the codes chosen by each minibatch of \(RunSettings.batchSize) digits (\(RunSettings.batchSize * VQVAE.positions) positions), averaged over 25 steps; run 1 of each kind bold, the others faint; the dashed line is K. Every run starts from a first batch of perplexity \(formatNumber(first.min()!, digits: 3))–\(formatNumber(first.max()!, digits: 3)) (the same initial weights for each run index) and falls early, to \(formatNumber(lowest.min()!, digits: 3))–\(formatNumber(lowest.max()!, digits: 3)) at its lowest; restarts show as jumps every 100 steps.")
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
                   caption: "Top row: the first \(count) held-out digits; below, the mean image E[x | c] decoded from each one's 4 × 4 grid of codes c, by run 1 of each kind of codebook care.")
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
                   caption: "Three held-out digits (drawn lighter, at most 60% ink, so that the numbers stay readable) with, over each 2 × 2 block of pixels, the index of the code chosen at the grid position whose 4 × 4 patch is centred there; the bottom row decodes the 16 numbers (the section-3 model with moving averages and restarts, run 1). Equal numbers paint the same 4 × 4 patch of logits wherever they stand; the patches overlap and add.")
}

/// Samples of each generator, decoded mean images.
func samplesFigure(prior: PriorResults, model: VQVAE) {
    var random = RandomGenerator(seed: chapter.seed, stream: "sample figure")
    let count = 12
    let grids = [prior.made.sample(2 * count, using: &random), prior.lastStep.sample(2 * count, using: &random), prior.independent.sample(count, using: &random)]
    let decoded = grids.map { model.decode(codeGrids: $0) }
    let rows = decoded.flatMap { t in (0..<t.rowCount).map { t.row($0).doubles } } + (0..<count).map { train.images.row($0).doubles }
    var figure = Figure(width: 900, height: 600, title: "Two-stage samples: a grid from the prior, then the decoder")
    figure.panel.imageGrid(rows, imageWidth: 8, imageHeight: 8, columns: count,
                           rowLabels: ["MADE, kept weights", "", "MADE, last step", "", "independent", "training digits"])
    chapter.figure(figure, name: "prior_samples",
                   caption: "Decoded mean images E[x | c]. Rows 1–2: grids c drawn from the MADE prior with the weights early stopping kept (step \(prior.keptStep)); rows 3–4: the same MADE with its last-step weights; row 5: grids whose positions are drawn independently from each position's code frequencies, same decoder; row 6: training digits for comparison.")
}
