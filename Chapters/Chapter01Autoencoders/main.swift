import Datasets
import Foundation
import NeuralLayers
import Notebook
import Plotting

// Chapter 1 — Autoencoders: compress, reconstruct, and what the code space is (not) good for.

let chapter = Chapter(
    number: 1, title: "Autoencoders",
    summary: """
    An autoencoder squeezes its input through a narrow code and learns to rebuild it. This chapter \
    trains them on real handwritten digits and measures what they learn: a linear autoencoder \
    rediscovers principal component analysis, nonlinear ones compress further, denoising and \
    sparsity change what the code keeps — and the code space has holes, which is why autoencoders \
    are not yet generative models.
    """)
let quick = chapter.isQuick
let digits: Digits
do { digits = try Digits.load() } catch { Chapter.stop("\(error)") }
let (train, test) = digits.split(testFraction: 0.25, using: &chapter.random)

/// Mean squared reconstruction error per pixel, in double precision.
func meanSquaredError(_ a: Tensor, _ b: Tensor) -> Double {
    zip(a.scalars, b.scalars).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(a.count)
}

// MARK: - 1. Encoder, bottleneck, decoder

chapter.section("1. Encoder, bottleneck, decoder")
chapter.prose("""
The data are \(digits.count) greyscale images of handwritten digits, 8×8 pixels scaled to [0, 1]: \
points in a 64-dimensional space. An encoder f maps each image x to a code z = f(x) with far fewer \
numbers, a decoder g maps the code back, and both are trained so that the reconstruction g(f(x)) \
is close to x. The narrow code — the bottleneck — forces the pair to keep what matters most.
""")
chapter.equation(#"\mathcal{L}(f, g) = \frac{1}{n}\sum_{i=1}^{n} \lVert x_i - g(f(x_i)) \rVert^2"#,
                 plain: "L(f, g) = (1/n) Σᵢ ‖xᵢ − g(f(xᵢ))‖²")
var sketch = Figure(width: 640, height: 200, title: "An autoencoder: 64 pixels → code of size k → 64 pixels")
sketch[0, 0].box(x: 0...1.4, y: 0...4, fill: Color(hex: 0xDCE9F5), label: "image x\n64 pixels")
sketch[0, 0].box(x: 2.0...3.6, y: 0.5...3.5, fill: Color(hex: 0x0072B2), label: "encoder f\n64→128→k")
sketch[0, 0].box(x: 4.2...5.0, y: 1.3...2.7, fill: Color(hex: 0xE69F00), label: "code z\nk")
sketch[0, 0].box(x: 5.6...7.2, y: 0.5...3.5, fill: Color(hex: 0x009E73), label: "decoder g\nk→128→64")
sketch[0, 0].box(x: 7.8...9.2, y: 0...4, fill: Color(hex: 0xDCE9F5), label: "x̂ = g(f(x))\n64 pixels")
for (from, to) in [(1.4, 2.0), (3.6, 4.2), (5.0, 5.6), (7.2, 7.8)] { sketch[0, 0].arrow(from: (x: from, y: 2), to: (x: to, y: 2)) }
sketch[0, 0].showAxes = false; sketch[0, 0].showGrid = false
sketch[0, 0].xLimits = -0.1...9.3; sketch[0, 0].yLimits = -0.2...4.2
chapter.figure(sketch, name: "architecture", caption: "The bottleneck: the code z has k numbers, far fewer than the 64 pixels.")

// MARK: - 2. A linear autoencoder is PCA

