import Foundation
import TensorCore

extension DecoderLikelihood {
    /// log p(x) per row of `data` under this law with no latent code at all: every pixel independent, with the
    /// probability of a dark pixel set to the training images' pixel mean (clamped to [10⁻³, 1 − 10⁻³] so that no
    /// held-out count is impossible). The baseline a latent variable model must beat: it knows where ink usually is,
    /// and nothing about any one image.
    ///
    /// - Precondition: a binomial or Bernoulli law (the ones parameterised by logits).
    public func independentPixelLogLikelihood(_ data: Tensor, trainingImages: Tensor) -> [Double] {
        require(trials != nil, "Independent pixels are defined here for the binomial and Bernoulli laws, got \(self).")
        let p = trainingImages.mean(alongAxis: 0).clamped(1e-3, 1 - 1e-3)
        let logits = (p.log() - (1 - p).log()).reshaped([1, trainingImages.columnCount])
        return logLikelihood(outputs: Tensor.concatenate(Array(repeating: logits, count: data.rowCount), alongAxis: 0), data: data)
    }
}

/// log p(x) per row of `data` with every pixel independent and categorical over its grey levels: pixel j's law is the
/// histogram of its values over the training images with add-one (Laplace) smoothing, p_j(c) = (n_j(c) + 1)/(N + L) for
/// L levels, so that a level no training image shows at that pixel keeps a probability above 0. Pixels are in [0, 1]
/// in steps of 1/(L − 1) (the digits' 17 levels: counts 0…16 over 16).
///
/// Unlike the binomial baseline this law can put almost all of a pixel's mass on 0 and on 16 at once, which the digits'
/// nearly black-and-white pixels need: it is the stronger of the two baselines with no latent variable.
public func independentLevelsLogLikelihood(_ data: Tensor, trainingImages: Tensor, levels: Int = 17) -> [Double] {
    require(data.columnCount == trainingImages.columnCount, "Data and training images need the same pixels, got \(data.shape) and \(trainingImages.shape).")
    let pixels = trainingImages.columnCount, scale = Float(levels - 1)
    let level = { (value: Float) -> Int in Swift.min(Swift.max(Int((value * scale).rounded()), 0), levels - 1) }
    var histogram = [[Double]](repeating: [Double](repeating: 1, count: levels), count: pixels)   // the added one
    for row in 0..<trainingImages.rowCount { for j in 0..<pixels { histogram[j][level(trainingImages.scalars[row * pixels + j])] += 1 } }
    let logProbabilities = histogram.map { counts in counts.map { Foundation.log($0 / Double(trainingImages.rowCount + levels)) } }
    return (0..<data.rowCount).map { row in (0..<pixels).reduce(0) { $0 + logProbabilities[$1][level(data.scalars[row * pixels + $1])] } }
}
