import Foundation
import Testing
import TensorCore
@testable import Plotting

/// The shared figure layouts: the right panels, clipped values, and limits that show the bound.
struct FigureTemplateTests {
    @Test func densityComparisonHasTruthModelAndClippedDifference() throws {
        let grid = Grid2D(size: 6, extent: 1)
        let truth = (0..<36).map { -Double($0) / 3 }, model = truth.map { $0 + 5 }   // off by 5 nats everywhere
        let figure = Figure.densityComparison(grid, truth: truth, model: model, title: "t")
        #expect(figure.rows == 1 && figure.columns == 3)
        #expect(figure[0, 2].title == "difference (nats)")
        #expect(try figure.render(.png).count > 1_000)
    }

    @Test func qualityCurvesStartAtZeroAndReachAboveTheBound() throws {
        let series = [(name: "a", cost: [10.0, 100], mean: [0.2, 0.1], spread: [0.02, 0.01])]
        let figure = Figure.qualityAgainstCost([QualityMetricPanel(label: "SW₂", series: series, dataValue: 0.05, bounds: [0.5]),
                                                QualityMetricPanel(label: "width", series: series, dataValue: 0.1, bounds: [0.05, 0.15])],
                                               title: "q", costLabel: "NFE")
        #expect(figure.columns == 2)
        #expect(figure[0, 0].yLimits!.lowerBound == 0 && figure[0, 0].yLimits!.upperBound >= 0.5)
        #expect(try figure.render(.png).count > 1_000)
    }
}
