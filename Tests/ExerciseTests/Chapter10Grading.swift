import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 10's exercises by routes of the grader's own: the objective J evaluated sample by sample and
/// differentiated numerically, Monte Carlo for the denoising loss, finite differences for the bump's derivatives.
/// Exercises 10.2 and 10.3, which draw samples, are graded in Chapter10GradingSampling.swift.
enum Chapter10Grading {
    typealias GaussianFit = ([Double]) throws -> (mean: Double, precision: Double)
    typealias MonomialFit = ([Double], [Int]) throws -> [Double]
    typealias DenoisingSlope = (Double, Double) throws -> Double
    typealias BumpDerivatives = ([Double], [Double], Double) throws -> (value: Double, gradient: [Double], laplacian: Double)

    /// ε = 2⁻⁵², the relative spacing of doubles: a correctly rounded operation errs by at most ε/2 of its result.
    static let epsilon = Double.ulpOfOne

    /// J(μ, τ) = mean ½τ²(x − μ)² − τ, summed sample by sample, with a first-order bound on its rounding error:
    /// recursive summation of n terms errs by at most (n − 1)ε Σ|tᵢ|, and forming each term by a few ε |tᵢ|.
    static func gaussianObjective(_ x: [Double], _ mu: Double, _ tau: Double) -> (value: Double, rounding: Double) {
        var (sum, size) = (0.0, 0.0)
        for xi in x {
            let quadratic = 0.5 * tau * tau * (xi - mu) * (xi - mu)
            sum += quadratic - tau
            size += quadratic + abs(tau)
        }
        let n = Double(x.count)
        return (sum / n, (n + 8) * epsilon * size / n)
    }

    /// Five data sets: Gaussian, skewed (mean and median 0.9 apart), three points, the chapter's two-component
    /// mixture, and one far from 0 (|x̄|/s = 10, where forgetting to centre changes the precision a hundredfold).
    static func gaussianDataSets() -> [(name: String, samples: [Double])] {
        var random = RandomGenerator(seed: 1001)
        return [
            ("N(2, 0.5²), n = 2,000", (0..<2_000).map { _ in 2 + 0.5 * random.normalDouble() }),
            ("3·Exp(1) − 1, n = 500", (0..<500).map { _ in -3 * log(1 - random.uniformDouble()) - 1 }),
            ("[1, 2, 4]", [1, 2, 4]),
            ("0.3 N(−1.5, 0.5²) + 0.7 N(1, 0.8²), n = 1,000", (0..<1_000).map { _ in
                random.uniformDouble() < 0.3 ? -1.5 + 0.5 * random.normalDouble() : 1 + 0.8 * random.normalDouble()
            }),
            ("N(−30, 3²), n = 200", (0..<200).map { _ in -30 + 3 * random.normalDouble() }),
        ]
    }

