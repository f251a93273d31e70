import Foundation
import Testing
import TensorCore

/// Each chapter-8 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter08WrongAnswers {
    /// ∫ x^k e^{−E} for k = 0…K on the grader's nodes, optionally shifted by the smallest energy.
    static func moments(_ theta: [Double], _ a: Double, _ b: Double, shifted: Bool) -> [Double] {
        let nodes = Chapter08Grading.quadratureNodes(a, b), energies = nodes.map { Chapter08Grading.energy(theta, $0.x) }
        let shift = shifted ? energies.min()! : 0
        return (0...theta.count).map { k in zip(nodes, energies).reduce(0) { $0 + $1.0.w * pow($1.0.x, Double(k)) * exp(shift - $1.1) } }
    }

    /// (1/(b − a))∫ₐᵇ x^k dx.
    static func uniformMean(k: Int, _ a: Double, _ b: Double) -> Double {
        let power = Double(k + 1)
        return (pow(b, power) - pow(a, power)) / (power * (b - a))
    }

    @Test func logPartitionGradientGraderRejectsAFlippedSignNoNormalisationAndAUniformAverage() {
        // +𝔼[x^k]: the sign of ∇ log Z = −𝔼[∇E] lost.
        withKnownIssue {
            try Chapter08Grading.logPartitionGradient { theta, a, b in let m = Self.moments(theta, a, b, shifted: true); return m.dropFirst().map { $0 / m[0] } }
        }
        // −∫ x^k e^{−E} dx: the division by Z forgotten (and e^{800} overflows).
        withKnownIssue { try Chapter08Grading.logPartitionGradient { theta, a, b in Self.moments(theta, a, b, shifted: false).dropFirst().map { -$0 } } }
        // −(1/(b − a))∫ x^k dx: the uniform law on [a, b], as if θ were 0.
        withKnownIssue { try Chapter08Grading.logPartitionGradient { theta, a, b in (1...theta.count).map { -Self.uniformMean(k: $0, a, b) } } }
    }

    /// The mean of x^k over a sample, k = 1…K.
    static func meanPowers(_ sample: [Double], _ powers: Int) -> [Double] {
        (1...powers).map { k in sample.reduce(0) { $0 + pow($1, Double(k)) } / Double(sample.count) }
    }

    @Test func contrastiveGraderRejectsAFlippedSignNoNegativePhaseAndAPooledMean() {
        // +mean_data − mean_negatives: descent instead of ascent.
        withKnownIssue {
            try Chapter08Grading.contrastiveGradient { data, negatives, powers in
                zip(Self.meanPowers(data, powers), Self.meanPowers(negatives, powers)).map { $0.0 - $0.1 }
            }
        }
        // The positive phase alone: −mean_data(x^k).
        withKnownIssue { try Chapter08Grading.contrastiveGradient { data, _, powers in Self.meanPowers(data, powers).map { -$0 } } }
        // Data and negatives pooled into one sample, with the negative sign of the data.
        withKnownIssue { try Chapter08Grading.contrastiveGradient { data, negatives, powers in Self.meanPowers(data + negatives, powers).map { -$0 } } }
    }

    /// Bisection of a decreasing variance against m2 on (0, 2/ε).
    static func bisect(_ m2: Double, _ epsilon: Double, _ variance: (Double) -> Double) -> Double {
        var (low, high) = (0.0, 2 / epsilon)
        for _ in 0..<200 { let middle = (low + high) / 2; if variance(middle) > m2 { low = middle } else { high = middle } }
        return (low + high) / 2
    }

    @Test func langevinGraderRejectsTheChainIgnoredAFirstPowerRecursionAndTheLargerRoot() {
        // θ = 1/m2: the exact model's answer, as if the negatives were exact samples.
        withKnownIssue { try Chapter08Grading.langevinFixedPoint { m2, _, _, _ in 1 / m2 } }
        // v_k = a·v_{k−1} + ε: the contraction applied to the variance once instead of squared (v_∞ = 2/θ).
        withKnownIssue {
            try Chapter08Grading.langevinFixedPoint { m2, epsilon, steps, start in
                Self.bisect(m2, epsilon) { theta in
                    let a = 1 - epsilon * theta / 2
                    return steps.map { (0..<$0).reduce(start) { v, _ in a * v + epsilon } } ?? epsilon / (1 - a)
                }
            }
        }
        // The larger root 2(1 + √(1 − ε/m2))/ε for the stationary law: the same variance, from an oscillating chain.
        withKnownIssue {
            try Chapter08Grading.langevinFixedPoint { m2, epsilon, steps, start in
                steps == nil ? 2 * (1 + (1 - epsilon / m2).squareRoot()) / epsilon
                    : Self.bisect(m2, epsilon) { Chapter08Grading.chainVariance($0, epsilon, steps!, start) }
            }
        }
    }

    /// (log|B| + log mean e^{sᵢ}, sd(w)/(mean(w)√n)) with optional slips, shifted by the largest sᵢ unless `naive`.
    static func estimate(_ s: [Double], _ volume: Double, withVolume: Bool = true, jensen: Bool = false, divideByMean: Bool = true,
                         naive: Bool = false) -> (logPartition: Double, standardError: Double) {
        let n = Double(s.count), shift = naive ? 0 : s.max()!
        let w = s.map { exp($0 - shift) }, mean = w.reduce(0, +) / n
        let sd = (w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let logMean = jensen ? s.reduce(0, +) / n : shift + log(mean)
        let unscaled = exp(shift) * sd / n.squareRoot()
        return ((withVolume ? log(volume) : 0) + logMean, divideByMean ? sd / (mean * n.squareRoot()) : unscaled)
    }

    @Test func uniformSamplingGraderRejectsNoVolumeJensenAnUnscaledErrorAndOverflow() {
        // log mean e^{−E}: the region's volume |B| left out.
        withKnownIssue { try Chapter08Grading.logPartitionByUniformSampling { Self.estimate($0, $1, withVolume: false) } }
        // mean of −E instead of log of the mean of e^{−E}: biased low by Jensen's inequality.
        withKnownIssue { try Chapter08Grading.logPartitionByUniformSampling { Self.estimate($0, $1, jensen: true) } }
        // sd(w)/√n: the standard error of Ẑ/|B|, not of log Ẑ.
        withKnownIssue { try Chapter08Grading.logPartitionByUniformSampling { Self.estimate($0, $1, divideByMean: false) } }
        // e^{−E} taken as it is: +∞ once −E passes 709.
        withKnownIssue { try Chapter08Grading.logPartitionByUniformSampling { Self.estimate($0, $1, naive: true) } }
    }
}
