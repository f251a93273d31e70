import Foundation
import Testing
import Metrics
import TensorCore

@Suite struct ROCCurveTests {
    /// Positives {3, 1}, negatives {2, 0}: three of the four pairs are ordered correctly.
    @Test func aSmallExampleByHand() {
        let curve = ROCCurve(positiveScores: [3, 1], negativeScores: [2, 0])
        #expect(curve.falsePositiveRates == [0, 0, 0.5, 0.5, 1])
        #expect(curve.truePositiveRates == [0, 0.5, 0.5, 1, 1])
        #expect(abs(curve.area - 0.75) < 1e-15)
        #expect(abs(AreaUnderROC.byCountingPairs(positiveScores: [3, 1], negativeScores: [2, 0]) - 0.75) < 1e-15)
    }

    /// Tied scores cross the threshold together: one diagonal step, worth ½ per tied pair.
    @Test func tiesCountOneHalf() {
        let curve = ROCCurve(positiveScores: [1, 1], negativeScores: [1])
        #expect(curve.falsePositiveRates == [0, 1] && curve.truePositiveRates == [0, 1])
        #expect(curve.area == 0.5)
        var generator = RandomGenerator(seed: 7)
        let positives = (0..<200).map { _ in (1 + generator.normalDouble()).rounded() }
        let negatives = (0..<300).map { _ in generator.normalDouble().rounded() }
        let pairs = AreaUnderROC.byCountingPairs(positiveScores: positives, negativeScores: negatives)
        #expect(abs(ROCCurve(positiveScores: positives, negativeScores: negatives).area - pairs) < 1e-12)
    }

    /// Scores N(μ, 1) against N(0, 1): P(X > Y) = Φ(μ/√2), since X − Y ~ N(μ, 2).
    @Test func binormalScoresGiveTheClosedForm() {
        var generator = RandomGenerator(seed: 8)
        let mu = 1.0
        let positives = (0..<1_000).map { _ in mu + generator.normalDouble() }
        let negatives = (0..<1_000).map { _ in generator.normalDouble() }
        let exact = 0.5 * erfc(-mu / 2)   // Φ(μ/√2) = ½ erfc(−μ/2)
        let measured = ROCCurve(positiveScores: positives, negativeScores: negatives).area
        let standardError = AreaUnderROC.deLongStandardError(positiveScores: positives, negativeScores: negatives)
        #expect(abs(measured - exact) < 4 * standardError, "AUROC \(measured) vs Φ(μ/√2) = \(exact), SE \(standardError)")
        #expect(standardError > 0.005 && standardError < 0.02)
    }

    /// Both standard errors match the spread of the AUROC over 400 independent samples of
    /// 30 positives and 200 negatives; the spread itself is known to about 1/√(2·399) = 3.5%,
    /// so 15% is more than 4 of its standard errors. Hanley & McNeil's Q₁, Q₂ are exact for
    /// exponential scores (negatives Exp(1), positives Exp(r): Q₁ = 1/(1 + 2r) = A/(2 − A),
    /// Q₂ = 2/((1 + r)(2 + r)) = 2A²/(1 + A)), so it is tested there; DeLong's needs no model
    /// and is tested on binormal scores too, where Hanley–McNeil is conservative (~30% high).
    @Test func standardErrorsMatchTheSpreadOverRepeats() {
        var generator = RandomGenerator(seed: 9)
        for exponentialScores in [true, false] {
            var areas: [Double] = [], deLong: [Double] = [], hanleyMcNeil: [Double] = []
            for _ in 0..<400 {
                let positives = (0..<30).map { _ in exponentialScores ? -log(1 - generator.uniformDouble()) / 0.3 : 1.5 + generator.normalDouble() }
                let negatives = (0..<200).map { _ in exponentialScores ? -log(1 - generator.uniformDouble()) : generator.normalDouble() }
                let area = AreaUnderROC.byCountingPairs(positiveScores: positives, negativeScores: negatives)
                areas.append(area)
                deLong.append(AreaUnderROC.deLongStandardError(positiveScores: positives, negativeScores: negatives))
                hanleyMcNeil.append(AreaUnderROC.hanleyMcNeilStandardError(area: area, positives: 30, negatives: 200))
            }
            let mean = areas.reduce(0, +) / 400
            let spread = (areas.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 399).squareRoot()
            let meanDeLong = deLong.reduce(0, +) / 400, meanHanleyMcNeil = hanleyMcNeil.reduce(0, +) / 400
            #expect(abs(meanDeLong / spread - 1) < 0.15, "DeLong SE \(meanDeLong) vs spread \(spread)")
            if exponentialScores {
                #expect(abs(mean - 1 / 1.3) < 4 * spread / 20, "mean AUROC \(mean) vs 1/(1 + r)")
                #expect(abs(meanHanleyMcNeil / spread - 1) < 0.15, "Hanley–McNeil SE \(meanHanleyMcNeil) vs spread \(spread)")
            } else {
                #expect(meanHanleyMcNeil > spread, "Hanley–McNeil is conservative for binormal scores")
            }
        }
    }

