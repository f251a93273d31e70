import TensorCore

extension GaussianMixture2D {
    /// The largest relative error, over the rows of `points`, between the closed-form score
    /// and central differences of the closed-form log-density,
    /// ‖s(x) − ŝ(x)‖ / max(1, ‖s(x)‖) with ŝⱼ = (log p(x + heⱼ) − log p(x − heⱼ))/(2h):
    /// a check of the score formula against the density it claims to differentiate. In
    /// double precision the differences err by O(h²) + O(10⁻¹⁶/h), about 10⁻¹⁰ at h = 10⁻⁵.
    public func largestScoreFiniteDifferenceError(at points: Tensor, step h: Double = 1e-5) -> Double {
        (0..<points.rowCount).map { row -> Double in
            let x = Self.row(points, row)
            let (dx, dy) = (SIMD2(h, 0), SIMD2(0, h))
            let numeric = SIMD2(logDensity(x + dx) - logDensity(x - dx), logDensity(x + dy) - logDensity(x - dy)) / (2 * h)
            let exact = score(x), difference = exact - numeric
            return (difference * difference).sum().squareRoot() / Swift.max(1, (exact * exact).sum().squareRoot())
        }.max() ?? 0
    }
}
