import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AdversarialNetworks

/// Goodfellow et al. (2014) replace the saturating generator loss by the non-saturating
/// one because it "results in the same fixed point of the dynamics". Two checks of that.
@Suite struct GeneratorFixedPointTests {
    /// Against any discriminator, the two losses pull each generated sample in the same
    /// direction, ∇ₓa(x), with weights D and 1 − D: sample by sample the saturating
    /// gradient is e^a = D/(1 − D) times the non-saturating one. So they vanish together.
    @Test func perSampleGradientsAreParallelWithRatioExpOfTheLogit() {
        var generator = RandomGenerator(seed: 7)
        let discriminator = MLP(sizes: [2, 16, 16, 1], activation: .tanh, name: "d", using: &generator)
        let samples = Tensor.normal([10, 2], using: &generator)
        var gradients: [GeneratorLoss: Tensor] = [:]
        var logits = Tensor.zeros([10, 1])
        for loss in GeneratorLoss.allCases {
            let tape = Tape(), x = tape.variable(samples)
            let a = discriminator(x)
            logits = a.value
            gradients[loss] = tape.gradients(of: loss(fakeLogits: a), withRespectTo: [x])[0]
        }
        for row in 0..<10 {
            let ratio = Foundation.exp(Double(logits[row, 0]))
            for column in 0..<2 {
                let saturating = Double(gradients[.saturating]![row, column]), nonSaturating = Double(gradients[.nonSaturating]![row, column])
                #expect(abs(saturating - ratio * nonSaturating) <= 1e-5 * max(abs(saturating), 1e-3))
            }
        }
    }

    /// In one dimension with p_data = N(0, 1), p_g = N(μ, 1) and the discriminator held at
    /// D* for that μ: moving the generator's mean by dν changes each loss by an amount whose
    /// derivative is 0 exactly at μ = 0 (where D* ≡ ½) and otherwise has the sign of μ, so
    /// gradient descent on either loss moves μ towards 0 — the same fixed point p_g = p_data.
    @Test func bothLossesAreStationaryOnlyAtTheDataDistribution() {
        let grid = SimpsonGrid(from: -12, to: 12, points: 4_001)
        func normal(_ mean: Double) -> (Double) -> Double {
            { x in Foundation.exp(-0.5 * (x - mean) * (x - mean)) / (2 * Double.pi).squareRoot() }
        }
        for mu in [-1.5, -0.4, 0, 0.4, 1.5] {
            let optimal = OptimalDiscriminator(dataDensity: normal(0), generatorDensity: normal(mu), on: grid)
            let frozenLogits = optimal.values.map { Foundation.log($0 / (1 - $0)) }
            for loss in GeneratorLoss.allCases {
                let perPoint = frozenLogits.map { loss.value(atLogit: $0) }
                func expectedLoss(_ nu: Double) -> Double {
                    grid.integrate(grid.points.indices.map { normal(nu)(grid.points[$0]) * perPoint[$0] })
                }
                let h = 1e-4
                let slope = (expectedLoss(mu + h) - expectedLoss(mu - h)) / (2 * h)
                if mu == 0 {
                    #expect(abs(slope) < 1e-9, "\(loss) at μ = 0: slope \(slope)")
                } else {
                    #expect(slope * mu > 0 && abs(slope) > 1e-3, "\(loss) at μ = \(mu): slope \(slope)")
                }
            }
        }
    }
}
