// Chapter 1 — Autoencoders. Replace each `throw NotAttempted()` with your
// implementation, then run `swift test --filter Chapter01` to have it graded.

public enum Chapter01Exercises {
    /// Exercise 1.1 — The error of the best linear code.
    /// `eigenvalues` are the covariance eigenvalues of d-dimensional centred data
    /// (any order). Return the mean squared error per coordinate of the best
    /// rank-k linear reconstruction.
    public static func pcaReconstructionError(eigenvalues: [Double], rank k: Int) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 1.2 — Probabilistic PCA's noise variance.
    /// Return the maximum-likelihood σ² for a k-dimensional latent space.
    public static func ppcaNoiseVariance(eigenvalues: [Double], latentDimension k: Int) throws -> Double {
        throw NotAttempted()
    }

    /// Exercise 1.3 — AUROC by ranks.
    /// Return P(score of a random anomaly > score of a random normal item), ties counting ½.
    public static func auroc(anomalyScores: [Double], normalScores: [Double]) throws -> Double {
        throw NotAttempted()
    }
}
