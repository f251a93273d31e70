import Datasets
import DiffusionModels
import DigitEvaluation
import Foundation
import NeuralLayers
import Notebook
import Statistics
import TensorCore
import Training
import VariationalAutoencoders

// Section 6: latent diffusion — a DDPM on the codes of chapter 2's VAE, its cost per step and its quality.

func latentSection(_ run: DigitsRun) throws {
    let latentSize = 8
    chapter.prose("""
    Latent diffusion (Rombach et al., 2022) runs the same chain on a compressed representation. We train chapter 2's \
    VAE with a code of \(latentSize) dimensions, encode every training digit to its posterior mean, standardise each code \
    coordinate (the chain assumes data of unit scale), train a DDPM on the codes, and decode its samples. Each \
    sampling step then works on \(latentSize) numbers instead of 64, and the decoder runs once at the end.
    """)
    let vaeSteps = quick ? 400 : 4_000
    let vae = VariationalAutoencoder(dataSize: Digits.pixelCount, latentSize: latentSize, hiddenSizes: [256, 256], using: &chapter.random)
    let vaeTrainer = VariationalAutoencoderTrainer(label: "VAE, k = \(latentSize)", model: vae, steps: vaeSteps, learningRate: 1e-3, schedule: .cosine(floor: 0.05))
    try chapter.train(vaeTrainer.label, steps: vaeSteps) { step in
        _ = try vaeTrainer.step(step, batch: run.train.images.randomRows(128, using: &chapter.random), using: &chapter.random)
    }
    let codes = vae.encode(run.train.images).mean
    let (codeMean, codeScale) = (codes.mean(alongAxis: 0), Tensor((0..<latentSize).map { j in Float((0..<codes.rowCount).map { Double(codes[$0, j]) }.standardDeviation) }))
    let standardised = (codes - codeMean) / codeScale
    let latentModel = EpsilonNetwork(schedule: run.model.schedule, dataDimension: latentSize, hidden: [256, 256, 256], using: &chapter.random)
    let latentSteps = quick ? 400 : 5_000
    let latentTrainer = DiffusionTrainer(label: "DDPM on the VAE's codes", model: latentModel, steps: latentSteps, learningRate: 1e-3,
                                         learningRateSchedule: .cosine(floor: 0.05), averageDecay: 0.999, labelDropout: 0)
    try chapter.train(latentTrainer.label, steps: latentSteps) { step in
        _ = try latentTrainer.step(step, batch: standardised.randomRows(128, using: &chapter.random), using: &chapter.random)
    }
    latentTrainer.finish()
    let samplingSteps = 100
    let latentImages = { (n: Int, random: inout RandomGenerator) -> Tensor in
        let z = AncestralSampler.sample(model: latentModel, schedule: latentModel.schedule.respaced(steps: samplingSteps), count: n, using: &random).samples
        return vae.decode(z * codeScale + codeMean)
    }

    // Cost: multiply–adds per network pass are fixed by the architectures; wall-clock time only in the terminal.
    let count = 400
    let pixelMultiplyAdds = Double(count) * multiplyAdds(run.model.network), latentMultiplyAdds = Double(count) * multiplyAdds(latentModel.network)
    let decoderMultiplyAdds = Double(count) * multiplyAdds(vae.decoder)
    // The same widths as the pixel network on the latent input: what the smaller input alone saves (not trained).
    let pixelLayers = run.model.network.layers, pixelInput = pixelLayers[0].inputSize
    let latentInput = pixelInput - Digits.pixelCount - (run.model.classEmbedding?.dimension ?? 0) + latentSize   // pixels and class out, code in
    let sameWidthMultiplyAdds = Double(count) * Double(pixelLayers.indices.reduce(0) { total, i in
        let (input, output) = (i == 0 ? latentInput : pixelLayers[i].inputSize, i == pixelLayers.count - 1 ? latentSize : pixelLayers[i].outputSize)
        return total + input * output })
    var rows: [[any TableCell]] = [["pixel space (64 numbers)", pixelMultiplyAdds, Double(samplingSteps) * pixelMultiplyAdds],
                                   ["latent space (\(latentSize) numbers) + decoder once", latentMultiplyAdds, Double(samplingSteps) * latentMultiplyAdds + decoderMultiplyAdds],
                                   ["latent space, the pixel network's widths (counted, not trained)", sameWidthMultiplyAdds, Double(samplingSteps) * sameWidthMultiplyAdds + decoderMultiplyAdds]]
    var timingSentence = ""
    rows[2] += chapter.showsTimings ? ["—"] : []
    if chapter.showsTimings {
        var timing = RandomGenerator(seed: 0)   // its own stream: timing leaves the chapter's draws alone
        let pixelSeconds = medianWallClockSeconds { _ = ddpmImages(run.model, steps: samplingSteps, count: count, labels: uniformLabels(count, using: &timing), using: &timing) }
        let latentSeconds = medianWallClockSeconds { _ = latentImages(count, &timing) }
        rows[0].append(1e3 * pixelSeconds); rows[1].append(1e3 * latentSeconds)
        timingSentence = " On this machine \(count) samples took \(formatNumber(1e3 * pixelSeconds, digits: 3)) ms in pixel space and \(formatNumber(1e3 * latentSeconds, digits: 3)) ms in latent space, \(formatNumber(pixelSeconds / latentSeconds, digits: 3)) times less."
    }
    chapter.table(["\(count) samples, \(samplingSteps) steps", "multiply–adds per step", "multiply–adds in all"] + (chapter.showsTimings ? ["median wall-clock (ms)"] : []), rows,
                  caption: "The pixel network has hidden widths [512, 512, 512], the latent one [256, 256, 256]; multiply–adds of the dense layers (biases and activations not counted).\(chapter.showsTimings ? " Times: medians of 5 runs, printed only in the terminal." : "")")
    chapter.prose("""
    Per step the latent chain costs \(formatNumber(pixelMultiplyAdds / latentMultiplyAdds, digits: 3)) times less than the pixel chain, and \
    \(formatNumber((Double(samplingSteps) * pixelMultiplyAdds) / (Double(samplingSteps) * latentMultiplyAdds + decoderMultiplyAdds), digits: 3)) times less in all.\(timingSentence) \
    With the pixel network's widths the latent input alone would save only \(formatNumber(pixelMultiplyAdds / sameWidthMultiplyAdds, digits: 3)) times \
    per step: on 8 × 8 digits the saving comes from the smaller network we chose for the small code, not from the code's size. \
    On large images, where a convolutional network's cost grows with the number of pixels it runs over, a code many \
    times smaller than the image cuts every layer's cost, and that is what makes latent diffusion practical (Rombach et al., 2022).
    """)
    let (qualityCount, repeats) = (400, quick ? 2 : 5)
    let comparison = try DigitQualityComparison(sampleCount: qualityCount, repeats: repeats, real: run.train.images, heldOut: run.test.images, classifier: run.classifier, samplers: [
        ("pixel-space DDPM, \(samplingSteps) steps, y uniform", { n, random in ddpmImages(run.model, steps: samplingSteps, count: n, labels: uniformLabels(n, using: &random), using: &random) }),
        ("latent DDPM on the VAE's codes, \(samplingSteps) steps", latentImages),
        ("the VAE's own samples, decode(z), z ~ N(0, I)", { n, random in vae.sample(n, using: &random) }),
    ], using: &chapter.random)
    chapter.table(comparison.tableHeaders(), comparison.tableRows(format: formatNumber),
                  caption: "Means over \(repeats) repeats against \(qualityCount) held-out digits.")
    let (latent, prior) = (comparison.rows[2].quality, comparison.rows[3].quality)
    chapter.prose("""
    The comparison with the pixel model is not like for like: the pixel DDPM here is class-conditional with classes \
    drawn uniformly, the latent one unconditional. The latent samples reach \(formatNumber(latent.frechetRatio(over: comparison.floor).value, digits: 3)) times the floor \
    against \(formatNumber(comparison.rows[1].quality.frechetRatio(over: comparison.floor).value, digits: 3)) (precision \(String(format: "%.2f", latent.precision.mean)) against \
    \(String(format: "%.2f", comparison.rows[1].quality.precision.mean)), recall \(String(format: "%.2f", latent.recall.mean)) against \(String(format: "%.2f", comparison.rows[1].quality.recall.mean))).
    """)
    chapter.check("FDD of the VAE's prior samples minus the latent DDPM's, in SE", measured: separation(prior.frechetDistance, latent.frechetDistance), atLeast: 4,
                  why: "named in advance: the VAE's codes do not fill N(0, I) (chapter 2: the average posterior is not the prior), and a diffusion model fitted to the codes samples where they are; same decoder, so the difference is the latent law alone; 4 SE over \(repeats) repeats")
    chapter.figure(latentSamplesFigure(pixel: ddpmImages(run.model, steps: samplingSteps, count: 10, labels: Array(0..<10), using: &chapter.random),
                                       latent: latentImages(10, &chapter.random), prior: vae.sample(10, using: &chapter.random)), name: "latent_samples", caption: """
        Samples: the pixel-space DDPM (the digits 0–9 in order), the latent DDPM decoded by the VAE (unconditional), and the VAE's own prior samples (mean images).
        """)
}

/// Multiply–adds of one pass of a multilayer perceptron per input row: Σ in × out over its layers.
func multiplyAdds(_ network: MLP) -> Double { Double(network.layers.reduce(0) { $0 + $1.inputSize * $1.outputSize }) }
