import Foundation

extension Tensor {
    /// log Σ exp(x) along an axis, computed stably as m + log Σ exp(x − m)
    /// with m the maximum, so no exponential overflows.
    public func logSumExp(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        let axis = normalized(axis: axis)
        let maximum = max(alongAxis: axis, keepingDimension: true)
        let shifted = (self - maximum).exp().sum(alongAxis: axis, keepingDimension: true).log() + maximum
        return keepingDimension ? shifted : shifted.reshaped(shapeAfterReducing(axis: axis, keepingDimension: false))
    }

    /// Softmax along an axis: exp(x − logsumexp(x)).
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        (self - logSumExp(alongAxis: axis, keepingDimension: true)).exp()
    }

    /// Log-softmax along an axis: x − logsumexp(x).
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        self - logSumExp(alongAxis: axis, keepingDimension: true)
    }
}

extension Tensor {
    /// Squared Euclidean distances between the rows of two matrices:
    /// `D[i, j] = ‖aᵢ − bⱼ‖²`, computed as ‖a‖² + ‖b‖² − 2abᵀ with one GEMM
    /// and clamped at zero (rounding can make the expansion slightly negative).
    public static func pairwiseSquaredDistances(_ a: Tensor, _ b: Tensor) -> Tensor {
        require(
            a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[1],
            "pairwiseSquaredDistances needs matrices with equal column counts, got \(a.shape) and \(b.shape)."
        )
        let aNorms = a.squared().sum(alongAxis: 1, keepingDimension: true)   // [n, 1]
        let bNorms = b.squared().sum(alongAxis: 1).reshaped([1, b.shape[0]])  // [1, m]
        var cross = aNorms + bNorms
        gemm(a, b, into: &cross, transposeB: true, alpha: -2, beta: 1)
        return cross.mapVectorized { $0.replacing(with: 0, where: $0 .< 0) }
    }
}
