import AutoregressiveModels
import Datasets
import DigitEvaluation
import Distributions
import Foundation
import Metrics
import NeuralLayers
import Notebook
import NormalizingFlows
import Plotting
import Statistics
import TensorCore

// Chapter 6 — Autoregressive models and normalising flows: two ways to write down an exact likelihood.
let chapter = Chapter(
    number: 6, title: "Autoregressive models and normalising flows",
    summary: """
    Chapters 2 and 3 gave up the likelihood: a VAE bounds it, a GAN never defines it. This chapter keeps it \
    exact, in two ways. An autoregressive model factorises p(x) by the chain rule into one-dimensional \
    conditionals that a masked network computes all at once; a normalising flow pushes a Gaussian through \
    an invertible map whose Jacobian determinant is cheap. We check the first by enumeration and the second by quadrature, \
    train a MADE on binarised digits and a RealNVP on two moons, and measure their held-out likelihoods \
    against baselines and, for the moons, against the true density.
    """)
let quick = chapter.isQuick
let u32 = Double(Float.ulpOfOne) / 2, u64 = Double.ulpOfOne / 2

// MARK: - 1. The chain rule

chapter.section("1. The chain rule, exactly")
chapter.prose("""
Any law on x = (x₁, …, x_D) factorises, in any order of the coordinates, into conditionals of one \
coordinate given those before it — the chain rule of probability. An *autoregressive* model learns each \
conditional p(x_d | x_<d) and gets the log-likelihood as a sum:
""")
chapter.equation(#"p(x) = \prod_{d=1}^{D} p(x_d \mid x_{<d}), \qquad \log p(x) = \sum_{d=1}^{D} \log p(x_d \mid x_{<d})."#,
                 plain: "p(x) = Πᵈ p(x_d | x_<d),   log p(x) = Σᵈ log p(x_d | x_<d)")
chapter.prose("""
Nothing is approximated: if every conditional is a proper law on x_d (here a Bernoulli with probability \
sigmoid(ℓ_d), ℓ_d a logit), the product is a proper law on x. MADE (Germain et al., 2015) computes all D \
logits in one pass of a multilayer perceptron whose weight matrices are multiplied by binary masks: each \
unit gets a degree, and a connection survives only if the degree never decreases along it (and strictly \
increases into the outputs), so ℓ_d depends on x_<d and on nothing else. Training feeds the data's own x_<d to every conditional at once — \
*teacher forcing* (Williams & Zipser, 1989) — so the likelihood of a batch costs one pass. (Below, u₃₂ = 2⁻²⁴ \
and u₆₄ = 2⁻⁵³ are the unit roundoffs of Float32 and Float64.)
""")
chapter.listing("made-log-likelihood", fromLibraryFile: "Sources/AutoregressiveModels/MADELikelihood.swift")
let smallD = 5, smallHidden = [16, 16]
let small = MADE(dimension: smallD, hiddenSizes: smallHidden, activation: .tanh, using: &chapter.random)
for parameter in small.parameters { parameter.value = parameter.value * 3 }   // sharper conditionals than at initialisation
let wrongSmall = small.withNonStrictOutputMask()
let states = allStates(dimension: smallD, categories: 2)
let probabilities = small.logLikelihood(states).map { exp($0) }, wrongTotal = wrongSmall.logLikelihood(states).reduce(0) { $0 + exp($1) }
chapter.prose("""
A small MADE makes the claim checkable by enumeration: D = \(smallD) binary coordinates, two hidden layers of \
\(smallHidden[0]) tanh units, random weights (the initial ones, tripled so that the conditionals are far from ½). \
Its \(states.rowCount) states can all be listed.
""")
let smallLogits = small.logits(states)
// The matrix product may round a row differently depending on where it sits in the batch, so two states that share
// x_<d can get logits ℓ_d differing in the last Float32 bits: measured by reversing the batch.
let reversedLogits = small.logits(states.gatherRows(Array((0..<states.rowCount).reversed())))
let logitJitter = (0..<states.rowCount).flatMap { row in (0..<smallD).map { abs(Double(smallLogits[row, $0]) - Double(reversedLogits[states.rowCount - 1 - row, $0])) } }.max()!
let sumRounding = Double(smallD) * max(logitJitter, 4 * u32 * Double(smallLogits.scalars.map { abs($0) }.max()!)) + u64 * (Double(states.rowCount) + (0..<states.rowCount).reduce(0.0) { total, row in
    total + probabilities[row] * (0..<smallD).reduce(0.0) { $0 + 2 * abs(Double(smallLogits[row, $1])) + 4 } })
chapter.check("Σ over all \(states.rowCount) states of exp(log p(x)), teacher-forced, minus 1", measured: probabilities.reduce(0, +) - 1, expected: 0,
              tolerance: .absolute(sumRounding),
              why: "each log-conditional x_dℓ_d − softplus(ℓ_d) is computed in double precision from the network's logit and is good to about (2|ℓ_d| + 4)·u₆₄ (the two terms cancel when ℓ_d is large), so the sum errs by at most Σₓ p(x)Σ_d(2|ℓ_d| + 4)·u₆₄ plus 2ᴰ·u₆₄ for adding the terms up. Larger is the Float32 network itself: the matrix products round a row differently depending on its place in the batch, so states sharing x_<d get logits ℓ_d that differ by up to η = \(formatNumber(logitJitter, digits: 2)) (measured by reversing the batch; at least 4u₃₂·max|ℓ| is allowed), and since |∂log p/∂ℓ| ≤ 1 the sum may move by D·η. The same network with the output mask's > replaced by ≥ (so ℓ_d sees x_d) sums to \(formatNumber(wrongTotal, digits: 4))")
