import Foundation
import Testing
import TensorCore

/// Each chapter-4 grader must reject plausible wrong answers, not only accept the right one.
struct Chapter04WrongAnswers {
    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    @Test func wassersteinGraderRejectsW2UnsortedPairsAndTheDifferenceOfMeans() {
        // W₂: the root mean square of the sorted differences (equal to W₁ for pure shifts, not in general).
        withKnownIssue {
            try Chapter04Grading.wasserstein { a, b in Self.mean(zip(a.sorted(), b.sorted()).map { ($0.0 - $0.1) * ($0.0 - $0.1) }).squareRoot() }
        }
        // Points paired in the order they were drawn: a coupling, but not the optimal one.
        withKnownIssue { try Chapter04Grading.wasserstein { a, b in Self.mean(zip(a, b).map { abs($0.0 - $0.1) }) } }
        // |mean a − mean b|: a lower bound, exact only when one sorted sample dominates the other.
        withKnownIssue { try Chapter04Grading.wasserstein { a, b in abs(Self.mean(a) - Self.mean(b)) } }
    }

    @Test func transposedConvolutionGraderRejectsAnIgnoredStrideAFlippedKernelAndDroppedInputs() {
        /// Scatters y[i]·w[k] to position `place(i, k)` of an output of length `length`.
        func scatter(_ y: [Double], _ w: [Double], length: Int, _ place: (Int, Int) -> Int) -> [Double] {
            var x = [Double](repeating: 0, count: length)
            for i in y.indices { for k in w.indices { x[place(i, k)] += w[k] * y[i] } }
            return x
        }
        // Stride ignored: output i's window starts at i instead of i·s.
        withKnownIssue { try Chapter04Grading.transposedConvolution { y, w, _, n in scatter(y, w, length: n) { i, k in i + k } } }
        // The kernel flipped, as in a true convolution rather than the cross-correlation the forward map is.
        withKnownIssue {
            try Chapter04Grading.transposedConvolution { y, w, s, n in scatter(y, Array(w.reversed()), length: n) { i, k in i * s + k } }
        }
        // Output length (m − 1)s + K: the trailing inputs the forward map never reads are left out of Cᵀy.
        withKnownIssue {
            try Chapter04Grading.transposedConvolution { y, w, s, _ in scatter(y, w, length: (y.count - 1) * s + w.count) { i, k in i * s + k } }
        }
    }

    @Test func penalisedCriticGraderRejectsNoBiasAWrongPenaltyTheObjectiveAndALostSign() {
        // The penalty assumed to enforce the constraint exactly: s = ±1 and the estimate W₁ = |Δ|.
        withKnownIssue { try Chapter04Grading.penalisedLinearCritic { shift, _ in (shift < 0 ? -1 : 1, abs(shift)) } }
        // Penalty λ(s² − 1)² on the squared gradient: the maximiser solves |Δ| = 4λ|s|(s² − 1), found by bisection on [1, 2 + |Δ|/λ].
        withKnownIssue {
            try Chapter04Grading.penalisedLinearCritic { shift, weight in
                var (low, high) = (1.0, 2 + abs(shift) / weight)
                for _ in 0..<200 {
                    let middle = (low + high) / 2
                    if abs(shift) - 4 * weight * middle * (middle * middle - 1) > 0 { low = middle } else { high = middle }
                }
                let slope = shift < 0 ? -low : low
                return (slope, slope * shift)
            }
        }
        // The maximised objective J(s*) = |Δ| + Δ²/(4λ) reported instead of the mean difference s*·Δ.
        withKnownIssue {
            try Chapter04Grading.penalisedLinearCritic { shift, weight in
                let slope = (shift < 0 ? -1.0 : 1) * (1 + abs(shift) / (2 * weight))
                return (slope, slope * shift - weight * (abs(slope) - 1) * (abs(slope) - 1))
            }
        }
        // s* = 1 + Δ/(2λ), derived for Δ > 0 and used for every Δ.
        withKnownIssue {
            try Chapter04Grading.penalisedLinearCritic { shift, weight in
                let slope = 1 + shift / (2 * weight)
                return (slope, slope * shift)
            }
        }
    }

    @Test func quadraticPenaltyGraderRejectsSwappedMixingASquaredNormAMissingBiasAndAMissingWeight() {
        /// λ·mean g(‖∇‖) over interpolates εᵢ·first + (1 − εᵢ)·second, ∇ = Ax (+ b if `withBias`).
        func penalty(_ a: [[Double]], _ b: [Double], _ first: [[Double]], _ second: [[Double]], _ mixing: [Double], _ weight: Double,
                     withBias: Bool = true, _ term: (Double) -> Double = { ($0 - 1) * ($0 - 1) }) -> Double {
            let terms = first.indices.map { i -> Double in
                let point = zip(first[i], second[i]).map { mixing[i] * $0.0 + (1 - mixing[i]) * $0.1 }
                let gradient = a.indices.map { r in zip(a[r], point).reduce(withBias ? b[r] : 0) { $0 + $1.0 * $1.1 } }
                return term(gradient.reduce(0) { $0 + $1 * $1 }.squareRoot())
            }
            return weight * Self.mean(terms)
        }
        // ε applied to the fake point: x̂ = εx̃ + (1 − ε)x.
        withKnownIssue { try Chapter04Grading.quadraticCriticPenalty { a, b, real, fake, mixing, weight in penalty(a, b, fake, real, mixing, weight) } }
        // (‖∇f‖² − 1)²: the squared norm, which is cheaper but a different penalty.
        withKnownIssue {
            try Chapter04Grading.quadraticCriticPenalty { a, b, real, fake, mixing, weight in
                penalty(a, b, real, fake, mixing, weight) { ($0 * $0 - 1) * ($0 * $0 - 1) }
            }
        }
        // ∇f = Ax, the linear term forgotten.
        withKnownIssue {
            try Chapter04Grading.quadraticCriticPenalty { a, b, real, fake, mixing, weight in penalty(a, b, real, fake, mixing, weight, withBias: false) }
        }
        // The penalty without its weight λ.
        withKnownIssue { try Chapter04Grading.quadraticCriticPenalty { a, b, real, fake, mixing, _ in penalty(a, b, real, fake, mixing, 1) } }
    }
}
