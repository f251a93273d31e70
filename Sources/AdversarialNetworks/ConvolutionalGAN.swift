import TensorCore
import Autodiff
import NeuralLayers

// listing: convolutional-gan
/// A DCGAN-style GAN for small single-channel images (Radford et al. 2016): the generator
/// projects z to a few low-resolution feature maps and doubles their resolution twice with
/// strided transposed convolutions; the discriminator mirrors it, halving the resolution
/// twice with strided convolutions (no pooling) before one linear logit.
///
/// For 8×8 digits with pixels in [0, 1]:
///
///     G: z [n, latentSize] → linear → [n, G₀, 2, 2] → deconv(4, s2, p1) → [n, G₀/2, 4, 4] → deconv(4, s2, p1) → [n, 1, 8, 8] → sigmoid
///     D: x [n, 1, 8, 8] → conv(4, s2, p1) → [n, K₁, 4, 4] → conv(4, s2, p1) → [n, K₂, 2, 2] → linear → logit
///
/// A transposed convolution with kernel 4, stride 2 and padding 1 maps side s to
/// (s − 1)·2 − 2 + 4 = 2s, and the convolution with the same settings maps 2s back to
/// ⌊(2s + 2 − 4)/2⌋ + 1 = s, so each stage exactly doubles or halves the side.
///
/// Following Radford et al., the generator uses ReLU (here by default; SiLU is a smooth
/// alternative) and a bounded output, and the discriminator uses leaky ReLU with slope 0.2,
/// which keeps a gradient with respect to the input everywhere — the generator's only
/// learning signal. Batch normalisation, which they also use, would couple the samples of a
/// batch; in its place the generator can rescale its hidden maps pixel by pixel
/// (`normalisesGeneratorFeatures`), which on 8×8 digits keeps it from saturating its output.
///
/// Images travel as flat rows `[n, side·side]` in the trainer's layout, so the model conforms
/// to `AdversarialModel` unchanged and its samples compare directly with an MLP GAN's.
public final class ConvolutionalGAN: AdversarialModel, GaussianLatentSpace {
    /// The size of z.
    public let latentSize: Int
    /// The side of the square images (a multiple of 4).
    public let imageSide: Int
    /// Channels of the generator's first (lowest-resolution) feature maps, C.
    public let generatorChannels: Int

    /// z ↦ C feature maps of side `imageSide / 4`, flattened.
    public let projection: Linear
    /// C → C/2 channels, side doubled.
    public let generatorUpsample1: TransposedConvolution2D
    /// C/2 → 1 channel, side doubled again to `imageSide`.
    public let generatorUpsample2: TransposedConvolution2D
    /// 1 → K₁ channels, side halved.
    public let discriminatorDownsample1: Convolution2D
    /// K₁ → K₂ channels, side halved again.
    public let discriminatorDownsample2: Convolution2D
    /// K₂ maps of side `imageSide / 4`, flattened, ↦ one logit.
    public let discriminatorHead: Linear

    public let generatorActivation: Activation
    public let discriminatorActivation: Activation
    /// Whether each of the generator's hidden feature maps is rescaled, pixel by pixel, to unit
    /// root-mean-square over its channels (the "pixelwise feature normalisation" of Karras et
    /// al. 2018). A stateless stand-in for the batch normalisation Radford et al. use: it stops
    /// the generator's activations from growing until its sigmoid output saturates, the state
    /// in which the discriminator wins and the generator's gradient vanishes for good.
    public let normalisesGeneratorFeatures: Bool

