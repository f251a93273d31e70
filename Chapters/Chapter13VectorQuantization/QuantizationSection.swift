import Autodiff
import Foundation
import Notebook
import TensorCore
import VectorQuantization

/// Section 1: the quantiser, its straight-through gradient and its two loss terms, each against an independent route.
func quantisationSection() {
    let (k, d) = (64, 8)
    chapter.prose("""
    A VQ-VAE replaces each vector z that an encoder produces by the nearest of K learned vectors e₁, …, e_K ∈ ℝᴰ, the \
    *codebook* (van den Oord, Vinyals & Kavukcuoglu, 2017):
    """)
    chapter.equation(#"k(z) = \arg\min_{j} \lVert z - e_j \rVert^2, \qquad z_q = e_{k(z)}."#,
                     plain: "k(z) = argmin_j ‖z − e_j‖²,   z_q = e_{k(z)}")
    chapter.prose("""
    The index k(z) is an integer (the lowest j on a tie), so an image becomes a short sequence of symbols that a second model can learn (section 4). \
    The library computes every distance at once as ‖z‖² − 2z·e_j + ‖e_j‖², one matrix product for a whole batch, in \
    single precision. Checked here against a double-precision loop over the differences, on \(quick ? 5_000 : 20_000) \
    vectors z ~ N(0, I) and a codebook of K = \(k) codes in D = \(d) dimensions drawn the same way:
    """)
    chapter.listing("vector-quantizer", fromLibraryFile: "Sources/VectorQuantization/VectorQuantizer.swift")
    let quantizer = VectorQuantizer(codebook: Tensor.normal([k, d], using: &chapter.random))
    let nearest = NearestCodeComparison(quantizer: quantizer, vectors: Tensor.normal([quick ? 5_000 : 20_000, d], using: &chapter.random))
    chapter.check("largest excess distance of the library's code over the best code (double-precision brute force), in units of its rounding allowance",
                  measured: nearest.largestExcessRatio, atMost: 1,
                  why: "the Float expansion errs by at most (D + 2)·u₃₂·(‖z‖² + 2Σ|zₘeₘ| + ‖e‖²) per distance (u₃₂ = 2⁻²⁴), so a code other than the best can win only if it is within twice that; \(nearest.disagreements) of \(nearest.vectors) choices differ from brute force and \(nearest.nearTies) \(nearest.nearTies == 1 ? "vector has" : "vectors have") a runner-up that close. The rule argmax z·e, which forgets ‖e‖², exceeds the allowance \(formatNumber(nearest.dotProductExcessRatio, digits: 3)) times over")

    chapter.prose("""
    z ↦ z_q is piecewise constant: moving z a little leaves z_q where it was, so the derivative of anything computed from \
    z_q with respect to z is zero almost everywhere, and an encoder trained through it would never move. The \
    *straight-through* estimator (Bengio, Léonard & Courville, 2013) uses z_q in the forward pass and pretends in the \
    backward pass that quantising was the identity, handing the decoder's gradient ∂L/∂z_q to z unchanged. The codebook \
    then receives nothing from the decoder, so two terms are added to the loss. For a batch z₁, …, z_n, with L the decoder's \
    loss and sg[·] the stop-gradient (a constant in the backward pass):
    """)
    chapter.equation(#"\mathcal{L} = L(z_{q,1}, \dots, z_{q,n}) + \sum_i \big\lVert \mathrm{sg}[z_i] - e_{k(z_i)} \big\rVert^2 + \beta \sum_i \big\lVert z_i - \mathrm{sg}[e_{k(z_i)}] \big\rVert^2, \qquad \frac{\partial \mathcal{L}}{\partial z_i} = \frac{\partial L}{\partial z_{q,i}} + 2\beta\,(z_i - e_{k(z_i)}), \qquad \frac{\partial \mathcal{L}}{\partial e_j} = 2 \sum_{i:\,k(z_i) = j} (e_j - z_i)."#,
                     plain: "𝓛 = L(z_q,1 … z_q,n) + Σᵢ‖sg[zᵢ] − e_k(zᵢ)‖² + βΣᵢ‖zᵢ − sg[e_k(zᵢ)]‖²;  ∂𝓛/∂zᵢ = ∂L/∂z_q,i + 2β(zᵢ − e_k(zᵢ));  ∂𝓛/∂e_j = 2Σ_{i: k(zᵢ) = j}(e_j − zᵢ)")
    chapter.prose("""
    The *codebook term* moves each chosen code towards the vectors that chose it, and only those codes: a code nobody \
    chooses gets a zero gradient. The *commitment term*, weighted by β (0.25 in the paper), pulls z towards its code so \
    that the encoder's outputs do not drift away from the codebook faster than it can follow. Below, a batch of 32 \
    vectors, K = 16 codes and a stand-in decoder loss L = Σᵢ‖tanh(z_q,ᵢW + b) − yᵢ‖² with random W, b, y; the tape's \
    gradients are compared with central differences of L, and of the codebook term alone, computed in double precision.
    """)
    let small = VectorQuantizer(codebook: Tensor.normal([16, d], using: &chapter.random))
    let loss = ToyDecoderLoss(weight: Tensor.normal([d, 12], using: &chapter.random) * 0.5, bias: Tensor.normal([12], using: &chapter.random),
                              targets: Tensor.uniform([32, 12], using: &chapter.random) * 2 - 1)
    let straight = StraightThroughComparison(quantizer: small, vectors: Tensor.normal([32, d], using: &chapter.random), loss: loss, beta: 0.25)
    chapter.check("∂𝓛/∂z from the tape vs ∂L/∂z_q at z_q = e_k(z) by central differences plus 2β(z − e_k(z)): largest error over its rounding allowance",
                  measured: straight.encoderRatio, atMost: 1,
                  why: "each component's allowance is (12 + 10)·u₃₂ times the summed magnitudes of the 12 terms the Float chain rule adds, plus the forward pass's rounding (pre-activation and tanh) carried through the chain rule, plus 10⁻⁹ for the differences' truncation (h = 10⁻⁵). Taking the decoder's gradient at z itself, as if nothing were quantised, misses by \(formatNumber(straight.gradientAtInputRatio, digits: 3)) allowances")
    chapter.check("∂𝓛/∂e from the tape vs central differences of the codebook term alone, assignments fixed: largest error over its rounding allowance",
                  measured: straight.codebookRatio, atMost: 1,
                  why: "(members + 4)·u₃₂ times the summed magnitudes of 2(e_j − zᵢ), plus 10⁻⁹; the differences of a quadratic are exact up to rounding. The decoder's own pull on the codes, Σᵢ ∂L/∂z_q,i, which the estimator hands to z instead, is \(formatNumber(straight.decoderPullRatio, digits: 3)) allowances; \(straight.chosenCodes) of the \(straight.codeCount) codes were chosen and the other \(straight.zeroCodebookRows) have gradient rows that are exactly 0")
    chapter.table(["what is differentiated", "result"],
                  [["L(z_q) with respect to z, central differences with h = 10⁻⁶ (the true derivative)", "exactly 0 in \(formatNumber(100 * straight.zeroDerivativeShare, digits: 4))% of components"],
                   ["codes chosen by the batch / codes with a zero gradient row", "\(straight.chosenCodes) / \(straight.zeroCodebookRows) of \(straight.codeCount)"]],
                  caption: "Why the estimator is needed, and how a code dies: the true derivative is zero wherever a small step stays inside one code's cell, and a code that no vector chose is not moved by the codebook term.")

    chapter.prose("""
    The codebook term for code j is smallest when e_j is the mean of the vectors that chose it, which is the update of \
    k-means (Lloyd's algorithm; Lloyd, 1982). Instead of following its gradient, the codebook can be set to running means \
    directly (van den Oord et al., 2017, appendix A.1): N_j and m_j are exponential moving averages of how many vectors \
    chose code j and of their sum, and e_j = m_j/N_j. Common implementations (DeepMind's Sonnet among them) divide by Ñ_j, \
    the count after Laplace smoothing, instead, so that a count that has decayed to 0 never divides; so does the library, \
    which also starts every code with N_j = 1 and m_j = e_j (its own choice: the code stays put until it is chosen).
    """)
    chapter.listing("codebook-moving-averages", fromLibraryFile: "Sources/VectorQuantization/CodebookMovingAverages.swift")
    let averaged = VectorQuantizer(codebook: Tensor.normal([16, d], using: &chapter.random))
    let updates = 60, decay = 0.9
    let moving = MovingAverageComparison(quantizer: averaged, vectors: Tensor.normal([200, d], using: &chapter.random) + 0.5, decay: decay, updates: updates)
    chapter.check("moving-average codebook after \(updates) updates with one batch (γ = \(decay)) vs the closed form of the recursion in double precision, largest error in Float roundings",
                  measured: moving.largestRatio, atMost: 1,
                  why: "with one batch repeated, N_j(T) = γᵀ + (1 − γᵀ)n_j and m_j(T) = γᵀe_j(0) + (1 − γᵀ)S_j exactly; the library accumulates in double precision and rounds the codebook to Float once, at most u₃₂·|e_j|, to which 4T·u₆₄·|e_j| is added for the double-precision recursion (u₆₄ = 2⁻⁵³). With γ and 1 − γ exchanged the closed form moves by \(formatNumber(moving.swappedRatio, digits: 3)) roundings")
    chapter.prose("""
    After \(updates) updates the chosen codes sit within \(formatNumber(moving.largestDistanceToMean, digits: 2)) of the means \
    of their vectors (γᵀ = \(formatNumber(pow(decay, Double(updates)), digits: 2)) of the start is left), while a code that \
    nothing chose has moved by \(formatNumber(100 * moving.deadCodeDrift, digits: 2))% of its length (it shrinks towards the \
    origin, and fast once γᵀ falls below the smoothing ε): moving averages, like the gradient, never revive a dead code. \
    Section 3 measures what does.
    """)
}