chapter.section("2. A linear autoencoder learns the principal subspace")
chapter.prose("""
With no non-linearities, f(x) = Aᵀx and g(z) = Bz, the best rank-k reconstruction of centred data \
is the orthogonal projection onto the top-k eigenvectors of the covariance matrix (Eckart–Young), \
and its squared error per image is the sum of the discarded eigenvalues (divided by 64 for the \
error per pixel, which is what we check). Gradient descent knows nothing \
of eigenvectors — yet the decoder's columns should end up spanning exactly that subspace. We train \
one and compare, using the principal angles between the two subspaces (all zero when they coincide).
""")
let latentLinear = 4
let trainMean = train.images.mean(alongAxis: 0, keepingDimension: true)
let centred = train.images - trainMean
let covariance = (1 / Double(train.count)) * (Matrix(centred).transposed * Matrix(centred))
let spectrum = try SymmetricEigendecomposition(covariance)
let eigenvalues = Array(spectrum.values.reversed())   // descending
let topEigenvectors = Matrix(rows: 64, columns: latentLinear,
                             elements: (0..<64).flatMap { i in (0..<latentLinear).map { j in spectrum.vectors[i, 63 - j] } })
let pcaError = eigenvalues[latentLinear...].reduce(0, +) / 64

// listing: linear-autoencoder
let linearEncoder = Linear(64, latentLinear, name: "encoder", using: &chapter.random)
let linearDecoder = Linear(latentLinear, 64, name: "decoder", using: &chapter.random)
let linearOptimizer = Adam(parameters: linearEncoder.parameters + linearDecoder.parameters, learningRate: 0.01)
chapter.train("linear autoencoder (full batch)", steps: quick ? 1_500 : 3_000) { _ in
    let tape = Tape()
    let reconstruction = linearDecoder(linearEncoder(tape.constant(centred)))
    let loss = (reconstruction - centred).squared().mean()
    linearOptimizer.step(gradients: tape.gradients(of: loss, for: linearEncoder.parameters + linearDecoder.parameters))
}
// end listing
chapter.listing("linear-autoencoder")
let decoderColumns = Matrix(linearDecoder.weight.value).transposed   // 64 × k: the decoder's output directions
let angles = try Matrix.principalAngles(decoderColumns, topEigenvectors).map { $0 * 180 / Double.pi }
let linearError = meanSquaredError(linearDecoder(linearEncoder(centred)), centred)
chapter.table(["quantity", "value"], [
    ["top eigenvalues of the covariance", eigenvalues.prefix(6).map { formatNumber($0) }.joined(separator: ", ") + ", …"],
    ["principal angles, decoder vs top-\(latentLinear) eigenvectors (degrees)", angles.map { formatNumber($0, digits: 3) }.joined(separator: ", ")],
])
// Gradient descent approaches the subspace at a rate set by the eigengap λ₄/λ₅ ≈ 1.45; after these
// steps the remaining angle is a fraction of a degree, so 2° separates "found it" from "did not".
chapter.check("largest principal angle between the linear AE's decoder and PCA (degrees)", measured: angles.max()!, atMost: 2)
chapter.check("linear AE reconstruction error vs the discarded eigenvalues' mean", measured: linearError, expected: pcaError,
              tolerance: .relative(0.01))

// MARK: - 3. Probabilistic PCA

chapter.section("3. Probabilistic PCA: the linear-Gaussian blueprint")
chapter.prose("""
Probabilistic PCA turns the linear autoencoder into a density model: z ~ N(0, I) in k dimensions \
and x = Wz + μ + ε with isotropic noise ε ~ N(0, σ²I). Then x ~ N(μ, WWᵀ + σ²I), and the maximum \
likelihood solution is known in closed form (Tipping & Bishop, 1999): σ² is the average discarded \
eigenvalue, and W spans the top-k eigenvectors with lengths √(λⱼ − σ²). We check it against a \
numerical optimiser that knows nothing of eigenvectors: the EM algorithm for the same model.
""")
chapter.equation(#"\sigma^2_{\mathrm{ML}} = \frac{1}{d-k}\sum_{j=k+1}^{d}\lambda_j, \qquad W_{\mathrm{ML}} = U_k\,(\Lambda_k - \sigma^2_{\mathrm{ML}} I)^{1/2}"#,
                 plain: "σ²_ML = mean of the d − k discarded eigenvalues,   W_ML = U_k (Λ_k − σ²I)^½")