    /// - Parameters:
    ///   - latentSize: the size of z (e.g. 32).
    ///   - imageSide: the side of the square single-channel images (8 for the digits).
    ///   - generatorChannels: G₀, the channels of the 2×2 maps the generator starts from (e.g. 64);
    ///     the middle stage has G₀/2 (at least 1).
    ///   - discriminatorChannels: K₁ and K₂, the channels after each strided convolution (e.g. 32, 64).
    ///   - generatorActivation: between the generator's stages (ReLU in Radford et al.).
    ///   - discriminatorActivation: between the discriminator's stages (leaky ReLU, slope 0.2).
    public init(latentSize: Int, imageSide: Int = 8, generatorChannels: Int = 64, discriminatorChannels: (Int, Int) = (32, 64),
                generatorActivation: Activation = .relu, discriminatorActivation: Activation = .leakyRelu(slope: 0.2),
                normalisesGeneratorFeatures: Bool = false, using generator: inout RandomGenerator) {
        require(latentSize > 0, "A GAN needs a positive latent size, got \(latentSize).")
        require(imageSide >= 4 && imageSide % 4 == 0,
                "The convolutional GAN halves the image side twice, so the side must be a positive multiple of 4, got \(imageSide).")
        require(generatorChannels > 0 && discriminatorChannels.0 > 0 && discriminatorChannels.1 > 0,
                "Channel counts must be positive, got \(generatorChannels) and \(discriminatorChannels).")
        self.latentSize = latentSize
        self.imageSide = imageSide
        self.generatorChannels = generatorChannels
        self.generatorActivation = generatorActivation
        self.discriminatorActivation = discriminatorActivation
        self.normalisesGeneratorFeatures = normalisesGeneratorFeatures
        let base = imageSide / 4, middle = max(1, generatorChannels / 2)
        projection = Linear(latentSize, generatorChannels * base * base, initializer: .heNormal, name: "generator.projection",
                            using: &generator)
        generatorUpsample1 = TransposedConvolution2D(inputChannels: generatorChannels, outputChannels: middle, kernelSize: 4,
                                                     stride: 2, padding: 1, name: "generator.deconv1", using: &generator)
        generatorUpsample2 = TransposedConvolution2D(inputChannels: middle, outputChannels: 1, kernelSize: 4,
                                                     stride: 2, padding: 1, initializer: .glorotUniform, name: "generator.deconv2",
                                                     using: &generator)
        discriminatorDownsample1 = Convolution2D(inputChannels: 1, outputChannels: discriminatorChannels.0, kernelSize: 4,
                                                 stride: 2, padding: 1, name: "discriminator.conv1", using: &generator)
        discriminatorDownsample2 = Convolution2D(inputChannels: discriminatorChannels.0, outputChannels: discriminatorChannels.1,
                                                 kernelSize: 4, stride: 2, padding: 1, name: "discriminator.conv2", using: &generator)
        discriminatorHead = Linear(discriminatorChannels.1 * base * base, 1, name: "discriminator.head", using: &generator)
    }

    public var generatorParameters: [Parameter] {
        projection.parameters + generatorUpsample1.parameters + generatorUpsample2.parameters
    }
    public var discriminatorParameters: [Parameter] {
        discriminatorDownsample1.parameters + discriminatorDownsample2.parameters + discriminatorHead.parameters
    }
    /// The number of pixels in an image, the width of a data row.
    public var dataSize: Int { imageSide * imageSide }

    /// G(z) on a tape: latents `[n, latentSize]` ↦ images as rows `[n, side·side]` in (0, 1).
    public func generate(from latents: Variable) -> Variable {
        require(latents.value.rank == 2 && latents.value.columnCount == latentSize,
                "The generator takes latents [n, \(latentSize)], got \(latents.shape).")
        let count = latents.shape[0], base = imageSide / 4
        let maps = normalised(generatorActivation(projection(latents)).reshaped([count, generatorChannels, base, base]))
        let upsampled = normalised(generatorActivation(generatorUpsample1(maps)))
        return generatorUpsample2(upsampled).sigmoid().reshaped([count, dataSize])
    }

    /// h / √(mean over channels of h² + 10⁻⁸) at every pixel of `[n, C, H, W]` maps, when enabled.
    func normalised(_ maps: Variable) -> Variable {
        guard normalisesGeneratorFeatures else { return maps }
        return maps / (maps.squared().mean(alongAxis: 1, keepingDimension: true) + 1e-8).sqrt()
    }

    /// G(z) for given latents, without a tape.
    public func generate(from latents: Tensor) -> Tensor {
        generate(from: Tape().constant(latents)).value
    }

    /// `count` samples G(z), z ~ N(0, I), as rows `[count, side·side]`, without a tape.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        generate(from: latents(count, using: &generator))
    }

    /// The logits a(x) `[n, 1]` for images given as rows `[n, side·side]`, without a tape.
    public func logits(_ x: Tensor) -> Tensor {
        require(x.rank == 2 && x.columnCount == dataSize, "The discriminator takes images as rows [n, \(dataSize)], got \(x.shape).")
        let count = x.rowCount
        let hidden = discriminatorActivation(discriminatorDownsample1(x.reshaped([count, 1, imageSide, imageSide])))
        let features = discriminatorActivation(discriminatorDownsample2(hidden))
        return discriminatorHead(features.reshaped([count, features.count / count]))
    }

    /// D(x) = sigmoid(a(x)) `[n, 1]`, without a tape.
    public func discriminate(_ x: Tensor) -> Tensor {
        logits(x).sigmoid()
    }

    public func generate(_ count: Int, on tape: Tape, using generator: inout RandomGenerator) -> Variable {
        generate(from: tape.constant(latents(count, using: &generator)))
    }

    public func discriminatorOutput(_ input: Variable) -> Variable {
        require(input.value.rank == 2 && input.value.columnCount == dataSize,
                "The discriminator takes images as rows [n, \(dataSize)], got \(input.shape).")
        let count = input.shape[0]
        let hidden = discriminatorActivation(discriminatorDownsample1(input.reshaped([count, 1, imageSide, imageSide])))
        let features = discriminatorActivation(discriminatorDownsample2(hidden))
        return discriminatorHead(features.reshaped([count, features.value.count / count]))
    }
}
// end listing
