import Foundation
import TensorCore

/// A mixture of 2-D Gaussians with full covariances, in double precision:
/// the ground truth of the score-SDE chapter. Its density, its score and —
/// because adding Gaussian noise to a Gaussian gives a Gaussian — the same
/// quantities for every noised version p_t are available in closed form.
///
/// One component is a 2-D Gaussian with known covariance: see
/// ``gaussian(mean:covariance:)``; ``Gaussian`` is the d-dimensional version.
public struct GaussianMixture2D: ClosedUnderGaussianNoise {
    /// One component: weight, mean, and covariance [[a, b], [b, c]].
    public struct Component: Sendable {
        /// The weight wₖ (normalised by the mixture).
        public let weight: Double
        /// The mean μₖ.
        public let mean: SIMD2<Double>
        /// The covariance Σₖ = [[a, b], [b, c]].
        public let covariance: (a: Double, b: Double, c: Double)

        /// A component; the covariance must be positive definite (a > 0, ac − b² > 0).
        public init(weight: Double, mean: SIMD2<Double>, covariance: (a: Double, b: Double, c: Double)) {
            require(covariance.a > 0 && covariance.a * covariance.c - covariance.b * covariance.b > 0,
                    "A component's covariance must be positive definite, got \(covariance).")
            self.weight = weight
            self.mean = mean
            self.covariance = covariance
        }

        var determinant: Double { covariance.a * covariance.c - covariance.b * covariance.b }
    }

    /// The components, with weights summing to 1.
    public let components: [Component]
    /// Per component: log(wₖ/(2π√det Σₖ)), the mean, and Σₖ⁻¹ as (a, b, c) — computed once, because
    /// samplers and likelihoods evaluate the score millions of times.
    let logNormalisers: [Double]
    let means: [SIMD2<Double>]
    let precisions: [SIMD3<Double>]

    /// A mixture of `components`, whose weights are normalised here.
    public init(_ components: [Component]) {
        require(!components.isEmpty, "A mixture needs at least one component.")
        let total = components.reduce(0) { $0 + $1.weight }
        self.components = components.map { Component(weight: $0.weight / total, mean: $0.mean, covariance: $0.covariance) }
        logNormalisers = self.components.map { Foundation.log($0.weight) - Foundation.log(2 * Double.pi) - 0.5 * Foundation.log($0.determinant) }
        means = self.components.map(\.mean)
        precisions = self.components.map { SIMD3($0.covariance.c, -$0.covariance.b, $0.covariance.a) / $0.determinant }
    }

    /// Points lie in the plane: d = 2.
    public var dimension: Int { 2 }

    /// The single Gaussian N(mean, [[a, b], [b, c]]) as a one-component mixture.
    public static func gaussian(mean: SIMD2<Double>, covariance: (a: Double, b: Double, c: Double)) -> GaussianMixture2D {
        GaussianMixture2D([Component(weight: 1, mean: mean, covariance: covariance)])
    }

    /// `count` equal-weight isotropic components with standard deviation `spread`, evenly spaced on a circle
    /// (with `modes: 8` the classic "8 Gaussians" benchmark).
    public static func ring(modes count: Int, radius: Double, spread: Double) -> GaussianMixture2D {
        GaussianMixture2D((0..<count).map { k in
            let angle = 2 * Double.pi * Double(k) / Double(count)
            return Component(weight: 1, mean: SIMD2(radius * Foundation.cos(angle), radius * Foundation.sin(angle)),
                             covariance: (spread * spread, 0, spread * spread))
        })
    }

    /// The law of α·x + σ·z for x from this mixture and z ~ N(0, I): every mean
    /// is scaled by α and every covariance becomes α²Σ + σ²I. This is p_t for
    /// any forward SDE whose transition is x_t = α(t)x₀ + σ(t)z.
    public func noised(meanScale alpha: Double, noiseStandardDeviation sigma: Double) -> GaussianMixture2D {
        GaussianMixture2D(components.map { component in
            let (a, b, c) = component.covariance
            return Component(weight: component.weight, mean: alpha * component.mean,
                             covariance: (alpha * alpha * a + sigma * sigma, alpha * alpha * b, alpha * alpha * c + sigma * sigma))
        })
    }

    /// log p(x), by a stable log-sum-exp over components.
    public func logDensity(_ x: SIMD2<Double>) -> Double { evaluate(x).logDensity }

    /// ∇ₓ log p(x) = −Σₖ rₖ(x) Σₖ⁻¹(x − μₖ), with responsibilities rₖ(x) = wₖNₖ(x)/p(x).
    public func score(_ x: SIMD2<Double>) -> SIMD2<Double> { evaluate(x).score }

