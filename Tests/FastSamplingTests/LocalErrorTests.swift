import Foundation
import Testing
import TensorCore
@testable import FastSampling

/// One step's error against the leading term of its Taylor expansion, on Gaussian data N(0, s²I). D is linear in x there,
/// so a step from σ to σ′ = σ − h multiplies x by a scalar gain: stepping x = 1 gives it, and its error against the exact
/// gain √((s² + σ′²)/(s² + σ²)) is e(h) = c·hᵖ + O(hᵖ⁺¹), p = 2 for Euler and 3 for the two-evaluation steps, with
/// (series of step − exact in h, computed with sympy and confirmed by the estimates below)
///
///   Euler      c₂ = −s²/(2(s² + σ²)²)
///   Heun       c₃ = s²σ/(2(s² + σ²)³)
///   midpoint   c₃ = −s²/(8σ(s² + σ²)²)   (intermediate level at the geometric mean √(σσ′))
///
/// A midpoint step with its intermediate level at the arithmetic mean (σ + σ′)/2 is second order too (the two means
/// differ by O(h²)), so the global-slope test of `SolverOrderTests` cannot tell it from the right one; its constant is
/// c₃ = −s²/(4σ(s² + σ²)²), twice the right one, and the constant test below tells them apart.
struct LocalErrorTests {
    static let (variance, sigma) = (0.25, 1.0)
    let gaussian = GaussianDenoiser(variance: variance)
    typealias Step = (_ x: Tensor, _ sigma: Double, _ next: Double) -> Tensor

    /// The gain of one step from σ to σ − h, minus the exact gain.
    func error(_ step: Step, h: Double) -> Double {
        let sigma = Self.sigma, next = sigma - h
        let gain = Double(step(Tensor(shape: [1, 1], scalars: [1]), sigma, next).scalars[0])
        return gain - ((Self.variance + next * next) / (Self.variance + sigma * sigma)).squareRoot()
    }

    /// The constant c of e(h) = c·hᵖ + c′hᵖ⁺¹ + O(hᵖ⁺²), estimated without knowing c′: with q(h) = e(h)/hᵖ = c + c′h + O(h²),
    /// Richardson's R(h) = 2q(h/2) − q(h) = c + O(h²). Returned: R(0.2) and a bound on its error, made of
    ///
    /// - the O(h²) remainder: it shrinks about 4× from R(0.4) to R(0.2), so |R(0.2) − c| ≈ |R(0.2) − R(0.4)|/3; the bound
    ///   takes the whole difference;
    /// - rounding: the step runs in Float. The midpoint step makes about ten roundings of numbers at most 1, each of at
    ///   most 2⁻²⁴ and carried through factors at most 1 (Euler's makes fewer; Heun's extra ones, in the slopes, are damped
    ///   by the factor h/2), so each gain is off by at most δ = 10·2⁻²⁴, and R(0.2) = 2q(0.1) − q(0.2) by at most
    ///   δ(2·2ᵖ + 1)/0.2ᵖ: 1.3e-4 for p = 2, 1.3e-3 for p = 3. (Measured: the Float gains differ from Double arithmetic by
    ///   at most 7e-8, a tenth of δ.)
    ///
    /// Measured (estimate, bound): Euler (−0.0788, 0.0050), Heun (0.0618, 0.0094), midpoint (−0.0196, 0.0033).
    func constant(_ step: Step, order p: Int) -> (estimate: Double, bound: Double) {
        func q(_ h: Double) -> Double { error(step, h: h) / pow(h, Double(p)) }
        func richardson(_ h: Double) -> Double { 2 * q(h / 2) - q(h) }
        let delta = 10 * pow(2, -24.0)
        let rounding = delta * (2 * pow(2, Double(p)) + 1) / pow(0.2, Double(p))
        return (richardson(0.2), abs(richardson(0.2) - richardson(0.4)) + rounding)
    }

    /// The midpoint step with its intermediate level at the arithmetic mean: the wrong variant the test must reject.
    func arithmeticMidpoint(_ x: Tensor, _ sigma: Double, _ next: Double) -> Tensor {
        let denoised = gaussian.denoise(x, sigma: sigma)
        let middle = (sigma + next) / 2
        let atMiddle = denoised + (x - denoised) * Float(middle / sigma)
        let denoisedAtMiddle = gaussian.denoise(atMiddle, sigma: middle)
        return denoisedAtMiddle + (x - denoisedAtMiddle) * Float(next / sigma)
    }

    @Test func oneStepErrorsHaveTheirLeadingConstants() {
        let (s2, sigma) = (Self.variance, Self.sigma), total = s2 + sigma * sigma
        let expected: [(ProbabilityFlowSolver, Int, Double)] = [
            (.euler, 2, -s2 / (2 * total * total)),                   // −0.08
            (.heun, 3, s2 * sigma / (2 * total * total * total)),     // 0.064
            (.midpoint, 3, -s2 / (8 * sigma * total * total)),        // −0.02
        ]
        for (solver, order, c) in expected {
            let (estimate, bound) = constant({ solver.step($0, from: $1, to: $2, denoiser: gaussian) }, order: order)
            #expect(abs(estimate - c) <= bound, "\(solver.rawValue): estimated \(estimate), expected \(c), bound \(bound)")
            // The bound is a small part of the constant, so a step with another constant (Heun's in place of the midpoint's,
            // or an order lower) fails.
            #expect(bound < 0.2 * abs(c), "\(solver.rawValue): bound \(bound) for the constant \(c)")
        }
    }

    @Test func theArithmeticMidpointHasTwiceTheErrorConstant() {
        let (s2, sigma) = (Self.variance, Self.sigma), total = s2 + sigma * sigma
        let geometric = -s2 / (8 * sigma * total * total), arithmetic = -s2 / (4 * sigma * total * total)
        let right = constant({ ProbabilityFlowSolver.midpoint.step($0, from: $1, to: $2, denoiser: gaussian) }, order: 3)
        let wrong = constant(arithmeticMidpoint, order: 3)
        // The wrong variant matches its own constant, and misses the midpoint step's by several times the bound that the
        // library's step meets (measured: −0.0391 against −0.0200, six times the bound 0.0033).
        #expect(abs(wrong.estimate - arithmetic) <= wrong.bound, "arithmetic midpoint: \(wrong.estimate) against \(arithmetic)")
        #expect(abs(wrong.estimate - geometric) > 4 * right.bound, "arithmetic midpoint: \(wrong.estimate), bound \(right.bound)")
        // Both are second order: the global slope cannot tell them apart, one step's constant can.
        #expect(abs(log2(error(arithmeticMidpoint, h: 0.1) / error(arithmeticMidpoint, h: 0.05)) - 3) < 0.3)
    }
}
