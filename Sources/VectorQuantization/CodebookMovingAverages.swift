import TensorCore
import NeuralLayers

// listing: codebook-moving-averages
/// The codebook learnt by exponential moving averages instead of by gradient (van den Oord
/// et al. 2017, appendix A.1). The codebook term ‖sg[z] − e_j‖² is smallest when e_j is the
/// mean of the vectors assigned to it, which is the k-means (Lloyd) update; this class makes
/// that update online, with a decay γ:
///
///   N_j ← γN_j + (1 − γ)n_j,   m_j ← γm_j + (1 − γ)Σ_{i: k(zᵢ) = j} zᵢ,   e_j = m_j / Ñ_j,
///
/// where n_j counts the batch's vectors that chose code j, and Ñ_j = (N_j + ε)·N_tot/(N_tot + Kε)
/// with N_tot = Σ_j N_j is N_j with Laplace smoothing (as in DeepMind's Sonnet), so that a code
/// whose count has decayed to 0 is not divided by 0. The encoder still gets the commitment
/// term; the codebook term is dropped.
public final class CodebookMovingAverages {
    /// γ: the weight of the past; 1 − γ is the weight of the current batch.
    public let decay: Double
    /// ε, the Laplace smoothing of the counts.
    public let smoothing: Double
    /// N_j, the averaged counts.
    public private(set) var counts: [Double]
    /// m_j, the averaged sums of assigned vectors, `[K, D]` in double precision.
    public private(set) var sums: [[Double]]

    /// Starts from the quantiser's current codebook: N_j = 1 and m_j = e_j, so e_j = m_j/N_j holds at the start.
    public init(for quantizer: VectorQuantizer, decay: Double = 0.99, smoothing: Double = 1e-5) {
        require(decay > 0 && decay < 1 && smoothing > 0, "The moving averages need 0 < γ < 1 and ε > 0, got γ = \(decay), ε = \(smoothing).")
        self.decay = decay
        self.smoothing = smoothing
        counts = [Double](repeating: 1, count: quantizer.codeCount)
        sums = (0..<quantizer.codeCount).map { quantizer.codebook.value.row($0).doubles }
    }

    /// One update from a batch of encoder outputs `z` (`[n, D]`) and the codes they chose;
    /// writes the new codebook into the quantiser.
    public func update(_ quantizer: VectorQuantizer, vectors z: Tensor, codes: [Int]) {
        let k = quantizer.codeCount, d = quantizer.dimension
        var batchCounts = [Double](repeating: 0, count: k), batchSums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
        for (row, code) in codes.enumerated() {
            batchCounts[code] += 1
            for j in 0..<d { batchSums[code][j] += Double(z.scalars[row * d + j]) }
        }
        for code in 0..<k {
            counts[code] = decay * counts[code] + (1 - decay) * batchCounts[code]
            for j in 0..<d { sums[code][j] = decay * sums[code][j] + (1 - decay) * batchSums[code][j] }
        }
        let total = counts.reduce(0, +)
        var codebook = quantizer.codebook.value
        for code in 0..<k {
            let smoothed = (counts[code] + smoothing) * total / (total + Double(k) * smoothing)
            for j in 0..<d { codebook.scalars[code * d + j] = Float(sums[code][j] / smoothed) }
        }
        quantizer.codebook.value = codebook
    }

    /// Puts code `code` at `vector` with a fresh average (N_j = 1, m_j = the vector): how a
    /// dead-code restart tells the averages that the code has moved.
    public func restart(_ code: Int, at vector: [Double]) {
        counts[code] = 1
        sums[code] = vector
    }
}
// end listing
