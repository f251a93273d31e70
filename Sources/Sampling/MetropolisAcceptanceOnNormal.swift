import Foundation

/// The acceptance probability of MALA on the standard normal N(0, 1), in closed form
/// up to a 1-D integral: the exact reference for a simulated acceptance rate.
///
/// With c = 1 − ε/2 the proposal is x′ ~ N(cx, ε), and because
/// (x′ − cx)² − (x − cx′)² = (1 − c²)(x′² − x²) with 1 − c² = ε − ε²/4,
///
///   log α(x → x′) = (x² − x′²)/2 − (1 − ε/4)(x² − x′²)/2 = ε(x² − x′²)/8.
///
/// Given x, with k = ε/8 and d = 1 + 2kε, the conditional acceptance is
///
///   A(x) = P(|x′| ≤ |x|) + e^{kx²}·E[e^{−kx′²}; |x′| > |x|],
///
/// and e^{−ky²}N(y; m, ε) = N(y; m/d, ε/d)·e^{−km²/d}/√d makes the second term a
/// Gaussian tail probability. The mean acceptance at stationarity is ∫A(x)φ(x)dx,
/// by Simpson's rule (A is smooth; 2,400 intervals on [0, 12] reach ~1e-12).
public struct StandardNormalMALAAcceptance: Sendable {
    /// The step size ε.
    public let stepSize: Double
    /// E[A(x)] for x ~ N(0, 1): the expected acceptance rate of a stationary chain.
    public let mean: Double
    /// Var[A(x)] for x ~ N(0, 1). Divided by mean·(1 − mean) it is the correlation that
    /// consecutive accept/reject indicators inherit from sharing x.
    public let conditionalVariance: Double

    /// Computes the mean and variance of A(x) by quadrature.
    public init(stepSize: Double) {
        precondition(stepSize > 0 && stepSize < 4, "MALA's closed form here needs 0 < ε < 4, got \(stepSize).")
        self.stepSize = stepSize
        let intervals = 2_400, extent = 12.0, width = extent / Double(intervals)
        var first = 0.0, second = 0.0
        for index in 0...intervals {
            let x = Double(index) * width
            let weight: Double = (index == 0 || index == intervals) ? 1 : (index % 2 == 1 ? 4 : 2)
            let density = Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
            let a = Self.conditionalAcceptance(x, stepSize: stepSize)
            first += weight * a * density
            second += weight * a * a * density
        }
        // A is even, so the integral over the line is twice the one over [0, ∞).
        mean = 2 * first * width / 3
        conditionalVariance = 2 * second * width / 3 - mean * mean
    }

    /// A(x): the probability that a proposal from x is accepted.
    public static func conditionalAcceptance(_ x: Double, stepSize epsilon: Double) -> Double {
        let k = epsilon / 8, c = 1 - epsilon / 2, m = c * x, d = 1 + 2 * k * epsilon, radius = Swift.abs(x)
        // P(|Y| ≤ r) for Y ~ N(mean, variance).
        func inside(_ mean: Double, _ variance: Double) -> Double {
            let scale = (2 * variance).squareRoot()
            return 0.5 * (erfc((mean - radius) / scale) - erfc((mean + radius) / scale))
        }
        let tail = 1 - inside(m / d, epsilon / d)
        return inside(m, epsilon) + Foundation.exp(k * x * x - k * m * m / d) / d.squareRoot() * tail
    }
}
