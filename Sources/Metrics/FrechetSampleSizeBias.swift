import Statistics
import TensorCore

/// The Fréchet distance of a model measured at several sample sizes and extrapolated
/// to infinitely many samples.
///
/// Why: d² between two finite samples overestimates d² between the distributions.
/// Even two samples of one distribution have different fitted means and covariances,
/// and d² counts that difference as distance. The excess shrinks like 1/n — for two
/// samples of N(0, I_d) of size n each, E‖x̄₁ − x̄₂‖² = 2d/n exactly — so
///
///   E[d²ₙ] ≈ d²_∞ + c/n,
///
/// with c depending on the model. Two models compared at one n are ranked partly by
/// their c, which is the bias Chong & Forsyth (2020, "Effectively unbiased FID") remove
/// by fitting this line against 1/n and reading off its intercept.
public struct FrechetSampleSizeBias: Sendable {
    /// The sample size of each measurement, in the order measured.
    public let sampleSizes: [Int]
    /// d²ₙ of each measurement.
    public let distances: [Double]
    /// The least-squares line d²ₙ ≈ intercept + slope·(1/n).
    public let line: LeastSquaresLine

    /// d²_∞, the intercept of the line at 1/n = 0.
    public var infiniteSampleDistance: Double { line.intercept }
    /// The standard error of d²_∞.
    public var infiniteSampleStandardError: Double { line.interceptStandardError }
    /// c in d²ₙ ≈ d²_∞ + c/n: the bias of one measurement of size n is c/n.
    public var biasCoefficient: Double { line.slope }
    /// The standard error of c.
    public var biasCoefficientStandardError: Double { line.slopeStandardError }

    /// The fitted expectation of d² at sample size n.
    public func expectedDistance(sampleSize n: Int) -> Double { line(1 / Double(n)) }

    /// Fits the line to measurements already made.
    public init(sampleSizes: [Int], distances: [Double]) {
        require(sampleSizes.count == distances.count && sampleSizes.allSatisfy { $0 > 0 },
                "Extrapolating needs one positive sample size per distance, got \(sampleSizes.count) sizes and \(distances.count) distances.")
        require(Set(sampleSizes).count >= 2, "Extrapolating to 1/n = 0 needs at least two different sample sizes, got \(Set(sampleSizes)).")
        self.sampleSizes = sampleSizes
        self.distances = distances
        line = LeastSquaresLine(x: sampleSizes.map { 1 / Double($0) }, y: distances)
    }
}

extension FrechetDistance {
    /// Measures d² `repeats` times at each sample size and extrapolates to n → ∞.
    ///
    /// The standard errors are those of ordinary least squares, which assumes the scatter
    /// of d²ₙ about the line is the same at every n. It is not — smaller samples scatter
    /// more — so the errors are approximate; they are honest when the sizes span a factor
    /// of a few (e.g. 100 to 400), as Chong & Forsyth's do. Keep n large enough that the
    /// next term, of order 1/n², is negligible, or the intercept inherits it.
    ///
    /// - Parameters:
    ///   - sampleSizes: the sizes n to measure at (at least two different ones).
    ///   - repeats: independent measurements per size (fresh samples each time).
    ///   - distance: draws fresh samples of size n and returns their d²; called
    ///     `repeats` times per size, sizes in the order given.
    public static func extrapolatedToInfiniteSamples(sampleSizes: [Int], repeats: Int,
                                                     distance: (Int) throws -> Double) rethrows -> FrechetSampleSizeBias {
        require(repeats >= 1, "Extrapolating needs at least one repeat per sample size, got \(repeats).")
        var sizes: [Int] = [], distances: [Double] = []
        for n in sampleSizes {
            for _ in 0..<repeats {
                sizes.append(n)
                distances.append(try distance(n))
            }
        }
        return FrechetSampleSizeBias(sampleSizes: sizes, distances: distances)
    }
}
