import TensorCore

/// Improved precision and recall of a generative model (Kynkäänniemi et al., 2019):
/// two numbers where a single distance (Fréchet, MMD) gives one, because a model can
/// fail in two opposite ways that one distance cannot tell apart.
///
/// - **Precision** — are the samples realistic? The fraction of generated points that
///   fall inside the estimated support of the real data.
/// - **Recall** — is all of the data produced? The fraction of real points that fall
///   inside the estimated support of the generated samples.
///
/// A model that draws only the most typical digits has high precision and low recall;
/// one that spreads its samples too widely, the reverse.
///
/// The support of a point set is estimated as a union of balls: around each point, the
/// ball whose radius is the distance to its k-th nearest *other* point of the same set.
/// Dense regions get small balls and sparse regions large ones, so the estimate follows
/// the local density. Larger k gives larger balls, a more generous manifold, and both
/// numbers drift towards 1; k = 3 is the authors' recommendation. The balls are closed:
/// a point exactly on a boundary is inside.
public struct ManifoldPrecisionRecall: Sendable {
    /// The fraction of generated points inside the real manifold.
    public let precision: Double
    /// The fraction of real points inside the generated manifold.
    public let recall: Double
    /// The k used for the radii.
    public let neighbours: Int

    /// - Parameters:
    ///   - real: `[n, d]` data points (in practice classifier features, not pixels).
    ///   - generated: `[m, d]` samples, with the same d.
    ///   - k: the neighbour whose distance sets each ball's radius, 1 ≤ k < min(n, m).
    public init(real: Tensor, generated: Tensor, neighbours k: Int = 3) {
        require(real.rank == 2 && generated.rank == 2 && real.columnCount == generated.columnCount,
                "Precision and recall need [n, d] and [m, d] point sets with the same d, got \(real.shape) and \(generated.shape).")
        require(k >= 1 && k < real.rowCount && k < generated.rowCount,
                "Precision and recall need 1 ≤ k < the size of each set, got k = \(k) with \(real.rowCount) and \(generated.rowCount) points.")
        let realRadii = Self.squaredRadii(of: real, neighbours: k)
        let generatedRadii = Self.squaredRadii(of: generated, neighbours: k)
        precision = Self.fractionInside(generated, manifoldOf: real, squaredRadii: realRadii)
        recall = Self.fractionInside(real, manifoldOf: generated, squaredRadii: generatedRadii)
        neighbours = k
    }

    /// The squared radius of each point's ball: its squared distance to its k-th nearest
    /// other point of the set. The point itself is skipped by index, not by distance, so
    /// a duplicate point counts as a neighbour at distance 0.
    public static func squaredRadii(of points: Tensor, neighbours k: Int) -> [Float] {
        let n = points.rowCount
        require(k >= 1 && k < n, "The k-th nearest other point needs 1 ≤ k < \(n), got \(k).")
        let distances = Tensor.pairwiseSquaredDistances(points, points).scalars
        return (0..<n).map { row in
            kthSmallest((0..<n).lazy.filter { $0 != row }.map { distances[row * n + $0] }, k)
        }
    }

    /// The fraction of `queries` inside at least one ball: ‖q − pᵢ‖² ≤ rᵢ² for some i.
    public static func fractionInside(_ queries: Tensor, manifoldOf points: Tensor, squaredRadii: [Float]) -> Double {
        require(squaredRadii.count == points.rowCount, "One radius per manifold point is needed, got \(squaredRadii.count) for \(points.rowCount).")
        let n = points.rowCount
        let distances = Tensor.pairwiseSquaredDistances(queries, points).scalars
        let inside = (0..<queries.rowCount).filter { query in
            (0..<n).contains { distances[query * n + $0] <= squaredRadii[$0] }
        }.count
        return Double(inside) / Double(queries.rowCount)
    }

    /// The k-th smallest value (1-based), keeping only the k smallest seen so far: linear
    /// in the number of values for the small k this metric uses.
    static func kthSmallest<Values: Sequence<Float>>(_ values: Values, _ k: Int) -> Float {
        var smallest = [Float](repeating: .infinity, count: k)   // ascending
        for value in values where value < smallest[k - 1] {
            var position = k - 1
            while position > 0 && smallest[position - 1] > value {
                smallest[position] = smallest[position - 1]
                position -= 1
            }
            smallest[position] = value
        }
        return smallest[k - 1]
    }
}
