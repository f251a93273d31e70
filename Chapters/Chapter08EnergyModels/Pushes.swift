import Foundation
import Notebook
import Statistics
import TensorCore

// Section 3: what one gradient step does to a 1-D energy, split into the positive phase (data) and the negative
// phase (the model's samples), drawn from the actual sample gradients.

/// E_θ(x) = x²/2 + Σ_k θ_k φ_k(x) on [−4, 4], with Gaussian bumps φ_k of width 0.5 centred every 0.5.
struct BumpEnergy {
    static let centres = stride(from: -4.0, through: 4.0, by: 0.5).map { $0 }
    static let width = 0.5
    var coefficients = [Double](repeating: 0, count: centres.count)

    static func features(_ x: Double) -> [Double] { centres.map { exp(-($0 - x) * ($0 - x) / (2 * width * width)) } }
    func energy(_ x: Double) -> Double { x * x / 2 + zip(coefficients, Self.features(x)).reduce(0) { $0 + $1.0 * $1.1 } }
    /// κ(x, y) = Σ_k φ_k(x)φ_k(y): how much a step on the features of y moves the energy at x.
    static func kernel(_ x: Double, _ y: Double) -> Double { zip(features(x), features(y)).reduce(0) { $0 + $1.0 * $1.1 } }
}

struct PushesPicture {
    let grid: [Double], energy: [Double], density: [Double], data: [Double], negatives: [Double]
    let positive: [Double], negative: [Double], step: Double
}

func pushesSection() throws {
    let model = BumpEnergy(), step = 0.5
    let grid = stride(from: -4.0, through: 4.0, by: 0.004).map { $0 }
    let spacing = grid[1] - grid[0]
    let energies = grid.map(model.energy)
    let weights = energies.enumerated().map { index, e in exp(-e) * (index == 0 || index == grid.count - 1 ? 0.5 : 1) * spacing }   // trapezoid
    let normaliser = weights.reduce(0, +), density = energies.map { exp(-$0) / normaliser }
    let count = quick ? 400 : 1_000
    let data = (0..<count).map { _ in (chapter.random.uniformDouble() < 0.5 ? -1.5 : 1.5) + 0.5 * chapter.random.normalDouble() }
    // Exact draws from p_θ: at θ = 0 it is the standard normal restricted to [−4, 4], so rejection from N(0, 1) is exact
    // and shares nothing with the grid used for the quadrature below.
    let negatives = (0..<count).map { _ -> Double in
        while true { let x = chapter.random.normalDouble(); if abs(x) <= 4 { return x } }
    }
    chapter.prose("""
    The identity says what a gradient step does, and a picture says it better. Take a 1-D energy that is a \
    quadratic plus \(BumpEnergy.centres.count) Gaussian bumps φ_k of width \(formatNumber(BumpEnergy.width)), E_θ(x) = x²/2 + Σ_k θ_kφ_k(x), \
    on [−4, 4], at θ = 0: the model is a standard normal (restricted to the interval), and the data (\(count) points) \
    are two clumps, N(−1.5, 0.5²) and N(1.5, 0.5²) in equal shares. One ascent step on ℓ, of size η (here the \
    learning rate of a single update), changes each θ_k by η(−⟨φ_k⟩_data + 𝔼_{p_θ}[φ_k]), so the energy at x changes by
    """)
    chapter.equation(#"\Delta E(x) = \underbrace{-\,\eta\,\big\langle \kappa(x, x^{+})\big\rangle_{\text{data}}}_{\text{positive phase: down where the data are}} \; + \; \underbrace{\eta\,\mathbb{E}_{x^{-}\sim p_\theta}\big[\kappa(x, x^{-})\big]}_{\text{negative phase: up where the model is}}, \qquad \kappa(x, y) = \sum_k \varphi_k(x)\,\varphi_k(y)."#,
                     plain: "ΔE(x) = −η⟨κ(x, x⁺)⟩_data + η𝔼_{x⁻∼p_θ}[κ(x, x⁻)],   κ(x, y) = Σ_k φ_k(x)φ_k(y)")
    // ⟨κ(x, y)⟩ over a sample is Σ_k φ_k(x)·(mean of φ_k over the sample): one mean feature vector per phase.
    func meanFeatures(_ points: [Double]) -> [Double] {
        points.reduce(into: [Double](repeating: 0, count: BumpEnergy.centres.count)) { sum, y in
            for (k, value) in BumpEnergy.features(y).enumerated() { sum[k] += value / Double(points.count) }
        }
    }
    let (dataFeatures, negativeFeatures) = (meanFeatures(data), meanFeatures(negatives))
    let gridFeatures = grid.map(BumpEnergy.features)
    let positive = gridFeatures.map { φ in -step * zip(φ, dataFeatures).reduce(0) { $0 + $1.0 * $1.1 } }
    let negative = gridFeatures.map { φ in step * zip(φ, negativeFeatures).reduce(0) { $0 + $1.0 * $1.1 } }
    // The negative phase at x = 0 from the samples, against the same expectation by quadrature over the grid.
    let atOrigin = negatives.map { step * BumpEnergy.kernel(0, $0) }
    let byQuadrature = step * zip(grid, weights).reduce(0) { $0 + BumpEnergy.kernel(0, $1.0) * $1.1 } / normaliser
    let summary = SampleSummary(atOrigin)
    chapter.check("negative phase at x = 0 from \(count) exact draws of p_θ (by rejection) against the same expectation by quadrature", measured: summary.mean, expected: byQuadrature,
                  tolerance: .standardErrors(4, standardError: summary.standardError),
                  why: "the push up in the figure is a sample mean; its SE is \(formatNumber(summary.standardError, digits: 2)). Drawn from the data instead of the model, the same mean is \(formatNumber(data.reduce(0) { $0 + step * BumpEnergy.kernel(0, $1) } / Double(count), digits: 3))")
    chapter.figure(pushesFigure(PushesPicture(grid: grid, energy: energies, density: density, data: data, negatives: negatives,
                                              positive: positive, negative: negative, step: step)), name: "pushes_up_and_down", caption: """
        Top: the energy E_θ (line), the model density p_θ and a histogram of the data; arrows show one step of size η = \(formatNumber(step)) \
        at a few data points (down, the positive phase) and a few of the model's own samples (up, the negative phase), each as long \
        as that phase's ΔE there. Bottom: the two phases and their sum over x, from the samples.
        """)
    let (origin, clump) = (grid.count / 2, grid.count / 2 + 375)   // x = 0 and x = 1.5
    func phrase(_ index: Int) -> String {
        let total = positive[index] + negative[index]
        return "ΔE = \(formatNumber(total, digits: 3)), the energy goes \(total < 0 ? "down" : "up"): the data pull by \(formatNumber(positive[index], digits: 3)) and the model's samples push by \(formatNumber(negative[index], digits: 3))"
    }
    chapter.prose("""
    At x = 1.5, in a clump of data, \(phrase(clump)). At the origin, where the standard normal has its mass \
    and the data have little, \(phrase(origin)). Learning stops when the two curves cancel everywhere the \
    features can see, which is the moment matching ⟨φ_k⟩_data = 𝔼_{p_θ}[φ_k].
    """)
}
