import Foundation
import Testing
import TensorCore
import VectorQuantization

/// T moving-average updates with one fixed batch against the closed form of the recursion,
///   N_k(T) = γᵀ + (1 − γᵀ)n_k,   m_k(T) = γᵀe_k(0) + (1 − γᵀ)S_k,
///   e_k = m_k / Ñ_k,   Ñ_k = (N_k + ε)·N/(N + Kε),   N = Σ N_k,
/// from the start N_k = 1, m_k = e_k(0), worked in Double.
struct CodebookMovingAveragesTests {
    static let (codeCount, dimension) = (4, 3)
    static let initial = TestData.normal([codeCount, dimension], seed: 41)
    static let z = TestData.normal([12, dimension], scale: 2, seed: 42)
    /// Code 3 is never chosen; the others by 5, 4 and 3 vectors (not by nearness: the update takes any codes).
    static let codes = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 0]

    /// n_k and S_k of the batch, in Double.
    static var batch: (counts: [Double], sums: [[Double]]) {
        var counts = [Double](repeating: 0, count: codeCount)
        var sums = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: codeCount)
        for (row, code) in zip(TestData.rows(z), codes) {
            counts[code] += 1
            for d in 0..<dimension { sums[code][d] += row[d] }
        }
        return (counts, sums)
    }

    /// The closed form after `steps` updates: counts, sums and codebook.
    static func closedForm(decay: Double, smoothing: Double, steps: Int) -> (counts: [Double], sums: [[Double]], codebook: [[Double]]) {
        let g = pow(decay, Double(steps)), e0 = TestData.rows(initial), (n, s) = batch
        let counts = n.map { g + (1 - g) * $0 }
        let sums = (0..<codeCount).map { k in (0..<dimension).map { g * e0[k][$0] + (1 - g) * s[k][$0] } }
        return (counts, sums, codebook(counts: counts, sums: sums, smoothing: smoothing))
    }

    static func codebook(counts: [Double], sums: [[Double]], smoothing: Double) -> [[Double]] {
        let total = counts.reduce(0, +), k = Double(counts.count)
        return zip(counts, sums).map { count, sum in
            let smoothed = (count + smoothing) * total / (total + k * smoothing)
            return sum.map { $0 / smoothed }
        }
    }

    /// The largest |a − b| / max(|b|, 1e-3) over two matrices.
    static func relativeGap(_ a: [[Double]], _ b: [[Double]]) -> Double {
        zip(a, b).flatMap { zip($0, $1) }.map { abs($0 - $1) / max(abs($1), 1e-3) }.max()!
    }

    static func run(decay: Double, smoothing: Double, steps: Int) -> (VectorQuantizer, CodebookMovingAverages) {
        let quantizer = VectorQuantizer(codebook: initial)
        let averages = CodebookMovingAverages(for: quantizer, decay: decay, smoothing: smoothing)
        for _ in 0..<steps { averages.update(quantizer, vectors: z, codes: codes) }
        return (quantizer, averages)
    }

    @Test(arguments: [(0.8, 1e-3, 1), (0.8, 1e-3, 7), (0.99, 1e-5, 25)])
    func repeatedUpdatesFollowTheClosedForm(decay: Double, smoothing: Double, steps: Int) {
        let (quantizer, averages) = Self.run(decay: decay, smoothing: smoothing, steps: steps)
        let expected = Self.closedForm(decay: decay, smoothing: smoothing, steps: steps)
        #expect(zip(averages.counts, expected.counts).allSatisfy { abs($0 - $1) <= 1e-12 * max($1, 1) }, "\(averages.counts) vs \(expected.counts)")
        #expect(Self.relativeGap(averages.sums, expected.sums) < 1e-12)
        let gap = Self.relativeGap(TestData.rows(quantizer.codebook.value), expected.codebook)
        #expect(gap < 1e-5, "codebook relative gap \(gap)")
    }

    @Test func swappingTheWeightsOfPastAndBatchWouldBeCaught() {
        // The plausible slip N ← (1 − γ)N + γn, m ← (1 − γ)m + γS, written out and run.
        let (decay, smoothing, steps) = (0.8, 1e-3, 7)
        let (n, s) = Self.batch
        var counts = [Double](repeating: 1, count: Self.codeCount), sums = TestData.rows(Self.initial)
        for _ in 0..<steps {
            for k in 0..<Self.codeCount {
                counts[k] = (1 - decay) * counts[k] + decay * n[k]
                for d in 0..<Self.dimension { sums[k][d] = (1 - decay) * sums[k][d] + decay * s[k][d] }
            }
        }
        let swapped = Self.codebook(counts: counts, sums: sums, smoothing: smoothing)
        let expected = Self.closedForm(decay: decay, smoothing: smoothing, steps: steps).codebook
        #expect(Self.relativeGap(swapped, expected) > 1e-2)
        let (quantizer, _) = Self.run(decay: decay, smoothing: smoothing, steps: steps)
        #expect(Self.relativeGap(TestData.rows(quantizer.codebook.value), swapped) > 1e-2)
        // And leaving out the Laplace smoothing shows at this ε for the unused code (γᵀ ≈ 0.21).
        let unsmoothed = Self.closedForm(decay: decay, smoothing: smoothing, steps: steps)
        let plain = zip(unsmoothed.sums, unsmoothed.counts).map { sum, count in sum.map { $0 / count } }
        #expect(Self.relativeGap(TestData.rows(quantizer.codebook.value), plain) > 1e-4)
    }

    @Test func usedCodesReachTheirClusterMeansWhileAnUnusedCodeStays() {
        // γᵀ = 0.9¹⁵⁰ ≈ 1.4e-7: the used codes have forgotten e(0); with ε = 1e-10 ≪ γᵀ the
        // unused code's count has decayed to γᵀ but e₃ = γᵀe₃(0)/Ñ₃ is still e₃(0).
        let (quantizer, averages) = Self.run(decay: 0.9, smoothing: 1e-10, steps: 150)
        let (n, s) = Self.batch, codebook = TestData.rows(quantizer.codebook.value), e0 = TestData.rows(Self.initial)
        for k in 0..<3 {
            let mean = s[k].map { $0 / n[k] }
            #expect(Self.relativeGap([codebook[k]], [mean]) < 1e-4, "code \(k): \(codebook[k]) vs mean \(mean)")
            #expect(abs(averages.counts[k] - n[k]) < 1e-5)
        }
        #expect(averages.counts[3] < 1e-6 && averages.counts[3] > 0)
        #expect(Self.relativeGap([codebook[3]], [e0[3]]) < 1e-3, "\(codebook[3]) vs \(e0[3])")
    }

    @Test func anUnusedCodeShrinksToTheOriginOnceItsCountFallsBelowTheSmoothing() {
        // The other side of the Laplace smoothing: when γᵀ ≪ ε, e₃ ≈ (γᵀ/ε)·e₃(0) → 0. The
        // code is not "kept where it was": it drifts to the origin (see the report).
        let (decay, smoothing, steps) = (0.9, 1e-5, 300)
        let (quantizer, _) = Self.run(decay: decay, smoothing: smoothing, steps: steps)
        let e3 = TestData.rows(quantizer.codebook.value)[3], e0 = TestData.rows(Self.initial)[3]
        let g = pow(decay, Double(steps))
        #expect(e3.map(abs).max()! < 1e-6 * e0.map(abs).max()!)
        for d in 0..<Self.dimension {
            let ratio = e3[d] / (e0[d] * g / (g + smoothing))
            #expect(abs(ratio - 1) < 1e-3, "column \(d): \(e3[d]) vs \(e0[d] * g / (g + smoothing))")
        }
    }

    @Test func restartResetsOneCodesAverages() {
        let (_, averages) = Self.run(decay: 0.8, smoothing: 1e-3, steps: 3)
        let before = (averages.counts, averages.sums)
        averages.restart(2, at: [1, -2, 3])
        #expect(averages.counts[2] == 1 && averages.sums[2] == [1, -2, 3])
        for k in [0, 1, 3] { #expect(averages.counts[k] == before.0[k] && averages.sums[k] == before.1[k]) }
    }
}
