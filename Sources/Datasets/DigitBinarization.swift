import TensorCore

extension Digits {
    /// The same images with every pixel set to 1 where its count (0…16, the number of
    /// set cells in the UCI scanner's 4×4 block) is at least `threshold`, and 0 elsewhere;
    /// labels unchanged.
    ///
    /// Binary pixels give a discrete law with exact, comparable likelihoods: a model of
    /// {0, 1}^64 assigns probabilities, not densities, so its log-likelihood in nats is
    /// bounded above by 0 and models can be ranked by it (chapter 6's MADE against
    /// independent pixels and a Bernoulli mixture). The default 8, half the range, keeps
    /// the strokes and drops the faint edges. A fixed threshold rather than random
    /// binarisation (each pixel ~ Bernoulli(count/16)) keeps the data set one fixed set.
    ///
    /// - Parameter threshold: a count in 1…16 (0 would set every pixel).
    public func binarized(threshold: Int = 8) -> Digits {
        require((1...16).contains(threshold), "Digit binarisation needs a threshold count in 1…16, got \(threshold).")
        // images holds count/16 exactly (a power-of-two scale), so comparing the rescaled
        // count with the threshold is exact.
        return Digits(images: images.map { ($0 * 16).rounded() >= Float(threshold) ? 1 : 0 }, labels: labels)
    }
}
