import AdversarialNetworks
import Autodiff
import Distributions
import Foundation
import NeuralLayers
import Notebook
import TensorCore
import Training

// Section 6, first half: the Wasserstein distance, the gradient penalty, and a critic checked against the exact
// optimum of the penalised problem.

func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
func normalDensity(_ x: Double, mean: Double = 0, variance: Double = 1) -> Double { exp(-(x - mean) * (x - mean) / (2 * variance)) / (2 * Double.pi * variance).squareRoot() }

func wassersteinTheorySection() throws {
    chapter.prose("""
    Chapter 3's generator minimises a Jensen–Shannon divergence, which is stuck at log 2 whenever the two laws \
    have disjoint supports — however far apart they are — so it gives no sense of direction. Arjovsky, Chintala \
    & Bottou (2017) replace it with the **Wasserstein-1 distance**, the least mean distance any coupling π of the \
    two laws must move mass, which grows smoothly with the gap. By the Kantorovich–Rubinstein duality (Villani, 2008, ch. 5) it is \
    a supremum over 1-Lipschitz functions f, the **critic**:
    """)
    chapter.equation(#"W_1(p, q) = \inf_{\pi \in \Pi(p, q)} \mathbb{E}_{(x, y)\sim\pi}\lVert x - y\rVert = \sup_{\lVert f\rVert_{L} \le 1} \mathbb{E}_{p} f(x) - \mathbb{E}_{q} f(x), \qquad W_1 = \int \lvert P(x) - Q(x)\rvert\,dx \ \text{ in one dimension.}"#,
                     plain: "W₁(p, q) = inf_{π∈Π(p,q)} E_π ‖x − y‖ = sup_{‖f‖_L ≤ 1} E_p f − E_q f;   W₁ = ∫ |P − Q| dx in 1-D (P, Q the CDFs)")
    chapter.prose("""
    Here Π(p, q) is the set of joint laws with marginals p and q, ‖f‖_L is f's Lipschitz constant, and P, Q are \
    the distribution functions of p and q. The original WGAN kept the critic Lipschitz by clipping its weights, which wastes its capacity. WGAN-GP \
    (Gulrajani et al., 2017) instead penalises the critic's gradient norm for straying from 1 at random points \
    x̂ = εx + (1 − ε)x̃ on the lines between real x and generated x̃ (ε ~ U[0, 1]), where the optimal critic of \
    the constrained problem has slope exactly 1. The critic maximises J; the generator, which only enters through x̃ = G(z), minimises \
    E_data f(x) − E_z f(G(z)), that is, it raises the critic's score of its samples:
    """)
    chapter.equation(#"J(f) = \mathbb{E}_{p_{\mathrm{data}}} f(x) - \mathbb{E}_{p_g} f(\tilde x) - \lambda\,\mathbb{E}_{\hat x}\big(\lVert\nabla_{\hat x} f(\hat x)\rVert_2 - 1\big)^2, \qquad \lambda > 0 \ (10 \text{ in Gulrajani et al.})."#,
                     plain: "J(f) = E_data f(x) − E_g f(x̃) − λ·E_x̂ (‖∇f(x̂)‖₂ − 1)²,   λ > 0 (10 in Gulrajani et al.)")
    chapter.prose("""
    The penalty depends on a gradient, so its gradient with respect to the critic's weights is a second \
    derivative: the core records the backward pass that computes ∇_x̂ f on the tape and differentiates it again \
    (double backward). Two checks: for a linear critic f(x) = θᵀx + θ₀ the gradient is θ everywhere, so the \
    penalty is (‖θ‖ − 1)² exactly; and for a small tanh network the gradient of the penalty \
    L_GP = E_x̂ (‖∇_x̂ f(x̂)‖₂ − 1)² with respect to the weights θ is compared with central differences.
    """)
    chapter.listing("wasserstein-gradient-penalty", fromLibraryFile: "Sources/AdversarialNetworks/WassersteinGradientPenalty.swift")
    penaltyChecks()
    try optimalCriticCheck()
}

