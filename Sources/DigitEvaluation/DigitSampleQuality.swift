import Metrics
import Statistics
import TensorCore

/// The quality of a digit generator, as every chapter from 3 on reports it: several
/// metrics on a classifier's features, each measured on fresh samples and a fresh draw
/// of real reference images in each of several repeats, with the spread kept.
///
/// What each number answers:
///
/// - `frechetDistance` — the Fréchet digit distance d² (`FrechetDigitDistance`), overall
///   closeness of the two feature clouds' means and covariances; with its mean and
///   covariance terms (location against spread).
/// - `precision`, `recall` — improved precision and recall with k = 3
///   (`ManifoldPrecisionRecall`): realistic samples against coverage of the data.
/// - `kernelDistance` — the unbiased MMD² with a Gaussian kernel on the features
///   (Gretton et al., 2012; as KID, Bińkowski et al., 2018): unlike d² it has no
///   small-sample bias, so two samples of one law give values around 0.
/// - class coverage — from the classifier's predicted digits (`ClassCoverage`): how
///   many digits appear at all, and how unevenly.
///
/// How the measurement is made honest, which is what these numbers need to be compared:
///
/// - **Same n everywhere.** d² is biased by about c/n, and the k-NN radii of precision
///   and recall shrink with n, so a model and its data floor must use the same
///   `sampleCount` — `frechetRatio(over:)` refuses otherwise.
/// - **A floor, not zero, is the target.** Two samples of real digits are not at d² = 0;
///   `dataFloor` measures real-against-real in exactly the same way, and a model is
///   reported in units of the floor's *average* (`RatioOfMeans`), never one draw of it.
/// - **Held-out reference.** The reference images should be ones neither the generator
///   nor the classifier was trained on (the held-out split): against the training
///   images, a generator that memorised them would look perfect.
/// - **Repeats see both sources of noise.** Each repeat draws new samples and a new
///   subset of the reference set, without replacement. When `sampleCount` equals the
///   reference set's size, every repeat uses the whole set, so the spread holds only
///   the generator's noise, and the values are conditional on this reference set —
///   shared by model and floor, so their comparison is still fair.
/// - **One classifier.** The features' scale is whatever training made it, so d² in
///   absolute terms differs from one classifier (one seed) to the next by a factor of
///   two or more; only numbers measured with the same classifier are comparable, and
///   the ratio to the floor is the number to carry between runs.
/// - **Fixed kernel.** The MMD bandwidth is the median pairwise feature distance of the
///   whole reference set, a function of the reference set alone, so a model and its
///   floor computed against the same reference set use the same kernel.
public struct DigitSampleQuality: Sendable {
    /// Images per set in each repeat (generated and reference alike).
    public let sampleCount: Int
    /// The Fréchet digit distance d², per repeat.
    public let frechetDistance: RepeatedMeasurement
    /// Its mean term ‖μ₁ − μ₂‖², per repeat.
    public let frechetMeanTerm: RepeatedMeasurement
    /// Its covariance term, per repeat.
    public let frechetCovarianceTerm: RepeatedMeasurement
    /// Improved precision (k = 3) on features, per repeat.
    public let precision: RepeatedMeasurement
    /// Improved recall (k = 3) on features, per repeat.
    public let recall: RepeatedMeasurement
    /// Unbiased MMD² with a Gaussian kernel of bandwidth `kernelBandwidth` on features, per repeat.
    public let kernelDistance: RepeatedMeasurement
    /// The kernel bandwidth used.
    public let kernelBandwidth: Double
    /// Digits holding at least a quarter of their expected share n/10 of the samples, per repeat.
    public let classesCovered: RepeatedMeasurement
    /// The fewest digits covered in any repeat.
    public let fewestClassesCovered: Int
    /// The total variation between the predicted digit frequencies and uniform, per repeat.
    public let totalVariationFromUniform: RepeatedMeasurement
    /// exp(entropy) of the predicted digit frequencies, per repeat.
    public let effectiveClassCount: RepeatedMeasurement
    /// How many samples the classifier assigned to each digit, summed over repeats.
    public let classCounts: [Int]

    /// Measures a generator.
    ///
    /// - Parameters:
    ///   - sampleCount: n, the images per set (at most the reference set's size).
    ///   - repeats: independent repeats, at least 2. Real-against-real d² at n = 200
    ///     scatters by about a third of its mean from repeat to repeat, so 10 repeats put
    ///     the standard error of the floor's mean near 10%.
    ///   - reference: `[m, 64]` real images to compare with, preferably held out.
    ///   - classifier: the trained classifier whose features and predictions are used.
    ///   - kernelBandwidth: the MMD bandwidth; by default the median heuristic on the
    ///     features of the whole reference set.
    ///   - sample: draws `sampleCount` generated images `[sampleCount, 64]`, pixels in
    ///     [0, 1]; called once per repeat.
    public init(sampleCount: Int, repeats: Int, reference: Tensor, classifier: DigitClassifier, kernelBandwidth: Double? = nil,
                using generator: inout RandomGenerator, sample: (inout RandomGenerator) throws -> Tensor) throws {
        require(sampleCount <= reference.rowCount,
                "Sample quality needs sampleCount ≤ the \(reference.rowCount) reference images, got \(sampleCount).")
        try self.init(sampleCount: sampleCount, repeats: repeats, classifier: classifier,
                      kernelBandwidth: kernelBandwidth ?? MaximumMeanDiscrepancy.medianHeuristic(classifier.features(reference)),
                      using: &generator) { generator in
            let generated = try sample(&generator)
            require(generated.shape == [sampleCount, reference.columnCount],
                    "The sampler must return [\(sampleCount), \(reference.columnCount)] images, got \(generated.shape).")
            return (generated, reference.randomSubset(sampleCount, using: &generator))
        }
    }

