import AutoregressiveModels
import BoltzmannMachines
import Datasets
import Foundation
import Notebook
import Statistics
import TensorCore

// Sections 3 to 5: the digits RBMs, their partition functions by AIS, held-out likelihoods, and Gibbs samples.

func digitsSection() throws {
    let data = try loadDigits()
    let replicas = quick ? 1 : 2, hiddenSizes = [64, 16] + Array(repeating: 64, count: replicas), epochs = quick ? 50 : 100
    chapter.prose("""
    Now the binarised digits (a pixel is on if its ink count is at least 8 of 16), \(data.train.count) for training and \
    \(data.test.count) held out. We train two RBMs with CD-1: the **digits RBM**, with 64 hidden units, and a small one \
    with 16, whose Z is still exact — its 2¹⁶ hidden states can be enumerated, as in section 1's third route — so \
    that the estimator of section 4 can be tested on a model of the real data. Both start from weights \
    N(0, 0.01²) with the visible biases at the log-odds of each pixel's training frequency (Hinton 2012), and \
    use η = \(digitSettings.learningRate), μ = \(digitSettings.momentum), λ = \(digitSettings.weightDecay), minibatches of \
    \(digitSettings.batchSize) and \(epochs) epochs. \(replicas == 1 ? "One more machine" : "\(replicas) more machines") with 64 hidden units, trained the same way from \
    other starting weights, serve only section 5, to show how much sample quality depends on the particular trained machine.
    """)
    let (machines, reconstruction) = trainDigitMachines(data, hiddenSizes: hiddenSizes, epochs: epochs)
    let (digitsMachine, smallDigitsMachine) = (machines[0], machines[1])
    chapter.prose("""
    The number CD training loops usually print is the **reconstruction error**: take a held-out image v, draw \
    h ~ p(h | v), and compare v with p(v′ = 1 | h). For the digits RBM it went from \(formatNumber(reconstruction[0][0], digits: 3)) after the \
    first epoch to \(formatNumber(reconstruction[0].last!, digits: 3)) after the last, per pixel. It is cheap, but it is not what CD \
    follows, and a machine can reconstruct well while putting mass far from the data; only the likelihood says \
    how good the model is, and that needs Z.
    """)
    chapter.figure(filtersFigure(digitsMachine, columns: 8), name: "filters", caption: """
        The \(digitsMachine.hiddenCount) filters of the digits RBM: hidden unit j's weights W_·j to the 64 pixels, on one colour scale \
        symmetric about 0 (full colour at the largest |W_ij|). A unit's input c_j + Σ_i v_i W_ij rises with ink on its red pixels and \
        falls with ink on its blue ones; it is on with probability σ of that input.
        """)

    chapter.section("4. Estimating Z: annealed importance sampling")
    chapter.prose("""
    The digits RBM has 2⁶⁴ visible and 2⁶⁴ hidden states; neither sum can be enumerated. **Importance \
    sampling** writes the ratio of two partition functions as an expectation, Z_B/Z_A = 𝔼_{v ~ p_A}[f_B(v)/f_A(v)], \
    for unnormalised f_A, f_B with p_A = f_A/Z_A easy to sample and Z_A known. Its variance grows quickly as p_A \
    and p_B move apart, because the ratio is then carried by rare draws that land where p_B has its mass. **Annealed importance \
    sampling** (Neal 2001; for RBMs, Salakhutdinov & Murray 2008) walks between them in K steps along unnormalised \
    laws f_β, 0 = β₀ < β₁ < … < β_K = 1, with f_{β₀} = f_A, f_{β_K} = f_B and each law close to the next. A run draws \
    v₀ ~ p_A, then at each step s = 1, …, K multiplies its **importance weight** w by f_{β_s}/f_{β_{s−1}} at the \
    current state and moves the state by one Gibbs step that leaves f_{β_s} invariant; R runs are averaged:
    """)
    chapter.equation(#"\log w = \sum_{s=1}^{K} \Big[\log f_{\beta_s}(v_{s-1}) - \log f_{\beta_{s-1}}(v_{s-1})\Big], \qquad \hat Z_B = Z_A \cdot \frac{1}{R}\sum_{r=1}^{R} w^{(r)}, \qquad \mathbb{E}\,\hat Z_B = Z_B."#,
                     plain: "log w = Σ_s [log f_{β_s}(v_{s−1}) − log f_{β_{s−1}}(v_{s−1})],   Ẑ_B = Z_A · (1/R) Σ_r w⁽ʳ⁾,   𝔼 Ẑ_B = Z_B")
    chapter.prose("""
    The mean importance weight over R runs is unbiased for Z_B/Z_A; its logarithm is therefore biased low (Jensen's \
    inequality), so a log-likelihood computed with it, −F(v) − log Ẑ, is biased high — an optimistic estimate, \
    whose bias shrinks as the runs agree. The base model A is independent pixels at the training base rates, \
    and the path multiplies the base's and the RBM's free energies, the hidden units summed out at every β:
    """)
    chapter.equation(#"f_\beta(v) = e^{(1-\beta)\, b_A^{\top} v} \cdot e^{\beta\, b^{\top} v} \prod_{j=1}^{m} \Big(1 + e^{\beta (c_j + (v^{\top}W)_j)}\Big), \qquad Z_A = 2^m \prod_{i=1}^{n}\big(1 + e^{b_{A,i}}\big)."#,
                     plain: "f_β(v) = e^{(1−β) b_Aᵀv} e^{β bᵀv} Π_j (1 + e^{β(c_j + (vᵀW)_j)}),   Z_A = 2^m Π_i (1 + e^{b_A,i})")
    chapter.listing("annealed-importance-sampling", fromLibraryFile: "Sources/BoltzmannMachines/AnnealedImportanceSampling.swift")
    let runs = quick ? 40 : 100, counts = quick ? [10, 100, 300] : [10, 100, 1_000, 3_000]   // 100 is checked as well as the largest
    chapter.prose("""
    Before it is trusted, AIS is run where log Z is known: on the first CD-1 machine of section 2 (bars and \
    stripes, exact by 2¹² visible states) and on the 16-hidden-unit digits RBM (exact by 2¹⁶ hidden states), \
    with \(runs) runs and K from \(counts.first!) to \(counts.last!) temperatures spaced as Salakhutdinov & Murray do \
    (dense near β = 1).
    """)
    let basBase = AnnealedImportanceSampling.baseRateBiases(BarsAndStripes.patterns(rows: 3, columns: 4))
    let basExact = barsAndStripesModel.logPartitionThroughFreeEnergy, smallExact = smallDigitsMachine.logPartitionThroughHiddenStates
    let digitBase = AnnealedImportanceSampling.baseRateBiases(data.trainRows)
    let basLadder = validateAnnealing("the bars-and-stripes RBM", machine: barsAndStripesModel, base: basBase, exact: basExact, runs: runs, counts: counts)
    let smallLadder = validateAnnealing("the 16-hidden-unit digits RBM", machine: smallDigitsMachine, base: digitBase, exact: smallExact, runs: runs, counts: counts)
    var ladderRows: [[any TableCell]] = []
    for (ladder, exact, name) in [(basLadder, basExact, "bars and stripes, 12 × 6"), (smallLadder, smallExact, "digits, 64 × 16")] {
        for estimate in [ladder.plain] + ladder.ladder {
            let error = estimate.logPartition - exact
            let k = estimate.temperatureCount == 1 ? "1 (plain)" : "\(estimate.temperatureCount)"
            ladderRows.append([name, k, formatNumber(error, digits: 3), formatNumber(estimate.standardError, digits: 2), formatNumber(error / estimate.standardError, digits: 2)])
        }
    }
    chapter.table(["model", "K", "estimate − exact log Z", "SE", "in SE"], ladderRows,
                  caption: "The numbers behind the figure below: each estimate's error against the enumeration, its own standard error, and the error in units of it.")
    chapter.figure(annealingFigure([("bars and stripes, 12 × 6 (exact over 2¹² states)", basExact, basLadder.ladder, basLadder.plain),
                                    ("digits, 64 × 16 (exact over 2¹⁶ states)", smallExact, smallLadder.ladder, smallLadder.plain)]),
                   name: "ais_against_exact", caption: """
        AIS estimates of log Z minus the exact value, ± 2 standard errors, against the number of temperatures K (\(runs) runs each); \
        the square at K = 1 is plain importance sampling from the base model with as many draws as the longest AIS has runs × steps.
        """)

    let (digitRuns, digitCount) = quick ? (30, 1_000) : (100, 3_000)
    let digitAIS = AnnealedImportanceSampling(temperatures: AnnealedImportanceSampling.schedule(count: digitCount), baseVisibleBiases: digitBase)
        .estimate(digitsMachine, runs: digitRuns, using: &chapter.random)
    let digitPlain = AnnealedImportanceSampling(temperatures: [0, 1], baseVisibleBiases: digitBase)
        .estimate(digitsMachine, runs: digitRuns * digitCount, using: &chapter.random)
    chapter.prose(annealingVerdict([("bars and stripes", basExact, basLadder.ladder.last!, basLadder.plain),
                                    ("the 16-hidden-unit digits RBM", smallExact, smallLadder.ladder.last!, smallLadder.plain)],
                                   draws: runs * counts.max()!, largeName: "the digits RBM with 64 hidden units",
                                   largeAIS: AnnealingEstimate(temperatureCount: digitCount, logPartition: digitAIS.logPartition, standardError: digitAIS.standardError),
                                   largePlain: digitPlain, largeDraws: digitRuns * digitCount))
    let independent = IndependentBernoulli(fitting: data.train.images)
    let mixture = BernoulliMixture(fitting: data.train.images, components: 10, iterations: quick ? 20 : 100, using: &chapter.random)
    let heldOut = { (machine: RestrictedBoltzmannMachine, logZ: Double) in data.testRows.map { -machine.freeEnergy($0) - logZ } }
    let rbmRows = heldOut(digitsMachine, digitAIS.logPartition), independentRows = independent.logLikelihood(data.test.images)
    let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
    chapter.prose("""
    The AIS estimate for the digits RBM: \(digitRuns) runs with K = \(digitCount) give log Z = \(formatNumber(digitAIS.logPartition, digits: 6)) ± \
    \(formatNumber(digitAIS.standardError, digits: 2)). With it, the held-out log-likelihood in nats per image and in bits per \
    dimension, −log₂ p(v)/64, against independent pixels (training frequencies, one added to each count) and a \
    mixture of 10 Bernoulli products fitted by expectation–maximisation (chapter 6), whose likelihoods are exact:
    """)
    likelihoodTable([
        LikelihoodRow(name: "independent Bernoulli pixels", heldOut: independentRows, training: mean(independent.logLikelihood(data.train.images)), partitionError: 0),
        LikelihoodRow(name: "mixture of 10 Bernoulli products (EM)", heldOut: mixture.logLikelihood(data.test.images), training: mean(mixture.logLikelihood(data.train.images)), partitionError: 0),
        LikelihoodRow(name: "RBM, 16 hidden units (exact Z)", heldOut: heldOut(smallDigitsMachine, smallExact),
                      training: smallDigitsMachine.exactLogLikelihood(data.trainRows, logPartition: smallExact), partitionError: 0),
        LikelihoodRow(name: "RBM, 64 hidden units (Z by AIS)", heldOut: rbmRows,
                      training: digitsMachine.exactLogLikelihood(data.trainRows, logPartition: digitAIS.logPartition), partitionError: digitAIS.standardError),
    ], testCount: data.test.count)
    let gain = pairedDifference(rbmRows, independentRows)
    let gainError = (gain.standardError * gain.standardError + digitAIS.standardError * digitAIS.standardError).squareRoot()
    chapter.check("held-out log p(v): digits RBM (AIS) minus independent pixels, in SE", measured: gain.mean / gainError, atLeast: 4,
                  why: "\(formatNumber(gain.mean, digits: 3)) nats per image; the SE combines the paired per-image spread (\(formatNumber(gain.standardError, digits: 2))) with the AIS error of log Z (\(formatNumber(digitAIS.standardError, digits: 2))), which moves every image together")
    let overMixture = pairedDifference(rbmRows, mixture.logLikelihood(data.test.images))
    let mixtureSeparation = overMixture.mean / (overMixture.standardError * overMixture.standardError + digitAIS.standardError * digitAIS.standardError).squareRoot()
    chapter.prose("""
    The digits RBM is \(formatNumber(gain.mean, digits: 3)) nats per image above independent pixels, and \
    \(abs(mixtureSeparation) < 2 ? "level with the mixture of 10 (\(formatNumber(overMixture.mean, digits: 2)) nats, \(formatNumber(abs(mixtureSeparation), digits: 2)) SE)" : "\(formatNumber(abs(overMixture.mean), digits: 3)) nats \(overMixture.mean > 0 ? "above" : "below") the mixture of 10 (\(formatNumber(abs(mixtureSeparation), digits: 2)) SE)"). \
    An RBM is a **product of experts** (Hinton 2002): e^{−F(v)} is e^{bᵀv} times one factor 1 + e^{c_j + (vᵀW)_j} \
    per hidden unit, and the 64 units can be on in any combination, where the mixture must pick one of its 10 \
    templates for the whole image.
    """)

    chapter.section("5. Gibbs chains from noise")
    chapter.prose("""
    Samples of the digits RBM come from block Gibbs chains. Started from fair coins, each chain first has to \
    find the digits; below, its visible state after each number of steps, and the mean free energy of many \
    chains against that of the held-out digits. Samples for the quality table are the final states of \
    independent chains of \(samplingSteps) steps.
    """)
    try samplingSection([digitsMachine] + Array(machines[2...]), mixture: mixture, independent: independent, data: data,
                        likelihoodOverMixture: (overMixture.mean, mixtureSeparation))
}
