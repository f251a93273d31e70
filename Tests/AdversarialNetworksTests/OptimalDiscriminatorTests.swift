import Foundation
import Testing
import TensorCore
@testable import AdversarialNetworks

private func uniform(_ lower: Double, _ upper: Double) -> (Double) -> Double {
    { x in x >= lower && x <= upper ? 1 / (upper - lower) : 0 }
}

private func normal(_ mean: Double, _ sd: Double) -> (Double) -> Double {
    { x in Foundation.exp(-0.5 * (x - mean) * (x - mean) / (sd * sd)) / (sd * (2 * Double.pi).squareRoot()) }
}

@Suite struct SimpsonGridTests {
    /// Simpson's rule is exact for cubics, and its error on a smooth function falls as h⁴.
    @Test func exactForCubicsAndFourthOrderOtherwise() {
        let grid = SimpsonGrid(from: -1, to: 2, points: 7)
        #expect(abs(grid.integrate { 2 * $0 * $0 * $0 - $0 + 1 } - (2 * (16 - 1) / 4.0 - (4 - 1) / 2.0 + 3)) < 1e-12)
        let coarse = abs(SimpsonGrid(from: 0, to: 1, points: 11).integrate(Foundation.exp) - (M_E - 1))
        let fine = abs(SimpsonGrid(from: 0, to: 1, points: 21).integrate(Foundation.exp) - (M_E - 1))
        #expect(abs(coarse / fine - 16) < 0.5)
    }
}

@Suite struct OptimalDiscriminatorTests {
    /// p = U[0, 1], q = U[s, 1 + s], 0 ≤ s ≤ 1. The mixture m = ½(p + q) is ½ on [0, s)
    /// (only p), 1 on [s, 1] (both) and ½ on (1, 1 + s] (only q). So
    ///   KL(p ‖ m) = ∫₀ˢ 1·log(1/½) dx + ∫ₛ¹ 1·log(1/1) dx = s log 2,
    /// and KL(q ‖ m) = s log 2 by symmetry: JSD = ½(s log 2) + ½(s log 2) = s log 2.
    /// The densities jump at 0, s, 1 and 1 + s, so Simpson's rule is only first order
    /// here: each jump of the integrand (at most log 2 in size per unit density) costs at
    /// most about h·log 2, four jumps 4h·log 2 in all.
    @Test func uniformsHaveTheClosedFormJensenShannonDivergence() {
        let grid = SimpsonGrid(from: -0.5, to: 2.5, points: 12_001)
        let tolerance = 4 * grid.spacing * Foundation.log(2)
        for s in [0, 0.1, 0.25, 0.5, 0.75, 1] {
            let optimal = OptimalDiscriminator(dataDensity: uniform(0, 1), generatorDensity: uniform(s, 1 + s), on: grid)
            #expect(abs(optimal.jensenShannonDivergence - s * Foundation.log(2)) < tolerance, "s = \(s)")
            #expect(abs(optimal.optimalGameValue - (-Foundation.log(4) + 2 * s * Foundation.log(2))) < 2 * tolerance, "s = \(s)")
        }
        // Disjoint supports: JSD is at its ceiling log 2 and the perfect discriminator has V = 0
        // (D* = 1 on the data, 0 on the samples, and every 0·log 0 term is 0).
        let apart = OptimalDiscriminator(dataDensity: uniform(0, 1), generatorDensity: uniform(1.5, 2.5), on: grid)
        #expect(abs(apart.jensenShannonDivergence - Foundation.log(2)) < tolerance)
        #expect(abs(apart.optimalGameValue) < 2 * tolerance)
    }

