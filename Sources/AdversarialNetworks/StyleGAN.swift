import Foundation
import TensorCore
import Autodiff
import NeuralLayers

// listing: style-generator
/// The style-based generator of Karras, Laine & Aila (2019) at toy scale, with dense
/// layers in place of convolutions. Two networks replace the single map z ↦ x:
///
/// - the *mapping network* f: z ↦ w, an MLP from the latent to an intermediate
///   "style" space W (z is first normalised to unit root-mean-square, as in the paper);
/// - the *synthesis network* g, which does not take w as its input at all: it starts
///   from a learned constant c and applies L layers, h_ℓ = φ(A_ℓ h_{ℓ−1} + a_ℓ), each
///   followed by an adaptive instance normalisation driven by its own affine map of w,
///
///     AdaIN_ℓ(h, w) = (1 + s_ℓ(w)) ⊙ (h − μ(h)) / √(σ²(h) + ε) + b_ℓ(w),
///
///   where μ and σ² are each example's mean and variance over the layer's units and
///   s_ℓ, b_ℓ are learned affine maps of w to one scale and one bias per unit. A final
///   dense layer maps the last layer's units to pixels.
///
/// The normalisation wipes out each layer's incoming first and second moments, so the
/// style of layer ℓ cannot leak into layer ℓ + 1 except through the units' pattern:
/// each w_ℓ controls its own layer. That is what makes *style mixing* meaningful —
/// `generate(styles:)` takes one w per layer, so "w₁ for the first k layers, w₂ for
/// the rest" is one call (`mixedStyles`). The "1 +" makes a zero affine map the identity
/// on the normalised activations, so an untrained style starts harmless.
///
/// Left out of the toy: per-layer noise inputs, progressive growing, and the
/// convolutional structure (each "layer" here is a vector of units, not feature maps).
public final class StyleGenerator: Layer {
    /// The size of z.
    public let latentSize: Int
    /// The size of w.
    public let styleSize: Int
    /// The size of a data point (64 for 8×8 digits).
    public let dataSize: Int
    /// f: z ↦ w.
    public let mapping: MLP
    /// The learned constant the synthesis starts from, `[1, width₀]`.
    public let constant: Parameter
    /// The L dense layers of the synthesis network.
    public let synthesisLayers: [Linear]
    /// s_ℓ: w ↦ per-unit scale offsets of layer ℓ (the scale is 1 + s_ℓ(w)).
    public let styleScales: [Linear]
    /// b_ℓ: w ↦ per-unit biases of layer ℓ.
    public let styleBiases: [Linear]
    /// The last layer's units ↦ pixels.
    public let toPixels: Linear
    /// φ, between the mapping network's layers and after each synthesis layer.
    public let activation: Activation
    /// On the pixels, e.g. `.sigmoid` for [0, 1].
    public let outputActivation: Activation
    /// ε in the per-example normalisation.
    public let epsilon: Float

    /// - Parameters:
    ///   - mappingHidden: widths of the mapping network's hidden layers (the paper uses 8
    ///     layers of 512; a toy needs two or three).
    ///   - synthesisWidths: the width of each synthesis layer; its count is L. The
    ///     constant has the first width.
    public init(latentSize: Int, styleSize: Int, dataSize: Int, mappingHidden: [Int], synthesisWidths: [Int],
                activation: Activation = .leakyRelu(slope: 0.2), outputActivation: Activation = .sigmoid,
                epsilon: Float = 1e-5, using generator: inout RandomGenerator) {
        require(latentSize > 0 && styleSize > 0 && dataSize > 0,
                "A style generator needs positive latent, style and data sizes, got \(latentSize), \(styleSize), \(dataSize).")
        require(!synthesisWidths.isEmpty && synthesisWidths.allSatisfy { $0 > 1 },
                "The synthesis network needs at least one layer, each wider than one unit (normalising one unit leaves nothing), got \(synthesisWidths).")
        require(epsilon > 0, "The normalisation needs ε > 0, got \(epsilon).")
        self.latentSize = latentSize
        self.styleSize = styleSize
        self.dataSize = dataSize
        self.activation = activation
        self.outputActivation = outputActivation
        self.epsilon = epsilon
        mapping = MLP(sizes: [latentSize] + mappingHidden + [styleSize], activation: activation, name: "style.mapping", using: &generator)
        constant = Parameter(Tensor.normal([1, synthesisWidths[0]], using: &generator), name: "style.constant")
        let inputs = [synthesisWidths[0]] + synthesisWidths.dropLast()
        synthesisLayers = zip(inputs, synthesisWidths).enumerated().map { index, sizes in
            Linear(sizes.0, sizes.1, name: "style.synthesis\(index)", using: &generator)
        }
        // The affine maps start small, so the untrained generator is close to the
        // style-free one and each style begins as a perturbation.
        styleScales = synthesisWidths.enumerated().map { index, width in
            let layer = Linear(styleSize, width, name: "style.scale\(index)", using: &generator)
            layer.weight.value = layer.weight.value * 0.1
            return layer
        }
        styleBiases = synthesisWidths.enumerated().map { index, width in
            let layer = Linear(styleSize, width, name: "style.bias\(index)", using: &generator)
            layer.weight.value = layer.weight.value * 0.1
            return layer
        }
        toPixels = Linear(synthesisWidths.last!, dataSize, name: "style.toPixels", using: &generator)
    }