let d = 64.0, k = Double(latentLinear)
let closedNoise = eigenvalues[latentLinear...].reduce(0, +) / (d - k)
let closedW = Matrix(rows: 64, columns: latentLinear, elements: (0..<64).flatMap { i in
    (0..<latentLinear).map { j in topEigenvectors[i, j] * (eigenvalues[j] - closedNoise).squareRoot() } })

/// Average log-likelihood of the centred data under N(0, WWᵀ + σ²I), from the sample covariance S:
/// −½ [d log 2π + log det C + tr(C⁻¹S)].
func ppcaLogLikelihood(_ w: Matrix, noise: Double) throws -> Double {
    let c = w * w.transposed + noise * Matrix.identity(64)
    let trace = try c.choleskySolve(covariance).trace
    return -0.5 * (d * log(2 * Double.pi) + (try c.logDeterminantPositiveDefinite()) + trace)
}

// listing: ppca-em
var emW = Matrix(Tensor.normal([64, latentLinear], standardDeviation: 0.1, using: &chapter.random))
var emNoise = 1.0
for _ in 0..<(quick ? 1_500 : 3_000) {
    let m = emW.transposed * emW + emNoise * Matrix.identity(latentLinear)     // k × k
    let sw = covariance * emW                                                     // S W
    let mInverseWtSW = try m.choleskySolve(emW.transposed * sw)                   // M⁻¹ Wᵀ S W
    let newW = sw * (try (emNoise * Matrix.identity(latentLinear) + mInverseWtSW).inverse())   // W ← SW(σ²I + M⁻¹WᵀSW)⁻¹
    emNoise = (covariance - sw * (try m.choleskySolve(newW.transposed))).trace / d
    emW = newW
}
// end listing
chapter.listing("ppca-em")
let closedLikelihood = try ppcaLogLikelihood(closedW, noise: closedNoise)
let emLikelihood = try ppcaLogLikelihood(emW, noise: emNoise)
chapter.check("σ² from EM vs the closed form", measured: emNoise, expected: closedNoise, tolerance: .relative(1e-3))
// At the optimum the likelihood is flat, so a 1e-3 relative error in σ² moves it by ~1e-6 nats.
chapter.check("log-likelihood per image at EM's optimum vs the closed form (nats)", measured: emLikelihood, expected: closedLikelihood,
              tolerance: .absolute(1e-4))
chapter.check("largest principal angle between EM's W and the closed-form W (degrees)",
              measured: (try Matrix.principalAngles(emW, closedW)).max()! * 180 / Double.pi, atMost: 0.5)

// MARK: - 4. Nonlinear autoencoders

chapter.section("4. Nonlinear autoencoders")
chapter.prose("""
Replace the linear maps by small networks and the code can follow the curved structure of the data. \
We train two, with codes of size 2 (so we can look at the code space) and 8, each with a 128-unit \
hidden layer and a sigmoid output, on \(train.count) training images, and measure reconstructions \
on \(test.count) held-out ones.
""")

/// An encoder–decoder pair of MLPs.
final class Autoencoder: Layer {
    let encoder: MLP
    let decoder: MLP
    init(latent: Int, codeActivation: Activation = .identity, using generator: inout RandomGenerator) {
        encoder = MLP(sizes: [64, 128, latent], activation: .silu, outputActivation: codeActivation, name: "encoder", using: &generator)
        decoder = MLP(sizes: [latent, 128, 64], activation: .silu, outputActivation: .sigmoid, name: "decoder", using: &generator)
    }
    var parameters: [Parameter] { encoder.parameters + decoder.parameters }
    func reconstruct(_ x: Tensor) -> Tensor { decoder(encoder(x)) }
}

