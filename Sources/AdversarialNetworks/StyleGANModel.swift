import Foundation
import TensorCore
import Autodiff
import NeuralLayers

/// Which space a path-length measurement interpolates in.
public enum InterpolationSpace: String, Sendable {
    /// Spherical interpolation between latents z (Karras et al.'s choice for Z, where z is Gaussian).
    case latent
    /// Linear interpolation between styles w = m(z).
    case style
}

// listing: style-gan
/// StyleGAN at toy scale: a `StyleGenerator` and an MLP discriminator, an
/// `AdversarialModel` that `AdversarialTrainer` trains unchanged.
///
/// With `mixingProbability` > 0 a generated training batch is, with that probability,
/// a style mix of two latents at a random crossover (the paper's mixing regularisation,
/// 90% there), which stops neighbouring layers from relying on sharing one style.
public final class StyleGAN: AdversarialModel, GaussianLatentSpace {
    public let generatorNetwork: StyleGenerator
    /// a: x ↦ logit D(x).
    public let discriminatorNetwork: MLP
    /// The chance that a generated training batch is a style mix.
    public let mixingProbability: Double

    public init(latentSize: Int = 16, styleSize: Int = 16, dataSize: Int = 64, mappingHidden: [Int] = [32, 32],
                synthesisWidths: [Int] = [32, 64, 128], discriminatorHidden: [Int] = [128, 64],
                generatorActivation: Activation = .leakyRelu(slope: 0.2), discriminatorActivation: Activation = .leakyRelu(slope: 0.2),
                outputActivation: Activation = .sigmoid, mixingProbability: Double = 0, styleGain: Float = 30,
                using generator: inout RandomGenerator) {
        require(mixingProbability >= 0 && mixingProbability <= 1, "A mixing probability must lie in [0, 1], got \(mixingProbability).")
        generatorNetwork = StyleGenerator(latentSize: latentSize, styleSize: styleSize, dataSize: dataSize,
                                          mappingHidden: mappingHidden, synthesisWidths: synthesisWidths,
                                          activation: generatorActivation, outputActivation: outputActivation, styleGain: styleGain, using: &generator)
        discriminatorNetwork = MLP(sizes: [dataSize] + discriminatorHidden + [1], activation: discriminatorActivation,
                                   name: "discriminator", using: &generator)
        self.mixingProbability = mixingProbability
    }

    public var generatorParameters: [Parameter] { generatorNetwork.parameters }
    public var discriminatorParameters: [Parameter] { discriminatorNetwork.parameters }
    public var latentSize: Int { generatorNetwork.latentSize }
    public var dataSize: Int { generatorNetwork.dataSize }
    public var layerCount: Int { generatorNetwork.layerCount }

    /// w = m(z), `[n, styleSize]`, without a tape.
    public func styles(from latents: Tensor) -> Tensor { generatorNetwork.map(latents) }

    /// G(z), `[n, dataSize]`, without a tape.
    public func generate(from latents: Tensor) -> Tensor { generatorNetwork(latents) }

    /// g(w₀, …, w_{L−1}), one style `[n, styleSize]` per layer, without a tape.
    public func generate(styles: [Tensor]) -> Tensor { generatorNetwork.generate(styles: styles) }

    /// The style mix of two latents: m(z₁) drives layers 0..<crossover, m(z₂) the rest.
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
