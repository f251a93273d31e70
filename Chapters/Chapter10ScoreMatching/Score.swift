import Distributions
import Foundation
import Notebook
import Plotting
import TensorCore

// Section 1: the score of a 2-D mixture, and the normaliser that its gradient never sees.

/// The chapter's 2-D data law: three Gaussians of different weights, shapes and orientations, so that its score field
/// has a saddle and regions of very different density.
let mixture = GaussianMixture2D([
    .init(weight: 0.5, mean: SIMD2(-1.2, -0.6), covariance: (a: 0.35, b: 0.12, c: 0.25)),
    .init(weight: 0.3, mean: SIMD2(1.4, 0.2), covariance: (a: 0.2, b: -0.08, c: 0.45)),
    .init(weight: 0.2, mean: SIMD2(0.0, 1.6), covariance: (a: 0.5, b: 0.0, c: 0.12)),
])

func scoreSection() {
    chapter.prose("""
    For a density p on ℝᵈ the **score** is s(x) = ∇ₓ log p(x), the direction in which the density grows fastest, scaled \
    by 1/p. Write p(x) = p̃(x)/Z with p̃ ≥ 0 computable and Z = ∫ p̃ the normaliser. Because log p = log p̃ − log Z and Z \
    does not depend on x,
    """)
    chapter.equation(#"s(x) = \nabla_x \log p(x) = \nabla_x \log \tilde p(x) - \underbrace{\nabla_x \log Z}_{=\,0},"#,
                     plain: "s(x) = ∇ₓ log p(x) = ∇ₓ log p̃(x) − ∇ₓ log Z = ∇ₓ log p̃(x)")
    chapter.prose("""
    so a model of the score never needs Z — the quantity that made chapters 7–9 enumerate states, anneal and run chains. \
    The data of this chapter's 2-D sections are a mixture of three Gaussians, whose log-density and score are known in \
    closed form; the check differentiates the *unnormalised* log p̃ = log p + 7 (as if Z were e⁻⁷) by central differences \
    and compares with the closed-form score of the normalised p.
    """)
    var random = chapter.random
    let points = mixture.sample(400, using: &random)
    let h = 1e-5
    var worst = 0.0, worstIgnoringLog = 0.0
    for row in 0..<points.rowCount {
        let x = SIMD2(Double(points.scalars[2 * row]), Double(points.scalars[2 * row + 1]))
        func unnormalised(_ y: SIMD2<Double>) -> Double { mixture.logDensity(y) + 7 }
        let differences = SIMD2((unnormalised(x + SIMD2(h, 0)) - unnormalised(x - SIMD2(h, 0))) / (2 * h),
                                (unnormalised(x + SIMD2(0, h)) - unnormalised(x - SIMD2(0, h))) / (2 * h))
        let score = mixture.score(x)
        worst = max(worst, max(abs(differences.x - score.x), abs(differences.y - score.y)))
        // The wrong reading, ∇p̃ instead of ∇ log p̃, for the power statement.
        let density = exp(unnormalised(x))
        worstIgnoringLog = max(worstIgnoringLog, abs(density * score.x - score.x))
    }
    chapter.check("the closed-form score of p against central differences of log p̃ = log p + 7, largest difference over 400 draws",
                  measured: worst, atMost: 1e-6,
                  why: "central differences with h = 10⁻⁵ err by about h²/6 times the third derivative (at most ~10⁻⁸ for third derivatives up to ~10³ in the tails) plus rounding ε|log p̃|/h ≈ 10⁻⁹; the bound is about 100 times that budget. The check tests the closed-form score; the constant cancels exactly in any difference, which is the point of the identity. Differentiating p̃ instead of log p̃ would be off by \(formatNumber(worstIgnoringLog, digits: 3))")
    chapter.figure(scoreFieldFigure(), name: "score_field", caption: """
        The mixture's log-density (colour) and its score (arrows, scaled to a common maximum length) on a 17 × 17 grid: \
        the arrows point uphill, are long where the density is small and falls steeply, and vanish at the modes and at the \
        saddles between them.
        """)
}
