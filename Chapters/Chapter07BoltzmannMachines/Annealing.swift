import AutoregressiveModels
import BoltzmannMachines
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

// Section 4: annealed importance sampling, validated where Z is known exactly, then used for the held-out
// log-likelihood of the digits RBM.

struct AnnealingEstimate { let temperatureCount: Int, logPartition: Double, standardError: Double }

/// AIS with `runs` runs for each number of temperatures in `counts`, and plain importance sampling from the base model
/// (AIS with the two temperatures 0 and 1) given as many draws as the longest AIS has runs × steps.
func annealingLadder(_ machine: RestrictedBoltzmannMachine, base: [Double], runs: Int, counts: [Int])
    -> (ladder: [AnnealingEstimate], plain: AnnealingEstimate) {
    let ladder = counts.map { count in
        let estimate = AnnealedImportanceSampling(temperatures: AnnealedImportanceSampling.schedule(count: count), baseVisibleBiases: base)
            .estimate(machine, runs: runs, using: &chapter.random)
        return AnnealingEstimate(temperatureCount: count, logPartition: estimate.logPartition, standardError: estimate.standardError)
    }
    let draws = runs * counts.max()!
    let plain = AnnealedImportanceSampling(temperatures: [0, 1], baseVisibleBiases: base).estimate(machine, runs: draws, using: &chapter.random)
    return (ladder, AnnealingEstimate(temperatureCount: 1, logPartition: plain.logPartition, standardError: plain.standardError))
}

/// The validation of one model: the check on the largest K, and the rows for the figure.
func validateAnnealing(_ name: String, machine: RestrictedBoltzmannMachine, base: [Double], exact: Double, runs: Int, counts: [Int])
    -> (ladder: [AnnealingEstimate], plain: AnnealingEstimate) {
    let result = annealingLadder(machine, base: base, runs: runs, counts: counts)
    for estimate in result.ladder where estimate.temperatureCount == 100 || estimate.temperatureCount == counts.max()! {
        chapter.check("AIS log Z of \(name) (\(runs) runs, K = \(estimate.temperatureCount)) against the exact log Z = \(formatNumber(exact, digits: 6))",
                      measured: estimate.logPartition, expected: exact, tolerance: .standardErrors(4, standardError: estimate.standardError),
                      why: "the estimate's own delta-method SE, \(formatNumber(estimate.standardError, digits: 2)), from the spread of the \(runs) importance weights; the exact value by enumeration. Checked at K = 100 as well as at the longest schedule because errors in the weights' bookkeeping (an increment taken after the Gibbs move instead of before) shrink as K grows and hide at large K")
    }
    return result
}

/// Held-out log-likelihoods (nats per image) of every model in the table, with the digits RBM's log Z from AIS.
struct LikelihoodRow { let name: String, heldOut: [Double], training: Double, partitionError: Double }

func likelihoodTable(_ rows: [LikelihoodRow], testCount: Int) {
    chapter.table(["model", "held-out log p(v), nats ± SE", "bits per dimension", "training log p(v), nats"], rows.map { row in
        let summary = SampleSummary(row.heldOut)
        let standardError = (summary.standardError * summary.standardError + row.partitionError * row.partitionError).squareRoot()
        return [row.name, "\(formatNumber(summary.mean, digits: 4)) ± \(formatNumber(standardError, digits: 2))",
                bitsPerDimension(negativeLogLikelihood: -summary.mean, dimension: 64), row.training] as [any TableCell]
    }, caption: "The \(testCount) held-out binarised digits. The SE combines the spread between images with, for the RBM whose Z comes from AIS, the AIS standard error of log Z, which shifts every image by the same amount.")
}

/// What the validation says about AIS against plain importance sampling (as many draws as AIS takes Gibbs steps in all), for each
/// validated model, and the two estimates of the large model, whose Z is unknown.
func annealingVerdict(_ models: [(name: String, exact: Double, ais: AnnealingEstimate, plain: AnnealingEstimate)], draws: Int, largeName: String,
                      largeAIS: AnnealingEstimate, largePlain: (logPartition: Double, standardError: Double, logWeights: [Double]), largeDraws: Int) -> String {
    let parts = models.map { model in
        let ratio = model.plain.standardError / model.ais.standardError, z = (model.plain.logPartition - model.exact) / model.plain.standardError
        return "on \(model.name) plain sampling is \(formatNumber(abs(z), digits: 2)) of its own SEs \(z > 0 ? "above" : "below") the exact value, with an SE of \(formatNumber(model.plain.standardError, digits: 2)) against AIS's \(formatNumber(model.ais.standardError, digits: 2))"
            + (ratio > 1.2 ? " (it would need about \(formatNumber(ratio * ratio, digits: 2)) times as many draws to match)" : ratio < 0.83 ? " (the more precise of the two there)" : " (level)")
    }
    let largest = largePlain.logWeights.max()!, total = largePlain.logWeights.reduce(0) { $0 + exp($1 - largest) }
    let disagreement = (largePlain.logPartition - largeAIS.logPartition)
        / (largePlain.standardError * largePlain.standardError + largeAIS.standardError * largeAIS.standardError).squareRoot()
    return """
    Plain importance sampling is AIS with K = 1, and it too is unbiased for Z; the question is how precise it is \
    for the same number of draws (\(draws), as many as the longest AIS takes Gibbs steps in all): \(parts.joined(separator: "; ")). \
    On \(largeName), whose Z is unknown, plain sampling with \(largeDraws) draws gives log Z = \(formatNumber(largePlain.logPartition, digits: 6)) ± \
    \(formatNumber(largePlain.standardError, digits: 2)) against AIS's \(formatNumber(largeAIS.logPartition, digits: 6)) ± \(formatNumber(largeAIS.standardError, digits: 2)) \
    with K = \(largeAIS.temperatureCount) (\(formatNumber(abs(disagreement), digits: 2)) SE of the difference apart), and its largest importance weight carries \
    \(formatNumber(100 / total, digits: 2))% of the total. When a few weights dominate, the spread of the weights says little about \
    the spread of their mean, and the delta-method SE of the log of the mean cannot be trusted; AIS's \
    intermediate laws keep its weights comparable, which is why its SE can be.
    """
}
