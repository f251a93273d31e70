import Autoencoders
import Distributions
import Foundation
import Statistics
import Notebook
import Plotting
import TensorCore
import VariationalAutoencoders

// The chapter's figure layouts, kept out of main.swift so that it reads as the chapter. Each function only
// arranges what main.swift or the library computed.

/// The points of the ellipse {m + r·Lu : ‖u‖ = 1} of a 2-D Gaussian with Cholesky factor L: its r-SD contour.
func ellipse(_ gaussian: Gaussian, radius: Double, points: Int = 120) -> (x: [Double], y: [Double]) {
    let l = gaussian.choleskyFactor
    let angles = (0...points).map { 2 * Double.pi * Double($0) / Double(points) }
    return (angles.map { gaussian.mean[0] + radius * l[0, 0] * cos($0) },
            angles.map { gaussian.mean[1] + radius * (l[1, 0] * cos($0) + l[1, 1] * sin($0)) })
}

/// Section 2's figure: the latent plane of one digit (posterior, widened q, prior), L_K against K for both proposals
/// with ± 2 SE, and a zoom near log p(x) with the predicted log p(x) − χ²/2K.
func boundFigure(_ model: LinearGaussianLatentModel, _ x: [Double], proposals: [(String, Gaussian)], sampleSizes: [Int],
                 sweeps: [[ImportanceWeightedEstimate]], chiSquared: [Double]) -> Figure {
    var figure = Figure(rows: 1, columns: 3, width: 1_260, height: 420, title: "The ELBO's gap and the importance-weighted bound (linear-Gaussian model)")
    let laws = [("p(z | x)", model.posterior(x))] + proposals
    for (index, law) in laws.enumerated() {
        for radius in [1.0, 2.0] {
            let curve = ellipse(law.1, radius: radius)
            figure[0, 0].line(x: curve.x, y: curve.y, color: Color.cycle(index), width: radius == 1 ? 1.8 : 1, dashed: radius == 2,
                              label: radius == 1 ? law.0 : nil)
        }
    }
    figure[0, 0].equalAspect = true; figure[0, 0].xLabel = "z₁"; figure[0, 0].yLabel = "z₂"; figure[0, 0].legendPosition = .bottomRight
    let logEvidence = model.logMarginalLikelihood(x), levels = sampleSizes.map { log2(Double($0)) }
    for panel in [1, 2] {
        for (index, sweep) in sweeps.enumerated() {
            let color = Color.cycle(index + 1)
            figure[0, panel].band(x: levels, lower: sweep.map { $0.mean - 2 * $0.standardError }, upper: sweep.map { $0.mean + 2 * $0.standardError }, color: color)
            figure[0, panel].line(x: levels, y: sweep.map(\.mean), color: color, label: panel == 1 ? proposals[index].0 : nil)
            figure[0, panel].scatter(x: levels, y: sweep.map(\.mean), color: color, size: 3.5, alpha: 1)
            let predicted = levels.map { logEvidence - chiSquared[index] / (2 * pow(2, $0)) }
            figure[0, panel].line(x: levels, y: predicted, color: color, width: 1.2, dashed: true, label: panel == 2 && index == 0 ? "log p(x) − χ²/2K" : nil)
        }
        figure[0, panel].referenceLine(at: logEvidence, color: .darkGray)
        figure[0, panel].xLabel = "log₂ K"; figure[0, panel].yLabel = "L_K (nats)"
    }
    let lowest = sweeps.map { $0[0].mean }.min()!
    figure[0, 1].yLimits = (lowest - 1)...(logEvidence + 0.5); figure[0, 1].title = "L_K against K (log p(x) grey)"
    figure[0, 1].legendPosition = .bottomRight
    figure[0, 2].yLimits = (logEvidence - 0.25)...(logEvidence + 0.03); figure[0, 2].title = "near log p(x)"
    figure[0, 2].legendPosition = .bottomRight
    return figure
}

/// Chapter 1's autoencoder codes (left) against draws from the 2-D VAE's posteriors (right), coloured by class.
func latentCloudsFigure(autoencoderCodes: Tensor, posterior: DiagonalGaussians, labels: [Int], using generator: inout RandomGenerator) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_060, height: 500, title: "The code space: an autoencoder's points and a VAE's clouds")
    let draws = (0..<4).map { _ in posterior.sample(using: &generator) }
    for label in 0..<10 {
        let members = labels.indices.filter { labels[$0] == label }
        figure[0, 0].scatter(points: autoencoderCodes.gatherRows(members), color: Color.tenClasses[label], size: 3, alpha: 0.85, label: "\(label)")
        for draw in draws { figure[0, 1].scatter(points: draw.gatherRows(members), color: Color.tenClasses[label], size: 2.2, alpha: 0.55) }
    }
    let prior = Gaussian.standard(dimension: 2)
    for radius in [1.0, 2.0] {
        let circle = ellipse(prior, radius: radius)
        figure[0, 1].line(x: circle.x, y: circle.y, color: .darkGray, width: 1.2, dashed: true)
    }
    figure[0, 0].title = "autoencoder codes f(x)"; figure[0, 1].title = "VAE: z ~ q(z | x), four per digit"
    // Symmetric limits that hold every draw, and at least the prior's ±3 SD.
    figure[0, 1].square(max(3, draws.flatMap { $0.scalars.map { abs(Double($0)) } }.max()! + 0.2))
    for column in 0..<2 { figure[0, column].xLabel = "z₁"; figure[0, column].yLabel = "z₂" }
    figure[0, 0].legendPosition = .topRight
    return figure
}

