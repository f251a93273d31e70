import AdversarialNetworks
import NeuralLayers
import Autodiff
import Foundation
import Notebook
import TensorCore

// Section 1: the transposed convolution checked against the adjoint identity and against a construction that never
// uses col2im (zero insertion, then a stride-1 convolution with the flipped kernel).

/// y with s − 1 zeros inserted between neighbouring pixels in both axes: [N, C, H, W] → [N, C, (H−1)s+1, (W−1)s+1].
func zeroInserted(_ y: Tensor, stride s: Int) -> Tensor {
    let (n, c, h, w) = (y.shape[0], y.shape[1], y.shape[2], y.shape[3])
    let (H, W) = ((h - 1) * s + 1, (w - 1) * s + 1)
    var out = [Float](repeating: 0, count: n * c * H * W)
    for plane in 0..<(n * c) { for i in 0..<h { for j in 0..<w { out[(plane * H + i * s) * W + j * s] = y.scalars[(plane * h + i) * w + j] } } }
    return Tensor(shape: [n, c, H, W], scalars: out)
}

/// The kernel of the adjoint as an ordinary convolution: W′[c, o, a, b] = W[o, c, k−1−a, k−1−b] for a transposed
/// convolution weight W laid out [inC, outC, k, k] (so W′ is [outC, inC, k, k]).
func flippedKernel(_ weight: Tensor) -> Tensor {
    let (i, o, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
    var out = [Float](repeating: 0, count: weight.count)
    for a in 0..<i { for b in 0..<o { for p in 0..<kh { for q in 0..<kw {
        out[((b * i + a) * kh + (kh - 1 - p)) * kw + (kw - 1 - q)] = weight.scalars[((a * o + b) * kh + p) * kw + q]
    } } } }
    return Tensor(shape: [o, i, kh, kw], scalars: out)
}

func inner(_ a: Tensor, _ b: Tensor) -> Double { zip(a.scalars, b.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) } }

