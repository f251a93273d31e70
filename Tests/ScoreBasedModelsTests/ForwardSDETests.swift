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

    /// The reverse drift is f − g²s and the flow velocity f − ½g²s: for the Gaussian
    /// N(0, vI) marginal at t (score −x/v) both are linear in x with known slopes.
    @Test func reverseDriftAndFlowVelocityHaveAndersonsCoefficients() {
        let sde = VariancePreservingSDE()
        let t = 0.4, v = 0.7
        let x = Tensor(rows: [[1, -2], [0.5, 3]])
        let score = x * Float(-1 / v)
        let g2 = sde.diffusion(t) * sde.diffusion(t), a = sde.driftRate(t)
        let drift = sde.reverseDrift(x, at: t, score: score).doubles
        let velocity = sde.probabilityFlowVelocity(x, at: t, score: score).doubles
        for (index, value) in x.doubles.enumerated() {
            #expect(abs(drift[index] - (a + g2 / v) * value) < 1e-4 * max(1, abs(drift[index])))
            #expect(abs(velocity[index] - (a + 0.5 * g2 / v) * value) < 1e-4 * max(1, abs(velocity[index])))
        }
        #expect(abs(sde.probabilityFlowDivergence(scoreDivergence: [-2 / v], at: t, dimension: 2)[0] - (2 * a + g2 / v)) < 1e-9)
    }

    @Test func rungeKuttaIsFourthOrderAndHeunSecondOnTensorsAndAugmentedStates() {
        // dx/dt = −x from 1 over [0, 1], and the same carried as an extra number: error ∝ hᵖ.
        func error(_ method: ODEMethod, _ steps: Int) -> (Double, Double) {
            let grid = (0...steps).map { Double($0) / Double(steps) }
            let x = method.integrate(Tensor([1]), over: grid) { value, _ in -value }
            let augmented = method.integrate(AugmentedState(points: Tensor([1]), accumulated: [1]), over: grid) { state, _ in
                AugmentedState(points: -state.points, accumulated: state.accumulated.map { -$0 })
            }
            return (abs(Double(x.scalars[0]) - exp(-1)), abs(augmented.accumulated[0] - exp(-1)))
        }
        let eulerRatio: Double = error(.euler, 20).1 / error(.euler, 40).1
        let heunRatio: Double = error(.heun, 10).1 / error(.heun, 20).1
        let rungeKuttaRatio: Double = error(.rungeKutta4, 4).1 / error(.rungeKutta4, 8).1
        let heunTensorRatio: Double = error(.heun, 10).0 / error(.heun, 20).0
        #expect(eulerRatio > 1.8 && eulerRatio < 2.2)
        #expect(heunRatio > 3.5 && heunRatio < 4.5)
        #expect(rungeKuttaRatio > 12)
        #expect(heunTensorRatio > 3.5)
    }

    @Test func theReverseGridRunsFromOneToTheEndTime() {
        let grid = reverseTimeGrid(steps: 4, endTime: 0.2)
        #expect(zip(grid, [1, 0.8, 0.6, 0.4, 0.2]).allSatisfy { abs($0 - $1) < 1e-12 } && grid.count == 5)
    }
}
