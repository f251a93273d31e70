import BoltzmannMachines
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 2, second half: CD-1 and exact-gradient ascent on bars and stripes, and what the exact log-likelihood shows.

/// The CD-1 runs of this section; section 4 validates AIS on the first one's final machine (named before any run).
var barsAndStripesModel: RestrictedBoltzmannMachine!

func learningSection(data: [[Double]]) throws {
    chapter.prose("""
    The negative phase is what costs: on a real model it is an expectation under p, which only a sampler can \
    reach. **Contrastive divergence** (CD-k; Hinton 2002) starts one Gibbs chain at each training image, runs it \
    k steps, and uses where it lands as the model sample. With k = 1 that is one matrix product up, one down, \
    one up again. The chains have no time to reach p, so the estimate is biased: CD-k follows the gradient of \
    the log-likelihood only approximately (Carreira-Perpiñán & Hinton 2005), and its updates are not the \
    gradient of any objective (Sutskever & Tieleman 2010). Chapter 9 measures that bias; here we watch what it \
    does to learning. The trainer takes minibatch steps with momentum and weight decay on W, after Hinton's \
    practical guide (2012):
    """)
    chapter.listing("rbm-training", fromLibraryFile: "Sources/BoltzmannMachines/RBMTraining.swift")
    let runs = quick ? 2 : 3, epochs = 2_000, every = quick ? 50 : 20
    let independent = -Double(data[0].count) * log(2), optimum = -log(Double(data.count))
    chapter.prose("""
    Two references bound what a model of these \(data.count) images can score. Every pixel is on in exactly half \
    of them, so independent pixels fitted by maximum likelihood give each image probability 2⁻¹² and \
    ℓ = −12 log 2 = \(formatNumber(independent, digits: 4)) nats. No model does better than spreading its mass \
    evenly over the \(data.count) images and nowhere else, ℓ* = −log \(data.count) = \(formatNumber(optimum, digits: 4)) nats \
    (Gibbs' inequality). We train \(runs) machines with \(6) hidden units from small random weights (N(0, 0.1²), biases 0), once with CD-1 and \
    once, from the same start, with the exact gradient; both use η = \(basSettings.learningRate), μ = \(basSettings.momentum), \
    λ = \(basSettings.weightDecay), minibatches of \(basSettings.batchSize) and \(epochs) epochs, and we compute \
    the exact ℓ every \(every) epochs.
    """)
    let (cd, exact) = barsAndStripesTraining(runs: runs, epochs: epochs, every: every, data: data)
    barsAndStripesModel = cd[0].machine
    chapter.figure(likelihoodCurvesFigure(cd: cd, exact: exact, independent: independent, optimum: optimum), name: "exact_likelihood_training", caption: """
        The exact mean log-likelihood of the \(data.count) bars-and-stripes images during training, \(runs) runs per rule, each pair of runs \
        from the same initial weights: CD-1 and the exact gradient. Dashed: independent pixels and the best possible value.
        """)
    let fraction = { (value: Double) in (value - independent) / (optimum - independent) }
    chapter.table(["run", "start ℓ", "CD-1: final ℓ", "CD-1: best ℓ (epoch)", "exact gradient: final ℓ", "share of the gap closed, CD-1 / exact"],
                  (0..<runs).map { run in
        let best = cd[run].logLikelihoods.indices.max { cd[run].logLikelihoods[$0] < cd[run].logLikelihoods[$1] }!
        return ["\(run + 1)", cd[run].logLikelihoods[0], cd[run].logLikelihoods.last!,
                "\(formatNumber(cd[run].logLikelihoods[best], digits: 4)) (\(cd[run].epochs[best]))", exact[run].logLikelihoods.last!,
                "\(formatNumber(fraction(cd[run].logLikelihoods.last!), digits: 2)) / \(formatNumber(fraction(exact[run].logLikelihoods.last!), digits: 2))"] as [any TableCell]
    }, caption: "Exact mean log-likelihoods in nats. The share of the gap is (ℓ − ℓ_independent)/(ℓ* − ℓ_independent): 0 for independent pixels, 1 for the best possible model.")
    let worstShare = cd.map { fraction($0.logLikelihoods.last!) }.min()!
    chapter.check("smallest share of the gap from independent pixels to the optimum closed by a CD-1 run after \(epochs) epochs",
                  measured: worstShare, atLeast: 0.5,
                  why: "a claim about size, fixed before training: CD-1 must take every run at least halfway from independent pixels (\(formatNumber(independent, digits: 4))) to −log \(data.count) = \(formatNumber(optimum, digits: 4)). The untrained machines close \(formatNumber(cd.map { fraction($0.logLikelihoods[0]) }.max()!, digits: 2)) of it")
    let differences = zip(exact, cd).map { $0.logLikelihoods.last! - $1.logLikelihoods.last! }
    let declines = cd.map { $0.logLikelihoods.max()! - $0.logLikelihoods.last! }, exactDeclines = exact.map { $0.logLikelihoods.max()! - $0.logLikelihoods.last! }
    let meanDifference = differences.reduce(0, +) / Double(runs)
    let ahead = differences.filter { $0 > 0 }.count
    chapter.prose("""
    From the same start, the exact gradient ends \(ahead == runs ? "above CD-1 in every run" : ahead == 0 ? "below CD-1 in every run" : "above CD-1 in \(ahead) of \(runs) runs"), \
    by \(formatNumber(meanDifference, digits: 3)) nats on average (\(differences.map { formatNumber($0, digits: 3) }.joined(separator: ", "))). \
    Neither rule is plain ascent on ℓ: both follow minibatches of \(basSettings.batchSize) of the \(data.count) images, with momentum \
    and weight decay, so neither curve need rise monotonically. The CD-1 runs end \
    \(declines.map { formatNumber($0, digits: 2) }.joined(separator: ", ")) nats below the best value they passed through, the \
    exact-gradient runs \(exactDeclines.map { formatNumber($0, digits: 2) }.joined(separator: ", ")). \
    A CD training loop sees none of these numbers, because it never computes ℓ — which is why the rest of \
    this chapter estimates Z.
    """)
}