    /// For two Gaussians V(D*) = −log 4 + 2·JSD, with V from its integrals of log D* and JSD
    /// from its KL definition; and the JSD by quadrature agrees with a Monte Carlo estimate
    /// ½E_p log(2p/(p + q)) + ½E_q log(2q/(p + q)) within 4 standard errors.
    @Test func gaussiansSatisfyTheoremOneAndMonteCarlo() {
        let grid = SimpsonGrid(from: -15, to: 15, points: 6_001)
        let p = normal(0, 1), q = normal(1.2, 0.7)
        let optimal = OptimalDiscriminator(dataDensity: p, generatorDensity: q, on: grid)
        #expect(abs(optimal.optimalGameValue - (-Foundation.log(4) + 2 * optimal.jensenShannonDivergence)) < 1e-9)
        #expect(optimal.jensenShannonDivergence > 0.1 && optimal.jensenShannonDivergence < Foundation.log(2))

        var generator = RandomGenerator(seed: 11)
        let n = 100_000
        var terms: [Double] = []
        for index in 0..<(2 * n) {
            let fromData = index < n
            let x = fromData ? generator.normalDouble() : 1.2 + 0.7 * generator.normalDouble()
            let own = fromData ? p(x) : q(x)
            terms.append(0.5 * Foundation.log(2 * own / (p(x) + q(x))))
        }
        // Two independent halves of n terms each: JSD = mean(first half) + mean(second half).
        let halves = [Array(terms[..<n]), Array(terms[n...])].map { half -> (mean: Double, variance: Double) in
            let mean = half.reduce(0, +) / Double(n)
            return (mean, half.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1))
        }
        let estimate = halves[0].mean + halves[1].mean
        let standardError = ((halves[0].variance + halves[1].variance) / Double(n)).squareRoot()
        #expect(abs(estimate - optimal.jensenShannonDivergence) < 4 * standardError)
    }

    /// D* maximises V: every perturbation of it (random smooth bumps, a constant shift in
    /// logit, D = ½) gives a smaller value.
    @Test func theOptimalDiscriminatorMaximisesTheValue() {
        let grid = SimpsonGrid(from: -10, to: 10, points: 2_001)
        let optimal = OptimalDiscriminator(dataDensity: normal(0, 1), generatorDensity: normal(0.8, 1.3), on: grid)
        let best = optimal.optimalGameValue
        var generator = RandomGenerator(seed: 3)
        for _ in 0..<20 {
            let centre = -3 + 6 * generator.uniformDouble(), width = 0.3 + generator.uniformDouble(), size = 2 * generator.uniformDouble() - 1
            let perturbed = zip(grid.points, optimal.values).map { x, d -> Double in
                let logit = Foundation.log(d / (1 - d)) + size * Foundation.exp(-0.5 * (x - centre) * (x - centre) / (width * width))
                return 1 / (1 + Foundation.exp(-logit))
            }
            #expect(optimal.gameValue(of: perturbed) < best)
        }
        for shift in [-0.5, -0.05, 0.05, 0.5] {
            #expect(optimal.gameValue { x in
                let d = optimal.values[Int(((x + 10) / grid.spacing).rounded())]
                return 1 / (1 + Foundation.exp(-(Foundation.log(d / (1 - d)) + shift)))
            } < best)
        }
        #expect(abs(optimal.gameValue { _ in 0.5 } + Foundation.log(4)) < 1e-9)
        #expect(optimal.gameValue { _ in 0.5 } < best)
    }

    /// When the generator matches the data, D* = ½ everywhere, V(D*) = −log 4 and JSD = 0.
    @Test func identicalDensitiesGiveAHalfEverywhere() {
        let grid = SimpsonGrid(from: -10, to: 10, points: 1_001)
        let optimal = OptimalDiscriminator(dataDensity: normal(0.3, 1.1), generatorDensity: normal(0.3, 1.1), on: grid)
        #expect(optimal.values.allSatisfy { abs($0 - 0.5) < 1e-15 })
        #expect(abs(optimal.optimalGameValue + Foundation.log(4)) < 1e-9)
        #expect(abs(optimal.jensenShannonDivergence) < 1e-12)
    }
}
