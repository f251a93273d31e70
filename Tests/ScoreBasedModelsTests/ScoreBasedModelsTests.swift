import Foundation
import Testing
import ScoreBasedModels
import TensorCore

@Suite struct ForwardSDETests {
    /// σ(t)² must solve dv/dt = 2a(t)v + g(t)² with v(0) = 0, and α(t) must solve dα/dt = a(t)α.
    @Test func marginalsSolveTheirMomentEquations() {
        let sdes: [any ForwardSDE] = [VariancePreservingSDE(), VarianceExplodingSDE(sigmaMin: 0.01, sigmaMax: 5)]
        for sde in sdes {
            for t in [0.05, 0.3, 0.8] {
                let h = 1e-5
                let variance: (Double) -> Double = { sde.noiseStandardDeviation($0) * sde.noiseStandardDeviation($0) }
                let dv = (variance(t + h) - variance(t - h)) / (2 * h)
                let g = sde.diffusion(t)
                #expect(abs(dv - (2 * sde.driftRate(t) * variance(t) + g * g)) < 1e-5 * max(1, g * g), "\(sde.name) t = \(t)")
                let dAlpha = (sde.meanScale(t + h) - sde.meanScale(t - h)) / (2 * h)
                #expect(abs(dAlpha - sde.driftRate(t) * sde.meanScale(t)) < 1e-6, "\(sde.name) t = \(t)")
            }
        }
    }

    @Test func rungeKuttaIsFourthOrderAndHeunSecond() {
        // dx/dt = −x from 1 over [0, 1]: error ∝ hᵖ.
        func error(_ method: ODEMethod, _ steps: Int) -> Double {
            var x = Tensor([1])
            for k in 0..<steps { x = method.step(x, from: Double(k) / Double(steps), to: Double(k + 1) / Double(steps)) { value, _ in -value } }
            return abs(Double(x.scalars[0]) - exp(-1))
        }
        #expect(error(.heun, 10) / error(.heun, 20) > 3.5)
        #expect(error(.rungeKutta4, 4) / error(.rungeKutta4, 8) > 12)
    }
}

@Suite struct NetworkDivergenceTests {
    @Test func exactDivergenceMatchesFiniteDifferencesAndHutchinsonAgreesOnAverage() {
        var generator = RandomGenerator(seed: 9)
        let network = NoisePredictionNetwork(hidden: 32, hiddenLayers: 2, using: &generator)
        let sde = VariancePreservingSDE()
        let points = Tensor.normal([6, 2], using: &generator)
        let t = 0.4
        let (score, divergence) = network.scoreAndDivergence(points, time: t, sde: sde)
        #expect(score.shape == [6, 2])
        let h: Float = 1e-2   // converged: 3e-3 and 3e-2 agree with it to 1e-5
        for row in 0..<6 {
            var numeric = 0.0
            for j in 0..<2 {
                var plus = points, minus = points
                plus.scalars[2 * row + j] += h
                minus.scalars[2 * row + j] -= h
                numeric += Double(network.score(plus, time: t, sde: sde).scalars[2 * row + j] - network.score(minus, time: t, sde: sde).scalars[2 * row + j]) / Double(2 * h)
            }
            
            #expect(abs(numeric - divergence[row]) < 2e-3 * max(1, abs(divergence[row])), "row \(row): \(numeric) vs \(divergence[row])")
        }
        let hutchinson = network.hutchinsonDivergence(points, time: t, sde: sde, probes: 4_000, using: &generator)
        for row in 0..<6 { #expect(abs(hutchinson[row] - divergence[row]) < 0.1 * max(1, abs(divergence[row]))) }
    }

    /// With the MLP's output zeroed, the Gaussian skip alone must give the exact score of
    /// N(0, vI) data, −x/(α²v + σ²), and its divergence −d/(α²v + σ²), on and off the tape.
    @Test func gaussianSkipIsExactForGaussianData() {
        var generator = RandomGenerator(seed: 10)
        let sde = VariancePreservingSDE()
        let v = 2.5
        let network = NoisePredictionNetwork(hidden: 16, hiddenLayers: 1, gaussianSkip: (sde, v), using: &generator)
        network.network.layers.last!.weight.value = Tensor.zeros(network.network.layers.last!.weight.value.shape)
        network.network.layers.last!.bias.value = Tensor.zeros(network.network.layers.last!.bias.value.shape)
        let points = Tensor.normal([5, 2], using: &generator)
        for t in [0.05, 0.5, 1.0] {
            let a = sde.meanScale(t), sigma = sde.noiseStandardDeviation(t)
            let variance = a * a * v + sigma * sigma
            let (score, divergence) = network.scoreAndDivergence(points, time: t, sde: sde)
            let plain = network.score(points, time: t, sde: sde)
            for index in 0..<10 {
                #expect(abs(Double(score.scalars[index]) + Double(points.scalars[index]) / variance) < 1e-5)
                #expect(abs(plain.scalars[index] - score.scalars[index]) < 1e-6)
            }
            for row in 0..<5 { #expect(abs(divergence[row] + 2 / variance) < 1e-5) }
        }
    }

    /// For Gaussian data N(0, s²I) under VP, p_t = N(0, (α²s² + σ²)I): the ODE likelihood with the
    /// exact score must reproduce the exact log-density.
    @Test func probabilityFlowLikelihoodIsExactForAGaussian() {
        let sde = VariancePreservingSDE()
        let s2 = 0.25
        func variance(_ t: Double) -> Double { let a = sde.meanScale(t), sigma = sde.noiseStandardDeviation(t); return a * a * s2 + sigma * sigma }
        let likelihood = ProbabilityFlowLikelihood(sde: sde, endTime: 1e-3)
        let points = Tensor(rows: [[0.1, -0.2], [0.6, 0.3], [-0.9, 0.0]])
        let result = likelihood.logDensity(points, steps: 200) { x, t in
            (x * Float(-1 / variance(t)), [Double](repeating: -2 / variance(t), count: x.rowCount))
        }
        for row in 0..<3 {
            let x = points.doubles[(2 * row)..<(2 * row + 2)]
            let v = variance(1e-3)
            let exact = -x.reduce(0) { $0 + $1 * $1 } / (2 * v) - log(2 * Double.pi * v)
            // The only approximations: p_1 = N(0, I) instead of N(0, α(1)²s² + σ(1)²) (a 1e-5 difference) and RK4.
            #expect(abs(result.logDensity[row] - exact) < 1e-3, "\(result.logDensity[row]) vs \(exact)")
        }
    }
}

