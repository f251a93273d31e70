import Distributions
import Foundation
import TensorCore

// listing: scalar-exponential-family
/// A one-dimensional exponential family p_θ(x) = exp(θᵀT(x) − A(θ)) with monomial statistics T(x) = (x^{p₁}, …),
/// e.g. T = (x², x⁴). Everything that score matching avoids is computed here by quadrature on [−L, L], so that
/// it can be compared with what maximum likelihood needs:
///
///   A(θ) = log ∫ e^{θᵀT},   ∇A = 𝔼_θ[T],   ∇²A = Cov_θ[T] = I(θ), the Fisher information per observation,
///
/// whose inverse over n is the Cramér–Rao bound on the covariance of any unbiased estimator from n draws.
public struct ScalarExponentialFamily: Sendable {
    public let powers: [Int]
    /// Gauss–Legendre on [−L, L]: the densities used here are negligible beyond L.
    public let rule: QuadratureRule

    public init(powers: [Int], halfWidth: Double, panels: Int = 200) {
        precondition(!powers.isEmpty && halfWidth > 0, "A family needs statistics and a range.")
        // With the highest power even and its coefficient negative, p_θ is normalisable on the whole line, so the
        // quadrature range only truncates a negligible tail.
        precondition(powers.last! % 2 == 0 && powers == powers.sorted(), "The highest power must come last and be even.")
        self.powers = powers
        rule = .gaussLegendre(from: -halfWidth, to: halfWidth, panels: panels)
    }

    public func statistics(_ x: Double) -> [Double] { powers.map { pow(x, Double($0)) } }

    /// A(θ), 𝔼_θ[T] and Cov_θ[T] by quadrature (the exponent shifted by its largest value at the nodes, for range).
    public func moments(_ theta: [Double]) -> (logPartition: Double, mean: [Double], covariance: Matrix) {
        let k = powers.count
        let exponents = rule.nodes.map { x in zip(theta, statistics(x)).reduce(0) { $0 + $1.0 * $1.1 } }
        let shift = exponents.max()!
        let weights = zip(rule.weights, exponents).map { $0 * exp($1 - shift) }, mass = weights.reduce(0, +)
        var mean = [Double](repeating: 0, count: k), second = [Double](repeating: 0, count: k * k)
        for (x, w) in zip(rule.nodes, weights) {
            let t = statistics(x)
            for i in 0..<k { mean[i] += w * t[i] / mass; for j in 0..<k { second[i * k + j] += w * t[i] * t[j] / mass } }
        }
        let covariance = (0..<(k * k)).map { second[$0] - mean[$0 / k] * mean[$0 % k] }
        return (shift + log(mass), mean, Matrix(rows: k, columns: k, elements: covariance))
    }

    /// The maximum-likelihood θ for `data`: Newton's method on the concave ℓ(θ) = θᵀT̄ − A(θ), whose gradient is
    /// T̄ − 𝔼_θ[T] and Hessian −Cov_θ[T]. Far from the optimum the step is halved until ℓ rises; once the Newton
    /// decrement gᵀH⁻¹g is below 10⁻¹⁰ the full step is taken (there ℓ changes by less than its own rounding, so a
    /// line search could only stall), and it stops when the decrement is below 10⁻²⁴ or after 50 steps.
    public func maximumLikelihood(_ data: [Double], from start: [Double]) throws -> [Double] {
        let k = powers.count
        let average = (0..<k).map { i in data.reduce(0) { $0 + statistics($1)[i] } / Double(data.count) }
        func logLikelihood(_ theta: [Double]) -> Double { zip(theta, average).reduce(0) { $0 + $1.0 * $1.1 } - moments(theta).logPartition }
        var theta = start
        for _ in 0..<50 {
            let (_, mean, covariance) = moments(theta)
            let gradient = zip(average, mean).map { $0 - $1 }
            let step = try covariance.solve(gradient), decrement = zip(step, gradient).reduce(0) { $0 + $1.0 * $1.1 }
            if decrement < 1e-24 { break }
            if decrement < 1e-10 { theta = zip(theta, step).map { $0 + $1 }; continue }
            var scale = 1.0
            let current = logLikelihood(theta)
            while scale > 1e-10 {
                let candidate = zip(theta, step).map { $0 + scale * $1 }
                if candidate.last! < 0 && logLikelihood(candidate) >= current { theta = candidate; break }
                scale /= 2
            }
        }
        return theta
    }

    /// The asymptotic covariance of the score-matching estimate from n draws, times n: the sandwich A⁻¹BA⁻¹ of an
    /// M-estimator, with A = 𝔼[GᵀG] (the objective's Hessian) and B = 𝔼[ψψᵀ] for the per-draw gradient
    /// ψ(x) = GᵀGθ + Δφ(x), G = ∇φ — all under p_θ, by quadrature. Against I(θ)⁻¹ it measures what score matching
    /// gives up for never touching the normaliser.
    public func scoreMatchingCovariance(_ theta: [Double]) throws -> Matrix {
        let k = powers.count, (logPartition, _, _) = moments(theta)
        var a = [Double](repeating: 0, count: k * k), b = [Double](repeating: 0, count: k * k)
        for (x, w) in zip(rule.nodes, rule.weights) {
            let density = w * exp(zip(theta, statistics(x)).reduce(0) { $0 + $1.0 * $1.1 } - logPartition)
            let g = powers.map { Double($0) * pow(x, Double($0 - 1)) }
            let laplacian = powers.map { $0 >= 2 ? Double($0 * ($0 - 1)) * pow(x, Double($0 - 2)) : 0 }
            let slope = zip(g, theta).reduce(0) { $0 + $1.0 * $1.1 }
            let psi = (0..<k).map { g[$0] * slope + laplacian[$0] }
            for i in 0..<k { for j in 0..<k { a[i * k + j] += density * g[i] * g[j]; b[i * k + j] += density * psi[i] * psi[j] } }
        }
        let inverse = try Matrix(rows: k, columns: k, elements: a).inverse()
        return inverse * Matrix(rows: k, columns: k, elements: b) * inverse
    }

    /// `count` exact draws from p_θ (to the grid's resolution) by inverting the CDF, built on 20,001 nodes by the
    /// trapezoidal rule and interpolated linearly.
    public func sample(_ theta: [Double], count: Int, using generator: inout RandomGenerator) -> [Double] {
        let (lower, upper) = (rule.lower, rule.upper), nodes = 20_001
        let grid = (0..<nodes).map { lower + (upper - lower) * Double($0) / Double(nodes - 1) }
        let exponents = grid.map { x in zip(theta, statistics(x)).reduce(0) { $0 + $1.0 * $1.1 } }
        let shift = exponents.max()!, density = exponents.map { exp($0 - shift) }
        var cumulative = [0.0]
        for index in 1..<nodes { cumulative.append(cumulative[index - 1] + 0.5 * (density[index] + density[index - 1])) }
        let total = cumulative.last!
        return (0..<count).map { _ in
            let u = generator.uniformDouble() * total
            var (low, high) = (0, nodes - 1)
            while high - low > 1 { let middle = (low + high) / 2; if cumulative[middle] < u { low = middle } else { high = middle } }
            let fraction = (u - cumulative[low]) / max(cumulative[high] - cumulative[low], .leastNormalMagnitude)
            return grid[low] + fraction * (grid[high] - grid[low])
        }
    }
}
// end listing
