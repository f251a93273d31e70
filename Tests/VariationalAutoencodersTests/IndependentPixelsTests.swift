import Foundation
import Testing
import TensorCore
import VariationalAutoencoders

/// The two baselines with no latent variable: each is a normalised law over the images, and the histogram is the
/// add-one smoothed frequency of each pixel's level.
struct IndependentPixelsTests {
    /// All 17² images of two pixels, in [0, 1] steps of 1/16.
    let everyTwoPixelImage: Tensor = {
        var scalars: [Float] = []
        for index in 0..<289 { scalars += [Float(index / 17) / 16, Float(index % 17) / 16] }
        return Tensor(shape: [289, 2], scalars: scalars)
    }()
    let training = Tensor(shape: [4, 2], scalars: [0, 1, 0, 1, 1, 0.5, 0, 1])

    @Test func theHistogramLawSumsToOneOverEveryImage() {
        let total = independentLevelsLogLikelihood(everyTwoPixelImage, trainingImages: training).reduce(0) { $0 + exp($1) }
        #expect(abs(total - 1) < 1e-12)
    }

    @Test func theHistogramIsTheAddOneSmoothedFrequency() {
        // Pixel 0 is 0 in three of four training images: (3 + 1)/(4 + 17). Pixel 1 is 1 (level 16) in three: (3 + 1)/21.
        let logP = independentLevelsLogLikelihood(Tensor(shape: [1, 2], scalars: [0, 1]), trainingImages: training)[0]
        #expect(abs(logP - 2 * log(4.0 / 21)) < 1e-12)
        // A level never seen at a pixel keeps the added one: pixel 0 at level 8 is 1/21, pixel 1 at 0.5 (level 8) is 2/21.
        let unseen = independentLevelsLogLikelihood(Tensor(shape: [1, 2], scalars: [0.5, 0.5]), trainingImages: training)[0]
        #expect(abs(unseen - (log(1.0 / 21) + log(2.0 / 21))) < 1e-12)
    }

    @Test func theBinomialBaselineSumsToOneOverEveryImage() {
        let total = DecoderLikelihood.digits.independentPixelLogLikelihood(everyTwoPixelImage, trainingImages: training).reduce(0) { $0 + exp($1) }
        #expect(abs(total - 1) < 1e-6)
    }
}