let slowRoute = logLikelihoodByScrambledPasses(small, states, using: &chapter.random), fastRoute = small.logLikelihood(states)
let wrongSlow = logLikelihoodByScrambledPasses(wrongSmall, states, using: &chapter.random), wrongFast = wrongSmall.logLikelihood(states)
let largestDifference = { (a: [Double], b: [Double]) in zip(a, b).map { abs($0 - $1) }.max()! }
chapter.check("largest |one-pass log p(x) − Σ_d of D passes with x_≥d scrambled|, over all states", measured: largestDifference(slowRoute, fastRoute),
              atMost: 0,
              why: "exactly zero: the masked weights are exact zeros and 0·x = 0, so scrambling the inputs a conditional must not see leaves its logit bit for bit the same, and both routes turn logits into log-probabilities by the same double-precision formula. With the ≥ output mask the two routes differ by up to \(formatNumber(largestDifference(wrongSlow, wrongFast), digits: 3)) nats")
chapter.prose("""
Sampling cannot be parallelised the same way. Drawing x₁, then x₂ given x₁, and so on — *ancestral* \
sampling — needs the network once per coordinate, because each conditional waits for the draws before it:
""")
chapter.listing("made-sampling", fromLibraryFile: "Sources/AutoregressiveModels/MADESampling.swift")
let smallSamples = quick ? 5_000 : 40_000
let sampled = small.sample(smallSamples, using: &chapter.random), counts = stateCounts(sampled, states: states)
let chiSquare = PearsonChiSquare(observed: counts, expected: probabilities.map { $0 * Double(smallSamples) })
let independentChiSquare = PearsonChiSquare(observed: counts, expected: productOfMarginals(probabilities, states: states).map { $0 * Double(smallSamples) })
chapter.check("Pearson's χ² of \(smallSamples) ancestral samples against the enumerated p(x), over the states expected ≥ 5 times",
              measured: chiSquare.statistic, atMost: chiSquare.criticalValue,
              why: "Pearson's test (1900): the upper 10⁻⁴ quantile of χ² with \(chiSquare.degreesOfFreedom) degrees of freedom (Wilson & Hilferty's approximation, 1931, slightly conservative). The same samples against the product of p's marginals — the law if the coordinates were independent — give χ² = \(formatNumber(independentChiSquare.statistic, digits: 4)): the samples carry the dependence")

// MARK: - 2. MADE on binarised digits

chapter.section("2. A masked autoregressive network on the digits")
let digits: Digits
do { digits = try Digits.load().binarized() } catch { Chapter.stop("\(error)") }
let (train, test) = digits.split(testFraction: 0.25, using: &chapter.random)
let d = Digits.pixelCount
chapter.prose("""
We binarise the \(digits.count) digits (a pixel is 1 if its count of ink is at least 8 of 16) and keep \
\(test.count) for testing. Three models give exact held-out likelihoods in nats, and bits per dimension \
−log₂ p(x)/\(d): independent Bernoulli pixels (the training frequencies with one added to each count), a \
mixture of Bernoulli products fitted by expectation–maximisation — a latent variable model small enough \
that its likelihood is an exact sum over components — and a MADE with one hidden layer in the natural \
(raster) order.
""")
let madeSteps = quick ? 300 : 3_000, madeHidden = [512]
let validationCount = train.count / 6, fitImages = train.images.slice(validationCount..<train.count), validationImages = train.images.slice(0..<validationCount)
let (made, bestStep, validationCurve) = try trainMADE("MADE, [\(madeHidden[0])]", hidden: madeHidden, steps: madeSteps, on: fitImages, validation: validationImages)
chapter.prose("""
The MADE has \(made.layers.reduce(0) { $0 + Int($1.mask.scalars.reduce(0, +)) + $1.outputSize }) weights not masked to zero for \(train.count) images and can overfit, so we hold out \(validationCount) of the \
training digits, train on the rest for up to \(madeSteps) steps and keep the weights with the best validation likelihood: \
step \(bestStep), at \(formatNumber(validationCurve.first { $0.step == bestStep }!.validation, digits: 4)) nats (\(formatNumber(validationCurve.last!.validation, digits: 4)) \
at the last step). The baselines are not early-stopped and use all \(train.count).
""")
let independent = IndependentBernoulli(fitting: train.images)
let mixtureSizes = quick ? [10] : [5, 10, 20, 40]
let mixtures = mixtureSizes.map { BernoulliMixture(fitting: train.images, components: $0, iterations: quick ? 20 : 100, using: &chapter.random) }
let referenceMixture = mixtures[mixtureSizes.firstIndex(of: 10)!]   // named in advance as the rival to check against
let (madeNats, independentNats) = (made.logLikelihood(test.images), independent.logLikelihood(test.images))
let mixtureNats = mixtures.map { $0.logLikelihood(test.images) }
let bits = { (nats: [Double]) in bitsPerDimension(negativeLogLikelihood: -nats.mean, dimension: d) }
let likelihoodRows: [(String, [Double])] = [("independent Bernoulli pixels", independentNats)]
    + zip(mixtureSizes, mixtureNats).map { ("mixture of \($0.0) Bernoulli products (EM)", $0.1) } + [("MADE, \(madeHidden[0]) hidden units", madeNats)]