// listing: training-loop
/// Minibatch training; `corrupt` turns clean inputs into the encoder's inputs (denoising), and
/// `sparsity` weighs an L1 penalty on the codes.
func train(_ model: Autoencoder, label: String, steps: Int, corrupt: ((Tensor, inout RandomGenerator) -> Tensor)? = nil,
           sparsity: Float = 0, using generator: inout RandomGenerator) throws {
    let optimizer = Adam(parameters: model.parameters, learningRate: 2e-3)
    try chapter.train(label, steps: steps) { step in
        let batch = train.images.gatherRows((0..<128).map { _ in generator.integer(below: train.count) })
        let input = corrupt?(batch, &generator) ?? batch
        let tape = Tape()
        let code = model.encoder(tape.constant(input))
        var loss = (model.decoder(code) - batch).squared().mean()
        if sparsity > 0 { loss = loss + code.abs().mean() * sparsity }
        try loss.value.checkFinite("\(label) loss", step: step)
        optimizer.step(gradients: tape.gradients(of: loss, for: model.parameters))
    }
}
// end listing
chapter.listing("training-loop")

let steps = quick ? 600 : 5_000
let autoencoder2 = Autoencoder(latent: 2, using: &chapter.random)
let autoencoder8 = Autoencoder(latent: 8, using: &chapter.random)
try train(autoencoder2, label: "autoencoder, code size 2", steps: steps, using: &chapter.random)
try train(autoencoder8, label: "autoencoder, code size 8", steps: steps, using: &chapter.random)

// PCA with 8 components, fitted on the training set, as the linear baseline.
let pca8 = Matrix(rows: 64, columns: 8, elements: (0..<64).flatMap { i in (0..<8).map { j in spectrum.vectors[i, 63 - j] } }).tensor
let testCentred = test.images - trainMean
let pca8Reconstruction = Tensor.matmul(Tensor.matmul(testCentred, pca8), pca8, transposeB: true) + trainMean
let errors = [
    ("PCA, 8 components", meanSquaredError(pca8Reconstruction, test.images)),
    ("autoencoder, code size 2", meanSquaredError(autoencoder2.reconstruct(test.images), test.images)),
    ("autoencoder, code size 8", meanSquaredError(autoencoder8.reconstruct(test.images), test.images)),
]
chapter.table(["model", "test reconstruction error (MSE per pixel)"], errors.map { [$0.0, formatNumber($0.1)] })
chapter.check("nonlinear code of size 8 beats PCA with 8 components on held-out digits (MSE)", measured: errors[2].1, atMost: errors[0].1)

// Latent map: a k-nearest-neighbour classifier on the 2-D codes measures how well classes separate.
let trainCodes = autoencoder2.encoder(train.images), testCodes = autoencoder2.encoder(test.images)
let codeDistances = Tensor.pairwiseSquaredDistances(testCodes, trainCodes)
var correct = 0
for row in 0..<test.count {
    let distances = (0..<train.count).map { codeDistances[row, $0] }
    let nearest = distances.indices.sorted { distances[$0] < distances[$1] }.prefix(5).map { train.labels[$0] }
    let vote = (0..<10).max { a, b in nearest.filter { $0 == a }.count < nearest.filter { $0 == b }.count }!
    if vote == test.labels[row] { correct += 1 }
}
let codeAccuracy = Double(correct) / Double(test.count)
chapter.prose("""
The two-dimensional code was never told the labels, yet a 5-nearest-neighbour vote in code space \
recovers the digit of \(formatNumber(codeAccuracy * 100, digits: 3))% of the held-out images (chance: 10%).
""")
// Chance is 10%; with ~450 test images its standard error is 1.4 points, so 50% is far beyond luck.
chapter.check("5-NN accuracy of the 2-D codes on held-out digits", measured: codeAccuracy, atLeast: 0.5)

