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
    let final = result.ladder.last!
    chapter.check("AIS log Z of \(name) (\(runs) runs, K = \(final.temperatureCount)) against the exact log Z = \(formatNumber(exact, digits: 6))",
                  measured: final.logPartition, expected: exact, tolerance: .standardErrors(4, standardError: final.standardError),
                  why: "the estimate's own delta-method SE, \(formatNumber(final.standardError, digits: 2)), from the spread of the \(runs) weights; the exact value by enumeration. Plain importance sampling from the base model with the same \(runs * final.temperatureCount) evaluations of f₁ gives \(formatNumber(result.plain.logPartition, digits: 6)) ± \(formatNumber(result.plain.standardError, digits: 2)), \(formatNumber(abs(result.plain.logPartition - exact), digits: 3)) off")
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

/// What the validation says about AIS against plain importance sampling at the same number of evaluations, for each validated
/// model, and the two estimates of the large model, whose Z is unknown.
func annealingVerdict(_ models: [(name: String, ais: AnnealingEstimate, plain: AnnealingEstimate)], largeName: String,
                      largePlain: (logPartition: Double, standardError: Double, logWeights: [Double]), draws: Int) -> String {
    let parts = models.map { model in
        let ratio = model.plain.standardError / model.ais.standardError
        return "on \(model.name) AIS's standard error is \(formatNumber(model.ais.standardError, digits: 2)) against \(formatNumber(model.plain.standardError, digits: 2))"
            + (ratio > 1.2 ? ", so plain sampling would need about \(formatNumber(ratio * ratio, digits: 2)) times as many draws to match it"
               : ratio < 0.83 ? ", so plain sampling is the better estimator there" : ", level")
    }
    let largest = largePlain.logWeights.max()!, total = largePlain.logWeights.reduce(0) { $0 + exp($1 - largest) }
    return """
    Both estimators are unbiased for Z and both pass where Z is known, so the question is their precision at \
    equal cost: \(parts.joined(separator: "; ")). On \(largeName), plain importance sampling with \(draws) draws \
    gives log Z = \(formatNumber(largePlain.logPartition, digits: 6)) ± \(formatNumber(largePlain.standardError, digits: 2)), its \
    largest weight carrying \(formatNumber(100 / total, digits: 2))% of the total.
    """
}
