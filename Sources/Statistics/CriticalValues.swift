import Foundation

// Critical values for the checks' bounds, so that a bound like "largest |z| of 90 components ≤ c" states its
// false-alarm rate instead of borrowing a number.

/// The z with P(Z > z) = `upperTail` for a standard normal Z, by bisection on ½·erfc(z/√2), which is monotone;
/// accurate to about 10⁻¹² in z.
///
/// - Precondition: 0 < upperTail < 1.
public func standardNormalQuantile(upperTail: Double) -> Double {
    precondition(upperTail > 0 && upperTail < 1, "A tail probability lies strictly between 0 and 1, got \(upperTail).")
    var (low, high) = (-40.0, 40.0)
    for _ in 0..<200 {
        let middle = (low + high) / 2
        if erfc(middle / 2.0.squareRoot()) / 2 > upperTail { low = middle } else { high = middle }
    }
    return (low + high) / 2
}

/// The t with P(T > t) = `upperTail` for Student's t with ν degrees of freedom, by the Cornish–Fisher expansion
/// about the normal quantile z (Abramowitz & Stegun 26.7.5):
///
///   t ≈ z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²) + (3z⁷ + 19z⁵ + 17z³ − 15z)/(384ν³)
///         + (79z⁹ + 776z⁷ + 1482z⁵ − 1920z³ − 945z)/(92160ν⁴).
///
/// Its relative error is below 5·10⁻⁴ for ν ≥ 19 with tails down to 10⁻⁶ and for ν ≥ 10 with tails down to 10⁻³; it
/// grows in the far tail of few degrees of freedom (0.4% at ν = 10, 10⁻⁶). StatisticsTests compares it with exact values.
///
/// - Precondition: ν ≥ 10 and 0 < upperTail < 1.
public func studentTQuantile(upperTail: Double, degreesOfFreedom ν: Int) -> Double {
    precondition(ν >= 10, "The expansion is held to ν ≥ 10 degrees of freedom, got \(ν).")
    let z = standardNormalQuantile(upperTail: upperTail), n = Double(ν)
    let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z
    return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n)
        + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92_160 * n * n * n * n)
}

/// The bound c for "the largest |t| of `count` components (independent or not), each on ν degrees of freedom, is ≤ c" whose
/// false-alarm probability is at most `familyRate` (Bonferroni: each two-sided tail gets familyRate/count).
/// ν = nil uses the normal limit.
public func largestAbsoluteStatisticBound(count: Int, familyRate: Double, degreesOfFreedom ν: Int? = nil) -> Double {
    let tail = familyRate / Double(2 * count)
    return ν.map { studentTQuantile(upperTail: tail, degreesOfFreedom: $0) } ?? standardNormalQuantile(upperTail: tail)
}
