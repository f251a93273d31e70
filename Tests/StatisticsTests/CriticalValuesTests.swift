import Foundation
import Statistics
import Testing

/// The critical values against exact ones (scipy.stats 1.x: norm.isf and t.isf, printed to 16 digits).
@Suite struct CriticalValuesTests {
    @Test func normalQuantileMatchesExactValues() {
        #expect(abs(standardNormalQuantile(upperTail: 0.025) - 1.9599639845400545) < 1e-10)
        #expect(abs(standardNormalQuantile(upperTail: 1e-3 / 180) - 4.394337440844413) < 1e-10)
        #expect(abs(standardNormalQuantile(upperTail: 0.5)) < 1e-12)
        #expect(abs(standardNormalQuantile(upperTail: 0.975) + 1.9599639845400545) < 1e-10)
    }

    @Test(arguments: [(0.025, 10, 2.2281388519862753), (0.025, 30, 2.042272456301238), (1e-3, 12, 3.9296332646264918),
                      (1e-6, 19, 6.723394282200186), (5.6e-6, 39, 5.035391827062592), (1e-5, 20, 5.542838633158786),
                      (5.6e-6, 1_999, 4.4037799708231855)])
    func studentQuantileIsWithinItsStatedAccuracy(tail: Double, degrees: Int, exact: Double) {
        let value = studentTQuantile(upperTail: tail, degreesOfFreedom: degrees)
        #expect(abs(value / exact - 1) < 5e-4, "t(\(degrees)) at \(tail): \(value) against \(exact)")
    }

    @Test func theNormalQuantileIsNotAStudentOne() {
        // Power: at 19 degrees of freedom the normal value would be 17% too small, far outside the stated accuracy.
        let normal = standardNormalQuantile(upperTail: 1e-6)
        #expect(abs(normal / 6.723394282200186 - 1) > 0.1)
    }

