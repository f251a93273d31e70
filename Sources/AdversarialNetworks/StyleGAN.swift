import Foundation
import TensorCore
import Autodiff
import NeuralLayers

// listing: style-generator
/// The style-based generator of Karras, Laine & Aila (2019) at toy scale, with dense
/// layers in place of convolutions. Two networks replace the single map z ↦ x:
///
/// - the *mapping network* m: z ↦ w, an MLP from the latent to an intermediate
///   "style" space W (z is first normalised to unit root-mean-square, as in the paper);
/// - the *synthesis network* g, which does not take w as its input at all: it starts
///   from a learned constant c and applies L layers, h_ℓ = φ(A_ℓ h_{ℓ−1} + a_ℓ), each
///   followed by an adaptive instance normalisation driven by its own affine map of w,
///
///     AdaIN_ℓ(h, w) = (1 + γ_ℓ(w)) ⊙ (h − μ(h)) / √(v(h) + 10⁻⁵) + η_ℓ(w),
///
///   where μ and v are each example's mean and variance over the layer's units and
///   γ_ℓ, η_ℓ are learned affine maps of w to one scale and one bias per unit. A final
///   dense layer maps the last layer's units to pixels.
///
/// The normalisation wipes out each layer's incoming first and second moments, so the
/// style of layer ℓ cannot leak into layer ℓ + 1 except through the units' pattern:
/// each w_ℓ controls its own layer. That is what makes *style mixing* meaningful —
/// `generate(styles:)` takes one w per layer, so "w₁ for the first k layers, w₂ for
/// the rest" is one call (`mixedStyles`). The "1 +" makes a zero affine map the identity
/// on the normalised activations.
///
/// Left out of the toy: per-layer noise inputs, progressive growing, and the
/// convolutional structure (each "layer" here is a vector of units, not feature maps).
public final class StyleGenerator: Layer, GaussianLatentSpace {
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
    /// γ_ℓ: w ↦ per-unit scale offsets of layer ℓ (the scale is 1 + γ_ℓ(w)).
    public let styleScales: [Linear]
    /// η_ℓ: w ↦ per-unit shifts of layer ℓ.
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
    ///   - styleGain: the factor on the affine maps' default initial weights (see below).
    public init(latentSize: Int, styleSize: Int, dataSize: Int, mappingHidden: [Int], synthesisWidths: [Int],
                activation: Activation = .leakyRelu(slope: 0.2), outputActivation: Activation = .sigmoid,
                epsilon: Float = 1e-5, styleGain: Float = 30, using generator: inout RandomGenerator) {
        require(latentSize > 0 && styleSize > 0 && dataSize > 0,
                "A style generator needs positive latent, style and data sizes, got \(latentSize), \(styleSize), \(dataSize).")
        require(!synthesisWidths.isEmpty && synthesisWidths.allSatisfy { $0 > 1 },
                "The synthesis network needs at least one layer, each wider than one unit (normalising one unit leaves nothing), got \(synthesisWidths).")
        require(epsilon > 0, "The normalisation needs ε > 0, got \(epsilon).")
        require(styleGain > 0 && styleGain.isFinite, "The style maps' gain must be positive, got \(styleGain).")
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
        // The affine maps start large (`styleGain` times the default initialisation), so
        // that the style moves the image from the first step. Started small (×0.1 or ×1),
        // γ_ℓ(w) and η_ℓ(w) are perturbations, G(z) hardly depends on z, and on 8×8 digits
        // the discriminator drove every such run into a one-class collapse; ×10 reached a
        // Fréchet digit distance of 35 and ×30 of 15–18 after 4,000–8,000 steps.
        styleScales = synthesisWidths.enumerated().map { index, width in
            let layer = Linear(styleSize, width, name: "style.scale\(index)", using: &generator)
            layer.weight.value = layer.weight.value * styleGain
            return layer
        }
        styleBiases = synthesisWidths.enumerated().map { index, width in
            let layer = Linear(styleSize, width, name: "style.bias\(index)", using: &generator)
            layer.weight.value = layer.weight.value * styleGain
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

    /// w = m(z / rms(z)) on a tape, `[n, styleSize]`.
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

    /// AdaIN_ℓ(h, w) = (1 + γ_ℓ(w)) ⊙ normalise(h) + η_ℓ(w).
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

    /// G(z) = g(m(z), …, m(z)) on a tape, `[n, dataSize]`.
    public func callAsFunction(_ latents: Variable) -> Variable {
        let w = map(latents)
        return synthesise(styles: Array(repeating: w, count: layerCount))
    }

    /// w = m(z) without a tape.
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