func convolutionChecks() {
    // The shapes of the DCGAN discriminator's second stage: 32 → 64 channels, 4×4 → 2×2, and of a wider case.
    let cases: [(batch: Int, inC: Int, outC: Int, side: Int, kernel: Int, stride: Int, padding: Int)] = [
        (3, 32, 64, 4, 4, 2, 1), (2, 3, 5, 9, 3, 2, 0), (2, 4, 2, 7, 5, 3, 2)]
    var adjointErrors: [Double] = [], adjointBounds: [Double] = [], flipErrors: [Double] = [], flipBounds: [Double] = []
    var rows: [[any TableCell]] = []
    for shape in cases {
        let x = Tensor.normal([shape.batch, shape.inC, shape.side, shape.side], using: &chapter.random)
        let weight = Tensor.normal([shape.outC, shape.inC, shape.kernel, shape.kernel], using: &chapter.random)
        let cx = Tensor.convolution2D(x, weight: weight, bias: Tensor.zeros([shape.outC]), stride: shape.stride, padding: shape.padding)
        let y = Tensor.normal(cx.shape, using: &chapter.random)
        // The convolution's weight [outC, inC, k, k] is the transposed convolution's [inC′ = outC, outC′ = inC, k, k].
        let cty = Tensor.transposedConvolution2D(y, weight: weight, bias: Tensor.zeros([shape.inC]), stride: shape.stride, padding: shape.padding)
        let lhs = inner(cx, y), rhs = inner(x, cty)
        // Single-precision sums of K = inC·k² products err by at most about K·u₃₂ of the sum of absolute terms.
        let terms = Double(shape.inC * shape.kernel * shape.kernel), u32 = Double(Float.ulpOfOne) / 2
        let absoluteSum = inner(Tensor.convolution2D(x.abs(), weight: weight.abs(), bias: Tensor.zeros([shape.outC]), stride: shape.stride,
                                                     padding: shape.padding), y.abs())
        adjointErrors.append(abs(lhs - rhs)); adjointBounds.append(2 * terms * u32 * absoluteSum)
        // Route 2: zero insertion and a stride-1 convolution with the flipped kernel, padding k − 1 − p.
        let spread = zeroInserted(y, stride: shape.stride)
        let viaFlip = Tensor.convolution2D(spread, weight: flippedKernel(weight), bias: Tensor.zeros([shape.inC]), stride: 1,
                                           padding: shape.kernel - 1 - shape.padding)
        let overlap = viaFlip.shape == cty.shape
        let largest = overlap ? zip(viaFlip.scalars, cty.scalars).map { abs(Double($0) - Double($1)) }.max()! : .infinity
        let scale = Tensor.convolution2D(zeroInserted(y.abs(), stride: shape.stride), weight: flippedKernel(weight.abs()), bias: Tensor.zeros([shape.inC]),
                                         stride: 1, padding: shape.kernel - 1 - shape.padding).scalars.max().map(Double.init) ?? 1
        flipErrors.append(largest); flipBounds.append(2 * Double(shape.outC * shape.kernel * shape.kernel) * u32 * scale)
        rows.append(["\(shape.inC) → \(shape.outC) ch, side \(shape.side), k \(shape.kernel), stride \(shape.stride), pad \(shape.padding)",
                     "\(cx.shape[2])×\(cx.shape[3])", "\(cty.shape[2])×\(cty.shape[3])", lhs, rhs, largest])
    }
    chapter.table(["convolution", "Cx side", "Cᵀy side", "⟨Cx, y⟩", "⟨x, Cᵀy⟩", "max |Cᵀy − flipped route|"], rows,
                  caption: "Random x, y and kernels with standard normal entries. The first row is the shape of the DCGAN discriminator's second stage; the others have odd sides, no or wide padding and stride 3, where a transposed convolution cannot recover the discarded border.")
    chapter.check("largest |⟨Cx, y⟩ − ⟨x, Cᵀy⟩| over the three shapes, in units of its rounding bound",
                  measured: zip(adjointErrors, adjointBounds).map { $0 / $1 }.max()!, atMost: 1,
                  why: "single-precision sums of inC·k² products (inC input channels) err by at most about inC·k²·u₃₂·Σ|terms| on each side (u₃₂ = 2⁻²⁴); the inner products themselves are of order \(formatNumber(rows.map { abs($0[3] as! Double) }.max()!, digits: 2)), which a transposed convolution with the wrong stride, padding or kernel orientation misses by that much")
    chapter.check("largest |Cᵀy − (zero insertion, flipped kernel, stride 1)| over the three shapes, in units of its rounding bound",
                  measured: zip(flipErrors, flipBounds).map { $0 / $1 }.max()!, atMost: 1,
                  why: "each output is a sum of outC·k² products (outC the convolution's output channels) in both routes, so they agree to about outC·k²·u₃₂ times the largest sum of absolute terms; a kernel that is not flipped, or channels not swapped, differs by O(1)")
}

/// The gradient of a small DCGAN's D(G(z)) with respect to every player's weights — through two transposed convolutions
/// and two strided convolutions — against central differences (SiLU activations, so the differences see no kinks).
func convolutionGradientCheck() {
    let model = ConvolutionalGAN(latentSize: 4, generatorChannels: 8, discriminatorChannels: (4, 8), generatorActivation: .silu,
                                 discriminatorActivation: .silu, using: &chapter.random)
    let z = model.latents(6, using: &chapter.random)
    let tape = Tape()
    let analytic = tape.gradients(of: model.discriminatorOutput(model.generate(from: tape.constant(z))).sum(),
                                  for: model.generatorParameters + model.discriminatorParameters)
    let generatorCount = model.generatorParameters.count
    let value = { model.logits(model.generate(from: z)).doubles.reduce(0, +) }
    let players: [(name: String, parameters: [Parameter], analytic: [Tensor], route: String)] = [
        ("the generator's (through two transposed convolutions)", model.generatorParameters, Array(analytic[..<generatorCount]), "transposed"),
        ("the discriminator's (through two strided convolutions)", model.discriminatorParameters, Array(analytic[generatorCount...]), "strided")]
    for player in players {
        let (worst, largest) = centralDifferenceCheck(player.parameters, analytic: player.analytic, value: value)
        chapter.check("largest |∂ΣD(G(z))/∂θ by the tape − central difference| over sampled weights of a small DCGAN, \(player.name), in units of its error bound",
                      measured: worst, atMost: 1,
                      why: "per weight, 4/3 × the gap between steps h = 10⁻² and 2h (Richardson's estimate of the O(h²) truncation) plus 16u₃₂·|ΣD|/h for rounding; a backward pass through the \(player.route) convolutions with the kernel unflipped or a stride dropped misses by O(1) of gradients up to \(formatNumber(largest, digits: 2))")
    }
}