    /// 10.1 — on the five data sets above, with x̄ and τ* = 1/mean (x − x̄)² the grader's own (two-pass).
    /// (a) Stationarity, by the independent route: J evaluated sample by sample is exactly quadratic in μ and in
    /// τ, so central differences with steps h_μ = 10⁻³/√τ* and h_τ = 10⁻³τ* have no truncation error, only the
    /// rounding of the two J's: (R₊ + R₋)/(2h), R the bound of `gaussianObjective`. The tolerance adds the slope
    /// at an answer off by 10⁻⁹ in relative terms (the closed-form tolerance of (c)): τ*^{3/2}·10⁻⁹ in μ (an
    /// offset of 10⁻⁹ standard deviations) and 10⁻⁹ in τ (∂J/∂τ = τ·mean(x − μ)² − 1 is dimensionless). A wrong
    /// answer is far outside: the 1/(n − 1) variance gives ∂J/∂τ = −1/n, at least 5·10⁻⁴ here.
    /// (b) A minimum, not a saddle or a maximum: J must rise by more than the two rounding bounds along the eight
    /// directions (±1, 0), (0, ±1), (±1, ±1) of 10 steps (10⁻² standard deviations, 1% of τ*); the rise there
    /// is about 10⁻⁴τ*, the rounding bounds at most 10⁻¹⁰τ*.
    /// (c) The closed form (x̄, τ*): |μ̂ − x̄| ≤ 10⁻⁹/√τ* and |τ̂/τ* − 1| ≤ 10⁻⁹. Correct routes (any summation
    /// order, or mean x² − x̄² for the variance) differ by at most about nε(1 + x̄²τ*) ≤ 2,000 · 2.2·10⁻¹⁶ · 101
    /// ≈ 4.5·10⁻¹¹ on these sets, twenty times inside.
    static func gaussianScoreMatching(_ formula: GaussianFit) throws {
        for (name, x) in gaussianDataSets() {
            let n = Double(x.count), mean = x.reduce(0, +) / n
            let tau = n / x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let (mu, precision) = try formula(x)
            let context = "\(name): answered (μ, τ) = (\(mu), \(precision)), x̄ = \(mean), 1/mean (x − x̄)² = \(tau)"

            let (hMu, hTau) = (1e-3 / tau.squareRoot(), 1e-3 * tau)
            let (muUp, muDown) = (gaussianObjective(x, mu + hMu, precision), gaussianObjective(x, mu - hMu, precision))
            let (tauUp, tauDown) = (gaussianObjective(x, mu, precision + hTau), gaussianObjective(x, mu, precision - hTau))
            let slopeMu = (muUp.value - muDown.value) / (2 * hMu), slopeTau = (tauUp.value - tauDown.value) / (2 * hTau)
            let toleranceMu = (muUp.rounding + muDown.rounding) / (2 * hMu) + 1e-9 * pow(tau, 1.5)
            let toleranceTau = (tauUp.rounding + tauDown.rounding) / (2 * hTau) + 1e-9
            #expect(abs(slopeMu) <= toleranceMu, "\(context): ∂J/∂μ = \(slopeMu) by central differences, tolerance \(toleranceMu)")
            #expect(abs(slopeTau) <= toleranceTau, "\(context): ∂J/∂τ = \(slopeTau) by central differences, tolerance \(toleranceTau)")

            let centre = gaussianObjective(x, mu, precision)
            for (a, b) in [(1.0, 0.0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)] {
                let moved = gaussianObjective(x, mu + 10 * a * hMu, precision + 10 * b * hTau)
                #expect(moved.value - centre.value > moved.rounding + centre.rounding,
                        "\(context): J rises by only \(moved.value - centre.value) along (\(a), \(b)), so the answer is no minimum")
            }

            #expect(abs(mu - mean) <= 1e-9 / tau.squareRoot(), "\(context): μ̂ is not the sample mean")
            #expect(abs(precision / tau - 1) <= 1e-9, "\(context): τ̂ is not 1/mean (x − x̄)²")
        }
    }

    /// φ at the displacement r = x − c, the grader's own way: each coordinate divided by ℓ before squaring.
    static func bump(_ r: [Double], _ width: Double) -> Double { exp(-0.5 * r.reduce(0) { $0 + ($1 / width) * ($1 / width) }) }

    /// 10.4 — in d = 1, 2, 3, eight points each: the centre itself, then c + ℓz with z ~ N(0, 0.9²) per
    /// coordinate (φ mostly between 0.05 and 1, so that a missing term of size φ/ℓ² shows); widths 0.4, 0.7, 1.6
    /// and 2.5 (never 1, where ℓ and ℓ² coincide). With ε = 2⁻⁵² and the unit bump's derivative bounds
    /// |φ′| ≤ 0.61, |φ‴| ≤ 1.39, |φ⁗| ≤ 3 (for exp(−t²/2), at t = 1, √(3 − √6) and 0), scaled by ℓ^{−k}:
    /// (a) value: |φ̂ − φ| ≤ 10⁻¹³; φ ≤ 1 and a sound evaluation (d subtractions, squares and a sum, a division,
    ///     one exp) errs by at most (2d + 6)ε φ ≤ 2.7·10⁻¹⁵.
    /// (b) gradient: central differences with h = 10⁻⁴ℓ over the steps actually taken ((rₖ + h) − (rₖ − h)),
    ///     error ≤ h²/6 · 1.39/ℓ³ (truncation) + (2d + 6)ε/h (rounding of two φ's), doubled for second-order
    ///     terms and the answer's own rounding: about 4.6·10⁻⁹/ℓ. A wrong sign misses by 2|∂ₖφ|.
    /// (c) Laplacian: the three-point second difference in each coordinate, on the steps actually taken
    ///     h₊ = (rₖ + h) − rₖ and h₋ = rₖ − (rₖ − h) so that unequal rounding of the two steps is no error,
    ///     h = 10⁻³ℓ: per coordinate ≤ h²/12 · 3/ℓ⁴ (truncation) + 4(2d + 9)ε/h² (rounding of the three φ's and of
    ///     the weights), summed over d and doubled: about 5·10⁻⁷·d/ℓ². Dropping −d/ℓ² φ misses by d φ/ℓ².
    static func radialBasisDerivatives(_ formula: BumpDerivatives) throws {
        var random = RandomGenerator(seed: 1004)
        let widths = [0.4, 0.7, 1.6, 2.5]
        for d in 1...3 {
            let dd = Double(d), rounding = (2 * dd + 6) * epsilon
            for trial in 0..<8 {
                let width = widths[(trial + d) % widths.count]
                let centre = (0..<d).map { _ in 2 * random.normalDouble() }
                let x = trial == 0 ? centre : centre.map { $0 + 0.9 * width * random.normalDouble() }
                let r = zip(x, centre).map { $0 - $1 }, phi = bump(r, width)
                let claimed = try formula(x, centre, width)
                let context = "d = \(d), ℓ = \(width), x = \(x), c = \(centre)"
                guard claimed.gradient.count == d else { Issue.record("\(context): expected \(d) gradient entries, got \(claimed.gradient.count)"); continue }
                #expect(abs(claimed.value - phi) <= 1e-13, "\(context): φ = \(claimed.value), the grader's \(phi)")

                let h = 1e-4 * width, gradientTolerance = 2 * (h * h / 6 * 1.39 / pow(width, 3) + rounding / h)
                for k in 0..<d {
                    var (up, down) = (r, r)
                    up[k] += h
                    down[k] -= h
                    let numeric = (bump(up, width) - bump(down, width)) / (up[k] - down[k])
                    #expect(abs(claimed.gradient[k] - numeric) <= gradientTolerance,
                            "\(context): ∂φ/∂x\(k) = \(claimed.gradient[k]), central difference \(numeric) (tolerance \(gradientTolerance))")
                }

                let step = 1e-3 * width
                var laplacian = 0.0
                for k in 0..<d {
                    var (up, down) = (r, r)
                    up[k] += step
                    down[k] -= step
                    let (hUp, hDown) = (up[k] - r[k], r[k] - down[k])
                    laplacian += 2 * (bump(up, width) / (hUp * (hUp + hDown)) - phi / (hUp * hDown) + bump(down, width) / (hDown * (hUp + hDown)))
                }
                let laplacianTolerance = 2 * dd * (step * step / 12 * 3 / pow(width, 4) + 4 * (2 * dd + 9) * epsilon / (step * step))
                #expect(abs(claimed.laplacian - laplacian) <= laplacianTolerance,
                        "\(context): Δφ = \(claimed.laplacian), second differences \(laplacian) (tolerance \(laplacianTolerance))")
            }
        }
    }
}

