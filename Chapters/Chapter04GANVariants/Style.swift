import AdversarialNetworks
import DigitEvaluation
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 5: StyleGAN's idea at toy scale — a mapping network, per-layer modulation, style mixing and path lengths.

/// Path lengths in Z and in W, `repeats` means of `count` pairs each.
func pathLengths(_ model: StyleGAN, repeats: Int, count: Int) -> (latent: RepeatedMeasurement, style: RepeatedMeasurement) {
    (RepeatedMeasurement(values: (0..<repeats).map { _ in Double(model.pathLength(in: .latent, count: count, using: &chapter.random)) }),
     RepeatedMeasurement(values: (0..<repeats).map { _ in Double(model.pathLength(in: .style, count: count, using: &chapter.random)) }))
}

func styleSection(_ setup: DigitSetup) throws {
    chapter.prose("""
    In every GAN so far the latent z enters at the bottom and each layer sees only what the one below passed \
    on. StyleGAN (Karras, Laine & Aila, 2019) separates the two jobs. A **mapping network** m turns z into a \
    style w = m(z) in a learned space W, which, unlike Z, is not forced to be a Gaussian ball; the **synthesis \
    network** starts from a learned constant and, after each layer ℓ, renormalises every example's units and \
    rescales and shifts them by affine maps of w (adaptive instance normalisation, Huang & Belongie, 2017):
    """)
    chapter.equation(#"h_\ell \leftarrow \big(1 + \gamma_\ell(w)\big) \odot \frac{h_\ell - \mu(h_\ell)}{\sqrt{v(h_\ell) + 10^{-5}}} + \eta_\ell(w), \qquad w = m(z),\ z \sim \mathcal N(0, I)."#,
                     plain: "h_ℓ ← (1 + γ_ℓ(w)) ⊙ (h_ℓ − μ(h_ℓ))/√(v(h_ℓ) + 10⁻⁵) + η_ℓ(w),   w = m(z), z ~ N(0, I)")
    chapter.prose("""
    Here μ(h) and v(h) are the mean and variance over one example's units, and γ_ℓ, η_ℓ are learned affine maps \
    of w to one scale and one shift per unit. The affine maps start with 30 times the usual initial weights, so \
    that the style moves the image from the first step instead of starting as a small perturbation of a \
    generator that ignores z. The normalisation erases what the \
    previous style did to the scale of the units, so each layer answers to its own w — and nothing stops us \
    from giving different layers different styles. That is **style mixing**: w_A = m(z_A) for the first j layers, \
    w_B = m(z_B) for the rest. Training mixes styles on 90% of generated batches, as Karras et al. do (their mixing regularisation), so that \
    neighbouring layers do not rely on sharing one w. Our toy uses dense layers of 32, 64 and 128 units (the paper's \
    are convolutions at rising resolutions), a mapping network 16 → 32 → 32 → 16, and the digit settings above.
    """)
    chapter.listing("style-generator", fromLibraryFile: "Sources/AdversarialNetworks/StyleGAN.swift")
    let model = StyleGAN(mixingProbability: 0.9, using: &chapter.random)
    let untrained = StyleGAN(mixingProbability: 0.9, using: &chapter.random)
    try setup.train(model, label: "style GAN")
    let quality = try setup.measure { model.sample($0, using: &$1) }

    // Style mixing, read by the classifier: which source's class does a mix show?
    let pairs = quick ? 400 : 2_000
    let zA = model.latents(pairs, using: &chapter.random), zB = model.latents(pairs, using: &chapter.random)
    let classA = setup.classifier.predict(model.generate(from: zA)), classB = setup.classifier.predict(model.generate(from: zB))
    let differing = (0..<pairs).filter { classA[$0] != classB[$0] }
    var mixingRows: [[any TableCell]] = []
    for crossover in 1..<model.layerCount {
        let mixed = setup.classifier.predict(model.mix(zA, zB, crossover: crossover))
        let fromA = Double(differing.filter { mixed[$0] == classA[$0] }.count) / Double(differing.count)
        let fromB = Double(differing.filter { mixed[$0] == classB[$0] }.count) / Double(differing.count)
        mixingRows.append([crossover == 1 ? "layer 0 from A, 1–\(model.layerCount - 1) from B" : "layers 0–\(crossover - 1) from A, \(crossover == model.layerCount - 1 ? "\(crossover)" : "\(crossover)–\(model.layerCount - 1)") from B", fromA, fromB, 1 - fromA - fromB])
    }
    // How much each layer's style moves the image: swap layer ℓ's style alone from w_A to w_B.
    let stylesA = model.styles(from: zA), stylesB = model.styles(from: zB), imagesA = model.generate(from: zA)
    let layerEffect = (0..<model.layerCount).map { layer -> Double in
        let swapped = model.generate(styles: (0..<model.layerCount).map { $0 == layer ? stylesB : stylesA })
        let difference = swapped - imagesA
        return Double((difference * difference).sum().scalar) / Double(pairs)
    }
    let betweenImages = { () -> Double in let d = model.generate(from: zB) - imagesA; return Double((d * d).sum().scalar) / Double(pairs) }()
    chapter.table(["style mix", "class of A", "class of B", "neither"], mixingRows,
                  caption: "\(differing.count) of \(pairs) random pairs (z_A, z_B) whose unmixed images the classifier puts in different classes; the share of mixes it puts in A's class, in B's, and in a third.")

    let lengths = pathLengths(model, repeats: quick ? 3 : 6, count: 400)
    let untrainedLengths = pathLengths(untrained, repeats: quick ? 3 : 6, count: 400)
    let ratio = RatioOfMeans(numerator: lengths.style.mean, numeratorStandardError: lengths.style.standardError,
                             denominator: lengths.latent.mean, denominatorStandardError: lengths.latent.standardError)
    let untrainedRatio = RatioOfMeans(numerator: untrainedLengths.style.mean, numeratorStandardError: untrainedLengths.style.standardError,
                                      denominator: untrainedLengths.latent.mean, denominatorStandardError: untrainedLengths.latent.standardError)
    chapter.prose("""
    How *entangled* a latent space is can be seen in how smoothly images change along straight paths in it. \
    Karras et al. measure the **perceptual path length**: the mean of ‖G(p(t)) − G(p(t + δ))‖²/δ² over random \
    pairs of endpoints and t ~ U(0, 1 − δ), with p interpolating spherically in Z and linearly in W (we use \
    squared pixel distance for their perceptual distance, δ = 0.01). A space whose directions each change one \
    thing has short paths; one that must bend to keep its Gaussian shape crosses regions where the image jumps.
    """)
    chapter.table(["generator", "path length in Z ± SE", "in W ± SE", "W ÷ Z"], [
        ["trained, \(setup.steps) steps", "\(formatNumber(lengths.latent.mean, digits: 3)) ± \(formatNumber(lengths.latent.standardError, digits: 2))",
         "\(formatNumber(lengths.style.mean, digits: 3)) ± \(formatNumber(lengths.style.standardError, digits: 2))", "\(formatNumber(ratio.value, digits: 3)) ± \(formatNumber(ratio.standardError, digits: 2))"],
        ["untrained", "\(formatNumber(untrainedLengths.latent.mean, digits: 3)) ± \(formatNumber(untrainedLengths.latent.standardError, digits: 2))",
         "\(formatNumber(untrainedLengths.style.mean, digits: 3)) ± \(formatNumber(untrainedLengths.style.standardError, digits: 2))",
         "\(formatNumber(untrainedRatio.value, digits: 3)) ± \(formatNumber(untrainedRatio.standardError, digits: 2))"],
    ], caption: "Means of \(lengths.latent.values.count) repeats of 400 random pairs each; FDD of the trained generator's samples \(formatNumber(quality.frechetDistance.mean, digits: 3)) (\(formatNumber(quality.frechetRatio(over: setup.floor).value, digits: 3)) floors; the pixel Gaussian's \(formatNumber(setup.pixelGaussian.frechetDistance.mean, digits: 3))).")
    let ratioGap = (untrainedRatio.value - ratio.value) / (ratio.standardError * ratio.standardError + untrainedRatio.standardError * untrainedRatio.standardError).squareRoot()
    let firstShare = mixingRows[0][2] as! Double, lastShare = mixingRows.last![1] as! Double
    let strongest = layerEffect.indices.max { layerEffect[$0] < layerEffect[$1] }!
    let versusGaussian = separation(setup.pixelGaussian.frechetDistance, quality.frechetDistance)
    chapter.prose("""
    Paths are \(formatNumber(1 / ratio.value, digits: 3)) times shorter in W than in Z after training, against \(formatNumber(1 / untrainedRatio.value, digits: 3)) \
    times for the untrained generator: part of the gap is the mapping network's doing from the start, and \
    training \(ratioGap > 0 ? "widens" : "narrows") it (by \(formatNumber(abs(ratioGap), digits: 2)) standard errors). Which layers carry what? Swapping one layer's \
    style from w_A to w_B moves the image by a mean squared pixel distance of \(layerEffect.map { formatNumber($0, digits: 3) }.joined(separator: ", ")) \
    for layers \((0..<model.layerCount).map(String.init).joined(separator: ", ")), against \(formatNumber(betweenImages, digits: 3)) between the two \
    unmixed images: layer \(strongest)'s style does the most. Read by the classifier, mixes with only layer 0 from A show B's class \
    \(formatNumber(firstShare * 100, digits: 3))% of the time, and mixes with two of three layers from A show A's class \(formatNumber(lastShare * 100, digits: 3))% of the time. \
    In the paper's convolutional generator the early, coarse layers set pose and identity; our dense layers \
    have no resolution hierarchy, and the measurements above say where this toy puts its choices. Its samples sit \
    at FDD \(formatNumber(quality.frechetDistance.mean, digits: 3)) ± \(formatNumber(quality.frechetDistance.spread, digits: 2)), \
    \(versusGaussian >= 2 ? "better than" : versusGaussian <= -2 ? "worse than" : "level with") the pixel Gaussian's \
    \(formatNumber(setup.pixelGaussian.frechetDistance.mean, digits: 3)) (\(formatNumber(abs(versusGaussian), digits: 2)) SE)\
    \(versusGaussian < 2 ? ", so in this run the toy illustrates the mechanism of the paper, not its quality" : "").
    """)
    if !quick {
        chapter.check("path length W ÷ Z: untrained minus trained, in SE of the difference", measured: ratioGap, atLeast: 3,
                      why: "training must make W straighter than the mapping network alone does; the untrained ratio \(formatNumber(untrainedRatio.value, digits: 3)) is the baseline, each ratio's SE from its repeats by the delta method")
    }

    let shown = 5
    let sourcesA = model.latents(shown, using: &chapter.random), sourcesB = model.latents(shown, using: &chapter.random)
    let crossovers = [1, 2]
    let mixes = crossovers.map { crossover in (0..<shown).map { row in
        model.mix(Tensor(shape: [shown, model.latentSize], scalars: Array(repeating: sourcesA.row(row).scalars, count: shown).flatMap { $0 }), sourcesB, crossover: crossover)
    } }
    chapter.figure(styleMixingFigure(sourcesA: model.generate(from: sourcesA), sourcesB: model.generate(from: sourcesB), mixes: mixes, crossovers: crossovers),
                   name: "style_mixing", caption: """
        Style mixing in the trained toy StyleGAN. In each panel the top row holds five images of styles w_B and the left column five of \
        styles w_A; inside, each image takes its first layers' styles from its row and the rest from its column. Over \(differing.count) pairs \
        of different classes, \(formatNumber((mixingRows[0][1] as! Double) * 100, digits: 3))% of the mixes with one layer from A and \
        \(formatNumber((mixingRows.last![1] as! Double) * 100, digits: 3))% of those with two show A's class.
        """)
}
