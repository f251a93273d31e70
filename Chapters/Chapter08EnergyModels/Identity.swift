import BoltzmannMachines
import Distributions
import Foundation
import Notebook
import TensorCore

// Section 1: ∇_θ log Z = −𝔼_p[∇_θ E] on the Gaussian energy (closed form, quadrature, Monte Carlo) and on a
// small RBM (finite differences of the enumerated log Z against model expectations enumerated the other way).

func partitionGradientChecks() throws {
    let θ = 1.7
    chapter.prose("""
    **The Gaussian energy.** E_θ(x) = θx²/2 on ℝ gives p_θ = N(0, 1/θ) and Z_θ = √(2π/θ), so \
    d log Z_θ/dθ = −1/(2θ), and the identity says this equals −𝔼_{p_θ}[x²/2]. At θ = \(formatNumber(θ)) we compute the \
    left side a second way — central differences of log Z_θ, with Z_θ itself by adaptive Gauss–Kronrod \
    quadrature, not the closed form — and the right side by Monte Carlo with exact draws from N(0, 1/θ).
    """)
    let h = 1e-4, extent = 40 / θ.squareRoot()
    func logPartition(_ value: Double) -> (value: Double, error: Double) {
        let result = AdaptiveQuadrature.integrate(from: -extent, to: extent) { exp(-value * $0 * $0 / 2) }
        return (log(result.value), result.errorEstimate / result.value)
    }
    let (up, down) = (logPartition(θ + h), logPartition(θ - h))
    let difference = (up.value - down.value) / (2 * h), closedForm = -1 / (2 * θ)
    // Truncation h²/6·max|d³ log Z/dθ³| on [θ − h, θ + h] = h²/(6(θ − h)³); rounding: the two quadratures' relative errors over 2h.
    let tolerance = h * h / 6 / pow(θ - h, 3) + (up.error + down.error) / (2 * h)
    chapter.check("d log Z/dθ by central differences of quadrature against −1/(2θ)", measured: difference, expected: closedForm, tolerance: .absolute(tolerance),
                  why: "step \(formatNumber(h)): truncation h²/6·max|d³log Z/dθ³| = h²/(6(θ − h)³) over the step, plus the quadratures' own error estimates over 2h; the integrand is cut at ±\(formatNumber(extent, digits: 3)), 40 standard deviations")
    let draws = quick ? 20_000 : 200_000
    let halfSquares = (0..<draws).map { _ -> Double in let x = chapter.random.normalDouble() / θ.squareRoot(); return x * x / 2 }
    let monteCarlo = -halfSquares.reduce(0, +) / Double(draws)
    let standardError = 1 / (θ * 2.0.squareRoot()) / Double(draws).squareRoot()   // sd of x²/2 under N(0, 1/θ) is 1/(θ√2)
    chapter.check("−𝔼_p[x²/2] from \(draws) exact draws against d log Z/dθ = −1/(2θ)", measured: monteCarlo, expected: closedForm,
                  tolerance: .standardErrors(4, standardError: standardError),
                  why: "the SE uses the exact spread of x²/2 under N(0, 1/θ), 1/(θ√2); the opposite sign, +𝔼[x²/2], is \(formatNumber(-monteCarlo, digits: 3))")

    let machine = randomMachine()
    let (n, m) = (machine.visibleCount, machine.hiddenCount)
    chapter.prose("""
    **An RBM.** For chapter 7's restricted Boltzmann machine, −∂E/∂W_ij = v_ih_j, −∂E/∂b_i = v_i and \
    −∂E/∂c_j = h_j, so the identity says ∂ log Z/∂W_ij = 𝔼_p[v_ih_j] and so on. On a machine with n = \(n) visible \
    and m = \(m) hidden units, weights N(0, 1) and biases N(0, ¼), we take the left side by central differences of \
    log Z summed over the 2ⁿ visible states, and the right side by summing over the 2ᵐ hidden states instead \
    (𝔼_p[v_ih_j] = Σ_h p(h) h_j σ(b_i + (Wh)_i)): the two routes share only the parameters.
    """)
    let expectations = machine.modelPhaseThroughHiddenStates()
    let step = 1e-3
    var worst = 0.0, uniformWorst = 0.0
    for parameter in 0..<(n * m + n + m) {
        var (upMachine, downMachine) = (machine, machine)
        let expected: Double, uniform: Double
        switch parameter {
        case ..<(n * m):
            upMachine.weights[parameter] += step; downMachine.weights[parameter] -= step
            (expected, uniform) = (expectations.weights[parameter], 0.25)
        case ..<(n * m + n):
            upMachine.visibleBiases[parameter - n * m] += step; downMachine.visibleBiases[parameter - n * m] -= step
            (expected, uniform) = (expectations.visibleBiases[parameter - n * m], 0.5)
        default:
            upMachine.hiddenBiases[parameter - n * m - n] += step; downMachine.hiddenBiases[parameter - n * m - n] -= step
            (expected, uniform) = (expectations.hiddenBiases[parameter - n * m - n], 0.5)
        }
        let difference = (upMachine.logPartitionThroughFreeEnergy - downMachine.logPartitionThroughFreeEnergy) / (2 * step)
        worst = max(worst, abs(difference - expected))
        uniformWorst = max(uniformWorst, abs(difference - uniform))
    }
    // log Z is the cumulant generating function of each statistic, so its third derivative is a third cumulant of a
    // variable in {0, 1}, at most 1/(6√3) in size; rounding: 2^n terms, each a sum of about nm + n + m products.
    let size = (machine.weights + machine.visibleBiases + machine.hiddenBiases).reduce(0) { $0 + abs($1) }
    let rounding = 4 * (Double(1 << n) + Double(n * m + n + m + 1) * (1 + size)) * Double.ulpOfOne / 2
    chapter.check("max over all \(n * m + n + m) parameters of |∂ log Z/∂θ by differences − 𝔼_p[−∂E/∂θ] by enumeration|",
                  measured: worst, atMost: step * step / 6 / (6 * 3.0.squareRoot()) + rounding / step,
                  why: "step t = \(formatNumber(step)); truncation t²/6 times a Bernoulli third cumulant (at most 1/(6√3)), plus the rounding of two enumerated log Z over 2t. The expectations under fair coins instead of p (1/4 and 1/2) are off by \(formatNumber(uniformWorst, digits: 3))")
}

/// A 12 × 6 RBM with weights N(0, 1) and biases N(0, ¼), drawn from this section's stream.
func randomMachine() -> RestrictedBoltzmannMachine {
    var machine = RestrictedBoltzmannMachine(visibleCount: 12, hiddenCount: 6, weightScale: 1, using: &chapter.random)
    machine.visibleBiases = (0..<12).map { _ in 0.5 * chapter.random.normalDouble() }
    machine.hiddenBiases = (0..<6).map { _ in 0.5 * chapter.random.normalDouble() }
    return machine
}
