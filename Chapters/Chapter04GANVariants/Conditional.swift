import AdversarialNetworks
import DigitEvaluation
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 3: the conditional GAN — per-class samples, and the held-out classifier's verdict on the requested class.

func conditionalSection(_ setup: DigitSetup) throws {
    chapter.prose("""
    A conditional GAN (Mirza & Osindero, 2014) tells both players the class y. The generator draws \
    x = G(z, y) and the discriminator scores pairs, D(x, y), so the game is played for every class at once: \
    for a fixed generator the best discriminator is D*(x, y) = p_data(x | y)/(p_data(x | y) + p_G(x | y)) \
    (chapter 3's argument, class by class, with the classes drawn as in the data), and the generator's best \
    reply matches every conditional law, not only their mixture.
    """)
    chapter.equation(#"\min_G \max_D\ \mathbb{E}_{(x,y)\sim p_{\mathrm{data}}}\big[\log D(x, y)\big] + \mathbb{E}_{y\sim p(y),\,z\sim\mathcal N(0,I)}\big[\log\big(1 - D(G(z, y), y)\big)\big]"#,
                     plain: "min_G max_D E_{(x,y)~p_data}[log D(x, y)] + E_{y~p(y), z~N(0,I)}[log(1 − D(G(z, y), y))]")
    chapter.prose("""
    Both networks read y as a one-hot vector appended to their input; a one-hot block times the first layer's \
    weights selects one row per class, so this is a learned class embedding added to the first pre-activation. \
    The players are the MLP GAN's, trained with the same settings on (image, label) pairs.
    """)
    chapter.listing("conditional-gan", fromLibraryFile: "Sources/AdversarialNetworks/ConditionalGAN.swift")
    let model = ConditionalGAN(latentSize: 32, dataSize: 64, classCount: 10, generatorHidden: [256, 256], discriminatorHidden: [256, 256],
                               outputActivation: .sigmoid, using: &chapter.random)
    try setup.train(model, label: "conditional GAN", joining: { model.joined($0, labels: $1) })

    // The verdict: 200 samples per requested class, classified by the held-out-trained classifier.
    let perClass = 200
    let requested = (0..<(10 * perClass)).map { $0 % 10 }
    let predicted = setup.classifier.predict(model.sample(labels: requested, using: &chapter.random))
    let hits = zip(predicted, requested).map { $0 == $1 ? 1.0 : 0.0 }
    let accuracy = hits.mean, standardError = (accuracy * (1 - accuracy) / Double(hits.count)).squareRoot()
    let classAccuracy = (0..<10).map { c in requested.indices.filter { requested[$0] == c }.map { hits[$0] }.mean }
    // A sampler that ignores y: the same images whatever was asked for. Its accuracy is Σ_c p(c)/10 = 0.1 in expectation.
    let ignored = setup.classifier.predict(model.sample(labels: requested.shuffled(using: &chapter.random), using: &chapter.random))
    let ignoringAccuracy = zip(ignored, requested).filter { $0 == $1 }.count
    let quality = try setup.measure { n, random in model.sample(labels: (0..<n).map { $0 % 10 }, using: &random) }
    chapter.table(["requested class"] + (0..<10).map(String.init) + ["all"],
                  [["classified as requested"] + classAccuracy.map { formatNumber($0, digits: 3) } + [formatNumber(accuracy, digits: 3)]],
                  caption: "\(perClass) samples per requested class, each labelled by the classifier (held-out accuracy on real digits above). Fresh samples scored against shuffled requests — a generator that ignored y — score \(formatNumber(Double(ignoringAccuracy) / Double(hits.count), digits: 3)).")
    chapter.prose("""
    Asked for a class, the generator draws it \(formatNumber(accuracy * 100, digits: 3))% of the time (± \(formatNumber(standardError * 100, digits: 2)) \
    points, binomial), against 10% for any sampler that ignores the label; its hardest class is \
    \(classAccuracy.indices.min { classAccuracy[$0] < classAccuracy[$1] }!) at \(formatNumber(classAccuracy.min()! * 100, digits: 3))%. \
    With uniform labels its samples sit at FDD \(formatNumber(quality.frechetDistance.mean, digits: 3)) ± \(formatNumber(quality.frechetDistance.spread, digits: 2)) \
    (\(formatNumber(quality.frechetRatio(over: setup.floor).value, digits: 3)) floors; precision \(formatNumber(quality.precision.mean, digits: 2)), \
    recall \(formatNumber(quality.recall.mean, digits: 2))).
    """)
    if !quick {
        chapter.check("share of conditional samples the classifier assigns to the requested class", measured: accuracy, atLeast: 0.9,
                      why: "a bound set before the run; binomial SE \(formatNumber(standardError, digits: 2)) on \(hits.count) samples, and the classifier's own error on real digits is under 5%; a generator that ignores y scores 0.1")
        chapter.check("lowest per-class share classified as requested", measured: classAccuracy.min()!, atLeast: 0.6,
                      why: "every class must be drawable on request, not only the average; binomial SE at most \(formatNumber(0.5 / Double(perClass).squareRoot(), digits: 2)) per class; a generator that ignores y scores about 0.1 per class")
        chapter.check("FDD: a Gaussian fitted to the pixels minus the conditional GAN, in SE of the difference",
                      measured: separation(setup.pixelGaussian.frechetDistance, quality.frechetDistance), atLeast: 4,
                      why: "with uniform requests its samples must beat the best model of pixel means and covariances (FDD \(formatNumber(setup.pixelGaussian.frechetDistance.mean, digits: 3))), as well as real digits 0–4 alone (\(formatNumber(setup.lowDigits.frechetDistance.mean, digits: 3)))")
    }
    let codes = model.latents(10, using: &chapter.random)
    let grid = (0..<10).map { c in model.generate(from: codes, labels: Array(repeating: c, count: 10)) }
    chapter.figure(sampleRowsFigure(title: "A conditional GAN: one row per requested class, one column per latent code", rows: grid,
                                    labels: (0..<10).map { "y = \($0)" }),
                   name: "class_grid", caption: """
        Row y: G(z, y) for the same ten codes z (columns). The class is set by y; along a column only y changes, so what a column's \
        digits share is what z controls. The classifier reads \(formatNumber(accuracy * 100, digits: 3))% of \
        \(hits.count) such samples as the requested class.
        """)
}
