import Autoencoders
import Datasets
import Foundation
import Metrics
import NeuralLayers
import Notebook
import Plotting
import Statistics
import Training

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
let d = Digits.pixelCount

/// The squared reconstruction error of each image (row), per pixel, in double precision.
func imageErrors(_ reconstruction: Tensor, _ target: Tensor) -> [Double] {
    (reconstruction - target).squared().mean(alongAxis: 1).doubles
}

// MARK: - 1. Encoder, bottleneck, decoder

chapter.section("1. Encoder, bottleneck, decoder")
chapter.prose("""
The data are \(digits.count) greyscale images of handwritten digits, 8×8 pixels scaled to [0, 1]: \
points in a d = \(d)-dimensional space. An encoder f maps each image x to a code z = f(x) with k ≪ d \
numbers, a decoder g maps the code back, and both are trained so that the reconstruction g(f(x)) \
is close to x. The narrow code — the bottleneck — forces the pair to keep what matters most. We \
train on \(train.count) images and measure on \(test.count) held-out ones.
""")
chapter.equation(#"\mathcal{L}(f, g) = \frac{1}{n}\sum_{i=1}^{n} \lVert x_i - g(f(x_i)) \rVert^2"#,
                 plain: "L(f, g) = (1/n) Σᵢ ‖xᵢ − g(f(xᵢ))‖²")
var sketch = Figure(width: 640, height: 200, title: "An autoencoder: 64 pixels → code of size k → 64 pixels")
sketch.panel.box(x: 0...1.4, y: 0...4, fill: Color(hex: 0xDCE9F5), label: "image x\n64 pixels")
sketch.panel.box(x: 2.0...3.6, y: 0.5...3.5, fill: Color(hex: 0x0072B2), label: "encoder f\n64→128→k")
sketch.panel.box(x: 4.2...5.0, y: 1.3...2.7, fill: Color(hex: 0xE69F00), label: "code z\nk")
sketch.panel.box(x: 5.6...7.2, y: 0.5...3.5, fill: Color(hex: 0x009E73), label: "decoder g\nk→128→64")
sketch.panel.box(x: 7.8...9.2, y: 0...4, fill: Color(hex: 0xDCE9F5), label: "x̂ = g(f(x))\n64 pixels")
for (from, to) in [(1.4, 2.0), (3.6, 4.2), (5.0, 5.6), (7.2, 7.8)] { sketch.panel.arrow(from: (x: from, y: 2), to: (x: to, y: 2)) }
sketch.panel.showAxes = false; sketch.panel.showGrid = false; sketch.panel.xLimits = -0.1...9.3; sketch.panel.yLimits = -0.2...4.2
chapter.figure(sketch, name: "architecture", caption: "The bottleneck: the code z has k numbers, far fewer than the 64 pixels.")

// MARK: - 2. A linear autoencoder is PCA

