import Foundation
import Notebook
import Statistics
import TensorCore
import VariationalAutoencoders
import VectorQuantization

// Sections 2 and 3: a VQ-VAE trained as the paper trains it, its codebook collapsing, and the cures compared over runs.

/// A Welch t statistic for mean(a) − mean(b) and the one-sided bound for a family false-alarm rate split over `family` checks.
struct WelchComparison {
    let difference: Double, standardError: Double, degreesOfFreedom: Double, bound: Double
    var t: Double { difference / standardError }

    init(_ a: [Double], _ b: [Double], familyRate: Double = 1e-3, family: Int) {
        difference = a.mean - b.mean
        standardError = (a.unbiasedVariance / Double(a.count) + b.unbiasedVariance / Double(b.count)).squareRoot()
        degreesOfFreedom = welchDegreesOfFreedom(varianceA: a.unbiasedVariance, countA: a.count, varianceB: b.unbiasedVariance, countB: b.count)
        bound = studentTQuantile(upperTail: familyRate / Double(family), degreesOfFreedom: degreesOfFreedom)
    }
}

/// Section 2: the paper's VQ-VAE on the digits; returns its run (run 1 of the codebook-loss-only kind).
func vqvaeSection() throws -> VQRun {
    chapter.prose("""
    The digits' VQ-VAE turns each 8 × 8 image into a 4 × 4 grid of vectors in ℝ^\(RunSettings.codeDimension), quantises each \
    against a codebook of K = \(RunSettings.codeCount) codes, and decodes the grid of codes to one logit per pixel of chapter 2's \
    binomial likelihood (each pixel a count of 16 trials). The first layer of the encoder is a 4 × 4 convolution with \
    stride 2, so each position of the grid looks at a 4 × 4 patch; the last layer of the decoder is the transposed \
    convolution, so each code paints an overlapping 4 × 4 patch of logits. An image is then 16 integers, at most \
    16·log₂\(RunSettings.codeCount) = \(16 * Int(log2(Double(RunSettings.codeCount)))) bits.
    """)
    chapter.listing("vq-vae", fromLibraryFile: "Sources/VectorQuantization/VQVAE.swift")
    chapter.prose("""
    Training follows the paper: the codebook learns from the codebook term alone, β = 0.25, Adam at \
    \(formatNumber(Double(RunSettings.learningRate), digits: 2)), minibatches of \(RunSettings.batchSize), \(RunSettings.steps) steps, \
    the codebook started uniform in [−1/K, 1/K]ᴰ as common implementations do.
    """)
    let untrained = VQVAE(codeCount: RunSettings.codeCount, codeDimension: RunSettings.codeDimension, channels: RunSettings.channels,
                          codebookScale: RunSettings.codebookScale, using: &chapter.random)
    let run = try trainRun(.gradientOnly, index: 0)
    let pixels = DecoderLikelihood.digits.independentPixelLogLikelihood(test.images, trainingImages: train.images).map { -$0 }
    let untrainedNLL = untrained.reconstructionNegativeLogLikelihood(test.images)
    let bits = { (nats: Double) in nats / log(2) / 64 }
    let gain = zip(pixels, run.reconstruction).map { $0 - $1 }, untrainedGain = zip(pixels, untrainedNLL).map { $0 - $1 }
    let bound = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(test.count - 1))
    chapter.table(["held-out digits", "nats per image ± SE", "bits per pixel"],
                  [["independent binomial pixels (no code; chapter 2's baseline)", "\(formatNumber(pixels.mean, digits: 4)) ± \(formatNumber(pixels.standardErrorOfMean, digits: 2))", bits(pixels.mean)],
                   ["VQ-VAE before training, −log p(x | z_q)", "\(formatNumber(untrainedNLL.mean, digits: 4)) ± \(formatNumber(untrainedNLL.standardErrorOfMean, digits: 2))", bits(untrainedNLL.mean)],
                   ["VQ-VAE after training, −log p(x | z_q)", "\(formatNumber(run.reconstruction.mean, digits: 4)) ± \(formatNumber(run.reconstruction.standardErrorOfMean, digits: 2))", bits(run.reconstruction.mean)]],
                  caption: "−log p(x | z_q) is a reconstruction cost, not a likelihood: the code was chosen by looking at x. Section 4 adds the cost of the code itself.")
    chapter.check("held-out −log p(x | z_q) of the trained VQ-VAE below independent pixels, paired over the \(test.count) images, in SE of the mean difference",
                  measured: gain.mean / gain.standardErrorOfMean, atLeast: bound,
                  why: "the one-sided t quantile at 10⁻³ with \(test.count - 1) degrees of freedom. The same network before training is \(formatNumber(untrainedGain.mean / untrainedGain.standardErrorOfMean, digits: 3)) SE from independent pixels, so the check tests what training did")
    let usage = run.heldOutUsage
    chapter.prose("""
    The codes carry the images' detail: the reconstruction costs \(formatNumber(run.reconstruction.mean, digits: 3)) nats against \
    \(formatNumber(pixels.mean, digits: 3)) for pixels that know only where ink usually is. But look at the codebook. Of \
    the K = \(RunSettings.codeCount) codes, the \(test.count) held-out digits use \(usage.usedCodes), with a perplexity of \
    \(formatNumber(usage.perplexity, digits: 3)): the codes carry log₂ \(formatNumber(usage.perplexity, digits: 3)) = \
    \(formatNumber(log2(usage.perplexity), digits: 2)) bits per position of the \(formatNumber(log2(Double(RunSettings.codeCount)), digits: 2)) on offer. \
    \(run.untouchedCodes) codes never moved from their initial values at all. This is *codebook collapse*.
    """)
    let neverChosen = run.trainer.timesChosen.filter { $0 == 0 }.count
    chapter.check("codes that moved during training vs codes some encoder output chose at least once: how many differ",
                  measured: Double(run.movedAgainstChosen), atMost: 0,
                  why: "two routes to the same set: the trainer counted \(neverChosen) codes that no output of any of the \(RunSettings.steps) batches chose, and a comparison of the final codebook with the initial one, bit for bit, finds \(run.untouchedCodes) unmoved. Section 1's gradient is exactly zero for an unchosen code and Adam leaves a parameter with only zero gradients where it is, so the sets must agree; weight decay, or a codebook term summed over all codes, would move the unchosen codes too")
    chapter.listing("codebook-usage", fromLibraryFile: "Sources/VectorQuantization/CodebookUsage.swift")
    return run
}