struct Chapter10ReferenceSolutions {
    @Test func gaussianScoreMatching() throws { try Chapter10Grading.gaussianScoreMatching(Chapter10Solutions.gaussianScoreMatching) }
    @Test func monomialScoreMatching() throws { try Chapter10Grading.monomialScoreMatching(Chapter10Solutions.monomialScoreMatching) }
    @Test func denoisingOptimalSlope() throws { try Chapter10Grading.denoisingOptimalSlope(Chapter10Solutions.denoisingOptimalSlope) }
    @Test func radialBasisDerivatives() throws { try Chapter10Grading.radialBasisDerivatives(Chapter10Solutions.radialBasisDerivatives) }
}

struct Chapter10StudentExercises {
    @Test(.enabled(if: attempted { try Chapter10Exercises.gaussianScoreMatching(samples: [0, 1]) }))
    func gaussianScoreMatching() throws { try Chapter10Grading.gaussianScoreMatching(Chapter10Exercises.gaussianScoreMatching) }

    @Test(.enabled(if: attempted { try Chapter10Exercises.monomialScoreMatching(samples: [-1, 1], powers: [2]) }))
    func monomialScoreMatching() throws { try Chapter10Grading.monomialScoreMatching(Chapter10Exercises.monomialScoreMatching) }

    @Test(.enabled(if: attempted { try Chapter10Exercises.denoisingOptimalSlope(dataVariance: 1, noiseStandardDeviation: 0.5) }))
    func denoisingOptimalSlope() throws { try Chapter10Grading.denoisingOptimalSlope(Chapter10Exercises.denoisingOptimalSlope) }

    @Test(.enabled(if: attempted { try Chapter10Exercises.radialBasisDerivatives(point: [0], centre: [0], width: 1) }))
    func radialBasisDerivatives() throws { try Chapter10Grading.radialBasisDerivatives(Chapter10Exercises.radialBasisDerivatives) }
}
