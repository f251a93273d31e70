import TensorCore

/// A generator whose latent code is z ~ N(0, I) in `latentSize` dimensions: every GAN of
/// chapters 3 and 4 draws its codes the same way, here once.
public protocol GaussianLatentSpace {
    /// The size of z.
    var latentSize: Int { get }
}

extension GaussianLatentSpace {
    /// `count` latent vectors z ~ N(0, I), `[count, latentSize]`.
    public func latents(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        require(count > 0, "Asked for \(count) latent vectors; need at least one.")
        return Tensor.normal([count, latentSize], using: &generator)
    }
}
