import TensorCore
import Statistics

// listing: active-units
/// Which latent dimensions a VAE uses, by the criterion of Burda et al. (2016, §5.2): unit
/// u is active if its posterior mean moves with the data,
///
///   A_u = Cov_x(E_{q(z|x)}[z_u]) > 0.01.
///
/// A collapsed unit has q(z_u | x) ≈ N(0, 1) for every x, so its posterior mean is ≈ 0
/// whatever the input and A_u ≈ 0. The threshold 0.01 is theirs; a unit can sit close
/// to it, so a count is worth reading with the activities themselves. The covariance over
/// x is the unbiased sample variance over the evaluation set.
public struct ActiveUnits: Sendable, Equatable {
    /// A_u for every unit u.
    public let activities: [Double]
    /// The threshold above which a unit counts as active.
    public let threshold: Double

    /// The activities of the columns of `posteriorMeans` (`[n, k]`, E_q[z | xᵢ] per row).
    public init(posteriorMeans: Tensor, threshold: Double = 0.01) {
        require(posteriorMeans.rank == 2 && posteriorMeans.rowCount >= 2,
                "Active units need posterior means [n, k] with n ≥ 2, got \(posteriorMeans.shape).")
        let k = posteriorMeans.columnCount
        activities = (0..<k).map { u in
            (0..<posteriorMeans.rowCount).map { Double(posteriorMeans.scalars[$0 * k + u]) }.unbiasedVariance
        }
        self.threshold = threshold
    }

    /// Whether each unit is active.
    public var isActive: [Bool] { activities.map { $0 > threshold } }
    /// The number of active units.
    public var count: Int { isActive.filter { $0 }.count }
}
// end listing

extension VariationalAutoencoder {
    /// The active units of this model on `data` (Burda et al.'s criterion, `ActiveUnits`).
    public func activeUnits(_ data: Tensor, threshold: Double = 0.01) -> ActiveUnits {
        ActiveUnits(posteriorMeans: encode(data).mean, threshold: threshold)
    }
}

extension VariationalAutoencoder {
    /// Each latent dimension's KL(q(z_u | x) ‖ N(0, 1)), averaged over the rows of `data`, in
    /// closed form (nats): the information a dimension carries, where `activeUnits` measures
    /// how much its code moves.
    public func averageKLPerDimension(_ data: Tensor) -> [Double] {
        let perRow = encode(data).klPerDimension
        return (0..<latentSize).map { u in perRow.reduce(0) { $0 + $1[u] } / Double(perRow.count) }
    }
}
