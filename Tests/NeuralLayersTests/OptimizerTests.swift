import Foundation
import Testing
@testable import NeuralLayers

struct OptimizerTests {
    /// f(θ) = ½‖θ − target‖², gradient θ − target.
    func quadraticGradient(_ parameter: Parameter, target: Tensor) -> Tensor { parameter.value - target }

    @Test func sgdWithMomentumConvergesOnAQuadratic() {
        let target = Tensor([1, -2, 3])
        let parameter = Parameter(Tensor.zeros([3]))
        let optimizer = SGD(parameters: [parameter], learningRate: 0.1, momentum: 0.9)
        for _ in 0..<300 { optimizer.step(gradients: [quadraticGradient(parameter, target: target)]) }
        #expect((parameter.value - target).abs().max() < 1e-4)
    }

    @Test func adamFirstStepMovesEachCoordinateByTheLearningRate() {
        // After bias correction m̂ = g and v̂ = g², so the first step is −lr·g/|g| = −lr·sign(g).
        let parameter = Parameter(Tensor([0, 0, 0]))
        let optimizer = Adam(parameters: [parameter], learningRate: 0.01)
        optimizer.step(gradients: [Tensor([3, -0.5, 1e-3])])
        #expect((parameter.value - Tensor([-0.01, 0.01, -0.01])).abs().max() < 1e-6)
    }

    @Test func adamMatchesAHandWrittenReferenceOverManySteps() {
        // Independent scalar implementation in Double, from the paper's algorithm.
        var generator = RandomGenerator(seed: 1)
        let start = Tensor.normal([11], using: &generator)
        let parameter = Parameter(start)
        let optimizer = Adam(parameters: [parameter], learningRate: 0.05, weightDecay: 0.01)
        var theta = start.doubles, m = [Double](repeating: 0, count: 11), v = m
        for step in 1...50 {
            let gradient = parameter.value.map { 2 * $0 - 1 }  // f = x² − x
            let g = theta.map { 2 * $0 - 1 }
            optimizer.step(gradients: [gradient])
            for i in 0..<11 {
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                let mHat = m[i] / (1 - pow(0.9, Double(step))), vHat = v[i] / (1 - pow(0.999, Double(step)))
                theta[i] -= 0.05 * mHat / (vHat.squareRoot() + 1e-8) + 0.05 * 0.01 * theta[i]
            }
        }
        for i in 0..<11 { #expect(abs(Double(parameter.value.scalars[i]) - theta[i]) < 1e-4) }
    }

    @Test func adamConvergesOnAQuadratic() {
        let target = Tensor([0.5, -1.5])
        let parameter = Parameter(Tensor([3, 3]))
        let optimizer = Adam(parameters: [parameter], learningRate: 0.05)
        for _ in 0..<2000 { optimizer.step(gradients: [quadraticGradient(parameter, target: target)]) }
        #expect((parameter.value - target).abs().max() < 1e-3)
    }

    @Test func exponentialMovingAverageFollowsItsRecurrence() {
        let parameter = Parameter(Tensor([0]))
        let average = ExponentialMovingAverage(parameters: [parameter], decay: 0.9)
        var expected = 0.0
        for step in 1...20 {
            parameter.value = Tensor([Float(step)])
            average.update()
            expected = 0.9 * expected + 0.1 * Double(step)
        }
        #expect(abs(Double(average.averages[0].scalar) - expected) < 1e-4)
        let seen = average.withAveragedWeights { parameter.value.scalar }
        #expect(abs(Double(seen) - expected) < 1e-4)
        #expect(parameter.value == Tensor([20]))  // live weights restored
    }

    @Test func warmUpForgetsTheInitialWeightsQuickly() {
        let parameter = Parameter(Tensor([100]))     // a bad initial value
        let average = ExponentialMovingAverage(parameters: [parameter], decay: 0.999, warmUp: true)
        var expected = 100.0
        for step in 0..<50 {
            parameter.value = Tensor([1])
            let rate = min(0.999, Double(1 + step) / Double(10 + step))
            average.update()
            expected = rate * expected + (1 - rate)
        }
        #expect(abs(Double(average.averages[0].scalar) - expected) < 1e-3 * expected)
        #expect(average.averages[0].scalar < 2)       // without warm-up it would still be ≈ 95
    }

    @Test func clippingScalesToTheMaximumNormAndReportsTheOriginal() {
        var gradients = [Tensor([3, 0]), Tensor([0, 4])]  // global norm 5
        let norm = clipByGlobalNorm(&gradients, maximumNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        #expect(gradients[0] == Tensor([0.6, 0]) && gradients[1] == Tensor([0, 0.8]))
        var small = [Tensor([0.1])]
        clipByGlobalNorm(&small, maximumNorm: 1)
        #expect(small[0] == Tensor([0.1]))
    }
}