chapter.table(["model", "held-out log p(x), nats ± SE", "bits per dimension", "training log p(x)"],
              likelihoodRows.map { [$0.0, "\(formatNumber($0.1.mean, digits: 4)) ± \(formatNumber(SampleSummary($0.1).standardError, digits: 2))", bits($0.1)] as [any TableCell] }
                .enumerated().map { index, row in row + [trainingLikelihood(index, independent: independent, mixtures: mixtures, made: made, images: fitImages)] },
              caption: "The \(test.count) held-out binarised digits; the SE includes the spread between images. The last column is the mean over the \(fitImages.rowCount) digits the MADE was fitted to.")
let overIndependent = pairedDifference(madeNats, independentNats), overMixture = pairedDifference(madeNats, mixtureNats[mixtureSizes.firstIndex(of: 10)!])
chapter.check("held-out log p(x): MADE minus independent pixels, in SE of the paired difference", measured: overIndependent.mean / overIndependent.standardError, atLeast: 4,
              why: "conditioning on earlier pixels must pay: \(formatNumber(overIndependent.mean, digits: 3)) ± \(formatNumber(overIndependent.standardError, digits: 2)) nats per image; 4 SE of the paired per-image difference")
if !quick {   // 300 quick steps leave the MADE near the mixture
    chapter.check("held-out log p(x): MADE minus the 10-component mixture (named in advance), in SE of the paired difference",
                  measured: overMixture.mean / overMixture.standardError, atLeast: 4,
                  why: "a mixture with a discrete latent variable is the natural rival; \(formatNumber(overMixture.mean, digits: 3)) ± \(formatNumber(overMixture.standardError, digits: 2)) nats per image. The other mixture sizes are in the table, not checked")
}
chapter.prose(madeVerdict(made: madeNats, mixtures: zip(mixtureSizes, mixtureNats).map { ($0.0, $0.1) }, independent: independentNats))
let shortNames = ["independent"] + mixtureSizes.map { "mixture, \($0)" } + ["MADE"]
chapter.figure(bitsChart(likelihoodRows.indices.map { (shortNames[$0], bits(likelihoodRows[$0].1), SampleSummary(likelihoodRows[$0].1).standardError / (Double(d) * log(2))) }), name: "bits_per_dimension", caption: """
    Held-out bits per dimension of the models in the table (lower is better; error bars ± 2 SE). \
    The error bars are unpaired; the checks use paired differences, which are far tighter. \
    Lowest: \(shortNames[likelihoodRows.indices.min { bits(likelihoodRows[$0].1) < bits(likelihoodRows[$1].1) }!]), at \(formatNumber(likelihoodRows.map { bits($0.1) }.min()!, digits: 3)) bits.
    """)

// The autoregressive property, over the whole Jacobian.
let audit = JacobianAudit(made, at: test.images.slice(0..<1))
let wrongAudit = JacobianAudit(made.withNonStrictOutputMask(), at: test.images.slice(0..<1))
chapter.prose("""
The masks promise that logit ℓ_i never depends on x_j unless j comes before i. We check the promise on the \
trained network over the whole \(d) × \(d) Jacobian ∂ℓ_i/∂x_j at a held-out digit, computed through the tape \
(one backward pass per logit), and against the masks' own bookkeeping: the number of paths from input j to \
output i in the product of the mask matrices.
""")
chapter.check("largest |∂ℓ_i/∂x_j| over the \(d * (d + 1) / 2) entries with j ≥ i (raster order), trained MADE", measured: audit.largestForbidden, atMost: 0,
              why: "exactly zero: every path from x_j to ℓ_i crosses a weight that the masks multiply by an exact 0, and 0·w = 0 in floating point. \(audit.nonZeroAllowed) of the \(audit.allowed) allowed entries are non-zero\(audit.nonZeroAllowed < audit.allowed ? " (ReLU units switched off at this image make the other \(audit.allowed - audit.nonZeroAllowed == 1 ? "one" : "\(audit.allowed - audit.nonZeroAllowed)") zero)" : ""). With the output mask's > replaced by ≥, the largest forbidden entry is \(formatNumber(wrongAudit.largestForbidden, digits: 3))")
chapter.check("entries of the Jacobian that are non-zero where the masks leave no path, plus forbidden entries with a path", measured: Double(audit.nonZeroWithoutPath + audit.forbiddenWithPath), atMost: 0,
              why: "two routes to the same triangle: the tape's derivatives and the masks' path counts; the ≥ mask has \(wrongAudit.forbiddenWithPath) forbidden entries with a path")

// Samples and their cost: passes and multiply–adds are fixed by the architecture; wall-clock times only in the terminal.
let timingBatch = 100
let multiplyAddsPerPass = Double(timingBatch) * Double(made.layers.reduce(0) { $0 + $1.inputSize * $1.outputSize })
var costRows: [[any TableCell]] = [["all conditionals of the log-likelihood (teacher forcing)", 1, multiplyAddsPerPass],
                                   ["ancestral sampling", d, Double(d) * multiplyAddsPerPass]]
