import Foundation
import Notebook
import Statistics
import TensorCore
import VariationalAutoencoders
import VectorQuantization

// Sections 2 and 3: a VQ-VAE trained as the paper trains it, its codebook collapsing, and the cures compared over runs.

/// Welch's t for mean(a) − mean(b) (the library's `WelchTest`) with the one-sided bound for a family false-alarm rate
/// split over `family` checks.
struct WelchComparison {
    let difference: Double, standardError: Double, degreesOfFreedom: Double, bound: Double
    var t: Double { difference / standardError }

    init(_ a: [Double], _ b: [Double], familyRate: Double = 1e-3, family: Int) {
        let test = WelchTest(a, b)
        (difference, standardError, degreesOfFreedom) = (test.difference, test.standardError, test.degreesOfFreedom)
        bound = test.oneSidedBound(rate: familyRate / Double(family))
    }
}

/// −log p(xᵢ | c) for each held-out image with the code grid of the next held-out image (the last takes the first's):
/// the reconstruction cost when the code belongs to another digit.
func mismatchedReconstruction(_ model: VQVAE) -> [Double] {
    let grids = model.codeGrids(test.images), n = test.count, p = VQVAE.positions
    let shifted = Tensor(shape: [n, p], scalars: (0..<n).flatMap { row in (0..<p).map { grids.scalars[((row + 1) % n) * p + $0] } })
    return model.likelihood.logLikelihood(outputs: model.decoderOutputs(codeGrids: shifted), data: test.images).map { -$0 }
}

