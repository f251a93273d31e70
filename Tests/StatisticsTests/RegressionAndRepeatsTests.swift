import Foundation
import Testing
import Statistics

@Suite struct LeastSquaresLineTests {
    /// x = [0, 1, 2, 3], y = [1, 3, 2, 5]: Sxx = 5, Sxy = 5.5, so slope = intercept = 1.1; residuals
    /// (−0.1, 0.8, −1.3, 0.6) give s² = 2.7/2 = 1.35, SE(slope) = √(1.35/5), SE(intercept) = √(1.35·(1/4 + 2.25/5)).
    @Test func coefficientsAndStandardErrorsMatchHandValues() {
        let line = LeastSquaresLine(x: [0, 1, 2, 3], y: [1, 3, 2, 5])
        #expect(abs(line.slope - 1.1) < 1e-14 && abs(line.intercept - 1.1) < 1e-14)
        #expect(abs(line.residualVariance - 1.35) < 1e-13)
        #expect(abs(line.slopeStandardError - 0.27.squareRoot()) < 1e-13)
        #expect(abs(line.interceptStandardError - 0.945.squareRoot()) < 1e-13)
        #expect(abs(line(2) - 3.3) < 1e-13)
    }

    @Test func anExactLineHasZeroStandardErrors() {
        let line = LeastSquaresLine(x: [-1, 0, 2, 5], y: [-1, 1, 5, 11])
        #expect(abs(line.slope - 2) < 1e-14 && abs(line.intercept - 1) < 1e-14 && line.slopeStandardError < 1e-7)
    }

    /// With noise of standard deviation 0.5 on a fixed design, the slope scatters by σ/√Sxx
    /// across repeats, and the average reported SE is close to it.
    @Test func slopeStandardErrorPredictsTheSpreadOfSlopes() {
        var generator = SplitMix(seed: 5)
        let x = (0..<12).map { Double($0) / 3 }
        let meanX = x.mean
        let sxx = x.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        let lines = (0..<4_000).map { _ in LeastSquaresLine(x: x, y: x.map { 0.7 - 1.3 * $0 + 0.5 * generator.normal() }) }
        let slopes = lines.map(\.slope)
        #expect(abs(slopes.standardDeviation / (0.5 / sxx.squareRoot()) - 1) < 0.05)
        #expect(abs(slopes.mean + 1.3) < 5 * 0.5 / sxx.squareRoot() / 4_000.0.squareRoot())
        // E[s²] = σ² exactly, so the reported SEs square-average to σ²/Sxx.
        let meanReportedVariance = lines.map { $0.slopeStandardError * $0.slopeStandardError }.mean
        #expect(abs(meanReportedVariance / (0.25 / sxx) - 1) < 0.05)
    }
}

@Suite struct RepeatedMeasurementTests {
    /// [1, 2, 3, 4]: mean 2.5, spread √(5/3), SE √(5/3)/2.
    @Test func summaryOfRepeatsMatchesHandValues() {
        let measurement = RepeatedMeasurement(repeats: 4) { Double($0 + 1) }
        #expect(measurement.values == [1, 2, 3, 4])
        #expect(measurement.mean == 2.5)
        #expect(abs(measurement.spread - (5.0 / 3).squareRoot()) < 1e-14)
        #expect(abs(measurement.standardError - (5.0 / 3).squareRoot() / 2) < 1e-14)
    }

    /// (6 ± 0.3)/(2 ± 0.1): R = 3, SE = √((0.3/2)² + (6·0.1/4)²) = √0.045.
    @Test func ratioDeltaMethodMatchesHandValue() {
        let ratio = RatioOfMeans(numerator: 6, numeratorStandardError: 0.3, denominator: 2, denominatorStandardError: 0.1)
        #expect(ratio.value == 3)
        #expect(abs(ratio.standardError - 0.045.squareRoot()) < 1e-14)
    }

    /// Ratios of independent noisy averages scatter as the delta method says (relative errors of 5%).
    @Test func ratioStandardErrorPredictsTheSpreadOfRatios() {
        var generator = SplitMix(seed: 9)
        var ratios: [Double] = [], predicted: [Double] = []
        for _ in 0..<4_000 {
            let model = RepeatedMeasurement(repeats: 8) { _ in 6 + 0.85 * generator.normal() }
            let floor = RepeatedMeasurement(repeats: 8) { _ in 2 + 0.28 * generator.normal() }
            let ratio = RatioOfMeans(model, over: floor)
            ratios.append(ratio.value)
            predicted.append(RatioOfMeans(numerator: 6, numeratorStandardError: 0.85 / 8.0.squareRoot(),
                                          denominator: 2, denominatorStandardError: 0.28 / 8.0.squareRoot()).standardError)
        }
        #expect(abs(ratios.standardDeviation / predicted[0] - 1) < 0.06)
    }
}