if chapter.showsTimings {
    let likelihoodSeconds = medianWallClockSeconds { _ = made.logits(test.images.slice(0..<timingBatch)) }
    var timingRandom = RandomGenerator(seed: 0)   // its own stream, so timing in the terminal leaves the chapter's draws alone
    let samplingSeconds = medianWallClockSeconds { _ = made.sample(timingBatch, using: &timingRandom) }
    costRows[0].append(1e3 * likelihoodSeconds); costRows[1].append(1e3 * samplingSeconds)
    chapter.table(["\(timingBatch) digits", "network passes", "multiply–adds", "median wall-clock time (ms)"], costRows,
                  caption: "Medians of 5 runs on this machine; the times change between runs and machines and are printed only in the terminal, not in the book.")
    chapter.prose("""
    Here sampling took \(formatNumber(samplingSeconds / likelihoodSeconds, digits: 3)) times as long as computing every conditional of the \
    same digits; each sampling pass cost \(formatNumber(samplingSeconds / Double(d) / likelihoodSeconds, digits: 2)) of the scoring pass, \
    because it forms the masked weights W ⊙ M once for all \(d) passes.
    """)
} else {
    chapter.table(["\(timingBatch) digits", "network passes", "multiply–adds"], costRows,
                  caption: "Costs fixed by the architecture (dense products, masked weights included). Run the chapter in a terminal to see this machine's wall-clock times beside them.")
}
chapter.prose("""
Scoring a digit costs one pass; drawing one costs \(d), each waiting for the one before. The asymmetry is the \
price of the factorisation. A masked autoregressive *flow* has it too (Papamakarios et al., 2017); the coupling \
flows below sample and score with one pass each.
""")
let classifierSteps = quick ? 300 : 1_500
let classifier = DigitClassifier(using: &chapter.random)
let classifierTrainer = DigitClassifierTrainer(classifier, images: train.images, labels: train.labels, settings: DigitClassifierSettings(steps: classifierSteps))
try chapter.train("digit classifier (binarised)", steps: classifierSteps) { step in try classifierTrainer.step(step, using: &chapter.random) }
let accuracy = classifier.accuracy(images: test.images, labels: test.labels)
chapter.check("held-out accuracy of a digit classifier trained on the binarised digits", measured: accuracy, atLeast: quick ? 0.8 : 0.9,
              why: "its features judge the samples below (chapter 3's Fréchet digit distance), so it must tell binarised digits apart; binomial SE on \(test.count) images \(formatNumber((accuracy * (1 - accuracy) / Double(test.count)).squareRoot(), digits: 2)); chance is 0.1")
let qualityCount = 400, qualityRepeats = quick ? 3 : 10
let qualityComparison = try DigitQualityComparison(sampleCount: qualityCount, repeats: qualityRepeats, real: train.images, heldOut: test.images, classifier: classifier,
                                         floorName: "binarised training digits (the floor)", samplers: [
    ("MADE", { n, random in made.sample(n, using: &random) }),
    ("mixture of 10 Bernoulli products", { n, random in referenceMixture.sample(n, using: &random) }),
    ("independent Bernoulli pixels", { n, random in independent.sample(n, using: &random) }),
], using: &chapter.random)
let quality = qualityComparison.rows
chapter.table(qualityComparison.tableHeaders(), qualityComparison.tableRows(format: formatNumber),
              caption: "Fréchet digit distance on the binarised classifier's features, against \(qualityCount) held-out binarised digits; means over \(qualityRepeats) repeats, the ratio's ± its delta-method SE.")
let madeOverIndependent = separation(quality[3].quality.frechetDistance, quality[1].quality.frechetDistance)
chapter.check("FDD of independent-pixel samples minus the MADE's, in SE of the difference", measured: madeOverIndependent, atLeast: 4,
              why: "4 SE over \(qualityRepeats) repeats: pixels drawn without their neighbours make speckle, not strokes; the MADE at \(formatNumber(quality[1].quality.frechetRatio(over: quality[0].quality).value, digits: 3)) floors, the mixture at \(formatNumber(quality[2].quality.frechetRatio(over: quality[0].quality).value, digits: 3))")
chapter.prose(likelihoodAgainstSamples(made: quality[1].quality, mixture: quality[2].quality, madeOverMixture: overMixture))
chapter.figure(samplesFigure(real: test.images.slice(0..<10), made: made, mixture: referenceMixture, independent: independent,
                             halves: test.images.slice(10..<20), using: &chapter.random), name: "autoregressive_samples", caption: """
    Rows: held-out binarised digits; MADE samples; samples of the 10-component mixture; independent pixels; \
    held-out digits whose top half is kept and whose bottom half the MADE completes (one draw each).
    """)

// MARK: - 3. Change of variables

chapter.section("3. Change of variables in one dimension")
chapter.prose("""
A flow builds a density the other way round: draw z from a simple base law and push it through an \
invertible, differentiable map, x = g(z). Probability is conserved on every interval, p_X(x)|dx| = \
p_Z(z)|dz|, so the density of x is the base density at the point that maps to x, times how much g⁻¹ \
stretches space there:
""")
chapter.equation(#"p_X(x) = p_Z\big(g^{-1}(x)\big)\,\Big|\frac{d g^{-1}}{dx}(x)\Big| = \frac{p_Z(z)}{|g'(z)|}, \quad z = g^{-1}(x)."#,
                 plain: "p_X(x) = p_Z(g⁻¹(x)) |dg⁻¹/dx| = p_Z(z)/|g′(z)|,  z = g⁻¹(x)")