var reconstructionFigure = Figure(width: 640, height: 330, title: "Held-out digits and their reconstructions")
let exampleIndices = (0..<10).map { label in test.labels.firstIndex(of: label)! }
let examples = test.images.gatherRows(exampleIndices)
let rowsOfImages = [examples, pca8Reconstruction.gatherRows(exampleIndices), autoencoder2.reconstruct(examples), autoencoder8.reconstruct(examples)]
reconstructionFigure[0, 0].imageGrid(rowsOfImages.flatMap { tensor in (0..<10).map { tensor.row($0).doubles } },
                                     imageWidth: 8, imageHeight: 8, columns: 10,
                                     rowLabels: ["original", "PCA-8", "AE-2", "AE-8"], columnLabels: (0..<10).map(String.init))
chapter.figure(reconstructionFigure, name: "reconstructions",
               caption: "One held-out image per digit (top) and its reconstructions: PCA with 8 components, autoencoders with codes of size 2 and 8.")

var latentFigure = Figure(width: 560, height: 480, title: "The 2-D code space, coloured by digit")
for label in 0..<10 {
    let members = test.labels.indices.filter { test.labels[$0] == label }
    latentFigure[0, 0].scatter(x: members.map { Double(testCodes[$0, 0]) }, y: members.map { Double(testCodes[$0, 1]) },
                               color: Color.tenClasses[label], size: 2.6, alpha: 0.85, label: "\(label)")
}
latentFigure[0, 0].xLabel = "z₁"; latentFigure[0, 0].yLabel = "z₂"
latentFigure[0, 0].legendPosition = .topRight
chapter.figure(latentFigure, name: "latent_map", caption: "Codes of held-out digits: classes form regions, learned without labels.")

// MARK: - 5. The holes in the code space

chapter.section("5. The holes in the code space")
chapter.prose("""
Could we generate new digits by decoding random codes? We take the autoencoder with an 8-number \
code, draw codes uniformly over the box that its training codes occupy, decode them, and measure \
how far each result is from its nearest training image — against the same distance for decoded \
codes of real held-out digits.
""")
let trainCodes8 = autoencoder8.encoder(train.images)
let codeMin = (0..<8).map { axis in (0..<train.count).map { trainCodes8[$0, axis] }.min()! }
let codeMax = (0..<8).map { axis in (0..<train.count).map { trainCodes8[$0, axis] }.max()! }
let randomCodes = Tensor(shape: [200, 8]) { buffer in
    for row in 0..<200 { for axis in 0..<8 { buffer[row * 8 + axis] = codeMin[axis] + (codeMax[axis] - codeMin[axis]) * chapter.random.uniformFloat() } }
}
let randomDecodes = autoencoder8.decoder(randomCodes)
let realDecodes = autoencoder8.reconstruct(test.images.slice(0..<200))
func medianNearestDistance(_ images: Tensor) -> Double {
    let distances = Tensor.pairwiseSquaredDistances(images, train.images)
    let nearest = (0..<images.rowCount).map { row in Double((0..<train.count).map { distances[row, $0] }.min()!).squareRoot() }
    return nearest.sorted()[nearest.count / 2]
}
let randomDistance = medianNearestDistance(randomDecodes), realDistance = medianNearestDistance(realDecodes)
chapter.table(["decoded from", "median distance to the nearest training image"],
              [["codes of real held-out digits", formatNumber(realDistance)], ["uniform random codes", formatNumber(randomDistance)]])
chapter.check("random codes decode farther from any real digit than real codes do (ratio)", measured: randomDistance / realDistance, atLeast: 1.15)
var holesFigure = Figure(rows: 1, columns: 2, width: 760, height: 380, title: "Decoding codes: real digits vs random points of the code box")
holesFigure[0, 0].title = "decoded codes of real digits"
holesFigure[0, 0].imageGrid((0..<36).map { realDecodes.row($0).doubles }, imageWidth: 8, imageHeight: 8, columns: 6)
holesFigure[0, 1].title = "decoded random codes"
holesFigure[0, 1].imageGrid((0..<36).map { randomDecodes.row($0).doubles }, imageWidth: 8, imageHeight: 8, columns: 6)
chapter.figure(holesFigure, name: "random_latent_decodes",
               caption: "Random codes often land between the class regions and decode to blurred hybrids: the code space has holes. Chapter 2's variational autoencoder fills them.")