    /// ∇·s(x) = Δ log p(x) = Σₖ rₖ(‖Σₖ⁻¹(x − μₖ)‖² − tr Σₖ⁻¹) − ‖s(x)‖², from
    /// Δp/p − ‖∇p/p‖² and Δ(wₖNₖ) = wₖNₖ(‖Σₖ⁻¹(x − μₖ)‖² − tr Σₖ⁻¹).
    public func scoreDivergence(_ x: SIMD2<Double>) -> Double { evaluate(x).divergence }

    /// log p, the score and its divergence at one point, in one pass over the components with the
    /// largest log-term as the shift (so far-away points do not underflow to 0/0), and no heap
    /// allocation: the per-component terms live in a stack buffer.
    func evaluate(_ x: SIMD2<Double>) -> (logDensity: Double, score: SIMD2<Double>, divergence: Double) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * means.count) { buffer in
            var top = -Double.infinity
            for k in means.indices {
                let centred = x - means[k], p = precisions[k]
                let whitened = SIMD2(p.x * centred.x + p.y * centred.y, p.y * centred.x + p.z * centred.y)
                let logTerm = logNormalisers[k] - 0.5 * (centred * whitened).sum()
                buffer[3 * k] = logTerm
                buffer[3 * k + 1] = whitened.x
                buffer[3 * k + 2] = whitened.y
                top = Swift.max(top, logTerm)
            }
            var total = 0.0, gradient = SIMD2<Double>(0, 0), laplacianPart = 0.0
            for k in means.indices {
                let r = Foundation.exp(buffer[3 * k] - top)
                let whitened = SIMD2(buffer[3 * k + 1], buffer[3 * k + 2])
                gradient -= r * whitened
                laplacianPart += r * ((whitened * whitened).sum() - precisions[k].x - precisions[k].z)
                total += r
            }
            let score = gradient / total
            return (top + Foundation.log(total), score, laplacianPart / total - (score * score).sum())
        }
    }

    /// ∇·s for every row of an `[n, 2]` tensor.
    public func scoreDivergence(_ points: Tensor) -> [Double] {
        (0..<points.rowCount).map { scoreDivergence(Self.row(points, $0)) }
    }

    /// log p for every row of an `[n, 2]` tensor.
    public func logDensity(_ points: Tensor) -> [Double] {
        (0..<points.rowCount).map { logDensity(Self.row(points, $0)) }
    }

    /// The score of every row of an `[n, 2]` tensor, as an `[n, 2]` tensor.
    public func score(_ points: Tensor) -> Tensor {
        require(points.rank == 2 && points.columnCount == 2, "A 2-D mixture's score needs [n, 2] points, got \(points.shape).")
        return Tensor(shape: points.shape) { output in
            for row in 0..<points.rowCount {
                let s = score(Self.row(points, row))
                output[2 * row] = Float(s.x)
                output[2 * row + 1] = Float(s.y)
            }
        }
    }

    /// Exact samples, `[count, 2]`.
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        let weights = components.map(\.weight)
        return Tensor(shape: [count, 2]) { output in
            for row in 0..<count {
                let component = components[generator.categorical(weights)]
                // Σ = LLᵀ with the 2 × 2 Cholesky factor written out.
                let (a, b, c) = component.covariance
                let l11 = a.squareRoot(), l21 = b / l11, l22 = (c - l21 * l21).squareRoot()
                let z1 = generator.normalDouble(), z2 = generator.normalDouble()
                output[2 * row] = Float(component.mean.x + l11 * z1)
                output[2 * row + 1] = Float(component.mean.y + l21 * z1 + l22 * z2)
            }
        }
    }

    /// The mixture's mean and covariance (for moment checks).
    public var moments: (mean: SIMD2<Double>, covariance: (a: Double, b: Double, c: Double)) {
        let mean = components.reduce(SIMD2<Double>(0, 0)) { $0 + $1.weight * $1.mean }
        var a = 0.0, b = 0.0, c = 0.0
        for component in components {
            let d = component.mean - mean
            a += component.weight * (component.covariance.a + d.x * d.x)
            b += component.weight * (component.covariance.b + d.x * d.y)
            c += component.weight * (component.covariance.c + d.y * d.y)
        }
        return (mean, (a, b, c))
    }

    static func row(_ points: Tensor, _ index: Int) -> SIMD2<Double> {
        SIMD2(Double(points.scalars[2 * index]), Double(points.scalars[2 * index + 1]))
    }
}
