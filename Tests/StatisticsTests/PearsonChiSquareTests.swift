import Foundation
import Testing
import TensorCore
@testable import Statistics

/// Pearson's χ²: the statistic by hand, cells dropped below the minimum, and the
/// Wilson–Hilferty critical values against exact χ² quantiles (scipy.stats.chi2.ppf).
@Suite struct PearsonChiSquareTests {
    @Test func statisticByHandAndSmallCellsDropped() {
        let test = PearsonChiSquare(observed: [12, 8, 30, 1], expected: [10, 10, 30, 2])
        // The last cell (expected 2 < 5) is pooled alone, still too small, and left out: (2² + 2²)/10 + 0 = 0.8 on 2 degrees of freedom.
        #expect(abs(test.statistic - 0.8) < 1e-12)
        #expect(test.degreesOfFreedom == 2)
        #expect(abs(test.standardizedExcess - (0.8 - 2) / 2) < 1e-12)
    }

    @Test func smallCellsArePooled() {
        // Cells expected 2 and 3 pool into one expected 5, observed 9: (9 − 5)²/5 = 3.2 added, 3 degrees of freedom.
        let test = PearsonChiSquare(observed: [12, 8, 4, 5], expected: [10, 10, 2, 3])
        #expect(abs(test.statistic - (0.4 + 0.4 + 3.2)) < 1e-12)
        #expect(test.degreesOfFreedom == 2)
    }

    @Test func criticalValuesMatchExactQuantilesWithinOneAndAHalfPercent() {
        // Upper 10⁻⁴ quantiles of χ²_ν, from scipy.stats.chi2.ppf(1 − 1e−4, ν).
        let exact: [(Int, Double)] = [(10, 35.564013941952396), (31, 69.10569228986758), (59, 108.16339913268519), (100, 161.31865695904807)]
        for (ν, quantile) in exact {
            let approximation = PearsonChiSquare.criticalValue(degreesOfFreedom: ν)
            #expect(abs(approximation / quantile - 1) < 0.015, "ν = \(ν): \(approximation) against \(quantile)")
        }
    }
}