/// Section 2: the paper's VQ-VAE on the digits; returns its run (run 1 of the codebook-loss-only kind).
func vqvaeSection() throws -> VQRun {
    chapter.prose("""
    The digits' VQ-VAE turns each 8 × 8 image x into a 4 × 4 grid of encoder outputs z_e(x), vectors in \
    ℝ^\(RunSettings.codeDimension) (the z of section 1), quantises each against a codebook of K = \(RunSettings.codeCount) codes, and \
    decodes the grid of codes to one logit per pixel of chapter 2's binomial likelihood (each pixel a count of 16 trials). \
    The first layer of the encoder is a 4 × 4 convolution with stride 2, so each position of the grid looks at a 4 × 4 \
    patch; the last layer of the decoder is the transposed convolution, so each code paints an overlapping 4 × 4 patch of \
    logits. An image is then a grid c(x) of 16 integers, at most 16·log₂\(RunSettings.codeCount) = \(16 * Int(log2(Double(RunSettings.codeCount)))) bits.
    """)
    chapter.listing("vq-vae", fromLibraryFile: "Sources/VectorQuantization/VQVAE.swift")
    chapter.prose("""
    Training is the paper's in kind — the codebook learns from the codebook term alone, β = 0.25, minibatches of \
    \(RunSettings.batchSize) — but not in scale: Adam (Kingma & Ba, 2015) at \(formatNumber(Double(RunSettings.learningRate), digits: 2)), ten \
    times the paper's rate, for \(RunSettings.steps) steps where the paper took 250,000, with the codebook started uniform in \
    [−1/K, 1/K]ᴰ as common implementations do.
    """)
    let untrained = VQVAE(codeCount: RunSettings.codeCount, codeDimension: RunSettings.codeDimension, channels: RunSettings.channels,
                          codebookScale: RunSettings.codebookScale, using: &chapter.random)
    let run = try trainRun(.gradientOnly, index: 0)
    let mismatched = mismatchedReconstruction(run.model), untrainedMismatched = mismatchedReconstruction(untrained)
    let untrainedOwn = untrained.reconstructionNegativeLogLikelihood(test.images)
    let entry = { (name: String, values: [Double]) -> [any TableCell] in [name, "\(formatNumber(values.mean, digits: 4)) ± \(formatNumber(values.standardErrorOfMean, digits: 2))"] }
    chapter.table(["held-out digits: −log p(x | c), nats per image", "mean ± SE"],
                  [entry("trained VQ-VAE, c = c(x), the digit's own grid", run.reconstruction),
                   entry("trained VQ-VAE, c = the grid of the next held-out digit", mismatched),
                   entry("untrained VQ-VAE, own grid", untrainedOwn), entry("untrained VQ-VAE, the next digit's grid", untrainedMismatched)],
                  caption: "A reconstruction cost, not a likelihood: the grid was chosen by looking at x, and it is free here. Section 4 adds what the grid costs.")
    let gain = zip(mismatched, run.reconstruction).map { $0 - $1 }, untrainedGain = zip(untrainedMismatched, untrainedOwn).map { $0 - $1 }
    chapter.check("held-out −log p(x | c): the next digit's grid minus the digit's own grid, trained VQ-VAE, paired over the \(test.count) images, in SE of the mean difference",
                  measured: gain.mean / gain.standardErrorOfMean, atLeast: studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(test.count - 1)),
                  why: "the one-sided t quantile at 10⁻³ with \(test.count - 1) degrees of freedom: the code must say something about this digit that another digit's code does not. For the untrained network the same difference is \(formatNumber(untrainedGain.mean, digits: 3)) nats (\(formatNumber(untrainedGain.mean / untrainedGain.standardErrorOfMean, digits: 3)) SE)")
    let usage = run.heldOutUsage, history = run.trainer.history.map(\.perplexity)
    let smoothed = history.indices.map { i in history[max(0, i - 24)...i].reduce(0, +) / Double(min(i + 1, 25)) }
    let lowest = smoothed.indices.min { smoothed[$0] < smoothed[$1] }!
    chapter.prose("""
    The grid carries the digit: decoding a digit from its own codes costs \(formatNumber(gain.mean, digits: 3)) nats less than \
    from its neighbour's. But look at the codebook. Of the K = \(RunSettings.codeCount) codes, the \(test.count) held-out digits use \
    \(usage.usedCodes), with a perplexity of \(formatNumber(usage.perplexity, digits: 3)): the codes carry log₂ \
    \(formatNumber(usage.perplexity, digits: 3)) = \(formatNumber(log2(usage.perplexity), digits: 2)) bits per position of the \
    \(formatNumber(log2(Double(RunSettings.codeCount)), digits: 2)) on offer. This is *codebook collapse*, and the run's record says \
    how it came about. The first batch's codes had a perplexity of \(formatNumber(history[0], digits: 3)); within \(lowest + 1) steps it \
    fell to \(formatNumber(smoothed[lowest], digits: 3)) (averaged over 25 steps), and it was still only \
    \(formatNumber(smoothed.last!, digits: 3)) at the end. Of the \(RunSettings.codeCount) codes, \(run.chosenCodes) were chosen at some \
    point during training — \(run.chosenCodes > 2 * usage.usedCodes ? "most of them abandoned later, since" : "and") the held-out digits use \
    \(usage.usedCodes) at the end — and the other \(RunSettings.codeCount - run.chosenCodes) were never chosen; \(run.untouchedCodes) never moved.
    """)
    chapter.check("codes that moved during training vs codes some encoder output chose at least once: how many differ",
                  measured: Double(run.movedAgainstChosen), atMost: 0,
                  why: "two routes to the same set: the trainer counted \(RunSettings.codeCount - run.chosenCodes) codes that no output of any of the \(RunSettings.steps) batches chose, and a comparison of the final codebook with the initial one, bit for bit, finds \(run.untouchedCodes) unmoved. Section 1's gradient is exactly zero for an unchosen code and Adam leaves a parameter with only zero gradients where it is, so the sets must agree; weight decay, or a codebook term summed over all codes, would move the unchosen codes too")
    chapter.listing("codebook-usage", fromLibraryFile: "Sources/VectorQuantization/CodebookUsage.swift")
    return run
}