let map = SinhArcsinhMap(skewness: 0.6, tailWeight: 0.7)
chapter.prose("""
Take z ~ N(0, 1) and the sinh–arcsinh map g(z) = sinh((asinh z + ε)/δ) of Jones & Pewsey (2009), with \
skewness ε = \(formatNumber(map.skewness)) and tail weight δ = \(formatNumber(map.tailWeight)) (δ < 1 gives heavier tails than the \
Gaussian's). g is increasing and has a closed-form inverse, so the formula gives p_X exactly:
""")
chapter.listing("change-of-variables-1d", fromLibraryFile: "Sources/NormalizingFlows/ChangeOfVariables1D.swift")
let massIntegral = AdaptiveQuadrature.integrate(from: map.value(-12), to: map.value(12)) { ChangeOfVariables1D.density(at: $0, through: map) }
let forwardDerivativeMass = AdaptiveQuadrature.integrate(from: map.value(-12), to: map.value(12)) { x in
    exp(ChangeOfVariables1D.standardNormalLogDensity(map.inverse(x))) * map.derivative(map.inverse(x)) }.value
chapter.check("∫ p_X(x) dx over g([−12, 12]) by adaptive Gauss–Kronrod quadrature", measured: massIntegral.value, expected: 1,
              tolerance: .absolute(4 * massIntegral.errorEstimate + 2 * (1 - ChangeOfVariables1D.standardNormalDistribution(12))),
              why: "4 times the quadrature's own error estimate (\(formatNumber(massIntegral.errorEstimate, digits: 2))) plus the base mass outside [−12, 12], 2Φ(−12) ≈ 4·10⁻³³. Multiplying by g′(z) instead of dividing — the Jacobian the wrong way round — integrates to \(formatNumber(forwardDerivativeMass, digits: 4))")
let drawCount = quick ? 20_000 : 200_000, histogramRange = map.value(-3)...map.value(3)
let draws = ChangeOfVariables1D.samples(drawCount, through: map, using: &chapter.random)
let histogramTest = histogramChiSquare(draws, bins: 60, range: histogramRange) { ChangeOfVariables1D.density(at: $0, through: map) }
let wrongHistogram = histogramChiSquare(draws, bins: 60, range: histogramRange) { x in
    exp(ChangeOfVariables1D.standardNormalLogDensity(map.inverse(x))) * map.derivative(map.inverse(x)) / forwardDerivativeMass }
chapter.check("Pearson's χ² of a 60-bin histogram of \(drawCount) draws g(z) against the bins' integrals of p_X", measured: histogramTest.statistic, atMost: histogramTest.criticalValue,
              why: "draws through g and the density formula are two routes to the same law; the upper 10⁻⁴ quantile of χ² with \(histogramTest.degreesOfFreedom) degrees of freedom. The wrong-way Jacobian, even renormalised, gives χ² = \(formatNumber(wrongHistogram.statistic, digits: 4))")
chapter.figure(changeOfVariablesFigure(map: map, draws: draws, range: histogramRange), name: "change_of_variables", caption: """
    Left: the map x = g(z). Right: a histogram of \(drawCount) draws g(z), z ~ N(0, 1), with the density p_Z(g⁻¹(x))/g′(g⁻¹(x)) (line) \
    and the base density N(0, 1) for comparison (dashed). Where g is steep the density thins out; where it is flat, mass piles up.
    """)

// MARK: - 4. RealNVP

chapter.section("4. Coupling layers: RealNVP on two moons")
chapter.prose("""
In more than one dimension the derivative becomes the Jacobian determinant, log p_X(x) = log p_Z(f(x)) + \
log|det ∂f/∂x| for the map f = g⁻¹ from data to base, and a general D × D determinant costs O(D³). \
RealNVP (Dinh et al., 2017) uses maps whose Jacobian is triangular. An *affine coupling* layer keeps some \
coordinates x_b (a binary mask b) and moves the others by a scale and shift computed from them:
""")
chapter.equation(#"y_b = x_b, \qquad y_{\bar b} = x_{\bar b} \odot \exp\big(s(x_b)\big) + t(x_b), \qquad \log\Big|\det \frac{\partial y}{\partial x}\Big| = \sum_{j \in \bar b} s_j(x_b)."#,
                 plain: "y_b = x_b,  y_b̄ = x_b̄ ⊙ exp(s(x_b)) + t(x_b),  log|det ∂y/∂x| = Σ_{j∈b̄} s_j(x_b)")
