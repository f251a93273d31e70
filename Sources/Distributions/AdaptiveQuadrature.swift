import Foundation
import TensorCore

/// Globally adaptive Gauss–Kronrod quadrature (the QAG algorithm of QUADPACK, Piessens
/// et al. 1983, with the 7/15-point pair): integrate on the interval, and while the
/// estimated error exceeds the tolerance, bisect the interval whose error is largest.
///
/// On each interval the 15-point Kronrod rule K₁₅ (exact to degree 22) gives the value
/// and the embedded 7-point Gauss rule G₇ (exact to degree 13), which reuses 7 of the
/// 15 nodes, measures the error. |K₁₅ − G₇| is really the error of G₇ and grossly
/// overstates that of K₁₅, so QUADPACK rescales it,
///
///   ε = I_asc · min(1, (200·|K₁₅ − G₇| / I_asc)^{3/2}),  I_asc ≈ ∫|f − mean f|,
///
/// and never reports less than 50·ε·∫|f| (ε = 2⁻⁵², the spacing of doubles at 1) per interval, the rounding floor
/// of a 15-term sum. This estimate is empirical, not a proof; the tests check it against
/// integrals known in closed form and against a much finer fixed rule.
public enum AdaptiveQuadrature {
    /// The value of an integral and the estimated bound on its absolute error.
    public struct Result: Sendable {
        /// The estimate of ∫ₐᵇ f.
        public let value: Double
        /// The estimated bound on |value − ∫ₐᵇ f|: the sum of the intervals' estimates.
        public let errorEstimate: Double
        /// How many intervals the range ended cut into.
        public let intervals: Int
        /// Whether the tolerance was met within the allowed number of intervals.
        public let converged: Bool
    }

    /// ∫ₐᵇ f to within max(`absoluteTolerance`, `relativeTolerance`·|∫f|), by bisection of
    /// the worst interval, with at most `maximumIntervals` intervals. If the limit is hit
    /// the result says so (`converged` false) with its error estimate, rather than stop.
    ///
    /// Relative tolerances much below 10⁻¹³ cannot be met (the rounding floor above).
    public static func integrate(
        from lower: Double, to upper: Double, relativeTolerance: Double = 1e-12, absoluteTolerance: Double = 0,
        maximumIntervals: Int = 500, _ function: (Double) -> Double
    ) -> Result {
        require(lower.isFinite && upper.isFinite, "Adaptive quadrature needs a finite interval, got [\(lower), \(upper)].")
        require(relativeTolerance >= 0 && absoluteTolerance >= 0 && relativeTolerance + absoluteTolerance > 0,
                "Adaptive quadrature needs a positive tolerance, got relative \(relativeTolerance) and absolute \(absoluteTolerance).")
        if lower == upper { return Result(value: 0, errorEstimate: 0, intervals: 0, converged: true) }
        var pieces = [kronrod15(function, lower, upper)]
        var value = pieces[0].value, error = pieces[0].error
        while error > Swift.max(absoluteTolerance, relativeTolerance * Swift.abs(value)) {
            if pieces.count >= maximumIntervals {
                return Result(value: value, errorEstimate: error, intervals: pieces.count, converged: false)
            }
            let worst = pieces.indices.max { pieces[$0].error < pieces[$1].error }!
            let piece = pieces[worst]
            let middle = 0.5 * (piece.lower + piece.upper)
            // An interval too short to split further in floating point: accept what we have.
            if middle <= Swift.min(piece.lower, piece.upper) || middle >= Swift.max(piece.lower, piece.upper) {
                return Result(value: value, errorEstimate: error, intervals: pieces.count, converged: false)
            }
            let left = kronrod15(function, piece.lower, middle), right = kronrod15(function, middle, piece.upper)
            pieces[worst] = left
            pieces.append(right)
            // Re-summed rather than updated, so no rounding drift accumulates.
            value = pieces.reduce(0) { $0 + $1.value }
            error = pieces.reduce(0) { $0 + $1.error }
        }
        return Result(value: value, errorEstimate: error, intervals: pieces.count, converged: true)
    }

    struct Piece {
        let lower: Double, upper: Double, value: Double, error: Double
    }

    // The 15 Kronrod nodes on [0, 1] (symmetric; the last is the centre). The odd-indexed
    // ones (1, 3, 5) and the centre are the 7 Gauss nodes. From QUADPACK's qk15.
    static let kronrodNodes: [Double] = [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0,
    ]
    static let kronrodWeights: [Double] = [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ]
    // The Gauss weights of nodes 1, 3, 5 and of the centre.
    static let gaussWeights: [Double] = [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ]

    /// K₁₅ on [a, b] with QUADPACK's error estimate (see the type's comment).
    static func kronrod15(_ function: (Double) -> Double, _ lower: Double, _ upper: Double) -> Piece {
        let centre = 0.5 * (lower + upper), halfLength = 0.5 * (upper - lower)
        let centreValue = function(centre)
        var kronrod = centreValue * kronrodWeights[7], gauss = centreValue * gaussWeights[3]
        var absolute = Swift.abs(kronrod)
        var left = [Double](repeating: 0, count: 7), right = [Double](repeating: 0, count: 7)
        for j in 0..<7 {
            let offset = halfLength * kronrodNodes[j]
            left[j] = function(centre - offset)
            right[j] = function(centre + offset)
            kronrod += kronrodWeights[j] * (left[j] + right[j])
            absolute += kronrodWeights[j] * (Swift.abs(left[j]) + Swift.abs(right[j]))
            if j % 2 == 1 { gauss += gaussWeights[j / 2] * (left[j] + right[j]) }
        }
        let mean = 0.5 * kronrod
        var deviation = kronrodWeights[7] * Swift.abs(centreValue - mean)
        for j in 0..<7 { deviation += kronrodWeights[j] * (Swift.abs(left[j] - mean) + Swift.abs(right[j] - mean)) }
        let scale = Swift.abs(halfLength)
        deviation *= scale
        absolute *= scale
        var error = Swift.abs((kronrod - gauss) * halfLength)
        if deviation != 0 && error != 0 { error = deviation * Swift.min(1, Foundation.pow(200 * error / deviation, 1.5)) }
        error = Swift.max(50 * Double.ulpOfOne * absolute, error)
        return Piece(lower: lower, upper: upper, value: kronrod * halfLength, error: error)
    }
}