/// Section 3: the four kinds of care, several runs each; returns every run, grouped by care.
func collapseSection(first: VQRun) throws -> [CodebookCare: [VQRun]] {
    chapter.prose("""
    Why do codes die? A code moves only when some vector chooses it (section 1). Early in training the encoder's outputs \
    change quickly and, as the record above shows, crowd onto a few codes; a code that stops being chosen — or never was — \
    gets no gradient from then on and stays where it was, while the codes in use follow the data away from it. Nothing in \
    the loss brings it back. Two cures, each measured over several runs; run i of every kind starts from the same initial \
    weights and sees the same minibatches:
    """)
    chapter.prose("""
    - **Dead-code restarts** (as in Jukebox, Dhariwal et al., 2020): every 100 steps, a code that no vector chose in \
    those steps is moved onto an encoder output drawn from the current batch, where it is at once somebody's nearest code. \
    The last check before the end of training is skipped, so the decoder sees every restarted code.
    """)
    chapter.prose("""
    - **Moving averages** (van den Oord et al., 2017, appendix A.1): the codebook follows the running means of its \
    vectors (section 1), which tracks the encoder without a learning rate of its own.
    """)
    chapter.listing("dead-code-restarts", fromLibraryFile: "Sources/VectorQuantization/DeadCodeRestarts.swift")
    var byCare: [CodebookCare: [VQRun]] = [:]
    for care in CodebookCare.allCases {
        byCare[care] = try (0..<care.runCount).map { index in care == .gradientOnly && index == 0 ? first : try trainRun(care, index: index) }
    }
    let rows: [[any TableCell]] = CodebookCare.allCases.map { care in
        let group = byCare[care]!
        let summary = { (values: [Double], digits: Int) in
            values.count > 1 ? "\(formatNumber(values.mean, digits: digits)) ± \(formatNumber(values.standardDeviation, digits: 2))" : formatNumber(values[0], digits: digits)
        }
        return [care.name, group.count, summary(group.map { Double($0.heldOutUsage.usedCodes) }, 3), summary(group.map(\.heldOutUsage.perplexity), 3),
                summary(group.map(\.meanReconstruction), 4), summary(group.map { Double(RunSettings.codeCount - $0.chosenCodes) }, 2)]
    }
    let (plain, averaged) = (byCare[.gradientOnly]![0], byCare[.movingAverages]![0])
    let pairedGain = zip(plain.reconstruction, averaged.reconstruction).map { $0 - $1 }
    chapter.check("run 1: held-out −log p(x | c) with the codebook loss only minus with moving averages, paired over the \(test.count) images, in SE of the mean difference",
                  measured: pairedGain.mean / pairedGain.standardErrorOfMean, atLeast: studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(test.count - 1)),
                  why: "the one-sided t quantile at 10⁻³ with \(test.count - 1) degrees of freedom. The two networks started from the same weights and saw the same minibatches, so this compares two trained models on new digits; whether the training procedures differ is a question about runs, asked below with all of them")
    chapter.table(["codebook", "runs", "codes used (of \(RunSettings.codeCount))", "perplexity", "−log p(x | c), nats", "codes never chosen in training"], rows,
                  caption: quick ? "Held-out digits; one run each (the default run has several)." : "Held-out digits; mean ± standard deviation over the runs.")
    if !quick { collapseChecks(byCare) }
    return byCare
}

func collapseChecks(_ byCare: [CodebookCare: [VQRun]]) {
    let perplexity = { (care: CodebookCare) in byCare[care]!.map(\.heldOutUsage.perplexity) }
    let reconstruction = { (care: CodebookCare) in byCare[care]!.map(\.meanReconstruction) }
    // Four comparisons of each cure with the codebook loss alone (perplexity and reconstruction cost), sharing 10⁻³.
    let family = 4
    let restartGain = WelchComparison(perplexity(.restarts), perplexity(.gradientOnly), family: family)
    let averageGain = WelchComparison(perplexity(.movingAverages), perplexity(.gradientOnly), family: family)
    let averageFit = WelchComparison(reconstruction(.gradientOnly), reconstruction(.movingAverages), family: family)
    let restartFit = WelchComparison(reconstruction(.gradientOnly), reconstruction(.restarts), family: family)
    let why = { (c: WelchComparison) in
        "Welch's t over the runs (Welch, 1947; ν = \(formatNumber(c.degreesOfFreedom, digits: 3)) by Satterthwaite, 1946); the bound is the exact one-sided Student quantile at 10⁻³/\(family), the four comparisons of the cures with the codebook loss alone sharing a false-alarm rate of 10⁻³ (Bonferroni). Welch's test ignores that run i of each kind shared weights and minibatches. Difference \(formatNumber(c.difference, digits: 3)) ± \(formatNumber(c.standardError, digits: 2))"
    }
    chapter.check("held-out perplexity, dead-code restarts minus codebook loss only, Welch t", measured: restartGain.t, atLeast: restartGain.bound, why: why(restartGain))
    chapter.check("held-out perplexity, moving averages minus codebook loss only, Welch t", measured: averageGain.t, atLeast: averageGain.bound, why: why(averageGain))
    chapter.check("held-out −log p(x | c), codebook loss only minus moving averages, Welch t", measured: averageFit.t, atLeast: averageFit.bound, why: why(averageFit))
    chapter.prose("""
    The fourth comparison of the family makes no claim in advance: restarts alone change the reconstruction cost by \
    \(formatNumber(-restartFit.difference, digits: 3)) ± \(formatNumber(restartFit.standardError, digits: 2)) nats (Welch t = \
    \(formatNumber(restartFit.t, digits: 3)) against \(formatNumber(restartFit.bound, digits: 3))), \
    \(restartFit.t >= restartFit.bound ? "a gain these runs can call" : restartFit.t <= -restartFit.bound ? "a loss these runs can call" : "which these runs cannot call either way").
    """)
}
