import Distributions
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 2: the explicit Fisher divergence and Hyvärinen's implicit objective differ by a constant, checked by
// quadrature on a 1-D family where both are computable, and the implicit one estimated from samples.

/// The 1-D data law of section 2: a two-component mixture, so that no Gaussian model fits it exactly.
let lineData = GaussianMixture1D(weights: [0.3, 0.7], means: [-1.5, 1.0], standardDeviations: [0.5, 0.8])

func hyvarinenSection() {
    chapter.prose("""
    To fit a model score s_θ to data with law p_d, the natural loss is the **Fisher divergence** J_E(θ) = ½ 𝔼_{p_d} \
    ‖s_θ(x) − s_d(x)‖², s_d = ∇ log p_d — which needs the data's score, the one thing we do not have. Hyvärinen (2005) \
    expanded the square and integrated the cross term by parts: in one dimension, 𝔼[s_θ s_d] = ∫ s_θ p_d′ dx = \
    −∫ s_θ′ p_d dx, provided p_d s_θ → 0 at ±∞. In d dimensions the same holds coordinate by coordinate when p_d and \
    s_θ are differentiable, 𝔼‖s_θ‖² and 𝔼‖s_d‖² are finite and p_d(x)s_θ(x) → 0 as ‖x‖ → ∞ (Hyvärinen's conditions). \
    What is left depends on the data only through samples:
    """)
    chapter.equation(#"J_E(\theta) = \underbrace{\mathbb{E}_{p_d}\!\big[\tfrac12\|s_\theta(x)\|^2 + \nabla_x\!\cdot s_\theta(x)\big]}_{J_I(\theta)} + \underbrace{\tfrac12\,\mathbb{E}_{p_d}\|s_d(x)\|^2}_{C,\ \text{free of }\theta}"#,
                     plain: "J_E(θ) = J_I(θ) + C,   J_I(θ) = 𝔼[½‖s_θ‖² + ∇·s_θ],   C = ½𝔼‖s_d‖²")
    let rule = QuadratureRule.gaussLegendre(from: -12, to: 12, panels: 240)
    let densities = rule.nodes.map { exp(lineData.logDensity($0)) }, scores = rule.nodes.map(lineData.score)
    func expectation(_ f: (Int) -> Double) -> Double { rule.nodes.indices.reduce(0) { $0 + rule.weights[$1] * densities[$1] * f($1) } }
    let constant = expectation { 0.5 * scores[$0] * scores[$0] }
    // The model: a Gaussian score s_θ(x) = −τ(x − μ), θ = (μ, τ), so ∇·s_θ = −τ.
    func explicit(_ mu: Double, _ tau: Double) -> Double { expectation { 0.5 * pow(-tau * (rule.nodes[$0] - mu) - scores[$0], 2) } }
    func implicit(_ mu: Double, _ tau: Double) -> Double { expectation { 0.5 * pow(tau * (rule.nodes[$0] - mu), 2) - tau } }
    let grid = [-1.0, 0.0, 0.5, 1.5].flatMap { mu in [0.3, 0.8, 1.5, 3.0].map { (mu, $0) } }
    chapter.prose("""
    Take the data to be a mixture of two Gaussians on the line (weights 0.3 and 0.7, means −1.5 and 1, standard deviations \
    0.5 and 0.8) and the model a Gaussian score s_θ(x) = −τ(x − μ) with θ = (μ, τ). Both objectives are integrals \
    against p_d, computed here by Gauss–Legendre quadrature on [−12, 12]; C = \(formatNumber(constant, digits: 6)).
    """)
    chapter.table(["μ", "τ", "J_E (needs s_d)", "J_I (needs samples only)", "J_E − J_I"], grid.prefix(6).map { mu, tau in
        [mu, tau, explicit(mu, tau), implicit(mu, tau), explicit(mu, tau) - implicit(mu, tau)] as [any TableCell]
    }, caption: "Six of the \(grid.count) points of the check below; the last column should be C everywhere.")
    let worst = grid.map { abs(explicit($0.0, $0.1) - implicit($0.0, $0.1) - constant) }.max()!
    let signError = grid.map { abs(explicit($0.0, $0.1) - (implicit($0.0, $0.1) + 2 * $0.1) - constant) }.max()!
    chapter.check("largest |J_E − J_I − C| over \(grid.count) values of (μ, τ), all three by quadrature", measured: worst, atMost: 1e-10,
                  why: "the identity is exact; 8-point Gauss–Legendre panels of width 0.1 integrate these smooth integrands to rounding. Taking the divergence with the wrong sign (−∇·s instead of +) would miss by up to \(formatNumber(signError, digits: 3))")
    // From samples: the implicit objective is a plain average, the explicit one cannot be formed without s_d.
    var random = chapter.random
    let n = quick ? 4_000 : 20_000, (mu, tau) = (0.4, 0.9)
    let samples = lineData.sample(n, using: &random).scalars.map(Double.init)
    let terms = SampleSummary(samples.map { 0.5 * pow(tau * ($0 - mu), 2) - tau })
    chapter.check("J_I(0.4, 0.9) from \(n) samples against quadrature, in SE", measured: abs(terms.mean - implicit(mu, tau)) / terms.standardError,
                  atMost: standardNormalQuantile(upperTail: 5e-4),
                  why: "a sample mean of independent terms; two-sided normal bound at 10⁻³. J_E at the same θ is \(formatNumber(explicit(mu, tau), digits: 4)): the sample average estimates J_I, not J_E, and the two differ by C")
    chapter.prose("""
    Minimising J_I for this Gaussian model needs no search: J_I = ½τ² 𝔼[(x − μ)²] − τ is smallest at μ̂ = x̄ and \
    τ̂ = 1/𝔼[(x − x̄)²] — the sample mean and precision, exactly what maximum likelihood gives. For a Gaussian, score \
    matching *is* maximum likelihood. The next section asks what happens when it is not.
    """)
}