/// The penalty of a linear critic against (‖θ‖ − 1)², and the tape's parameter gradient of a tanh critic's penalty against
/// central differences at two step sizes.
func penaltyChecks() {
    let linear = MLP(sizes: [3, 1], activation: .identity, name: "linear critic", using: &chapter.random)
    let points = Tensor.normal([64, 3], using: &chapter.random)
    let penalty = Double(WassersteinGradientPenaltyObjective.gradientPenalty(of: { linear($0) }, at: points, on: Tape()).value.scalar)
    let norm = linear.parameters[0].value.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    chapter.check("gradient penalty of a linear critic by the tape vs (‖θ‖ − 1)² from its weights (‖θ‖ = \(formatNumber(norm, digits: 3)))",
                  measured: penalty, expected: (norm - 1) * (norm - 1), tolerance: .relative(1e-5),
                  why: "single precision (u₃₂ ≈ 6·10⁻⁸) through a few dozen operations; a penalty on ‖θ‖² − 1 gives \(formatNumber((norm * norm - 1) * (norm * norm - 1), digits: 3))")

    let critic = MLP(sizes: [2, 12, 12, 1], activation: .tanh, name: "tanh critic", using: &chapter.random)
    let at = Tensor.normal([32, 2], using: &chapter.random)
    func value() -> Double { Double(WassersteinGradientPenaltyObjective.gradientPenalty(of: { critic($0) }, at: at, on: Tape()).value.scalar) }
    let tape = Tape()
    let analytic = tape.gradients(of: WassersteinGradientPenaltyObjective.gradientPenalty(of: { critic($0) }, at: at, on: tape), for: critic.parameters)
    let (worst, largest) = centralDifferenceCheck(critic.parameters, analytic: analytic, value: value)
    chapter.check("largest |∂L_GP/∂θ by double backward − central difference| over sampled weights of a 2–12–12–1 tanh critic, in units of its error bound",
                  measured: worst, atMost: 1,
                  why: "the bound per weight is 4/3 × the gap between steps h and 2h (the O(h²) truncation by Richardson's estimate, with margin) plus 16u₃₂|L_GP|/h for rounding (u₃₂ = 2⁻²⁴); a penalty whose slopes were treated as constants has gradient 0, missing by up to \(formatNumber(largest, digits: 2))")
}

