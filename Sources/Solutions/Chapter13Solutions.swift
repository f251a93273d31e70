import Foundation

/// Reference solutions of chapter 13's exercises.
public enum Chapter13Solutions {
    /// ‖z − e‖² from the differences: z − e is exact when z and e are within a factor 2 of each other
    /// (Sterbenz), so the distance errs by a few roundings of itself, not of ‖z‖².
    private static func squaredDistance(_ z: [Double], _ e: [Double]) -> Double {
        var total = 0.0
        for m in z.indices {
            let difference = z[m] - e[m]
            total += difference * difference
        }
        return total
    }

    /// k(z): a scan that replaces the best code only when another is strictly nearer, so the first of equally
    /// near codes is kept.
    private static func nearestCode(_ z: [Double], _ codebook: [[Double]]) -> Int {
        var (best, bestDistance) = (0, squaredDistance(z, codebook[0]))
        for j in 1..<codebook.count {
            let distance = squaredDistance(z, codebook[j])
            if distance < bestDistance { (best, bestDistance) = (j, distance) }
        }
        return best
    }

    /// 13.1: the nearest code of each vector, by differences rather than the expansion ‖z‖² − 2z·e + ‖e‖².
    public static func nearestCodes(vectors: [[Double]], codebook: [[Double]]) throws -> [Int] {
        vectors.map { nearestCode($0, codebook) }
    }

    /// 13.2: H = −Σ_j p_j log p_j over the codes that occur (0 log 0 = 0), and exp(H).
    public static func codebookPerplexity(codes: [Int], codeCount: Int) throws -> Double {
        var counts = [Int](repeating: 0, count: codeCount)
        for code in codes { counts[code] += 1 }
        let n = Double(codes.count)
        let entropy = -counts.reduce(0.0) { total, count in
            guard count > 0 else { return total }
            let share = Double(count) / n
            return total + share * log(share)
        }
        return exp(entropy)
    }

    /// 13.3: the batch's counts n_j and sums S_j, the two moving averages, then e_j = m_j/Ñ_j with the smoothed counts
    /// Ñ_j = (N_j + ε)·N_tot/(N_tot + Kε), which sum to N_tot = Σ_j N_j and are never 0.
    public static func movingAverageUpdate(counts: [Double], sums: [[Double]], vectors: [[Double]], codes: [Int],
                                           decay γ: Double, smoothing ε: Double) throws
        -> (counts: [Double], sums: [[Double]], codebook: [[Double]]) {
        let k = counts.count, d = sums.first?.count ?? 0
        var batchCounts = [Double](repeating: 0, count: k), batchSums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
        for (i, code) in codes.enumerated() {
            batchCounts[code] += 1
            for m in 0..<d { batchSums[code][m] += vectors[i][m] }
        }
        let newCounts = (0..<k).map { γ * counts[$0] + (1 - γ) * batchCounts[$0] }
        let newSums = (0..<k).map { c in (0..<d).map { γ * sums[c][$0] + (1 - γ) * batchSums[c][$0] } }
        let total = newCounts.reduce(0, +)
        let codebook = (0..<k).map { c -> [Double] in
            let smoothed = (newCounts[c] + ε) * total / (total + Double(k) * ε)
            return newSums[c].map { $0 / smoothed }
        }
        return (newCounts, newSums, codebook)
    }

    /// 13.4: the reconstruction term reaches z through the identity (∂L/∂z_q handed on unchanged), the codebook term
    /// gives z nothing (sg[z]), and the commitment term gives 2β(z − e_{k(z)}).
    public static func straightThroughGradient(upstream: [[Double]], vectors: [[Double]], codebook: [[Double]],
                                               beta β: Double) throws -> [[Double]] {
        vectors.indices.map { i in
            let code = codebook[nearestCode(vectors[i], codebook)]
            return vectors[i].indices.map { m in upstream[i][m] + 2 * β * (vectors[i][m] - code[m]) }
        }
    }
}