chapter.prose("""
s and t can be any networks: the Jacobian is triangular (y_b̄ depends on x_b̄ only through the diagonal \
factor exp(s)), so its determinant is the product of the diagonal, and the inverse x_b̄ = (y_b̄ − t(y_b))·exp(−s(y_b)) \
needs s and t only at the kept coordinates, which the layer did not change. Alternating masks let every \
coordinate be moved by the others. Here s = c·tanh(·) with a learned c keeps the scales bounded. Our flow \
is an *actnorm* layer — y = (x − μ) ⊙ exp(−log σ) per coordinate, started at the data's mean and standard \
deviation (Kingma & Dhariwal, 2018) — followed by 8 couplings with alternating masks, 9 layers in all:
""")
chapter.listing("affine-coupling", fromLibraryFile: "Sources/NormalizingFlows/AffineCoupling.swift")
let moons = TwoMoons(noiseStandardDeviation: 0.1)
let (trainCount, heldOutCount) = (quick ? 2_000 : 8_000, 2_000)
let moonTrain = moons.sample(trainCount, using: &chapter.random), moonTest = moons.sample(heldOutCount, using: &chapter.random)
let flowSteps = quick ? 500 : 4_000, couplingCount = 8, flowHidden = [64, 64]
let (flow, flowTrainer) = try trainFlow("RealNVP, \(couplingCount) couplings", couplings: couplingCount, hidden: flowHidden, steps: flowSteps, on: moonTrain)
let (flowNats, trueNats) = (flow.logDensity(moonTest), moons.logDensity(moonTest))
let gaussianNats = fittedGaussianLogDensity(train: moonTrain, at: moonTest)
// The bandwidth is chosen on half the training points against the other half, then the estimate uses all of them.
let chosen = KernelDensityEstimate(points: moonTrain.slice(0..<(trainCount / 2)), validation: moonTrain.slice((trainCount / 2)..<trainCount),
                                   candidates: KernelDensityEstimate.logSpacedBandwidths(from: 0.01, to: 0.3, count: 24))
let kde = KernelDensityEstimate(points: moonTrain, bandwidth: chosen.bandwidth)
let kdeNats = kde.logDensity(moonTest)
let moonRows: [(String, [Double])] = [("the true density (quadrature over the arcs)", trueNats), ("RealNVP, \(couplingCount) couplings of \(flowHidden)", flowNats),
                                      ("kernel density estimate (Parzen, 1962), bandwidth β = \(formatNumber(kde.bandwidth, digits: 2))", kdeNats), ("one Gaussian fitted to the data", gaussianNats)]
chapter.table(["model", "held-out log p(x) ± SE", "truth minus model (paired) ± SE"],
              moonRows.map { row in [row.0, "\(formatNumber(row.1.mean, digits: 4)) ± \(formatNumber(SampleSummary(row.1).standardError, digits: 2))",
                                     row.1 == trueNats ? "0 (reference)" : "\(formatNumber(pairedDifference(trueNats, row.1).mean, digits: 3)) ± \(formatNumber(pairedDifference(trueNats, row.1).standardError, digits: 2))"] as [any TableCell] },
              caption: "\(heldOutCount) held-out points of two moons with noise σ = 0.1; the flow was trained on \(trainCount) points for \(flowSteps) steps. The truth's mean log-density minus a model's is an estimate of KL(p ‖ model) ≥ 0; the kernel estimate's bandwidth β was chosen by validation on half the training points.")
let overGaussian = pairedDifference(flowNats, gaussianNats), flowGap = pairedDifference(trueNats, flowNats)
let doubledLogDet = zip(flowNats, flow.forward(moonTest).logDeterminant).map { $0 + $1 }, doubledGap = pairedDifference(trueNats, doubledLogDet)
chapter.check("held-out log p(x): the flow minus one fitted Gaussian, in SE of the paired difference", measured: overGaussian.mean / overGaussian.standardError, atLeast: 4,
              why: "the flow must learn the moons' shape, not only their mean and covariance: \(formatNumber(overGaussian.mean, digits: 3)) ± \(formatNumber(overGaussian.standardError, digits: 2)) nats per point")
chapter.check("truth minus flow, mean held-out log-density (an estimate of KL(p ‖ p_θ)), in SE", measured: flowGap.mean / flowGap.standardError, atLeast: -4,
              why: "Gibbs' inequality: no normalised density beats the truth in expectation, so a flow more than 4 SE above it would have a wrong log-determinant or normaliser — counting the log-determinant twice puts the flow \(formatNumber(-doubledGap.mean / doubledGap.standardError, digits: 3)) SE above. Measured gap \(formatNumber(flowGap.mean, digits: 3)) ± \(formatNumber(flowGap.standardError, digits: 2)) nats, against \(formatNumber(pairedDifference(trueNats, kdeNats).mean, digits: 3)) for the kernel estimate")
chapter.prose(flowVerdict(flowGap: flowGap, kdeGap: pairedDifference(trueNats, kdeNats), flowMinusKDE: pairedDifference(flowNats, kdeNats)))
// The median heuristic would give a kernel about 1.2 wide, blind to the moons' width; 0.1 is the moons' own noise scale.
let moonBandwidth = moons.noiseStandardDeviation
let (moonRepeats, moonCount) = (quick ? 4 : 10, 2_000)
let moonQuality = [("fresh moons (the floor)", { (n: Int, random: inout RandomGenerator) in moons.sample(n, using: &random) }),
                   ("RealNVP samples f⁻¹(z)", { (n: Int, random: inout RandomGenerator) in flow.sample(n, using: &random) }),
                   ("kernel density estimate", { (n: Int, random: inout RandomGenerator) in kernelDensitySamples(kde, n, using: &random) }),
                   ("one fitted Gaussian", { (n: Int, random: inout RandomGenerator) in fittedGaussianSamples(moonTrain, n, using: &random) })]
    .map { ($0.0, MoonSampleQuality(repeats: moonRepeats, count: moonCount, moons: moons, bandwidth: moonBandwidth, sample: $0.1)) }