    @Test func bonferroniBoundSplitsTheRateOverBothTailsOfEveryComponent() {
        #expect(abs(largestAbsoluteStatisticBound(count: 90, familyRate: 1e-3) - standardNormalQuantile(upperTail: 1e-3 / 180)) < 1e-12)
        #expect(abs(largestAbsoluteStatisticBound(count: 90, familyRate: 1e-3, degreesOfFreedom: 39)
                    - studentTQuantile(upperTail: 1e-3 / 180, degreesOfFreedom: 39)) < 1e-12)
    }

    // I_x(a, b) from scipy.special.betainc (scipy 1.17.1), printed to 17 digits: a = 0.5, b = 3.7 near x = 0, in the
    // middle and near 1 (where the symmetric side is taken), and a few other shapes.
    @Test(arguments: [(1e-6, 0.5, 3.7, 0.002098587811762867), (0.05, 0.5, 3.7, 0.44867624529185746),
                      (0.3, 0.5, 3.7, 0.8841596865056517), (0.5, 0.5, 3.7, 0.9717834563065717),
                      (0.9, 0.5, 3.7, 0.9999410401521994), (0.999, 0.5, 3.7, 0.9999999999977465),
                      (0.999999, 0.5, 3.7, 1.0), (0.999, 3.7, 0.5, 0.9336964631770296),
                      (0.2, 5.0, 12.0, 0.20175455823462418), (0.4, 2.5, 2.5, 0.33360956282916693),
                      (0.7, 100.0, 0.5, 3.290369956902058e-17), (0.98, 100.0, 0.5, 0.04468549636263327)])
    func incompleteBetaMatchesScipy(x: Double, a: Double, b: Double, exact: Double) {
        let value = regularizedIncompleteBeta(x, a: a, b: b)
        #expect(abs(value / exact - 1) <= 1e-10, "I_\(x)(\(a), \(b)): \(value) against \(exact)")
    }

    @Test func incompleteBetaHasItsEndsAndSymmetry() {
        #expect(regularizedIncompleteBeta(0, a: 0.5, b: 3.7) == 0)
        #expect(regularizedIncompleteBeta(1, a: 0.5, b: 3.7) == 1)
        // I_x(a, b) + I₁₋ₓ(b, a) = 1, evaluated once on each side of the switch point (a + 1)/(a + b + 2).
        #expect(abs(regularizedIncompleteBeta(0.3, a: 0.5, b: 3.7) + regularizedIncompleteBeta(0.7, a: 3.7, b: 0.5) - 1) < 1e-14)
    }

    // Upper quantiles from scipy.stats.t.isf (scipy 1.17.1), printed to 17 digits: (ν, tail, t).
    static let studentQuantiles: [(Double, Double, Double)] = [
        (1.0, 0.05, 6.313751514675044), (1.0, 0.01, 31.82051595377396), (1.0, 0.001, 318.30883898555044), (1.0, 0.0001, 3183.0987571181513),
        (2.0, 0.05, 2.9199855803537256), (2.0, 0.01, 6.964556734283274), (2.0, 0.001, 22.327124770119873), (2.0, 0.0001, 70.70007107496428),
        (3.0, 0.05, 2.353363434801824), (3.0, 0.01, 4.5407028585681335), (3.0, 0.001, 10.214531852407385), (3.0, 0.0001, 22.203742273204178),
        (4.6, 0.05, 2.054407530709114), (4.6, 0.01, 3.4908023966239696), (4.6, 0.001, 6.301247340929244), (4.6, 0.0001, 10.710377887825217),
        (6.0, 0.05, 1.943180280515305), (6.0, 0.01, 3.142668403291007), (6.0, 0.001, 5.207626238725374), (6.0, 0.0001, 8.024792773116376),
        (10.0, 0.05, 1.812461122811676), (10.0, 0.01, 2.763769458112696), (10.0, 0.001, 4.143700494046589), (10.0, 0.0001, 5.693820101457513),
        (30.0, 0.05, 1.6972608865939574), (30.0, 0.01, 2.4572615424005915), (30.0, 0.001, 3.385184866829305), (30.0, 0.0001, 4.233985957272021),
        (200.0, 0.05, 1.6525081009108773), (200.0, 0.01, 2.3451370822594684), (200.0, 0.001, 3.131479814221121), (200.0, 0.0001, 3.7891207887477303)]

    @Test(arguments: studentQuantiles)
    func exactStudentQuantileAndTailMatchScipy(degrees: Double, tail: Double, exact: Double) {
        let value = studentTQuantile(upperTail: tail, degreesOfFreedom: degrees)
        #expect(abs(value / exact - 1) < 1e-8, "t(\(degrees)) at \(tail): \(value) against \(exact)")
        #expect(abs(studentTQuantile(upperTail: 1 - tail, degreesOfFreedom: degrees) / exact + 1) < 1e-8)
        let upper = studentTUpperTail(exact, degreesOfFreedom: degrees)
        #expect(abs(upper / tail - 1) < 1e-10, "P(T(\(degrees)) > \(exact)): \(upper) against \(tail)")
    }

    // Upper tails from scipy.stats.t.sf (scipy 1.17.1), printed to 17 digits: (ν, t, P(T > t)), t = −1.5 being the lower side.
    @Test(arguments: [(1.0, -1.5, 0.8128329581890011), (1.0, 0.25, 0.42202086962263063), (1.0, 7.0, 0.04516723530086655),
                      (2.0, -1.5, 0.8638034375544994), (2.0, 0.25, 0.4129611720221511), (2.0, 7.0, 0.00990197059019657),
                      (3.0, 2.0, 0.06966298427942152), (4.6, -1.5, 0.900573494957546), (4.6, 0.25, 0.4066818344031708),
                      (4.6, 2.0, 0.05344322158868087), (4.6, 7.0, 0.0006409556105260796), (6.0, 7.0, 0.00021174162621579622),
                      (10.0, 2.0, 0.03669401738537018), (10.0, 7.0, 1.8577961408428446e-05), (30.0, -1.5, 0.927967035435677),
                      (30.0, 7.0, 4.434979333610325e-08), (200.0, 0.25, 0.40142197568103216), (200.0, 7.0, 1.8947143250444713e-11)])
    func studentUpperTailMatchesScipy(degrees: Double, t: Double, exact: Double) {
        let value = studentTUpperTail(t, degreesOfFreedom: degrees)
        #expect(abs(value / exact - 1) < 1e-10, "P(T(\(degrees)) > \(t)): \(value) against \(exact)")
    }

    @Test(arguments: [0.3, 0.05, 0.01, 1e-3, 1e-4, 1e-7])
    func studentAgreesWithClosedFormsAtOneAndTwoDegrees(tail: Double) {
        // ν = 1 (Cauchy): P(T > t) = ½ − atan(t)/π, so t = tan(π(½ − p)), taken as 1/tan(πp) to avoid the cancellation
        // of π/2 − πp as p → 0 (at p = 10⁻⁷ that alone costs 3·10⁻¹⁰).
        let cauchy = 1 / tan(Double.pi * tail)
        #expect(abs(studentTQuantile(upperTail: tail, degreesOfFreedom: 1.0) / cauchy - 1) < 1e-10)
        #expect(abs(studentTUpperTail(cauchy, degreesOfFreedom: 1) / tail - 1) < 1e-10)
        // ν = 2: P(T > t) = ½ − t/(2√(t² + 2)), so t = (1 − 2p)/√(2p(1 − p)).
        let two = (1 - 2 * tail) / (2 * tail * (1 - tail)).squareRoot()
        #expect(abs(studentTQuantile(upperTail: tail, degreesOfFreedom: 2.0) / two - 1) < 1e-10)
        #expect(abs(studentTUpperTail(two, degreesOfFreedom: 2) / tail - 1) < 1e-10)
    }

    @Test(arguments: [19, 25, 40, 100, 1_000])
    func exactAndCornishFisherQuantilesAgreeFromNineteenDegrees(degrees: Int) {
        let exact = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Double(degrees))
        let expansion = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: degrees)
        #expect(abs(expansion / exact - 1) < 5e-4, "t(\(degrees)) at 10⁻³: \(expansion) against \(exact)")
    }

    @Test func anIntegerLiteralStillPicksTheExpansion() {
        // The two overloads differ by about 10⁻⁴ at ν = 10, so equality shows which one an integer literal reaches.
        let literal = studentTQuantile(upperTail: 1e-3, degreesOfFreedom: 10)
        #expect(literal == studentTQuantile(upperTail: 1e-3, degreesOfFreedom: Int(10)))
        #expect(literal != studentTQuantile(upperTail: 1e-3, degreesOfFreedom: 10.0))
    }

    @Test func welchDegreesOfFreedomMatchesHandValues() {
        // s₁² = 4, n₁ = 5, s₂² = 9, n₂ = 10: (0.8 + 0.9)² / (0.8²/4 + 0.9²/9) = 2.89/0.25 = 11.56.
        #expect(abs(welchDegreesOfFreedom(varianceA: 4, countA: 5, varianceB: 9, countB: 10) - 11.56) < 1e-12)
        // Equal variances and counts: (2s²/n)² / (2(s²/n)²/(n − 1)) = 2(n − 1).
        #expect(abs(welchDegreesOfFreedom(varianceA: 3, countA: 7, varianceB: 3, countB: 7) - 12) < 1e-12)
        #expect(welchDegreesOfFreedom(varianceA: 0, countA: 4, varianceB: 0, countB: 6) == 8)
    }

    @Test func theTwoSidedTailIsNotTheUpperOne() {
        // Power: leaving out the ½ gives P(|T| > t) = 2p, which the tolerance above (10⁻¹⁰) rejects by a factor of 10¹⁰.
        for (degrees, tail, exact) in Self.studentQuantiles {
            let twoSided = regularizedIncompleteBeta(degrees / (degrees + exact * exact), a: degrees / 2, b: 0.5)
            #expect(abs(twoSided / tail - 1) > 0.9, "ν = \(degrees), p = \(tail): \(twoSided)")
        }
    }
}

/// Welch's test against scipy.stats.ttest_ind(b, a, equal_var=False) and t.isf (scipy 1.17).
struct WelchTestTests {
    @Test func matchesScipyOnUnequalSamples() {
        let a = [12.2, 11.1, 13.0, 15.0, 13.1, 12.6], b = [32.7, 30.4, 23.7, 34.4, 31.2, 29.1, 37.7, 29.3]
        let test = WelchTest(b, a)
        #expect(abs(test.t - 11.744833129987324) < 1e-10)
        #expect(abs(test.degreesOfFreedom - 8.718405203860293) < 1e-10)
        #expect(abs(test.oneSidedBound(rate: 1e-3 / 4) - 5.3723752527805955) < 1e-8)
        // Swapping the sides flips t and keeps ν; pooling the variances (the wrong test) would give ν = 12.
        #expect(WelchTest(a, b).t == -test.t && WelchTest(a, b).degreesOfFreedom == test.degreesOfFreedom)
        #expect(abs(test.degreesOfFreedom - 12) > 1)
    }
}