// MARK: - 6. Denoising and sparse autoencoders

chapter.section("6. Denoising and sparse autoencoders")
chapter.prose("""
Two changes to the objective change what the code keeps. A *denoising* autoencoder sees a corrupted \
image and must output the clean one, so it cannot simply copy; it learns what digits look like. A \
*sparse* autoencoder adds an L1 penalty on the code, so each image uses few of the code's units.
""")
let noiseLevel: Float = 0.3
let corrupt: (Tensor, inout RandomGenerator) -> Tensor = { clean, generator in
    (clean + Tensor.normal(clean.shape, standardDeviation: noiseLevel, using: &generator)).clamped(0, 1)
}
let denoiser = Autoencoder(latent: 8, using: &chapter.random)
try train(denoiser, label: "denoising autoencoder, code size 8", steps: steps, corrupt: corrupt, using: &chapter.random)
let noisyTest = corrupt(test.images, &chapter.random)
let plainDenoisingError = meanSquaredError(autoencoder8.reconstruct(noisyTest), test.images)
let denoiserError = meanSquaredError(denoiser.reconstruct(noisyTest), test.images)
let noisyError = meanSquaredError(noisyTest, test.images)
chapter.table(["input to the model: noisy held-out digits (σ = 0.3)", "MSE to the clean digits"], [
    ["the noisy image itself", formatNumber(noisyError)],
    ["plain autoencoder (code 8)", formatNumber(plainDenoisingError)],
    ["denoising autoencoder (code 8)", formatNumber(denoiserError)],
])
chapter.check("denoising AE cleans noisy digits better than the plain AE (MSE)", measured: denoiserError, atMost: plainDenoisingError)

let codeUnits = 32
let denseCodes = Autoencoder(latent: codeUnits, codeActivation: .relu, using: &chapter.random)
let sparseCodes = Autoencoder(latent: codeUnits, codeActivation: .relu, using: &chapter.random)
try train(denseCodes, label: "ReLU code of 32, no penalty", steps: steps, using: &chapter.random)
try train(sparseCodes, label: "ReLU code of 32, L1 penalty", steps: steps, sparsity: 0.1, using: &chapter.random)
func activeFraction(_ model: Autoencoder) -> Double {
    let codes = model.encoder(test.images)
    return Double(codes.scalars.filter { $0 > 0 }.count) / Double(codes.count)   // ReLU codes are exactly 0 when off
}
let denseActive = activeFraction(denseCodes), sparseActive = activeFraction(sparseCodes)
chapter.table(["code (32 ReLU units)", "active units per image", "test MSE"], [
    ["no penalty", formatNumber(denseActive * 100, digits: 3) + "%", formatNumber(meanSquaredError(denseCodes.reconstruct(test.images), test.images))],
    ["L1 penalty 0.1", formatNumber(sparseActive * 100, digits: 3) + "%", formatNumber(meanSquaredError(sparseCodes.reconstruct(test.images), test.images))],
])
chapter.check("the L1 penalty leaves fewer active code units (fraction, sparse / plain)", measured: sparseActive / denseActive, atMost: 0.7)

// MARK: - 7. Use case: anomaly detection

