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
}
