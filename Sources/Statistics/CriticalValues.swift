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

/// The regularized incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b), the distribution function of a Beta(a, b)
/// variable at x. Student's t tails are values of it, and unlike the Cornish–Fisher expansion it has no floor on ν.
///
/// It is the continued fraction
///
///   I_x(a, b) = xᵃ(1 − x)ᵇ / (a·B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))),
///   d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)),   d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m)),
///
/// summed by the modified Lentz method. It converges quickly only for x < (a + 1)/(a + b + 2), so above that point the
/// symmetry I_x(a, b) = 1 − I₁₋ₓ(b, a) is used instead. The relative error is about 10⁻¹³ (scipy's betainc agrees to
/// 5·10⁻¹³ over a, b in [0.05, 300]); with both a and b large it grows with |ln B(a, b)|, which the exponent carries.
///
/// - Precondition: 0 ≤ x ≤ 1, a > 0 and b > 0.
public func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    precondition(x >= 0 && x <= 1, "I_x(a, b) is defined for 0 ≤ x ≤ 1, got \(x).")
    precondition(a > 0 && b > 0, "I_x(a, b) needs a > 0 and b > 0, got a = \(a) and b = \(b).")
    return incompleteBeta(x: x, y: 1 - x, logX: log(x), logY: log1p(-x), a: a, b: b)
}

/// I_x(a, b) with y = 1 − x and both logarithms passed in, so that a caller who has them more accurately than x would
/// give them (Student's t at huge |t|, where x underflows, or near 0, where 1 − x cancels) keeps that accuracy.
private func incompleteBeta(x: Double, y: Double, logX: Double, logY: Double, a: Double, b: Double) -> Double {
    if logX == -.infinity { return 0 }
    if logY == -.infinity { return 1 }
    let swapped = x > (a + 1) / (a + b + 2)
    let (u, logU, logV, p, q) = swapped ? (y, logY, logX, b, a) : (x, logX, logY, a, b)
    let value = exp(p * logU + q * logV - logBeta(p, q)) / p * betaContinuedFraction(u, a: p, b: q)
    return swapped ? 1 - value : value
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). With one argument large the two big log-gammas nearly cancel, losing
/// ε·ln Γ (10⁻¹⁰ relative at a = 5·10⁴, a Student tail at ν = 10⁵), so there Stirling's series is subtracted termwise:
///
///   ln Γ(a) − ln Γ(a + b) = −(a − ½)·ln(1 + b/a) − b·ln(a + b) + b + ω(a) − ω(a + b),
///   ω(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷), whose next term is below 10⁻¹⁸ for z ≥ 50.
private func logBeta(_ a: Double, _ b: Double) -> Double {
    let (large, small) = (max(a, b), min(a, b))
    guard large >= 50 else { return lgamma(a) + lgamma(b) - lgamma(a + b) }
    func ω(_ z: Double) -> Double {
        let w = 1 / (z * z)
        return (1.0 / 12 - w * (1.0 / 360 - w * (1.0 / 1260 - w / 1680))) / z
    }
    let sum = large + small
    return lgamma(small) - (large - 0.5) * log1p(small / large) - small * log(sum) + small + ω(large) - ω(sum)
}

/// 1/(1 + d₁/(1 + d₂/(1 + …))) with the dⱼ above, by the modified Lentz method: the denominator g is built as a product
/// of ratios Cⱼ·Dⱼ of successive convergents (a tiny number standing in for a zero that would divide), and the loop
/// stops when a ratio is 1 to within rounding. It needs O(√max(a, b)) terms on the side of x where it is used.
private func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    var (g, c, d) = (1.0, 1.0, 0.0)
    for j in 1...100_000 {
        let m = Double(j / 2)
        let dj = j % 2 == 1 ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                            : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1 + dj * d
        if abs(d) < tiny { d = tiny }
        c = 1 + dj / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let ratio = c * d
        g *= ratio
        if abs(ratio - 1) < 1e-16 { return 1 / g }
    }
    preconditionFailure("The continued fraction for I_x(a, b) did not converge at x = \(x), a = \(a), b = \(b).")
}