/// Interpolation strips: for each pair, the two held-out end points around the VAE's path and the autoencoder's.
func interpolationFigure(vaePaths: [Tensor], autoencoderPaths: [Tensor], ends: [Tensor]) -> Figure {
    let steps = vaePaths[0].rowCount
    var figure = Figure(width: 760, height: Double(62 * 2 * vaePaths.count + 70), title: "Interpolating between held-out digits")
    var images: [[Double]] = [], labels: [String] = []
    for (index, pair) in ends.enumerated() {
        for (name, path) in [("VAE", vaePaths[index]), ("autoencoder", autoencoderPaths[index])] {
            images += [pair.row(0).doubles] + (0..<steps).map { path.row($0).doubles } + [pair.row(1).doubles]
            labels.append(name)
        }
    }
    figure.panel.imageGrid(images, imageWidth: 8, imageHeight: 8, columns: steps + 2, rowLabels: labels)
    return figure
}

/// Held-out digits, VAE reconstructions, prior samples (mean images and draws from p(x | z)) and the autoencoder's
/// decodes of Gaussian-fitted random codes, ten of each.
func samplesFigure(heldOut: Tensor, vae: VariationalAutoencoder, autoencoder: Autoencoder, codes: FittedGaussian,
                   using generator: inout RandomGenerator) -> Figure {
    let count = heldOut.rowCount, z = vae.sampleLatents(count, using: &generator)
    let rows = [heldOut, vae.reconstruct(heldOut), vae.decode(z), vae.likelihood.sample(outputs: vae.decoderOutputs(z), using: &generator),
                autoencoder.decoder(codes.sample(count, using: &generator))]
    var figure = Figure(width: 760, height: 420, title: "Reconstructions and samples")
    figure.panel.imageGrid(rows.flatMap { tensor in (0..<count).map { tensor.row($0).doubles } }, imageWidth: 8, imageHeight: 8, columns: count,
                           rowLabels: ["held-out", "VAE reconstruction", "VAE mean image", "VAE draw", "autoencoder"])
    return figure
}

/// Sorted activities (log scale) and per-dimension KL of each run.
func collapseFigure(_ runs: [CollapseSummary]) -> Figure {
    var figure = Figure(rows: 1, columns: 2, width: 1_060, height: 420, title: "Latent dimensions in use")
    for (index, run) in runs.enumerated() {
        let ranks = run.units.activities.indices.map { Double($0 + 1) }
        figure[0, 0].line(x: ranks, y: run.units.activities.sorted(by: >).map { log10(max($0, 1e-6)) }, color: Color.cycle(index), steps: true, label: run.name)
        figure[0, 1].line(x: ranks, y: run.evaluation.klPerDimension.sorted(by: >).map { log10(max($0, 1e-6)) }, color: Color.cycle(index), steps: true)
    }
    figure[0, 0].referenceLine(at: -2); figure[0, 1].referenceLine(at: log10(0.5))
    figure[0, 0].xLabel = "unit, by decreasing activity"; figure[0, 0].yLabel = "log₁₀ A_u"; figure[0, 0].legendPosition = .bottomLeft
    figure[0, 1].xLabel = "unit, by decreasing KL"; figure[0, 1].yLabel = "log₁₀ KL per dimension (nats)"
    return figure
}

/// The ELBO's terms over training, averaged over windows of 50 steps, one line per run.
func elboTermsFigure(_ runs: [(String, [ELBORecord])]) -> Figure {
    var figure = Figure(rows: 3, columns: 1, width: 660, height: 760, title: "The ELBO's terms during training")
    let window = 50
    var late: [[Double]] = [[], [], []]   // each panel's values after the first tenth of training, for its limits
    for (index, run) in runs.enumerated() {
        let starts = Array(stride(from: 0, to: run.1.count - window + 1, by: window))
        let x = starts.map { Double($0 + window) }
        let average = { (value: (ELBORecord) -> Double) in starts.map { run.1[$0..<($0 + window)].map(value).mean } }
        figure[0, 0].line(x: x, y: average(\.reconstruction), color: Color.cycle(index), label: run.0)
        figure[1, 0].line(x: x, y: average(\.kl), color: Color.cycle(index))
        figure[2, 0].line(x: x, y: average(\.elbo), color: Color.cycle(index))
        let keep = x.indices.filter { x[$0] >= Double(run.1.count) / 10 }
        for (panel, values) in [average(\.reconstruction), average(\.kl), average(\.elbo)].enumerated() { late[panel] += keep.map { values[$0] } }
    }
    for panel in 0..<3 {   // the first steps, hundreds of nats lower, would flatten everything after them
        let (low, high) = (late[panel].min()!, late[panel].max()!), pad = 0.15 * (high - low) + 0.5
        figure[panel, 0].yLimits = (low - pad)...(high + pad)
    }
    figure[0, 0].yLabel = "E_q log p(x | z)"; figure[1, 0].yLabel = "KL(q ‖ p(z))"; figure[2, 0].yLabel = "ELBO"
    figure[2, 0].xLabel = "training step"; figure[0, 0].legendPosition = .bottomRight
    return figure
}
