import Foundation
import TensorCore

/// The maximum mean discrepancy with a Gaussian (RBF) kernel
/// k(x, y) = exp(−‖x − y‖² / (2h²)): the distance between the two samples'
/// mean embeddings in the kernel's feature space. Zero exactly when the
/// distributions agree (the RBF kernel is characteristic).
public enum MaximumMeanDiscrepancy {
    /// The unbiased estimate of MMD² (Gretton et al., 2012): within-sample sums
    /// leave out the diagonal, so for two samples of one distribution the
    /// estimate fluctuates around 0 and can be slightly negative.
    public static func squared(_ first: Tensor, _ second: Tensor, bandwidth: Double) -> Double {
        require(first.rank == 2 && second.rank == 2 && first.columnCount == second.columnCount,
                "MMD needs two [n, d] samples with the same d, got \(first.shape) and \(second.shape).")
        require(first.rowCount > 1 && second.rowCount > 1 && bandwidth > 0, "MMD needs at least two points per sample and a positive bandwidth.")
        let n = Double(first.rowCount), m = Double(second.rowCount)
        let withinFirst = (kernelSum(first, first, bandwidth) - n) / (n * (n - 1))
        let withinSecond = (kernelSum(second, second, bandwidth) - m) / (m * (m - 1))
        let across = kernelSum(first, second, bandwidth) / (n * m)
        return withinFirst + withinSecond - 2 * across
    }

    /// The median of the pairwise distances within `sample`: the usual bandwidth heuristic.
    public static func medianHeuristic(_ sample: Tensor) -> Double {
        let distances = Tensor.pairwiseSquaredDistances(sample, sample)
        let rows = sample.rowCount
        var offDiagonal: [Float] = []
        offDiagonal.reserveCapacity(rows * (rows - 1) / 2)
        for i in 0..<rows { for j in (i + 1)..<rows { offDiagonal.append(distances.scalars[i * rows + j]) } }
        offDiagonal.sort()
        return Double(Swift.max(offDiagonal[offDiagonal.count / 2], 0)).squareRoot()
    }

    static func kernelSum(_ a: Tensor, _ b: Tensor, _ bandwidth: Double) -> Double {
        let scale = Float(-1 / (2 * bandwidth * bandwidth))
        let kernel = (Tensor.maximum(Tensor.pairwiseSquaredDistances(a, b), Tensor(0)) * scale).exp()
        return kernel.scalars.reduce(0.0) { $0 + Double($1) }
    }
}