    /// Measures pairs of image sets, one pair per repeat, drawn by `draw`.
    init(sampleCount: Int, repeats: Int, classifier: DigitClassifier, kernelBandwidth bandwidth: Double,
         using generator: inout RandomGenerator, draw: (inout RandomGenerator) throws -> (generated: Tensor, real: Tensor)) throws {
        require(repeats >= 2, "A repeated measurement needs at least two repeats, got \(repeats).")
        require(sampleCount > Self.neighbours, "Sample quality needs more than \(Self.neighbours) images per set, got \(sampleCount).")
        var records: [Record] = []
        for _ in 0..<repeats {
            let (generated, real) = try draw(&generator)
            records.append(try Record(generated: generated, real: real, classifier: classifier, bandwidth: bandwidth))
        }
        self.sampleCount = sampleCount
        kernelBandwidth = bandwidth
        frechetDistance = RepeatedMeasurement(values: records.map { $0.frechet.squaredDistance })
        frechetMeanTerm = RepeatedMeasurement(values: records.map(\.frechet.meanTerm))
        frechetCovarianceTerm = RepeatedMeasurement(values: records.map(\.frechet.covarianceTerm))
        precision = RepeatedMeasurement(values: records.map(\.manifold.precision))
        recall = RepeatedMeasurement(values: records.map(\.manifold.recall))
        kernelDistance = RepeatedMeasurement(values: records.map(\.kernelDistance))
        classesCovered = RepeatedMeasurement(values: records.map { Double($0.coverage.classesCovered) })
        fewestClassesCovered = records.map(\.coverage.classesCovered).min() ?? 0
        totalVariationFromUniform = RepeatedMeasurement(values: records.map(\.coverage.totalVariationFromUniform))
        effectiveClassCount = RepeatedMeasurement(values: records.map(\.coverage.effectiveClassCount))
        classCounts = records.reduce(into: [Int](repeating: 0, count: DigitClassifier.classCount)) { total, record in
            for (digit, count) in record.coverage.counts.enumerated() { total[digit] += count }
        }
    }

    /// The model's mean d² in units of the floor's mean d², with its delta-method
    /// standard error: 1 is as good as real data can look at this n.
    ///
    /// The standard error treats the two averages as independent, which they are given
    /// the reference set: each repeat of either draws its own images. For the kernel
    /// distance use a difference instead: its floor averages about 0, so a ratio to it is
    /// meaningless.
    public func frechetRatio(over floor: DigitSampleQuality) -> RatioOfMeans {
        require(sampleCount == floor.sampleCount,
                "A Fréchet ratio needs the model and the floor at one sample size (d² is biased by about c/n), got \(sampleCount) and \(floor.sampleCount).")
        return RatioOfMeans(frechetDistance, over: floor.frechetDistance)
    }

    /// The k of precision and recall.
    public static let neighbours = 3

    /// Every metric of one repeat.
    struct Record {
        let frechet: FrechetDistance.Terms
        let manifold: ManifoldPrecisionRecall
        let kernelDistance: Double
        let coverage: ClassCoverage

        init(generated: Tensor, real: Tensor, classifier: DigitClassifier, bandwidth: Double) throws {
            let generatedFeatures = classifier.features(generated), realFeatures = classifier.features(real)
            frechet = try FrechetDistance.terms(generatedFeatures, realFeatures)
            manifold = ManifoldPrecisionRecall(real: realFeatures, generated: generatedFeatures, neighbours: DigitSampleQuality.neighbours)
            kernelDistance = MaximumMeanDiscrepancy.squared(generatedFeatures, realFeatures, bandwidth: bandwidth)
            coverage = ClassCoverage(labels: classifier.predict(generated), classCount: DigitClassifier.classCount)
        }
    }
}

extension Tensor {
    /// `count` distinct rows in random order: a subsample without replacement, so that no
    /// image appears twice in one set (a duplicate would be its own nearest neighbour at
    /// distance 0 and shrink a k-NN radius, and would count twice in a covariance).
    func randomSubset(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        require(count <= rowCount, "A subset of \(count) rows needs at least that many, got \(rowCount).")
        return gatherRows(Array(generator.permutation(rowCount).prefix(count)))
    }
}