chapter.table(["\(moonCount) samples", "SW₂ ± spread", "SW₂ ÷ floor", "MMD² × 10³ ± spread"],
              moonQuality.enumerated().map { index, row in
                  [row.0, "\(formatNumber(row.1.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(row.1.slicedWasserstein.spread, digits: 2))",
                   index == 0 ? "1 (reference)" : ratioText(RatioOfMeans(row.1.slicedWasserstein, over: moonQuality[0].1.slicedWasserstein)),
                   "\(formatNumber(1e3 * row.1.kernelDistance.mean, digits: 3)) ± \(formatNumber(1e3 * row.1.kernelDistance.spread, digits: 2))"] as [any TableCell] },
              caption: "Chapter 3's yardstick for 2-D samples: sliced 2-Wasserstein distance and unbiased MMD² (Gaussian kernel of width \(formatNumber(moonBandwidth, digits: 2)), the moons' noise scale: the median heuristic's width, about 1.2, cannot tell σ = 0.1 from σ = 0.2) against fresh moons, \(moonRepeats) repeats of \(moonCount) points each.")
chapter.check("SW₂ of one fitted Gaussian's samples minus the flow's, in SE of the difference", measured: separation(moonQuality[3].1.slicedWasserstein, moonQuality[1].1.slicedWasserstein), atLeast: 4,
              why: "the flow's samples must be closer to the moons than the best Gaussian's, named in advance as the trivial baseline; 4 SE over \(moonRepeats) repeats. The flow sits at \(formatNumber(RatioOfMeans(moonQuality[1].1.slicedWasserstein, over: moonQuality[0].1.slicedWasserstein).value, digits: 3)) times the floor, the Gaussian at \(formatNumber(RatioOfMeans(moonQuality[3].1.slicedWasserstein, over: moonQuality[0].1.slicedWasserstein).value, digits: 3))")
// Exactness of the flow's machinery.
let checkPoints = moonTest.slice(0..<200)
let invertibility = flow.invertibilityError(moonTest), roundTrips = layerRoundTrips(flow, data: moonTest)
chapter.check("largest |layer⁻¹(layer(v)) − v| over the \(flow.layers.count) layers and \(heldOutCount) held-out points, relative to its rounding bound", measured: roundTrips.map(\.ratio).max()!, atMost: 1,
              why: "each coupling's inverse recomputes s and t from the coordinate it kept, which the layer left bit for bit unchanged (actnorm has no networks at all), so only the moved coordinate rounds: an exp (about 2 ulp), a product and a sum each way, bounded by 12u₃₂·(|v| + |y|/a) for an input v, output y and scale a = ∂y/∂v of the coordinate. Largest miss \(formatNumber(roundTrips.map(\.error).max()!, digits: 2)). Through the whole flow the round trip is bit-exact in no layer but the last, since each kept coordinate is then the previous layer's rounded output, and the misses are amplified or damped by the later layers' Jacobians; in data units |f⁻¹(f(x)) − x| is \(formatNumber(invertibility, digits: 2)), the ≈ 10⁻⁶–10⁻⁵ one expects in Float32")
let (fineStep, coarseStep) = (1e-3, 2e-3)
let jacobianRows = (0..<checkPoints.rowCount).map { row -> (layers: Double, tape: Double, fine: Double, coarse: Double, condition: Double, inverseNorm: Double, size: Double) in
    let x = checkPoints.row(row).doubles
    let tapeJacobian = flow.jacobianByTape(at: x)
    let frobenius = tapeJacobian.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
    return (flow.logDeterminant(at: x), logAbsoluteDeterminant(tapeJacobian), logAbsoluteDeterminant(flow.jacobianByFiniteDifferences(at: x, step: fineStep)),
            logAbsoluteDeterminant(flow.jacobianByFiniteDifferences(at: x, step: coarseStep)), conditionNumber2x2(tapeJacobian),
            frobenius / exp(logAbsoluteDeterminant(tapeJacobian)),   // ‖J⁻¹‖_F = ‖J‖_F/|det J| for a 2 × 2 matrix
            flow.forward(checkPoints.slice(row..<(row + 1))).z.scalars.map { abs(Double($0)) }.max()!)
}
let tapeErrors = jacobianRows.map { abs($0.layers - $0.tape) }, tapeBounds = jacobianRows.map { Double(flow.dimension) * $0.condition * 8 * Double(flow.layers.count) * u32 }
chapter.check("largest |log-det from the layers − log|det J|| with J by the tape, relative to its bound, over 200 held-out points", measured: zip(tapeErrors, tapeBounds).map { $0 / $1 }.max()!, atMost: 1,
              why: "the layers add the s's; the tape differentiates the whole map and the determinant of the 2 × 2 result is taken in double precision. Each entry of J carries a relative error of roughly 8u₃₂ per layer — an estimate, not a bound, since entries formed by cancellation have none — and log|det| moves by at most D·κ(J) times the largest relative error (κ the condition number). Largest error \(formatNumber(tapeErrors.max()!, digits: 2)); a flow that forgot the actnorm layer's log-scales would be off by \(formatNumber(abs(flow.normalization!.logScale.value.doubles.reduce(0, +)), digits: 3))")
