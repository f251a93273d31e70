import TensorCore
import Autodiff
import NeuralLayers

/// What quantising a batch of encoder outputs on a tape gives: the vectors the decoder sees,
/// the two codebook terms of the VQ-VAE loss, and which code each vector took.
public struct Quantization {
    /// The chosen code vectors e_{k(i)} in the forward pass, with the gradient passed straight
    /// through to the encoder outputs z_e in the backward pass (`[n, D]`).
    public let quantized: Variable
    /// Σᵢ ‖sg[z_e,i] − e_{k(i)}‖², summed over the n vectors: its gradient moves only the codebook.
    public let codebookLoss: Variable
    /// Σᵢ ‖z_e,i − sg[e_{k(i)}]‖², summed over the n vectors (before β): its gradient moves only the encoder.
    public let commitmentLoss: Variable
    /// k(i), the index of the code nearest to each vector.
    public let codes: [Int]
}

// listing: vector-quantizer
/// A codebook of K vectors e₁, …, e_K ∈ ℝᴰ and nearest-neighbour quantisation
/// (van den Oord, Vinyals & Kavukcuoglu 2017): a vector z goes to the code
///
///   k(z) = argmin_j ‖z − e_j‖²,   z_q = e_{k(z)}.
///
/// z ↦ z_q is piecewise constant, so its true derivative is zero almost everywhere and a
/// network trained through it would never learn. The *straight-through* estimator uses
/// e_{k(z)} in the forward pass and the identity in the backward pass, so the decoder's
/// gradient at z_q is handed to z unchanged. Because the codebook then gets no gradient
/// from the reconstruction, two terms are added to the loss:
///
///   ‖sg[z] − e_{k(z)}‖²  (the codebook loss: moves the chosen code towards z),
///   β‖z − sg[e_{k(z)}]‖²  (the commitment loss: keeps z near its code),
///
/// where sg[·] stops the gradient. A code that no vector chooses gets no gradient from
/// either: that is how codes die.
public final class VectorQuantizer: Layer {
    /// The codebook, one code per row, `[K, D]`.
    public let codebook: Parameter

    /// A codebook of `codeCount` codes in `dimension` dimensions, each coordinate drawn
    /// uniformly from [−scale, scale] (the common default is 1/K: every code starts near
    /// the origin).
    public init(codeCount: Int, dimension: Int, initialScale: Float, using generator: inout RandomGenerator) {
        require(codeCount >= 2 && dimension >= 1, "A codebook needs K ≥ 2 codes of dimension D ≥ 1, got K = \(codeCount), D = \(dimension).")
        codebook = Parameter((Tensor.uniform([codeCount, dimension], using: &generator) * 2 - 1) * initialScale, name: "codebook")
    }

    /// A quantiser with the given codebook `[K, D]`.
    public init(codebook vectors: Tensor) {
        require(vectors.rank == 2 && vectors.shape[0] >= 2, "A codebook is [K ≥ 2, D], got \(vectors.shape).")
        codebook = Parameter(vectors, name: "codebook")
    }

    public var parameters: [Parameter] { [codebook] }
    /// K, the number of codes.
    public var codeCount: Int { codebook.value.shape[0] }
    /// D, the dimension of a code.
    public var dimension: Int { codebook.value.shape[1] }

    /// ‖zᵢ − e_j‖² for every row of `z` (`[n, D]`) and every code, `[n, K]`, as
    /// ‖zᵢ‖² − 2 zᵢ·e_j + ‖e_j‖²: one matrix product instead of n·K difference vectors
    /// (rounding can then make a tiny distance negative; it is clamped at 0).
    public func squaredDistances(_ z: Tensor) -> Tensor {
        requireVectors(z)
        return Tensor.pairwiseSquaredDistances(z, codebook.value)
    }

    /// k(zᵢ) for every row of `z`: the nearest code, the lowest index on a tie.
    public func nearestCodes(_ z: Tensor) -> [Int] {
        let distances = squaredDistances(z), k = codeCount
        return (0..<z.rowCount).map { row in
            var best = 0, bestDistance = distances.scalars[row * k]
            for j in 1..<k where distances.scalars[row * k + j] < bestDistance { (best, bestDistance) = (j, distances.scalars[row * k + j]) }
            return best
        }
    }

    /// z_q for every row of `z`: the nearest code vectors, `[n, D]`.
    public func quantize(_ z: Tensor) -> Tensor { codebook.value.gatherRows(nearestCodes(z)) }

    /// The code vectors of given indices, `[n, D]`: the decoder's input for a code grid drawn by a prior.
    public func vectors(of codes: [Int]) -> Tensor {
        require(codes.allSatisfy { $0 >= 0 && $0 < codeCount }, "Code indices must lie in 0..<\(codeCount).")
        return codebook.value.gatherRows(codes)
    }

    /// Quantises encoder outputs `z` (`[n, D]`) on a tape: the straight-through vectors and
    /// both loss terms, with the codebook as a parameter of the tape.
    public func callAsFunction(_ z: Variable) -> Quantization {
        requireVectors(z.value)
        let codes = nearestCodes(z.value)
        let chosen = z.tape.parameter(codebook).gatherRows(codes)         // e_{k(i)}: the gradient reaches the codebook
        let codebookLoss = (chosen - z.stopGradient).squared().sum()       // ‖sg[z] − e‖²
        let commitmentLoss = (z - chosen.stopGradient).squared().sum()     // ‖z − sg[e]‖²
        return Quantization(quantized: z.straightThrough(forwardValue: chosen.value), codebookLoss: codebookLoss,
                            commitmentLoss: commitmentLoss, codes: codes)
    }
    // end listing

    func requireVectors(_ z: Tensor) {
        require(z.rank == 2 && z.columnCount == dimension, "The quantiser takes vectors [n, \(dimension)], got \(z.shape).")
    }
}