/// A 1-D critic between N(Δ, 1) (data) and N(0, 1) (generator), trained on J, against the exact optimum of J.
func optimalCriticCheck() throws {
    let shift = 2.0, lambda = 10.0
    let critic = MLP(sizes: [1, 64, 64, 1], activation: .silu, name: "critic", using: &chapter.random)
    // In one dimension the two-sided penalty walls slope +1 off from slope −1: passing through f′ = 0 costs λ. A critic
    // that starts decreasing would settle on the mirror-image local optimum, so it is turned round before training.
    let probe = Tensor(shape: [2, 1], scalars: [Float(shift), 0]), initial = critic(probe).scalars
    let turned = initial[0] < initial[1]
    if turned { for parameter in critic.layers.last!.parameters { parameter.value = parameter.value * -1 } }
    chapter.prose("""
    What does the penalised critic estimate? In one dimension J can be maximised exactly. Integrating by parts, \
    E_p f − E_q f = ∫ f′(x)(Q(x) − P(x)) dx, where P and Q are the distribution functions of p = p_data and \
    q = p_g, so J(f) = ∫ [f′(Q − P) − λ r (|f′| − 1)²] dx, where r is the density \
    of the interpolates x̂; maximising point by point gives the optimal slope and value
    """)
    chapter.equation(#"f^{*\prime}(x) = 1 + \frac{Q(x) - P(x)}{2\lambda\, r(x)}, \qquad J^* = W_1 + \int \frac{(Q - P)^2}{4\lambda r}\,dx, \qquad \mathbb{E}_p f^* - \mathbb{E}_q f^* = W_1 + \int \frac{(Q - P)^2}{2\lambda r}\,dx,"#,
                     plain: "f*′(x) = 1 + (Q − P)/(2λr),   J* = W₁ + ∫ (Q − P)²/(4λr) dx,   E_p f* − E_q f* = W₁ + ∫ (Q − P)²/(2λr) dx")
    chapter.prose("""
    valid where Q ≥ P, as for p = N(Δ, 1) against q = N(0, 1) with Δ = \(formatNumber(shift)) > 0: the penalty makes the critic \
    steeper than 1 where r is thin and so overstates W₁ = Δ (exercise 4.3 finds the same bias for linear critics). \
    Given ε the interpolate is N(εΔ, ε² + (1 − ε)²), so r is a one-dimensional integral over ε. We train a \
    1 → 64 → 64 → 1 SiLU critic on J with batches of 256 from each law and compare it with J* by quadrature. \
    One caution that only one dimension has: the penalty (|f′| − 1)² is λ at f′ = 0, a wall between slopes −1 and \
    +1, so a critic that starts out decreasing settles on the mirror-image local optimum f′ ≈ −1 and estimates \
    about −W₁. (In two or more dimensions the gradient can turn round without passing through zero.) So the critic is \
    started increasing — by flipping the sign of its last layer if f(Δ) < f(0) at initialisation\
    \(turned ? ", as this run's initialisation needed" : "; this run's initialisation was already increasing").
    """)
    let grid = QuadratureRule.simpson(from: -8, to: 10, points: 3_601), mixing = QuadratureRule.gaussLegendre(from: 0, to: 1, panels: 8)
    let gap = grid.nodes.map { normalCDF($0) - normalCDF($0 - shift) }   // Q − P ≥ 0
    let r = grid.nodes.map { x in mixing.integrate { e in normalDensity(x, mean: e * shift, variance: e * e + (1 - e) * (1 - e)) } }
    let w1 = grid.integrate(gap)
    chapter.check("W₁(N(Δ, 1), N(0, 1)) = ∫ (Q − P) dx by quadrature vs the shift Δ", measured: w1, expected: shift, tolerance: .absolute(1e-8),
                  why: "Simpson's rule on a smooth integrand with h = 0.005 errs by O(h⁴) ≈ 10⁻¹⁰, and the tails beyond [−8, 10] hold under 10⁻¹⁴; the coupling x ↦ x + Δ moves every point by Δ, and no coupling does better")
    let optimalValue = w1 + grid.integrate(zip(gap, r).map { $0 * $0 / (4 * lambda * $1) })
    let optimalEstimate = w1 + grid.integrate(zip(gap, r).map { $0 * $0 / (2 * lambda * $1) })

    let trainer = Trainer(label: "1-D WGAN-GP critic", parameters: critic.parameters, steps: quick ? 600 : 1_500,
                          optimizer: Adam(parameters: critic.parameters, learningRate: 1e-3, beta1: 0.5, beta2: 0.9), schedule: .cosine(floor: 0.05))
    try chapter.train(trainer.label, steps: trainer.steps) { step in
        let real = (Tensor.normal([256, 1], using: &chapter.random) + Float(shift)), fake = Tensor.normal([256, 1], using: &chapter.random)
        let mixing = Tensor.uniform([256, 1], using: &chapter.random)
        _ = try trainer.step(step) { tape in
            let estimate = WassersteinGradientPenaltyObjective.wassersteinEstimate(realScores: critic(tape.constant(real)), fakeScores: critic(tape.constant(fake)))
            let points = WassersteinGradientPenaltyObjective.interpolates(real: real, fake: fake, mixing: mixing)
            return -estimate + Float(lambda) * WassersteinGradientPenaltyObjective.gradientPenalty(of: { critic($0) }, at: points, on: tape)
        }
    }
    // The trained critic and its exact slope on the grid, then every expectation by the same quadrature.
    let tape = Tape(), inputs = tape.variable(Tensor(shape: [grid.count, 1], scalars: grid.nodes.map(Float.init)))
    let outputs = critic(inputs)
    let f = outputs.value.doubles, slope = tape.gradients(of: outputs.sum(), withRespectTo: [inputs])[0].doubles
    let p = grid.nodes.map { normalDensity($0, mean: shift) }, q = grid.nodes.map { normalDensity($0) }
    let trainedEstimate = grid.integrate(zip(f, zip(p, q)).map { $0 * ($1.0 - $1.1) })
    let trainedPenalty = grid.integrate(zip(slope, r).map { (abs($0) - 1) * (abs($0) - 1) * $1 })
    let trainedValue = trainedEstimate - lambda * trainedPenalty, zeroCritic = -lambda * grid.integrate(r)
    let optimalSlope = zip(gap, r).map { 1 + $0 / (2 * lambda * $1) }
    let bulk = grid.nodes.indices.filter { r[$0] >= 0.05 }
    let slopeError = bulk.map { abs(slope[$0] - optimalSlope[$0]) }.max()!
    chapter.table(["critic", "E_p f − E_q f", "λ·E (|f′(x̂)| − 1)²", "J(f)"], [
        ["f ≡ 0", 0.0, -zeroCritic, zeroCritic],
        ["f(x) = x (1-Lipschitz, optimal without penalty)", shift, 0.0, shift],
        ["linear, best slope 1 + Δ/(2λ) (exercise 4.3)", shift * (1 + shift / (2 * lambda)), shift * shift / (4 * lambda), shift + shift * shift / (4 * lambda)],
        ["trained network, \(trainer.steps) steps", trainedEstimate, lambda * trainedPenalty, trainedValue],
        ["f* (exact optimum, quadrature)", optimalEstimate, optimalEstimate - optimalValue, optimalValue],
    ], caption: "Every expectation by Simpson's rule on [−8, 10] (h = 0.005), r by Gauss–Legendre in ε; the trained critic's slope comes from the tape, not from differences.")
    chapter.check("J of the trained critic vs the supremum J* (their difference)", measured: trainedValue - optimalValue, atMost: 1e-6,
                  why: "J* is the maximum over all functions, so no critic may exceed it beyond the quadrature's error (under 10⁻⁸ here) and the single-precision rounding of f (10⁻⁷ relative); J* without its second term (W₁ alone) would sit \(formatNumber(trainedValue - w1, digits: 3)) below the trained critic's J")
    let linearValue = shift + shift * shift / (4 * lambda)
    chapter.check("J* − J(trained critic) as a share of J* − J(best linear critic)", measured: (optimalValue - trainedValue) / (optimalValue - linearValue), atMost: 0.1,
                  why: "the best linear critic, slope 1 + Δ/(2λ), already comes within \(formatNumber(optimalValue - linearValue, digits: 2)) of J*, and f ≡ 0 within \(formatNumber(optimalValue - zeroCritic, digits: 3)); the bound asks the network to close nine tenths of the linear critic's gap, which only a critic with the optimum's curved slope can")
    let slopeRange = (bulk.map { optimalSlope[$0] }.min()!, bulk.map { optimalSlope[$0] }.max()!)
    chapter.check("largest |f′ − f*′| where the interpolates' density r ≥ 0.05", measured: slopeError, atMost: 0.02,
                  why: "f*′ runs from \(formatNumber(slopeRange.0, digits: 4)) to \(formatNumber(slopeRange.1, digits: 4)) over that range, so any constant slope — any linear critic — misses somewhere by at least half that range, \(formatNumber((slopeRange.1 - slopeRange.0) / 2, digits: 2)); the bound is below it")
    let shown = grid.nodes.indices.filter { $0 % 10 == 0 && abs(grid.nodes[$0] - 1) <= 5 }
    chapter.figure(criticFigure(x: shown.map { grid.nodes[$0] }, slope: shown.map { slope[$0] }, optimalSlope: shown.map { optimalSlope[$0] },
                                densities: (shown.map { p[$0] }, shown.map { q[$0] })),
                   name: "wgan_critic", caption: """
        Top: the data N(\(formatNumber(shift)), 1) and the generator's N(0, 1). Bottom: the trained WGAN-GP critic's slope f′ and the exact optimum's f*′ = 1 + (Q − P)/(2λr). \
        Where the interpolates' density r is at least 0.05 (x from \(formatNumber(grid.nodes[bulk.first!], digits: 3)) to \(formatNumber(grid.nodes[bulk.last!], digits: 3))) the trained \
        slope runs from \(formatNumber(bulk.map { slope[$0] }.min()!, digits: 3)) to \(formatNumber(bulk.map { slope[$0] }.max()!, digits: 3)), above 1 throughout, and both slopes grow \
        away from the centre, where (Q − P)/r grows: the penalty holds the slope near 1 only where interpolates are dense; so the critic's E_p f − E_q f = \(formatNumber(trainedEstimate, digits: 4)) overstates W₁ = \(formatNumber(shift)).
        """)
}