    /// L, the number of synthesis layers (and of styles `generate(styles:)` takes).
    public var layerCount: Int { synthesisLayers.count }

    public var mappingParameters: [Parameter] { mapping.parameters }
    public var synthesisParameters: [Parameter] {
        [constant] + synthesisLayers.flatMap(\.parameters) + styleScales.flatMap(\.parameters)
            + styleBiases.flatMap(\.parameters) + toPixels.parameters
    }
    public var parameters: [Parameter] { mappingParameters + synthesisParameters }

    /// `count` latent vectors z ~ N(0, I), `[count, latentSize]`.
    public func latents(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        require(count > 0, "Asked for \(count) latent vectors; need at least one.")
        return Tensor.normal([count, latentSize], using: &generator)
    }

    /// w = f(z / rms(z)) on a tape, `[n, styleSize]`.
    public func map(_ latents: Variable) -> Variable {
        require(latents.value.rank == 2 && latents.value.columnCount == latentSize,
                "The mapping network takes latents [n, \(latentSize)], got \(latents.shape).")
        let normalised = latents / (latents.squared().mean(alongAxis: 1, keepingDimension: true) + epsilon).sqrt()
        return mapping(normalised)
    }

    /// Each row of `h` `[n, width]` centred and scaled to unit variance over its units.
    public func normalise(_ h: Variable) -> Variable {
        let centred = h - h.mean(alongAxis: 1, keepingDimension: true)
        return centred / (centred.squared().mean(alongAxis: 1, keepingDimension: true) + epsilon).sqrt()
    }

    /// AdaIN_ℓ(h, w) = (1 + s_ℓ(w)) ⊙ normalise(h) + b_ℓ(w).
    public func modulate(_ h: Variable, style: Variable, layer index: Int) -> Variable {
        require(index >= 0 && index < layerCount, "Layer \(index) is not in 0..<\(layerCount).")
        return normalise(h) * (styleScales[index](style) + 1) + styleBiases[index](style)
    }

    /// g(w₀, …, w_{L−1}) on a tape: the synthesis network with style w_ℓ `[n, styleSize]`
    /// driving layer ℓ, `[n, dataSize]`.
    public func synthesise(styles: [Variable]) -> Variable {
        require(styles.count == layerCount, "The synthesis network takes one style per layer, \(layerCount), got \(styles.count).")
        let n = styles[0].shape[0]
        require(styles.allSatisfy { $0.value.rank == 2 && $0.shape == [n, styleSize] },
                "Every style must be [\(n), \(styleSize)], got \(styles.map(\.shape)).")
        let tape = styles[0].tape
        var h = tape.parameter(constant).broadcasted(toShape: [n, constant.value.columnCount])
        for index in 0..<layerCount {
            h = modulate(activation(synthesisLayers[index](h)), style: styles[index], layer: index)
        }
        return outputActivation(toPixels(h))
    }

    /// G(z) = g(f(z), …, f(z)) on a tape, `[n, dataSize]`.
    public func callAsFunction(_ latents: Variable) -> Variable {
        let w = map(latents)
        return synthesise(styles: Array(repeating: w, count: layerCount))
    }

    /// w = f(z) without a tape.
    public func map(_ latents: Tensor) -> Tensor { map(Tape().constant(latents)).value }

    /// G(z) without a tape.
    public func callAsFunction(_ latents: Tensor) -> Tensor { self(Tape().constant(latents)).value }

    /// g(w₀, …, w_{L−1}) without a tape: one style `[n, styleSize]` per layer.
    public func generate(styles: [Tensor]) -> Tensor {
        let tape = Tape()
        return synthesise(styles: styles.map { tape.constant($0) }).value
    }