/// Section 3: the four kinds of care, several runs each; returns every run, grouped by care.
func collapseSection(first: VQRun) throws -> [CodebookCare: [VQRun]] {
    chapter.prose("""
    Why do codes die? At the start every code sits near the origin and the encoder's outputs are far larger, so \
    ‖z − e_j‖² ≈ ‖z‖² − 2z·e_j: the code most aligned with z wins, and a few codes win for almost everything. Those move \
    towards the data; the rest are left behind near the origin, farther from every z than the codes that moved, and since a \
    code that is never chosen gets no gradient (section 1), they never catch up. Two cures, each measured here over \
    several runs; run i of every kind starts from the same initial weights and sees the same minibatches:
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
                summary(group.map(\.meanReconstruction), 4), summary(group.map { Double($0.untouchedCodes) }, 2)]
    }
    let (plain, averaged) = (byCare[.gradientOnly]![0], byCare[.movingAverages]![0])
    let pairedGain = zip(plain.reconstruction, averaged.reconstruction).map { $0 - $1 }
    chapter.check("run 1: held-out −log p(x | z_q) with the codebook loss only minus with moving averages, paired over the \(test.count) images, in SE of the mean difference",
                  measured: pairedGain.mean / pairedGain.standardErrorOfMean, atLeast: studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(test.count - 1)),
                  why: "the one-sided t quantile at 10⁻³ with \(test.count - 1) degrees of freedom. The two networks started from the same weights and saw the same minibatches, so this compares two trained models on new digits; whether the training procedures differ is a question about runs, asked below with all of them")
    chapter.table(["codebook", "runs", "codes used (of \(RunSettings.codeCount))", "perplexity", "−log p(x | z_q), nats", "codes never moved"], rows,
                  caption: quick ? "Held-out digits; one run each (the default run has several)." : "Held-out digits; mean ± standard deviation over the runs.")
    if !quick { collapseChecks(byCare) }
    return byCare
}

func collapseChecks(_ byCare: [CodebookCare: [VQRun]]) {
    let perplexity = { (care: CodebookCare) in byCare[care]!.map(\.heldOutUsage.perplexity) }
    let reconstruction = { (care: CodebookCare) in byCare[care]!.map(\.meanReconstruction) }
    let family = 3
    let restartGain = WelchComparison(perplexity(.restarts), perplexity(.gradientOnly), family: family)
    let averageGain = WelchComparison(perplexity(.movingAverages), perplexity(.gradientOnly), family: family)
    let averageFit = WelchComparison(reconstruction(.gradientOnly), reconstruction(.movingAverages), family: family)
    let restartFit = WelchComparison(reconstruction(.gradientOnly), reconstruction(.restarts), family: family)
    let why = { (c: WelchComparison) in
        "Welch's t over the runs (ν = \(formatNumber(c.degreesOfFreedom, digits: 3))); the bound is the one-sided t quantile at 10⁻³/\(family), the three checks of this section sharing a false-alarm rate of 10⁻³. Difference \(formatNumber(c.difference, digits: 3)) ± \(formatNumber(c.standardError, digits: 2))"
    }
    chapter.check("held-out perplexity, dead-code restarts minus codebook loss only, Welch t", measured: restartGain.t, atLeast: restartGain.bound, why: why(restartGain))
    chapter.check("held-out perplexity, moving averages minus codebook loss only, Welch t", measured: averageGain.t, atLeast: averageGain.bound, why: why(averageGain))
    chapter.check("held-out −log p(x | z_q), codebook loss only minus moving averages, Welch t", measured: averageFit.t, atLeast: averageFit.bound, why: why(averageFit))
    chapter.prose("""
    Restarts alone lower the reconstruction cost by \(formatNumber(restartFit.difference, digits: 3)) ± \
    \(formatNumber(restartFit.standardError, digits: 2)) nats (Welch t = \(formatNumber(restartFit.t, digits: 3)) against the \
    \(formatNumber(restartFit.bound, digits: 3)) the checks above require), \(restartFit.t >= restartFit.bound ? "a gain these runs can call" : "which these few runs cannot call either way"): \
    a revived code is used, but with the gradient alone the codebook still follows the encoder slowly.
    """)
}