chapter.section("7. Use case: anomaly detection by reconstruction error")
chapter.prose("""
An autoencoder reconstructs well only what resembles its training data. Train it without one \
class — here every 0 is removed — and the reconstruction error becomes an anomaly score: held-out \
zeros should score higher than the other digits. The ROC curve shows every threshold at once; the \
area under it (AUROC) is the probability that a random anomaly outscores a random normal image, so \
we compute it both ways, from the curve and by counting pairs.
""")
let anomalyClass = 0
let normalTrain = train.filter { $0 != anomalyClass }
let detector = Autoencoder(latent: 8, using: &chapter.random)
do {
    let optimizer = Adam(parameters: detector.parameters, learningRate: 2e-3)
    try chapter.train("autoencoder without the digit 0", steps: steps) { step in
        let batch = normalTrain.images.gatherRows((0..<128).map { _ in chapter.random.integer(below: normalTrain.count) })
        let tape = Tape()
        let loss = (detector.decoder(detector.encoder(tape.constant(batch))) - batch).squared().mean()
        try loss.value.checkFinite("anomaly detector loss", step: step)
        optimizer.step(gradients: tape.gradients(of: loss, for: detector.parameters))
    }
}
let scores = (detector.reconstruct(test.images) - test.images).squared().mean(alongAxis: 1).doubles
let isAnomaly = test.labels.map { $0 == anomalyClass }
// ROC: sweep the threshold down through the sorted scores.
let order = scores.indices.sorted { scores[$0] > scores[$1] }
let positives = Double(isAnomaly.filter { $0 }.count), negatives = Double(isAnomaly.filter { !$0 }.count)
var rocX = [0.0], rocY = [0.0]
var truePositives = 0.0, falsePositives = 0.0
for index in order {
    if isAnomaly[index] { truePositives += 1 } else { falsePositives += 1 }
    rocX.append(falsePositives / negatives); rocY.append(truePositives / positives)
}
let aurocTrapezoid = zip(zip(rocX, rocX.dropFirst()), zip(rocY, rocY.dropFirst())).reduce(0.0) { $0 + ($1.0.1 - $1.0.0) * ($1.1.0 + $1.1.1) / 2 }
var pairWins = 0.0
for i in scores.indices where isAnomaly[i] {
    for j in scores.indices where !isAnomaly[j] { pairWins += scores[i] > scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0) }
}
let aurocPairs = pairWins / (positives * negatives)
chapter.check("AUROC from the ROC curve vs by counting pairs", measured: aurocTrapezoid, expected: aurocPairs, tolerance: .absolute(1e-9))
chapter.check("AUROC of reconstruction error for detecting the unseen digit 0", measured: aurocPairs, atLeast: 0.85)
var rocFigure = Figure(width: 460, height: 420, title: "Detecting the unseen digit 0 by reconstruction error")
rocFigure[0, 0].line(x: rocX, y: rocY, label: "autoencoder, AUROC \(formatNumber(aurocPairs, digits: 3))")
rocFigure[0, 0].line(x: [0, 1], y: [0, 1], color: .gray, width: 1, dashed: true, label: "chance")
rocFigure[0, 0].xLabel = "false positive rate"; rocFigure[0, 0].yLabel = "true positive rate"
rocFigure[0, 0].xLimits = 0...1; rocFigure[0, 0].yLimits = 0...1.02
rocFigure[0, 0].equalAspect = true
rocFigure[0, 0].legendPosition = .bottomRight
chapter.figure(rocFigure, name: "roc_curve", caption: "ROC curve of the anomaly score; the dashed diagonal is a random score.")

// MARK: - Exercises

chapter.exercises([
    Exercise(title: "The error of the best linear code",
             text: "Given the covariance eigenvalues of a data set, return the mean squared error per coordinate of the best rank-k linear reconstruction (`pcaReconstructionError`). The grader projects random data onto its top eigenvectors and measures the error directly."),
    Exercise(title: "Probabilistic PCA's noise variance",
             text: "Return the maximum-likelihood σ² of probabilistic PCA from the eigenvalues (`ppcaNoiseVariance`). The grader maximises the likelihood over σ² numerically."),
    Exercise(title: "AUROC by ranks",
             text: "Return the area under the ROC curve from the scores of anomalies and of normal items, counting ties as one half (`auroc`). The grader compares with the area under the explicitly traced ROC curve."),
])

chapter.finish()
