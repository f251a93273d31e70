import Foundation

/// The receiver operating characteristic (ROC) of a score meant to be higher for
/// positives (anomalies) than for negatives (normal items): the true-positive rate
/// against the false-positive rate as the decision threshold sweeps from +∞ down.
///
/// Items with equal scores cross the threshold together, so a tie between a positive
/// and a negative draws a diagonal segment; the trapezoid area under that segment
/// counts the tied pair as one half, which is what makes ``area`` equal to
/// ``AreaUnderROC/byCountingPairs(positiveScores:negativeScores:)``.
public struct ROCCurve: Sendable, Equatable {
    /// False-positive rates, from 0 to 1, one point per distinct score plus the origin.
    public let falsePositiveRates: [Double]
    /// True-positive rates at the same thresholds.
    public let truePositiveRates: [Double]

    /// Traces the curve. Needs at least one positive and one negative score.
    public init(positiveScores: [Double], negativeScores: [Double]) {
        precondition(!positiveScores.isEmpty && !negativeScores.isEmpty, "An ROC curve needs at least one positive and one negative score.")
        let labelled = (positiveScores.map { ($0, true) } + negativeScores.map { ($0, false) }).sorted { $0.0 > $1.0 }
        let positives = Double(positiveScores.count), negatives = Double(negativeScores.count)
        var falsePositives = 0.0, truePositives = 0.0
        var x = [0.0], y = [0.0]
        var index = 0
        while index < labelled.count {
            // Every item with this score passes the threshold at once.
            let score = labelled[index].0
            while index < labelled.count && labelled[index].0 == score {
                if labelled[index].1 { truePositives += 1 } else { falsePositives += 1 }
                index += 1
            }
            x.append(falsePositives / negatives)
            y.append(truePositives / positives)
        }
        falsePositiveRates = x
        truePositiveRates = y
    }

    /// The area under the curve by the trapezoid rule.
    public var area: Double {
        var total = 0.0
        for i in 1..<falsePositiveRates.count {
            total += (falsePositiveRates[i] - falsePositiveRates[i - 1]) * (truePositiveRates[i] + truePositiveRates[i - 1]) / 2
        }
        return total
    }
}

/// The area under the ROC curve (AUROC) as a probability, and its standard error.
public enum AreaUnderROC {
    /// P(score of a random positive > score of a random negative) + ½·P(equal):
    /// the Mann–Whitney statistic U/(mn), by comparing every pair.
    public static func byCountingPairs(positiveScores: [Double], negativeScores: [Double]) -> Double {
        precondition(!positiveScores.isEmpty && !negativeScores.isEmpty, "AUROC needs at least one positive and one negative score.")
        var wins = 0.0
        for p in positiveScores { for n in negativeScores { wins += p > n ? 1 : (p == n ? 0.5 : 0) } }
        return wins / Double(positiveScores.count * negativeScores.count)
    }

    /// Hanley & McNeil's (1982) standard error of an AUROC estimate A from m positives
    /// and n negatives:
    ///
    ///   SE² = [A(1 − A) + (m − 1)(Q₁ − A²) + (n − 1)(Q₂ − A²)] / (mn),
    ///   Q₁ = A/(2 − A),  Q₂ = 2A²/(1 + A),
    ///
    /// where Q₁ (two positives both outrank one negative) and Q₂ (one positive
    /// outranks two negatives) are taken from an exponential model of the scores.
    public static func hanleyMcNeilStandardError(area a: Double, positives m: Int, negatives n: Int) -> Double {
        precondition(m > 0 && n > 0 && (0...1).contains(a), "The Hanley–McNeil SE needs counts > 0 and an area in [0, 1].")
        let q1 = a / (2 - a), q2 = 2 * a * a / (1 + a)
        let variance = (a * (1 - a) + Double(m - 1) * (q1 - a * a) + Double(n - 1) * (q2 - a * a)) / Double(m * n)
        return Swift.max(variance, 0).squareRoot()
    }

    /// DeLong et al.'s (1988) nonparametric standard error: with ψ(p, q) = 1, ½, 0 as
    /// p >, =, < q, the structural components V₁₀(pᵢ) = mean_j ψ(pᵢ, qⱼ) and
    /// V₀₁(qⱼ) = mean_i ψ(pᵢ, qⱼ) give SE² = s²(V₁₀)/m + s²(V₀₁)/n. Needs m, n ≥ 2.
    public static func deLongStandardError(positiveScores: [Double], negativeScores: [Double]) -> Double {
        let m = positiveScores.count, n = negativeScores.count
        precondition(m >= 2 && n >= 2, "DeLong's SE needs at least two positives and two negatives.")
        var rowMeans = [Double](repeating: 0, count: m), columnMeans = [Double](repeating: 0, count: n)
        for (i, p) in positiveScores.enumerated() {
            for (j, q) in negativeScores.enumerated() {
                let psi = p > q ? 1.0 : (p == q ? 0.5 : 0)
                rowMeans[i] += psi / Double(n)
                columnMeans[j] += psi / Double(m)
            }
        }
        func sampleVariance(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        }
        return (sampleVariance(rowMeans) / Double(m) + sampleVariance(columnMeans) / Double(n)).squareRoot()
    }

    /// DeLong et al.'s (1988) paired comparison of two scores on the same items: A₁ − A₂ and the
    /// standard error of the difference, √(V₁ + V₂ − 2C), where V = s²(V₁₀)/m + s²(V₀₁)/n for each
    /// score and C = cov(V₁₀¹, V₁₀²)/m + cov(V₀₁¹, V₀₁²)/n from the structural components of both.
    /// Positives (and negatives) must be listed in the same item order for both scores.
    public static func deLongPairedDifference(positiveScores first: [Double], _ second: [Double],
                                              negativeScores firstNegatives: [Double], _ secondNegatives: [Double]) -> (difference: Double, standardError: Double) {
        let m = first.count, n = firstNegatives.count
        precondition(m >= 2 && n >= 2 && second.count == m && secondNegatives.count == n, "The paired DeLong test needs the same m ≥ 2 positives and n ≥ 2 negatives for both scores.")
        func components(_ positives: [Double], _ negatives: [Double]) -> (rows: [Double], columns: [Double]) {
            var rows = [Double](repeating: 0, count: m), columns = [Double](repeating: 0, count: n)
            for (i, p) in positives.enumerated() {
                for (j, q) in negatives.enumerated() {
                    let psi = p > q ? 1.0 : (p == q ? 0.5 : 0)
                    rows[i] += psi / Double(n); columns[j] += psi / Double(m)
                }
            }
            return (rows, columns)
        }
        func covariance(_ a: [Double], _ b: [Double]) -> Double {
            let meanA = a.reduce(0, +) / Double(a.count), meanB = b.reduce(0, +) / Double(b.count)
            return zip(a, b).reduce(0) { $0 + ($1.0 - meanA) * ($1.1 - meanB) } / Double(a.count - 1)
        }
        let one = components(first, firstNegatives), two = components(second, secondNegatives)
        let variance = covariance(one.rows, one.rows) / Double(m) + covariance(one.columns, one.columns) / Double(n)
            + covariance(two.rows, two.rows) / Double(m) + covariance(two.columns, two.columns) / Double(n)
            - 2 * (covariance(one.rows, two.rows) / Double(m) + covariance(one.columns, two.columns) / Double(n))
        let difference = one.rows.reduce(0, +) / Double(m) - two.rows.reduce(0, +) / Double(m)
        return (difference, Swift.max(variance, 0).squareRoot())
    }
}