    /// The styles of a mix: `first` for layers 0..<crossover, `second` for the rest.
    public func mixedStyles(_ first: Tensor, _ second: Tensor, crossover: Int) -> [Tensor] {
        require(crossover >= 0 && crossover <= layerCount, "A crossover must lie in 0...\(layerCount), got \(crossover).")
        return (0..<layerCount).map { $0 < crossover ? first : second }
    }
}
// end listing

/// Which space a path-length measurement interpolates in.
public enum InterpolationSpace: String, Sendable {
    /// Spherical interpolation between latents z (Karras et al.'s choice for Z, where z is Gaussian).
    case latent
    /// Linear interpolation between styles w = f(z).
    case style
}

// listing: style-gan
/// StyleGAN at toy scale: a `StyleGenerator` and an MLP discriminator, an
/// `AdversarialModel` that `AdversarialTrainer` trains unchanged.
///
/// With `mixingProbability` > 0 a generated training batch is, with that probability,
/// a style mix of two latents at a random crossover (the paper's mixing regularisation,
/// 90% there), which stops neighbouring layers from relying on sharing one style.
public final class StyleGAN: AdversarialModel {
    public let generatorNetwork: StyleGenerator
    /// a: x ↦ logit D(x).
    public let discriminatorNetwork: MLP
    /// The chance that a generated training batch is a style mix.
    public let mixingProbability: Double

    public init(latentSize: Int = 16, styleSize: Int = 16, dataSize: Int = 64, mappingHidden: [Int] = [32, 32],
                synthesisWidths: [Int] = [32, 64, 128], discriminatorHidden: [Int] = [128, 64],
                generatorActivation: Activation = .leakyRelu(slope: 0.2), discriminatorActivation: Activation = .leakyRelu(slope: 0.2),
                outputActivation: Activation = .sigmoid, mixingProbability: Double = 0, using generator: inout RandomGenerator) {
        require(mixingProbability >= 0 && mixingProbability <= 1, "A mixing probability must lie in [0, 1], got \(mixingProbability).")
        generatorNetwork = StyleGenerator(latentSize: latentSize, styleSize: styleSize, dataSize: dataSize,
                                          mappingHidden: mappingHidden, synthesisWidths: synthesisWidths,
                                          activation: generatorActivation, outputActivation: outputActivation, using: &generator)
        discriminatorNetwork = MLP(sizes: [dataSize] + discriminatorHidden + [1], activation: discriminatorActivation,
                                   name: "discriminator", using: &generator)
        self.mixingProbability = mixingProbability
    }

    public var generatorParameters: [Parameter] { generatorNetwork.parameters }
    public var discriminatorParameters: [Parameter] { discriminatorNetwork.parameters }
    public var latentSize: Int { generatorNetwork.latentSize }
    public var dataSize: Int { generatorNetwork.dataSize }
    public var layerCount: Int { generatorNetwork.layerCount }

    public func latents(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        generatorNetwork.latents(count, using: &generator)
    }

    /// w = f(z), `[n, styleSize]`, without a tape.
    public func styles(from latents: Tensor) -> Tensor { generatorNetwork.map(latents) }

    /// G(z), `[n, dataSize]`, without a tape.
    public func generate(from latents: Tensor) -> Tensor { generatorNetwork(latents) }

    /// g(w₀, …, w_{L−1}), one style `[n, styleSize]` per layer, without a tape.
    public func generate(styles: [Tensor]) -> Tensor { generatorNetwork.generate(styles: styles) }

    /// The style mix of two latents: f(z₁) drives layers 0..<crossover, f(z₂) the rest.
    public func mix(_ first: Tensor, _ second: Tensor, crossover: Int) -> Tensor {
        generate(styles: generatorNetwork.mixedStyles(styles(from: first), styles(from: second), crossover: crossover))
    }