/// P(T > t) for Student's t with ν degrees of freedom, any real ν > 0. Since ν/(ν + T²) is Beta(ν/2, ½) and T is
/// symmetric,
///
///   P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0,   and 1 − P(T > |t|) for t < 0.
///
/// With L = ln(t²/ν), x = 1/(1 + eᴸ) and 1 − x = 1/(1 + e⁻ᴸ), and their logarithms are −ln(1 + e^±L) taken without
/// overflow; so t² never overflows (the tail stays right out to the largest Double) and small |t| does not cancel.
///
/// - Precondition: ν > 0 and finite; t is not NaN.
public func studentTUpperTail(_ t: Double, degreesOfFreedom ν: Double) -> Double {
    precondition(ν > 0 && ν.isFinite, "Student's t needs a positive, finite number of degrees of freedom, got \(ν).")
    precondition(!t.isNaN, "The point at which the tail is taken is NaN.")
    if t == 0 { return 0.5 }
    let logRatio = 2 * log(abs(t)) - log(ν)
    func logOnePlusExp(_ z: Double) -> Double { z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)) }
    let (logX, logY) = (-logOnePlusExp(logRatio), -logOnePlusExp(-logRatio))
    let tail = incompleteBeta(x: exp(logX), y: exp(logY), logX: logX, logY: logY, a: ν / 2, b: 0.5) / 2
    return t > 0 ? tail : 1 - tail
}

/// The t with P(T > t) = `upperTail` for Student's t with ν degrees of freedom, exact for any real ν > 0. This is the
/// one to use for few degrees of freedom — a Welch t over a handful of training seeds, whose ν is small and not a whole
/// number — where the `Int` version's Cornish–Fisher expansion (held to ν ≥ 10) is off by percents.
///
/// The tail falls monotonically in t, so the root is bracketed by doubling from t = 1 (the tails are heavy, like t⁻ᵛ:
/// at ν = 1 and 10⁻⁴ the value is 3183) and then bisected until the bracket cannot shrink in floating point. Its
/// accuracy is that of `studentTUpperTail`, about 10⁻¹³ relative in t. A quantile beyond the largest Double is +∞.
/// Tails above ½ use t(p) = −t(1 − p), where 1 − p is exact.
///
/// - Precondition: ν > 0 and finite, and 0 < upperTail < 1.
public func studentTQuantile(upperTail: Double, degreesOfFreedom ν: Double) -> Double {
    precondition(ν > 0 && ν.isFinite, "Student's t needs a positive, finite number of degrees of freedom, got \(ν).")
    precondition(upperTail > 0 && upperTail < 1, "A tail probability lies strictly between 0 and 1, got \(upperTail).")
    if upperTail == 0.5 { return 0 }
    if upperTail > 0.5 { return -studentTQuantile(upperTail: 1 - upperTail, degreesOfFreedom: ν) }
    var (low, high) = (0.0, 1.0)
    while studentTUpperTail(high, degreesOfFreedom: ν) > upperTail {
        if high > .greatestFiniteMagnitude / 2 { return .infinity }
        (low, high) = (high, 2 * high)
    }
    for _ in 0..<200 {
        let middle = low + (high - low) / 2
        if middle == low || middle == high { break }
        if studentTUpperTail(middle, degreesOfFreedom: ν) > upperTail { low = middle } else { high = middle }
    }
    return low + (high - low) / 2
}

/// The Welch–Satterthwaite degrees of freedom for the difference of two sample means with unequal variances,
///
///   ν = (s₁²/n₁ + s₂²/n₂)² / [(s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1)],
///
/// the ν of the scaled χ² whose first two moments match those of the estimated variance s₁²/n₁ + s₂²/n₂. It lies between
/// min(n₁, n₂) − 1 and n₁ + n₂ − 2 and is seldom a whole number, hence the `Double` `studentTQuantile`. With both
/// variances 0 the ratio is 0/0 and n₁ + n₂ − 2, its value for equal variances and counts, is returned.
///
/// - Precondition: both counts are at least 2 and both variances are non-negative.
public func welchDegreesOfFreedom(varianceA: Double, countA: Int, varianceB: Double, countB: Int) -> Double {
    precondition(countA >= 2 && countB >= 2, "Each sample needs at least two values for a variance, got \(countA) and \(countB).")
    precondition(varianceA >= 0 && varianceB >= 0, "Variances are non-negative, got \(varianceA) and \(varianceB).")
    if varianceA == 0 && varianceB == 0 { return Double(countA + countB - 2) }
    let (shareA, shareB) = (varianceA / Double(countA), varianceB / Double(countB))
    let total = shareA + shareB
    return total * total / (shareA * shareA / Double(countA - 1) + shareB * shareB / Double(countB - 1))
}
