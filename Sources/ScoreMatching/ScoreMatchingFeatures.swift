import Foundation

/// Features φ₁ … φ_K of a point x ∈ ℝᵈ with their gradients and Laplacians: everything score matching needs
/// of an exponential family log p̃_θ(x) = b(x) + Σⱼ θⱼ φⱼ(x), because its score Σⱼ θⱼ ∇φⱼ is linear in θ and
/// Hyvärinen's objective then involves φ only through ∇φ and Δφ, never through φ or the normaliser.
public protocol ScoreMatchingFeatures: Sendable {
    /// K, the number of features.
    var count: Int { get }
    /// d, the dimension of x.
    var dimension: Int { get }
    /// φ(x) (K values), ∇φ(x) (K rows of d) and Δφ(x) = Σ_k ∂²φ/∂x_k² (K values) at one point.
    func evaluate(_ x: [Double]) -> (values: [Double], gradients: [[Double]], laplacians: [Double])
}

/// Gaussian bumps φⱼ(x) = exp(−‖x − cⱼ‖² / 2ℓ²) at fixed centres cⱼ with one width ℓ. With
/// r = x − cⱼ: ∇φⱼ = −(r/ℓ²) φⱼ and Δφⱼ = (‖r‖²/ℓ⁴ − d/ℓ²) φⱼ.
public struct RadialBasisFeatures: ScoreMatchingFeatures {
    public let centres: [[Double]]
    public let width: Double

    public init(centres: [[Double]], width: Double) {
        precondition(!centres.isEmpty && width > 0, "RBF features need at least one centre and a positive width.")
        precondition(centres.allSatisfy { $0.count == centres[0].count }, "Every RBF centre needs the same dimension.")
        (self.centres, self.width) = (centres, width)
    }

    /// Centres on a `side` × `side` grid over a square box, the width equal to the grid spacing.
    public static func grid(side: Int, over range: ClosedRange<Double>) -> RadialBasisFeatures {
        precondition(side >= 2, "A grid of RBF centres needs at least 2 per side.")
        let step = (range.upperBound - range.lowerBound) / Double(side - 1)
        let ticks = (0..<side).map { range.lowerBound + Double($0) * step }
        return RadialBasisFeatures(centres: ticks.flatMap { x in ticks.map { y in [x, y] } }, width: step)
    }

    public var count: Int { centres.count }
    public var dimension: Int { centres[0].count }

    public func evaluate(_ x: [Double]) -> (values: [Double], gradients: [[Double]], laplacians: [Double]) {
        precondition(x.count == dimension, "A point of dimension \(x.count) for features of dimension \(dimension).")
        let inverse = 1 / (width * width), d = Double(dimension)
        var values: [Double] = [], gradients: [[Double]] = [], laplacians: [Double] = []
        for centre in centres {
            let r = zip(x, centre).map { $0 - $1 }, squared = r.reduce(0) { $0 + $1 * $1 }
            let value = exp(-0.5 * squared * inverse)
            values.append(value)
            gradients.append(r.map { -$0 * inverse * value })
            laplacians.append((squared * inverse * inverse - d * inverse) * value)
        }
        return (values, gradients, laplacians)
    }
}

/// Monomials φⱼ(x) = x^{pⱼ} of a scalar x, e.g. powers [2, 4] for p̃(x) = exp(θ₁x² + θ₂x⁴): ∇φ = p x^{p−1}, Δφ =
/// p(p−1) x^{p−2}.
public struct MonomialFeatures: ScoreMatchingFeatures {
    public let powers: [Int]

    public init(powers: [Int]) {
        precondition(!powers.isEmpty && powers.allSatisfy { $0 >= 1 }, "Monomial features need powers ≥ 1.")
        self.powers = powers
    }

    public var count: Int { powers.count }
    public var dimension: Int { 1 }

    public func evaluate(_ x: [Double]) -> (values: [Double], gradients: [[Double]], laplacians: [Double]) {
        let t = x[0]
        return (powers.map { pow(t, Double($0)) },
                powers.map { [Double($0) * pow(t, Double($0 - 1))] },
                powers.map { $0 >= 2 ? Double($0 * ($0 - 1)) * pow(t, Double($0 - 2)) : 0 })
    }
}
