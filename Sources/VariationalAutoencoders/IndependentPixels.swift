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