let differenceErrors = jacobianRows.map { abs($0.layers - $0.fine) }
// Per entry: two evaluations of f, each off by about 8u₃₂·max(1, |z|) per layer, divided by 2h; through log|det|, times D·‖J⁻¹‖_F.
let differenceBounds = jacobianRows.map { abs($0.fine - $0.coarse) + Double(flow.dimension) * $0.inverseNorm * 2 * 8 * Double(flow.layers.count) * u32 * max(1, $0.size) / (2 * fineStep) }
chapter.check("largest |log-det from the layers − log|det J|| with J by central differences (h = 10⁻³), relative to its bound, over 200 held-out points", measured: zip(differenceErrors, differenceBounds).map { $0 / $1 }.max()!, atMost: 1,
              why: "central differences err by O(h²): halving the step from 2h to h removes three quarters of the error, so |L(h) − L(2h)|/3 estimates the error at h, and we allow three times that. Rounding adds, per entry, the Float32 error of two evaluations of f (about 8u₃₂·|z| per layer, again an estimate) divided by 2h; to first order log|det| moves by tr(J⁻¹E), at most D·‖J⁻¹‖_F·max|E_ij| by Cauchy–Schwarz. The step is smaller than the library's default 10⁻² because the trained flow bends sharply: truncation, not rounding, is the larger error here. Largest error \(formatNumber(differenceErrors.max()!, digits: 2)) nats: finite differences are the independent but coarse route")
let grid = GridQuadrature2D.gaussLegendre(first: -2.5...3.5, second: -2...2.5, panelWidth: 0.1, nodesPerPanel: 6)
let coarseGrid = GridQuadrature2D.gaussLegendre(first: -2.5...3.5, second: -2...2.5, panelWidth: 0.2, nodesPerPanel: 6)
let tailSamples = quick ? 20_000 : 200_000
let flowMass = flow.mass(on: grid, tailSamples: tailSamples, using: &chapter.random)
let coarseInside = coarseGrid.mass(logDensity: { flow.logDensity($0) })
// With no sample outside the box the binomial SE is 0; then −log(10⁻⁴)/n bounds the tail at the same 10⁻⁴ level as 4 SE.
let tailAllowance = max(4 * flowMass.outsideStandardError, flowMass.outside == 0 ? -log(1e-4) / Double(tailSamples) : 0)
let floatFloor = Double(flow.layers.count) * 8 * u32
chapter.check("the flow's density integrated over the plane, minus 1: Gauss–Legendre mass on the box plus the fraction of exact samples outside it", measured: flowMass.total - 1, expected: 0,
              tolerance: .absolute(tailAllowance + 4 * abs(flowMass.inside - coarseInside) + floatFloor),
              why: "a normalised density has mass 1, which only a correct log-determinant gives. The tolerance adds the tail's allowance (\(tailAllowanceText(outside: flowMass.outside, samples: tailSamples, allowance: tailAllowance))), 4 times the change when the panels double in width (\(formatNumber(abs(flowMass.inside - coarseInside), digits: 2))), and the Float32 floor: each layer multiplies by a rounded exp(s) (about 2 ulp) and a product while its log-determinant counts s exactly, so the density is off by roughly 8u₃₂ per layer (an estimate), \(formatNumber(floatFloor, digits: 2)). Counting the log-determinant twice gives \(formatNumber(grid.mass(logDensity: { x in zip(flow.logDensity(x), flow.forward(x).logDeterminant).map { $0 + $1 } }), digits: 4)) on the box alone")
chapter.figure(flowDensityFigure(flow: flow, moons: moons, data: moonTest), name: "flow_density", caption: """
    The flow's density (left) and the true density of the moons (right) on the same colour scale, log-density clipped \
    below at −8, with held-out points. Held-out mean log-density: flow \(formatNumber(flowNats.mean, digits: 3)), truth \(formatNumber(trueNats.mean, digits: 3)). \
    Where the flow leaves filaments or a bridge of density between the moons, the cause is its construction: \
    it bends a single Gaussian bump with layers whose scales are bounded (|s| ≤ c), so it can thin the region \
    between the moons only gradually (Cornish et al., 2020).
    """)
chapter.figure(warpedGridFigure(flow: flow), name: "warped_grid", caption: """
    A square grid of lines in base space (left, z-coordinates ±3) and its image under the inverse flow x = f⁻¹(z) in data \
    space (right), blue lines at constant z₁ and orange at constant z₂: the map stretches and bends the Gaussian's plane onto the two moons (an invertible map cannot fold it).
    """)
chapter.figure(intermediatesFigure(flow: flow, using: &chapter.random), name: "flow_layers", caption: """
    2,000 base draws z ~ N(0, I) pushed through the inverse flow, shown after 0, 2, 4, 6 and all 9 layers, from the base (left) to the data \
    space (right); each coupling moves one coordinate given the other, and the last layer inverted, the actnorm, \
    only shifts and rescales the coordinates.
    """)
chapter.figure(trainingFigure(flowTrainer.history, truth: trueNats.mean), name: "flow_training", caption: """
    The flow's mean log-likelihood on its training batches during training (means over 50 steps), with the true density's \
    held-out mean (dashed): the gap at the end is roughly the KL estimate of the table, which uses held-out points.
    """)

chapter.exercises(exercises)
chapter.finish()