chapter.section("2. A linear autoencoder learns the principal subspace")
let k = 4
chapter.prose("""
Take the simplest autoencoder: linear maps without biases, f(x) = Aᵀx and g(z) = Bz with A and B of \
size d × k, trained on centred data (the training mean subtracted; on centred data the best biases \
are zero, so leaving them out loses nothing). The reconstruction BAᵀx has rank at most k, and the \
best rank-k reconstruction is known (Eckart & Young, 1936): project onto the top-k eigenvectors of \
the covariance matrix S, with eigenvalues λ₁ ≥ … ≥ λ_d. Its squared error per image is the sum of \
the discarded eigenvalues; per pixel it is
""")
let trainMean = train.images.mean(alongAxis: 0, keepingDimension: true)
let centred = train.images - trainMean
let covariance = (1 / Double(train.count)) * (Matrix(centred).transposed * Matrix(centred))
let spectrum = try SymmetricEigendecomposition(covariance)
let eigenvalues = Array(spectrum.values.reversed())   // descending
/// The eigenvectors of `indices` (0-based, in descending order of eigenvalue) as the columns of a d × count matrix.
func eigenvectors(_ indices: [Int]) -> Matrix {
    Matrix(rows: d, columns: indices.count, elements: (0..<d).flatMap { i in indices.map { spectrum.vectors[i, d - 1 - $0] } })
}
let pcaError = eigenvalues[k...].reduce(0, +) / Double(d), eigengap = eigenvalues[k - 1] - eigenvalues[k]
chapter.equation(#"\varepsilon_k = \frac{1}{d}\sum_{j=k+1}^{d}\lambda_j ."#, plain: "ε_k = (1/d) Σ_{j>k} λⱼ")
chapter.prose("""
Gradient descent knows nothing of eigenvectors, but Baldi & Hornik (1989) showed that this loss has \
(when λ_k > λ_{k+1}, which fixes the subspace; here λ₄ − λ₅ = \(formatNumber(eigenvalues[3] - eigenvalues[4], digits: 2)), \
although S is singular) no local minima except the global ones, all of which span the principal subspace (A and B themselves \
are fixed only up to an invertible k × k matrix), and that every other critical point is a saddle. \
So training should end on the principal subspace. We train one with k = \(k) by full-batch Adam (Kingma & Ba, 2015), \
using the library's training step, with a learning rate that decays along a cosine to 1% of its start \
(Loshchilov & Hutter, 2017), so that the last steps refine instead of jitter, and compare the decoder's column space with the top-\(k) \
eigenvectors through the principal angles between the two subspaces (all zero when they coincide).
""")
chapter.listing("training-step", fromLibraryFile: "Sources/Training/TrainingStep.swift")

// listing: linear-autoencoder
let linear = LinearAutoencoder(inputSize: d, codeSize: k, using: &chapter.random)
let untrainedLinear = (error: imageErrors(linear.reconstruct(centred), centred).mean,
                       angle: try Matrix.largestPrincipalAngleDegrees(linear.decoderColumns, eigenvectors(Array(0..<k))))
let linearTrainer = Trainer(label: "linear autoencoder (full batch)", parameters: linear.parameters, steps: quick ? 1_500 : 3_000,
                            optimizer: Adam(parameters: linear.parameters, learningRate: 0.01), schedule: .cosine(floor: 0.01))
var earlyAngles: [(steps: Int, angle: Double)] = []   // what runs stopped early would leave
try chapter.train(linearTrainer.label, steps: linearTrainer.steps) { step in
    try linearTrainer.step(step) { tape in linear.loss(centred, on: tape) }
    if [100, 30, 10].map({ linearTrainer.steps / $0 }).contains(step + 1) { earlyAngles.append((step + 1, try Matrix.largestPrincipalAngleDegrees(linear.decoderColumns, eigenvectors(Array(0..<k))))) }
}
// end listing
chapter.listing("linear-autoencoder")
let linearAngle = try Matrix.largestPrincipalAngleDegrees(linear.decoderColumns, eigenvectors(Array(0..<k)))
let linearError = imageErrors(linear.reconstruct(centred), centred).mean
// The nearest wrong answer: the top k − 1 eigenvectors and the (k+1)-th, 90° from the principal subspace.
let neighbourError = pcaError + eigengap / Double(d)
let anderson = PrincipalSubspaceScales.andersonSpread(descendingEigenvalues: eigenvalues, k: k, sampleSize: train.count)
let singleRoundoff = Double(Float.ulpOfOne) / 2, doubleRoundoff = Double.ulpOfOne / 2
let roundingScale = try PrincipalSubspaceScales.roundingScale(centred: Matrix(centred), eigengap: eigengap, unitRoundoff: singleRoundoff) * 180 / Double.pi
chapter.table(["reconstruction of the centred training images (rank \(k))", "error per pixel", "largest angle to PCA (degrees)"], [
    ["mean image only (rank 0)", eigenvalues.reduce(0, +) / Double(d), "—"],
    ["linear autoencoder before training", untrainedLinear.error, untrainedLinear.angle],
    ["eigenvectors 1…\(k - 1) and \(k + 1) (the nearest wrong subspace)", neighbourError, 90.0],
] + earlyAngles.map { ["linear autoencoder stopped after \($0.steps) steps", "—", $0.angle] as [any TableCell] } + [
    ["linear autoencoder after \(linearTrainer.steps) steps", linearError, linearAngle],
    ["PCA: ε_\(k) from the eigenvalues", pcaError, 0.0],
], caption: "Top eigenvalues: " + eigenvalues.prefix(6).map { formatNumber($0) }.joined(separator: ", ") + ", …")
chapter.prose("""
For scale, assuming Gaussian data (Anderson, 1963): \(train.count) images determine the principal subspace \
itself only to about \(formatNumber(anderson.allPairs * 180 / Double.pi, digits: 2))° from one sample to the next \
(the 4th eigenvector alone leans towards the 5th by √(λ₄λ₅/n)/(λ₄ − λ₅) = \(formatNumber(anderson.lastPair * 180 / Double.pi, digits: 2))°; \
the larger figure sums over every pair i ≤ 4 < j). The optimiser, working on this one sample, must find the \
sample's own subspace. How closely can single precision (unit roundoff u₃₂ = 2⁻²⁴ ≈ 6·10⁻⁸) place it? The \
gradients are sums over the n images, so rounding perturbs the implied S by up to about n·u₃₂·‖|X|ᵀ|X|/n‖, \
which moves the subspace by at most that over λ₄ − λ₅ (Davis & Kahan, 1970): \(formatNumber(roundingScale, digits: 2))°. This is a \
worst-case order of magnitude, not a prediction — the run lands at \(formatNumber(linearAngle, digits: 2))°, far inside it — \
and stopping the run early shows how soon the optimiser gets there: after \(earlyAngles.map { "\($0.steps) steps the angle is \(formatNumber($0.angle, digits: 2))° (\($0.angle > roundingScale ? "outside" : "inside"))" }.joined(separator: ", after ")).
""")
chapter.check("largest principal angle between the linear AE's decoder and the top-\(k) eigenvectors (degrees)",
              measured: linearAngle, atMost: roundingScale,
              why: "the single-precision rounding scale n·u₃₂·‖|X|ᵀ|X|/n‖/(λ₄ − λ₅) (Davis & Kahan 1970), a worst-case order of magnitude; the untrained AE (\(formatNumber(untrainedLinear.angle))°), the nearest wrong subspace (90°) and the sampling spread (\(formatNumber(anderson.allPairs * 180 / Double.pi, digits: 2))°) fail")
chapter.check("linear AE's error per pixel vs ε_\(k) = Σ_{j>\(k)} λⱼ / d", measured: linearError, expected: pcaError,
              tolerance: .relative(10 * Double(d) * singleRoundoff),
              why: "10 d·u₃₂ relative: each image's error is a single-precision mean of d squared residuals; the nearest wrong subspace is \(formatNumber((neighbourError - pcaError) / pcaError * 100, digits: 2))% off and fails")

// MARK: - 3. Probabilistic PCA

chapter.section("3. Probabilistic PCA: the linear-Gaussian blueprint")
chapter.prose("""
Probabilistic PCA turns the linear autoencoder into a density model (Tipping & Bishop, 1999): a \
code z ~ N(0, I) in k dimensions and x = Wz + μ + η with isotropic noise η ~ N(0, σ²I), so that \
x ~ N(μ, WWᵀ + σ²I). The maximum-likelihood solution is known in closed form: σ² is the mean of the \
d − k discarded eigenvalues, and W spans the top-k eigenvectors with lengths √(λⱼ − σ²):
""")
chapter.equation(#"\sigma^2_{\mathrm{ML}} = \frac{1}{d-k}\sum_{j=k+1}^{d}\lambda_j, \qquad W_{\mathrm{ML}} = U_k\,(\Lambda_k - \sigma^2_{\mathrm{ML}} I)^{1/2} R"#,
                 plain: "σ²_ML = (1/(d − k)) Σ_{j>k} λⱼ,   W_ML = U_k (Λ_k − σ²_ML I)^½ R")
let closedForm = try ProbabilisticPCA.maximumLikelihood(covariance: covariance, latentDimension: k)
chapter.prose("""
Note the two averages of the same discarded eigenvalues: σ²_ML = \(formatNumber(closedForm.noiseVariance)) divides \
their sum by the d − k = \(d - k) discarded directions, while the linear autoencoder's error per pixel \
ε_\(k) = \(formatNumber(pcaError)) divides it by all d = \(d) pixels. And W_ML is determined only up to a \
k × k rotation R, because the likelihood depends on W only through WWᵀ = (WR)(WR)ᵀ. So to check the \
closed form against a numerical optimiser that knows nothing of eigenvectors — the EM algorithm for \
the same model, started from a random W — we compare σ² and the likelihood directly, and W by two \
things no rotation changes: the principal angles between its column space and U_k's (the directions) \
and its singular values, which should be √(λⱼ − σ²_ML) (the lengths).
""")
// listing: ppca-fit
let emIterations = 300
var em = ProbabilisticPCA(loadings: Matrix(Tensor.normal([d, k], standardDeviation: 0.1, using: &chapter.random)), noiseVariance: 1)
var emTrace: [(iteration: Int, model: ProbabilisticPCA)] = []
for iteration in 1...emIterations {
    em = try em.expectationMaximizationStep(covariance: covariance)
    if [10, 20, 40, 80, emIterations].contains(iteration) { emTrace.append((iteration, em)) }
}
// end listing
chapter.listing("ppca-em", fromLibraryFile: "Sources/Autoencoders/ProbabilisticPCA.swift")
chapter.listing("ppca-fit")
var wrongEM = emTrace[0].model   // from EM's state after 10 iterations
for _ in 11...emIterations { wrongEM = try wrongEM.expectationMaximizationStepWithoutNoiseTerm(covariance: covariance) }
let closedLikelihood = try closedForm.logLikelihood(covariance: covariance)
let closedLengths = eigenvalues.prefix(k).map { ($0 - closedForm.noiseVariance).squareRoot() }
/// Angle (degrees), σ² relative error, likelihood gap and largest relative error of W's singular values.
func emErrors(_ model: ProbabilisticPCA) throws -> [Double] {
    let lengths = try SymmetricEigendecomposition(model.loadings.transposed * model.loadings).values.reversed().map { $0.squareRoot() }
    return [try Matrix.largestPrincipalAngleDegrees(model.loadings, closedForm.loadings), model.noiseVariance / closedForm.noiseVariance - 1,
            try model.logLikelihood(covariance: covariance) - closedLikelihood, zip(lengths, closedLengths).map { abs($0 / $1 - 1) }.max()!]
}
let traceErrors = try emTrace.map { try emErrors($0.model) }
let emRows = zip(emTrace, traceErrors).map { ["EM, \($0.0.iteration) iterations"] + $0.1 as [any TableCell] }
let finalErrors = traceErrors.last!
let wrongErrors = try emErrors(wrongEM)
chapter.table(["model", "largest angle to U_k (degrees)", "σ² / σ²_ML − 1", "log-likelihood − closed form (nats)", "W's lengths, largest relative error"],
              emRows + [["EM without σ²I in W's update, \(emIterations) iterations"] + wrongErrors as [any TableCell]],
              caption: "Closed form: σ²_ML = \(formatNumber(closedForm.noiseVariance)), log-likelihood \(formatNumber(closedLikelihood)) nats per image.")
chapter.prose("""
EM converges geometrically: the angle shrinks by a factor of about \(formatNumber(traceErrors[0][0] / traceErrors[1][0], digits: 2)) \
between iterations 10 and 20, until it reaches the rounding floor of double precision. So the \
tolerances below are that floor, derived from the unit roundoff of double precision, u₆₄ = 2⁻⁵³ ≈ 1.1·10⁻¹⁶: anything \
short of convergence, or converging to another point, fails them. (The angles are computed from \
their sines: the usual arccosine of the cosines cannot resolve angles below √(2u₆₄) ≈ 8.5·10⁻⁷ degrees.) \
The wrong update in the last row gets σ² wrong by \(formatNumber(wrongErrors[1] * 100, digits: 3))% and the lengths of W \
by up to \(formatNumber(wrongErrors[3] * 100, digits: 3))%, and ends \(formatNumber(-wrongErrors[2], digits: 3)) nats per image below \
the optimal likelihood\(wrongErrors[0] < 1e-6 ? ", although it finds the principal directions: the angle alone would not catch it" : "").
""")
chapter.check("largest principal angle between EM's W and U_k (degrees)", measured: finalErrors[0],
              atMost: 10 * Double(d) * doubleRoundoff * eigenvalues[0] / eigengap * 180 / Double.pi,
              why: "10× the Davis & Kahan (1970) bound for a rounding perturbation d·u₆₄·λ₁ of S (EM forms S and works with it): d·u₆₄·λ₁/(λ₄ − λ₅) radians")
chapter.check("σ² from EM vs σ²_ML", measured: em.noiseVariance, expected: closedForm.noiseVariance, tolerance: .relative(10 * Double(d) * doubleRoundoff),
              why: "10 d·u₆₄ relative: σ² is a trace of d rounded terms")
chapter.check("singular values of EM's W vs √(λⱼ − σ²_ML), largest relative error", measured: finalErrors[3],
              atMost: 10 * Double(d) * doubleRoundoff * eigenvalues[0] / (eigenvalues[k - 1] - closedForm.noiseVariance),
              why: "10 d·u₆₄·λ₁/(λ₄ − σ²): rounding of WᵀW relative to its smallest eigenvalue")
let logTerms = eigenvalues.prefix(k).reduce(0) { $0 + abs(log($1)) } + Double(d - k) * abs(log(closedForm.noiseVariance))
chapter.check("log-likelihood per image at EM's optimum vs the closed form (nats)", measured: try em.logLikelihood(covariance: covariance),
              expected: closedLikelihood, tolerance: .absolute(10 * Double(d) * doubleRoundoff * logTerms),
              why: "10 d·u₆₄·Σⱼ|log cⱼ|: rounding of log det C, whose d terms are the logs of C's eigenvalues cⱼ")

// MARK: - 4. Nonlinear autoencoders

chapter.section("4. Nonlinear autoencoders")
chapter.prose("""
Replace the linear maps by small networks and the code can follow the curved structure of the data. \
We train two, with codes of size 2 (so we can look at the code space) and 8, each with a 128-unit \
hidden layer and a sigmoid output, by minibatch Adam on the library's autoencoder loss, and compare \
their held-out errors with PCA's — the best linear code of the same size on the training images, so a \
near-best one on held-out images — and with the mean image.
""")
chapter.listing("autoencoder-loss", fromLibraryFile: "Sources/Autoencoders/Autoencoder.swift")
let steps = quick ? 2_000 : 5_000
// listing: fit
/// Trains `model` on minibatches of 128 rows of `images`; `corruption` makes the encoder's input
/// noisy while the target stays clean (denoising), `codePenalty` weighs an L1 penalty on the codes.
func fit(_ model: Autoencoder, to images: Tensor, label: String, corruption: PixelNoise? = nil, codePenalty: Float = 0) throws {
    let trainer = Trainer(label: label, parameters: model.parameters, steps: steps,
                          optimizer: Adam(parameters: model.parameters, learningRate: 2e-3))
    try chapter.train(label, steps: steps) { step in
        let clean = images.randomRows(128, using: &chapter.random)
        let input = corruption?.apply(to: clean, using: &chapter.random) ?? clean
        try trainer.step(step) { tape in model.loss(input: input, target: clean, codePenalty: codePenalty, on: tape) }
    }
}
// end listing
chapter.listing("fit")
func makeAutoencoder(codeSize: Int, codeActivation: Activation = .identity) -> Autoencoder {
    Autoencoder(inputSize: d, hiddenSize: 128, codeSize: codeSize, codeActivation: codeActivation, using: &chapter.random)
}
let autoencoder2 = makeAutoencoder(codeSize: 2), autoencoder8 = makeAutoencoder(codeSize: 8)
try fit(autoencoder2, to: train.images, label: "autoencoder, code size 2")
try fit(autoencoder8, to: train.images, label: "autoencoder, code size 8")

/// Projects rows onto the top-`count` principal directions of the training set and back.
func pcaReconstruction(_ images: Tensor, components: Int) -> Tensor {
    let basis = eigenvectors(Array(0..<components)).tensor
    return Tensor.matmul(Tensor.matmul(images - trainMean, basis), basis, transposeB: true) + trainMean
}
let testErrors: [(String, [Double])] = [
    ("mean training image", imageErrors(trainMean + Tensor.zeros(test.images.shape), test.images)),
    ("PCA, 2 components", imageErrors(pcaReconstruction(test.images, components: 2), test.images)),
    ("autoencoder, code size 2", imageErrors(autoencoder2.reconstruct(test.images), test.images)),
    ("PCA, 8 components", imageErrors(pcaReconstruction(test.images, components: 8), test.images)),
    ("autoencoder, code size 8", imageErrors(autoencoder8.reconstruct(test.images), test.images)),
]
chapter.table(["model", "held-out error per pixel", "± SE"], testErrors.map { [$0.0, $0.1.mean, SampleSummary($0.1).standardError] })
for (codeSize, pcaRow, autoencoderRow) in [(2, 1, 2), (8, 3, 4)] {
    let advantage = PairedComparison.advantage(testErrors[autoencoderRow].1, over: testErrors[pcaRow].1)
    chapter.check("PCA-\(codeSize) minus AE-\(codeSize) held-out error, in standard errors of the paired difference",
                  measured: advantage.inStandardErrors, atLeast: 4,
                  why: "4 SE of the mean per-image difference (\(formatNumber(advantage.difference)) ± \(formatNumber(advantage.standardError))): the nonlinear code beats the best linear one of its size beyond sampling noise")
}

// The 2-D code was never told the labels: how well do the classes separate in it?
let trainCodes = autoencoder2.encode(train.images), testCodes = autoencoder2.encode(test.images)
func correctByNeighbours(_ queries: Tensor, _ reference: Tensor) -> [Double] {
    NearestNeighbourClassifier.predict(queries, reference: reference, referenceLabels: train.labels, neighbours: 5)
        .enumerated().map { $0.element == test.labels[$0.offset] ? 1 : 0 }
}
let pcaPlane = eigenvectors([0, 1]).tensor
let codeCorrect = correctByNeighbours(testCodes, trainCodes)
let pcaCorrect = correctByNeighbours(Tensor.matmul(test.images - trainMean, pcaPlane), Tensor.matmul(centred, pcaPlane))
let codeAccuracy = codeCorrect.mean, pcaAccuracy = pcaCorrect.mean
chapter.prose("""
The two-dimensional code was never told the labels, yet a 5-nearest-neighbour vote among the \
training codes recovers the digit of \(formatNumber(codeAccuracy * 100, digits: 3))% of the held-out images, \
against \(formatNumber(pcaAccuracy * 100, digits: 3))% in the plane of the top two principal components \
(and 10% by chance).
""")
let separation = PairedComparison.advantage(pcaCorrect, over: codeCorrect)   // a positive difference means the codes do better
chapter.check("5-NN accuracy, AE-2 codes minus PCA-2 projections, in standard errors of the paired difference",
              measured: separation.inStandardErrors, atLeast: 4,
              why: "4 SE of the mean paired difference of per-image correctness (\(formatNumber(separation.difference)) ± \(formatNumber(separation.standardError)))")

var reconstructionFigure = Figure(width: 640, height: 330, title: "Held-out digits and their reconstructions")
let exampleIndices = (0..<10).map { label in test.labels.firstIndex(of: label)! }
let examples = test.images.gatherRows(exampleIndices)
let rowsOfImages = [examples, pcaReconstruction(examples, components: 8), autoencoder2.reconstruct(examples), autoencoder8.reconstruct(examples)]
reconstructionFigure.panel.imageGrid(rowsOfImages.flatMap { tensor in (0..<10).map { tensor.row($0).doubles } },
                                     imageWidth: 8, imageHeight: 8, columns: 10,
                                     rowLabels: ["original", "PCA-8", "AE-2", "AE-8"], columnLabels: (0..<10).map(String.init))
chapter.figure(reconstructionFigure, name: "reconstructions", caption: """
    One held-out image per digit (top) and its reconstructions: PCA with 8 components (held-out error \
    \(formatNumber(testErrors[3].1.mean)) per pixel), autoencoders with codes of size 2 (\(formatNumber(testErrors[2].1.mean))) \
    and 8 (\(formatNumber(testErrors[4].1.mean))).
    """)
var latentFigure = Figure(width: 560, height: 480, title: "The 2-D code space, coloured by digit")
for label in 0..<10 {
    let members = test.labels.indices.filter { test.labels[$0] == label }
    latentFigure.panel.scatter(points: testCodes.gatherRows(members), color: Color.tenClasses[label], size: 2.6, alpha: 0.85, label: "\(label)")
}
latentFigure.panel.xLabel = "z₁"; latentFigure.panel.yLabel = "z₂"
chapter.figure(latentFigure, name: "latent_map", caption: """
    Codes of the held-out digits, learned without labels; a 5-nearest-neighbour vote among the training \
    codes recovers \(formatNumber(codeAccuracy * 100, digits: 3))% of their classes.
    """)

// MARK: - 5. The holes in the code space

chapter.section("5. The holes in the code space")
chapter.prose("""
Could we generate new digits by decoding random codes? We take the autoencoder with an 8-number \
code, draw 200 codes uniformly over the box that its training codes occupy, and 200 from a Gaussian \
fitted to the training codes (their mean and covariance: random codes in the bulk, where the codes of \
digits are, as chapter 2 will draw them), decode them, and measure how far each result is from its \
nearest training image — against the same distance for the decoded codes of 200 held-out digits, and \
for those held-out digits themselves (the data-vs-data floor).
""")
let trainCodes8 = autoencoder8.encode(train.images)
let codeMax = trainCodes8.max(alongAxis: 0), codeMin = -(-trainCodes8).max(alongAxis: 0)   // the box of training codes
let randomCodes = codeMin + (codeMax - codeMin) * Tensor.uniform([200, 8], using: &chapter.random)
let gaussianCodes = try FittedGaussian(fitting: trainCodes8).sample(200, using: &chapter.random)
let heldOut = test.images.slice(0..<200)
let decodedSets = [("held-out digits themselves", heldOut), ("decoded codes of the held-out digits", autoencoder8.reconstruct(heldOut)),
                   ("decoded uniform random codes", autoencoder8.decoder(randomCodes)),
                   ("decoded Gaussian random codes", autoencoder8.decoder(gaussianCodes))]
let nearest = decodedSets.map { CodeSpace.nearestDistances($0.1, to: train.images) }
chapter.table(["images", "median distance to the nearest training image", "pixels above 0.9"],
              zip(decodedSets, nearest).map { [$0.0.0, $0.1.median, formatNumber(CodeSpace.inkedFraction($0.0.1) * 100, digits: 3) + "%"] })
let farther = AreaUnderROC.byCountingPairs(positiveScores: nearest[2], negativeScores: nearest[1])
let fartherGaussian = AreaUnderROC.byCountingPairs(positiveScores: nearest[3], negativeScores: nearest[1])
let nullStandardError = (401.0 / (12 * 200 * 200)).squareRoot()   // Mann & Whitney (1947): (m₊ + m₋ + 1)/(12m₊m₋) with m₊ = m₋ = 200
for (name, value) in [("uniform", farther), ("Gaussian", fartherGaussian)] {
    chapter.check("P(a decode of a \(name) random code lies farther from the training set than a real-code decode)", measured: value,
                  atLeast: 0.5 + 4 * nullStandardError,
                  why: "½ + 4 SE of the Mann–Whitney statistic when both sets of m₊ = m₋ = 200 come from one distribution, √((m₊ + m₋ + 1)/(12m₊m₋)) = \(formatNumber(nullStandardError))")
}
let ratio = nearest[2].median / nearest[1].median
let inkRandom = CodeSpace.inkedFraction(decodedSets[2].1), inkReal = CodeSpace.inkedFraction(decodedSets[1].1)
var holesFigure = Figure(rows: 1, columns: 3, width: 1080, height: 380, title: "Decoding codes: real digits vs random codes")
for (panel, set) in [1, 2, 3].enumerated() { holesFigure[0, panel].title = decodedSets[set].0; holesFigure[0, panel].imageGrid((0..<36).map { decodedSets[set].1.row($0).doubles }, imageWidth: 8, imageHeight: 8, columns: 6) }
chapter.figure(holesFigure, name: "random_latent_decodes", caption: """
    Left: decoded codes of held-out digits. Middle: decoded codes drawn uniformly from the box of training codes. Right: decoded codes drawn from a Gaussian fitted to the training codes. \
    \(inkRandom > inkReal ? "The uniform random decodes are not blurred averages but saturated: " : "")\(formatNumber(inkRandom * 100, digits: 2))% of their pixels are \
    above 0.9 (full ink) against \(formatNumber(inkReal * 100, digits: 2))% for the real codes, and they lie a median \
    \(formatNumber(ratio, digits: 3))× farther from their nearest training image. Most of the box is not where the \
    codes of digits are: the code space has holes. Even codes from a Gaussian fitted to the training codes decode a median \
    \(formatNumber(nearest[3].median / nearest[1].median, digits: 3))× farther (P(farther) = \(formatNumber(fartherGaussian, digits: 3))). \
    Chapter 2's variational autoencoder fills them.
    """)

// MARK: - 6. Denoising and sparse autoencoders

chapter.section("6. Denoising and sparse autoencoders")
let noise = PixelNoise(standardDeviation: 0.3)
chapter.prose("""
Two changes to the objective change what the code keeps. A *denoising* autoencoder (Vincent et al., \
2008) sees a corrupted image and must output the clean one, so it cannot simply copy; it has to learn \
what digits look like. Our corruption adds Gaussian noise τξ, with ξ ~ N(0, 1) and τ = \(formatNumber(noise.standardDeviation)), to \
every pixel and clamps the result back to [0, 1]. Clamping cuts the noise short: a white pixel \
(value 0) cannot go below 0, so half its noise is lost, and a pixel at p loses the tails beyond −p \
and 1 − p. The noisy images are therefore closer to the clean ones than τ² = \(formatNumber(noise.standardDeviation * noise.standardDeviation)) \
— the expected squared error of a pixel at p is
""")
chapter.equation(#"\mathbb{E}\big[(\mathrm{clamp}(p + \tau\xi) - p)^2\big] = p^2\Phi(a) + (1-p)^2(1 - \Phi(b)) + \tau^2\big[\Phi(b) - \Phi(a) - b\,\varphi(b) + a\,\varphi(a)\big],\quad a = -\tfrac{p}{\tau},\ b = \tfrac{1-p}{\tau}"#,
                 plain: "E[(clamp(p + τξ) − p)²] = p²Φ(a) + (1 − p)²(1 − Φ(b)) + τ²[Φ(b) − Φ(a) − bφ(b) + aφ(a)],  a = −p/τ, b = (1 − p)/τ")
let denoiser = makeAutoencoder(codeSize: 8)
try fit(denoiser, to: train.images, label: "denoising autoencoder, code size 8", corruption: noise)
let noisyTest = noise.apply(to: test.images, using: &chapter.random)
let noiseReplicates = 8   // independent corruptions of the held-out images, for the closed-form check
let pixelErrors = (noisyTest - test.images).squared().doubles
    + (1..<noiseReplicates).flatMap { _ in (noise.apply(to: test.images, using: &chapter.random) - test.images).squared().doubles }
let pixelErrorSummary = SampleSummary(pixelErrors)
let predictedNoisyError = test.images.doubles.map { noise.expectedSquaredError(pixel: $0) }.mean
chapter.check("mean squared error of the clamped noisy images vs the closed form averaged over the held-out pixels",
              measured: pixelErrorSummary.mean, expected: predictedNoisyError,
              tolerance: .standardErrors(4, standardError: pixelErrorSummary.standardError),
              why: "4 SE of a mean of \(pixelErrors.count) independent squared errors (\(noiseReplicates) corruptions of each held-out pixel) (pooled SD; it also counts the small spread between pixels' expected errors, so it errs on the large side); the unclamped τ² is \(formatNumber((noise.standardDeviation * noise.standardDeviation - predictedNoisyError) / pixelErrorSummary.standardError, digits: 3)) SE away")
let denoisingErrors = [("the noisy image itself", imageErrors(noisyTest, test.images)),
                       ("plain autoencoder (code 8)", imageErrors(autoencoder8.reconstruct(noisyTest), test.images)),
                       ("denoising autoencoder (code 8)", imageErrors(denoiser.reconstruct(noisyTest), test.images))]
chapter.table(["input: noisy held-out digits", "error per pixel to the clean digits", "± SE"],
              denoisingErrors.map { [$0.0, $0.1.mean, SampleSummary($0.1).standardError] })
chapter.prose("""
On this run the noisy images sit \(formatNumber(pixelErrorSummary.mean)) per pixel from the clean ones, \
\(formatNumber(pixelErrorSummary.mean / (noise.standardDeviation * noise.standardDeviation) * 100, digits: 2))% of τ²: \
\(formatNumber(Double(test.images.scalars.filter { $0 == 0 || $0 == 1 }.count) / Double(test.images.count) * 100, digits: 2))% of \
the held-out pixels are exactly white (0) or full ink (1), where clamping removes half of the noise.
""")
let denoisingGain = PairedComparison.advantage(denoisingErrors[2].1, over: denoisingErrors[1].1)
chapter.check("plain AE minus denoising AE error on noisy digits, in standard errors of the paired difference",
              measured: denoisingGain.inStandardErrors, atLeast: 4,
              why: "4 SE of the mean per-image difference (\(formatNumber(denoisingGain.difference)) ± \(formatNumber(denoisingGain.standardError))); the plain AE is the baseline the denoising objective must beat")

chapter.prose("""
A *sparse* autoencoder (Ranzato et al., 2007; Ng, 2011) adds an L1 penalty on the code, so each image uses few of the code's units. \
We give two autoencoders a code of 32 ReLU units (which are exactly zero when off) and train one \
with the penalty 0.1·mean|z| and one without.
""")
let denseCodes = makeAutoencoder(codeSize: 32, codeActivation: .relu), sparseCodes = makeAutoencoder(codeSize: 32, codeActivation: .relu)
try fit(denseCodes, to: train.images, label: "ReLU code of 32, no penalty")
try fit(sparseCodes, to: train.images, label: "ReLU code of 32, L1 penalty", codePenalty: 0.1)
/// The fraction of the 32 code units that are active (non-zero) for each held-out image.
func activeFractions(_ model: Autoencoder) -> [Double] {
    let codes = model.encode(test.images).scalars
    return (0..<test.count).map { row in Double(codes[(row * 32)..<((row + 1) * 32)].filter { $0 > 0 }.count) / 32 }
}
let denseActive = activeFractions(denseCodes), sparseActive = activeFractions(sparseCodes)
chapter.table(["code (32 ReLU units)", "active units per image", "held-out error per pixel"], [
    ["no penalty", formatNumber(denseActive.mean * 100, digits: 3) + "%", imageErrors(denseCodes.reconstruct(test.images), test.images).mean],
    ["L1 penalty 0.1", formatNumber(sparseActive.mean * 100, digits: 3) + "%", imageErrors(sparseCodes.reconstruct(test.images), test.images).mean],
])
let sparsityGain = PairedComparison.advantage(sparseActive, over: denseActive)
chapter.check("active code fraction, plain minus L1-penalised, in standard errors of the paired difference",
              measured: sparsityGain.inStandardErrors, atLeast: 4,
              why: "4 SE of the mean per-image difference (\(formatNumber(sparsityGain.difference)) ± \(formatNumber(sparsityGain.standardError)))")

// MARK: - 7. Use case: anomaly detection

chapter.section("7. Use case: anomaly detection by reconstruction error")
chapter.prose("""
An autoencoder reconstructs well only what resembles its training data. Train it without one \
class — here every 0 is removed, one choice fixed before the run (each other digit would give its own AUROC) — and the reconstruction error becomes an anomaly score: held-out \
zeros should score higher than the other digits. The ROC curve shows every threshold at once; the \
area under it (AUROC) is the probability that a random anomaly outscores a random normal image \
(Bamber, 1975; Hanley & McNeil, 1982). We compare the trained autoencoder with two baselines: the same network \
untrained, and PCA with 8 components fitted to the same images without zeros.
""")
let anomalyClass = 0
let normalTrain = train.filter { $0 != anomalyClass }
let detector = makeAutoencoder(codeSize: 8), untrainedDetector = makeAutoencoder(codeSize: 8)
try fit(detector, to: normalTrain.images, label: "autoencoder without the digit 0")
let normalMean = normalTrain.images.mean(alongAxis: 0, keepingDimension: true)
let normalCentred = normalTrain.images - normalMean
let normalSpectrum = try SymmetricEigendecomposition((1 / Double(normalTrain.count)) * (Matrix(normalCentred).transposed * Matrix(normalCentred)))
let normalBasis = Matrix(rows: d, columns: 8, elements: (0..<d).flatMap { i in (0..<8).map { normalSpectrum.vectors[i, d - 1 - $0] } }).tensor
let detectors: [(String, Tensor)] = [
    ("autoencoder trained without 0s", detector.reconstruct(test.images)),
    ("the same network untrained", untrainedDetector.reconstruct(test.images)),
    ("PCA-8 fitted without 0s", Tensor.matmul(Tensor.matmul(test.images - normalMean, normalBasis), normalBasis, transposeB: true) + normalMean),
]
let isAnomaly = test.labels.map { $0 == anomalyClass }
let anomalyCount = isAnomaly.filter { $0 }.count, normalCount = test.count - anomalyCount
let evaluations = detectors.map { name, reconstruction in
    let scores = imageErrors(reconstruction, test.images)
    let anomalies = scores.indices.filter { isAnomaly[$0] }.map { scores[$0] }, normals = scores.indices.filter { !isAnomaly[$0] }.map { scores[$0] }
    return (name: name, curve: ROCCurve(positiveScores: anomalies, negativeScores: normals),
            area: AreaUnderROC.byCountingPairs(positiveScores: anomalies, negativeScores: normals),
            deLong: AreaUnderROC.deLongStandardError(positiveScores: anomalies, negativeScores: normals))
}
chapter.table(["anomaly score: reconstruction error of", "AUROC", "SE (DeLong)", "SE (Hanley–McNeil)"], evaluations.map {
    [$0.name, $0.area, $0.deLong, AreaUnderROC.hanleyMcNeilStandardError(area: $0.area, positives: anomalyCount, negatives: normalCount)]
}, caption: "\(anomalyCount) held-out zeros against \(normalCount) other held-out digits.")
chapter.demonstration("AUROC: trapezoid area under the traced ROC curve vs the fraction of correctly ordered pairs",
                      lhs: evaluations[0].curve.area, rhs: evaluations[0].area)
// Mann & Whitney (1947): for a score unrelated to the label the AUROC has SE √((m₊ + m₋ + 1)/(12m₊m₋)).
let chanceStandardError = (Double(anomalyCount + normalCount + 1) / Double(12 * anomalyCount * normalCount)).squareRoot()
chapter.check("AUROC of the trained autoencoder minus ½, in standard errors of a score unrelated to the label",
              measured: (evaluations[0].area - 0.5) / chanceStandardError, atLeast: 4,
              why: "SE √((m₊ + m₋ + 1)/(12m₊m₋)) = \(formatNumber(chanceStandardError)) with m₊ = \(anomalyCount) zeros and m₋ = \(normalCount) others (Mann & Whitney 1947); the untrained network scores \(formatNumber((evaluations[1].area - 0.5) / chanceStandardError, digits: 3)) and fails")
let scoresOf = { (reconstruction: Tensor, anomalous: Bool) in zip(imageErrors(reconstruction, test.images), isAnomaly).filter { $0.1 == anomalous }.map { $0.0 } }
let overPCA = AreaUnderROC.deLongPairedDifference(positiveScores: scoresOf(detectors[0].1, true), scoresOf(detectors[2].1, true),
                                                  negativeScores: scoresOf(detectors[0].1, false), scoresOf(detectors[2].1, false))
let overPCAz = overPCA.difference / overPCA.standardError, overPCABound = evaluations[0].deLong + evaluations[2].deLong
let overPCAVerdict = abs(overPCAz) >= 4 ? "the \(overPCAz > 0 ? "autoencoder" : "PCA-8") is the better detector beyond 4 SE"
    : abs(overPCAz) >= 2 ? "a difference at \(formatNumber(abs(overPCAz), digits: 2)) SE, short of 4 SE, so with \(anomalyCount) zeros this split does not settle which detector is better"
    : "within 2 SE: with \(anomalyCount) zeros this split cannot tell the two detectors apart"
chapter.prose("""
The trained autoencoder's AUROC minus that of PCA-8 is \(formatNumber(overPCA.difference, digits: 2)). Both are \
measured on the same images, so their errors are correlated; DeLong et al.'s (1988) paired variance \
V₁ + V₂ − 2C, from the two scores' structural components on the same items, gives the difference an SE of \
\(formatNumber(overPCA.standardError, digits: 2)) (against \(formatNumber(overPCABound, digits: 2)) for the bound SE₁ + SE₂, which \
ignores the correlation), so z = \(formatNumber(overPCAz, digits: 3)): \(overPCAVerdict).
""")
var rocFigure = Figure(width: 460, height: 420, title: "Detecting the unseen digit 0 by reconstruction error")
for (index, evaluation) in evaluations.enumerated() {
    rocFigure.panel.line(x: evaluation.curve.falsePositiveRates, y: evaluation.curve.truePositiveRates,
                         color: [Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73)][index],
                         label: "\(["trained AE", "untrained AE", "PCA-8"][index]), AUROC \(formatNumber(evaluation.area, digits: 3))")
}
rocFigure.panel.line(x: [0, 1], y: [0, 1], color: .gray, width: 1, dashed: true, label: "chance")
rocFigure.panel.xLabel = "false positive rate"; rocFigure.panel.yLabel = "true positive rate"
rocFigure.panel.xLimits = 0...1; rocFigure.panel.yLimits = 0...1.02; rocFigure.panel.equalAspect = true; rocFigure.panel.legendPosition = .bottomRight
chapter.figure(rocFigure, name: "roc_curve", caption: """
    ROC curves of three anomaly scores for the unseen digit 0; the dashed diagonal is a random score. \
    The trained autoencoder's AUROC is \(formatNumber(evaluations[0].area, digits: 3)) ± \(formatNumber(evaluations[0].deLong, digits: 2)), \
    the untrained network's \(formatNumber(evaluations[1].area, digits: 3)) and PCA-8's \(formatNumber(evaluations[2].area, digits: 3)).
    """)

// MARK: - Exercises

chapter.exercises([
    Exercise(title: "The error of the best linear code",
             text: "Given the covariance eigenvalues of a data set (in any order), return ε_k, the mean squared error per coordinate of the best rank-k linear reconstruction (`pcaReconstructionError`). The grader projects random data onto its top eigenvectors and measures the error directly."),
    Exercise(title: "Probabilistic PCA's noise variance",
             text: "Return σ²_ML of probabilistic PCA from the covariance eigenvalues, given in any order (`ppcaNoiseVariance`). The grader runs the EM algorithm for probabilistic PCA, over both W and σ², on a random covariance with the given spectrum."),
    Exercise(title: "AUROC by ranks",
             text: "Return the area under the ROC curve from the scores of anomalies and of normal items, counting ties as one half (`auroc`); sorting the scores once suffices, where comparing every pair of the m₊ anomalies and m₋ normal items costs O(m₊m₋). The grader compares with the area under the explicitly traced ROC curve."),
])

chapter.finish()