    /// `count` samples G(z), z ~ N(0, I), without a tape.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        generate(from: latents(count, using: &generator))
    }

    /// The logits a(x) `[n, 1]`, without a tape.
    public func logits(_ x: Tensor) -> Tensor {
        require(x.rank == 2 && x.columnCount == dataSize, "The discriminator takes points [n, \(dataSize)], got \(x.shape).")
        return discriminatorNetwork(x)
    }

    /// D(x) = sigmoid(a(x)) `[n, 1]`, without a tape.
    public func discriminate(_ x: Tensor) -> Tensor { logits(x).sigmoid() }

    public func generate(_ count: Int, on tape: Tape, using generator: inout RandomGenerator) -> Variable {
        let w = generatorNetwork.map(tape.constant(latents(count, using: &generator)))
        let L = layerCount
        if mixingProbability > 0, L > 1, generator.bernoulli(mixingProbability) {
            let second = generatorNetwork.map(tape.constant(latents(count, using: &generator)))
            let crossover = 1 + generator.integer(below: L - 1)
            return generatorNetwork.synthesise(styles: (0..<L).map { $0 < crossover ? w : second })
        }
        return generatorNetwork.synthesise(styles: Array(repeating: w, count: L))
    }

    public func discriminatorOutput(_ input: Variable) -> Variable {
        discriminatorNetwork(input)
    }

    /// A perceptual-path-length-like measure of how smoothly the generator's output moves
    /// along interpolations (Karras et al. 2019, §4.2, with squared pixel distance in
    /// place of VGG features): the mean over `count` random pairs of
    ///
    ///   ‖G(p(t)) − G(p(t + δ))‖² / δ²,  t ~ U(0, 1 − δ),
    ///
    /// where p interpolates between two latents (spherically, in Z) or between their styles
    /// (linearly, in W). A disentangled, "flatter" W gives shorter paths: equal steps in
    /// it make more equal changes in the image, without the sudden jumps through regions
    /// that Z must cross to keep its Gaussian shape.
    public func pathLength(in space: InterpolationSpace, count: Int = 256, delta: Float = 1e-2,
                           using generator: inout RandomGenerator) -> Float {
        require(count > 0 && delta > 0 && delta < 1, "A path length needs count > 0 and δ in (0, 1), got \(count) and \(delta).")
        let first = latents(count, using: &generator), second = latents(count, using: &generator)
        let t = (0..<count).map { _ in generator.uniformFloat() * (1 - delta) }
        let images: (Tensor, Tensor)
        switch space {
        case .latent:
            images = (generate(from: StyleGAN.slerp(first, second, t)),
                      generate(from: StyleGAN.slerp(first, second, t.map { $0 + delta })))
        case .style:
            let a = styles(from: first), b = styles(from: second)
            let near = StyleGAN.lerp(a, b, t), far = StyleGAN.lerp(a, b, t.map { $0 + delta })
            images = (generate(styles: Array(repeating: near, count: layerCount)),
                      generate(styles: Array(repeating: far, count: layerCount)))
        }
        let difference = images.0 - images.1
        return (difference * difference).sum().scalar / Float(count) / (delta * delta)
    }

    /// Row i: (1 − tᵢ)·aᵢ + tᵢ·bᵢ.
    static func lerp(_ a: Tensor, _ b: Tensor, _ t: [Float]) -> Tensor {
        let d = a.columnCount
        let x = a.scalars, y = b.scalars
        var out = [Float](repeating: 0, count: x.count)
        for i in 0..<t.count { for j in 0..<d { out[i * d + j] = (1 - t[i]) * x[i * d + j] + t[i] * y[i * d + j] } }
        return Tensor(shape: a.shape, scalars: out)
    }

    /// Row i: the spherical interpolation of aᵢ and bᵢ at tᵢ (the angle between the rows
    /// is traversed at a constant rate; the norm is interpolated linearly).
    static func slerp(_ a: Tensor, _ b: Tensor, _ t: [Float]) -> Tensor {
        let d = a.columnCount
        let x = a.scalars, y = b.scalars
        var out = [Float](repeating: 0, count: x.count)
        for i in 0..<t.count {
            var dotProduct: Double = 0, normA: Double = 0, normB: Double = 0
            for j in 0..<d {
                let p = Double(x[i * d + j]), q = Double(y[i * d + j])
                dotProduct += p * q; normA += p * p; normB += q * q
            }
            normA = normA.squareRoot(); normB = normB.squareRoot()
            let cosine = Swift.max(-1, Swift.min(1, dotProduct / (normA * normB)))
            let angle = acos(cosine)
            let s = Double(t[i])
            let norm = (1 - s) * normA + s * normB
            for j in 0..<d {
                let u = Double(x[i * d + j]) / normA, v = Double(y[i * d + j]) / normB
                let direction: Double
                if angle < 1e-6 {
                    direction = (1 - s) * u + s * v
                } else {
                    direction = (sin((1 - s) * angle) * u + sin(s * angle) * v) / sin(angle)
                }
                out[i * d + j] = Float(norm * direction)
            }
        }
        return Tensor(shape: a.shape, scalars: out)
    }
}
// end listing