    /// A perfect or a useless score: SE 0 at A = 1, and the A = ½ formula (m + n + 1)/(12mn) for large samples.
    @Test func hanleyMcNeilLimits() {
        #expect(AreaUnderROC.hanleyMcNeilStandardError(area: 1, positives: 10, negatives: 20) == 0)
        let se = AreaUnderROC.hanleyMcNeilStandardError(area: 0.5, positives: 400, negatives: 600)
        let mannWhitney = (1_001.0 / (12 * 400 * 600)).squareRoot()
        #expect(abs(se / mannWhitney - 1) < 0.01, "\(se) vs \(mannWhitney)")
    }
}

@Suite struct NearestNeighbourClassifierTests {
    /// On a line: points 0, 1, 2 labelled 0 and 10, 11 labelled 1.
    @Test func votesOnALine() {
        let reference = Tensor(shape: [5, 1], scalars: [0, 1, 2, 10, 11])
        let labels = [0, 0, 0, 1, 1]
        let queries = Tensor(shape: [3, 1], scalars: [1.4, 9, 6.4])
        #expect(NearestNeighbourClassifier.predict(queries, reference: reference, referenceLabels: labels, neighbours: 1) == [0, 1, 1])
        // k = 3 at 9: neighbours 10, 11, 2 → label 1; at 6.4: 10 (3.6), 2 (4.4), 11 (4.6) → two 1s.
        #expect(NearestNeighbourClassifier.predict(queries, reference: reference, referenceLabels: labels, neighbours: 3) == [0, 1, 1])
        // k = 2 at 6.4 is a 1–1 tie: the closest tied label (10, label 1) wins.
        #expect(NearestNeighbourClassifier.predict(queries, reference: reference, referenceLabels: labels, neighbours: 2) == [0, 1, 1])
        #expect(NearestNeighbourClassifier.accuracy(queries, labels: [0, 1, 0], reference: reference, referenceLabels: labels, neighbours: 1) == 2.0 / 3)
    }

    /// Labels independent of the points: accuracy is chance, 1/4, within 4 binomial SEs.
    @Test func randomLabelsGiveChance() {
        var generator = RandomGenerator(seed: 10)
        let reference = Tensor.normal([600, 3], using: &generator), queries = Tensor.normal([800, 3], using: &generator)
        let referenceLabels = (0..<600).map { _ in generator.integer(below: 4) }
        let queryLabels = (0..<800).map { _ in generator.integer(below: 4) }
        let accuracy = NearestNeighbourClassifier.accuracy(queries, labels: queryLabels, reference: reference,
                                                           referenceLabels: referenceLabels, neighbours: 5)
        #expect(abs(accuracy - 0.25) < 4 * (0.25 * 0.75 / 800).squareRoot(), "accuracy \(accuracy)")
    }

    /// Two well-separated clusters are classified perfectly.
    @Test func separatedClustersAreClassifiedPerfectly() {
        var generator = RandomGenerator(seed: 11)
        let reference = Tensor.normal([200, 2], standardDeviation: 0.3, using: &generator) + Tensor(shape: [200, 2], scalars: (0..<400).map { Float($0 < 200 ? 0 : 10) })
        let referenceLabels = (0..<200).map { $0 < 100 ? 0 : 1 }
        let queries = Tensor.normal([50, 2], standardDeviation: 0.3, using: &generator) + Tensor(shape: [50, 2], scalars: (0..<100).map { Float($0 < 50 ? 0 : 10) })
        let queryLabels = (0..<50).map { $0 < 25 ? 0 : 1 }
        #expect(NearestNeighbourClassifier.accuracy(queries, labels: queryLabels, reference: reference, referenceLabels: referenceLabels, neighbours: 5) == 1)
    }
}
