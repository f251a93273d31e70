import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
@testable import AutoregressiveModels

/// The autoregressive property seen two ways (the tape's Jacobian at a point and the
/// masks' path counts) and the tape's parameter gradients against finite differences.
@Suite struct MADEStructureTests {
    @Test(arguments: [(6, 2, [1, 2, 3, 4, 5, 6]), (6, 2, [3, 1, 6, 2, 5, 4]), (4, 3, [2, 4, 1, 3])])
    func jacobianIsTriangularInTheOrderAndMatchesTheMasks(dimension: Int, categories: Int, order: [Int]) {
        var generator = RandomGenerator(seed: 10)
        let made = MADE(dimension: dimension, categories: categories, hiddenSizes: [10, 10], order: order,
                        activation: .tanh, using: &generator)
        let x = Tensor((0..<dimension).map { _ in Float(generator.integer(below: categories)) })
        let jacobian = made.inputOutputJacobian(at: x)
        let connectivity = made.maskConnectivity
        for i in 0..<dimension {
            for j in 0..<dimension {
                let allowed = order[j] < order[i]
                #expect((connectivity[i][j] > 0) == allowed, "paths \(j) → \(i): \(connectivity[i][j])")
                if allowed {
                    // tanh has no dead units, so every connected pair responds at a generic point.
                    #expect(jacobian[i][j] != 0, "∂ℓ\(i)/∂x\(j)")
                } else {
                    #expect(jacobian[i][j] == 0, "∂ℓ\(i)/∂x\(j) = \(jacobian[i][j])")
                }
            }
        }
    }

    /// With ReLU units some allowed entries may vanish at a point, but never a forbidden
    /// one; and the non-strict output mask puts non-zeros on the diagonal.
    @Test func reluJacobianAndAWrongMaskOnTheDiagonal() {
        var generator = RandomGenerator(seed: 11)
        let made = MADE(dimension: 5, hiddenSizes: [16], order: [2, 5, 3, 1, 4], using: &generator)
        let x = Tensor([1, 0, 1, 1, 0])
        let jacobian = made.inputOutputJacobian(at: x)
        var allowedNonZero = 0
        for i in 0..<5 {
            for j in 0..<5 {
                if made.order[j] >= made.order[i] { #expect(jacobian[i][j] == 0) } else if jacobian[i][j] != 0 { allowedNonZero += 1 }
            }
        }
        #expect(allowedNonZero > 0)
        let wrong = madeWithNonStrictOutputMask(like: made, hiddenSizes: [16], seed: 11)
        let wrongJacobian = wrong.inputOutputJacobian(at: x)
        #expect((0..<5).contains { wrongJacobian[$0][$0] != 0 })
        #expect((0..<5).contains { wrong.maskConnectivity[$0][$0] > 0 })
    }

    /// Path counts by hand for D = 3, one hidden layer of 4 units (degrees 1, 2, 1, 2):
    /// x₀ (degree 1) reaches all four hidden units, x₁ the two of degree 2; output 1 sees
    /// the degree-1 units, output 2 all four.
    @Test func maskConnectivityCountsPaths() {
        var generator = RandomGenerator(seed: 12)
        let made = MADE(dimension: 3, hiddenSizes: [4], using: &generator)
        #expect(made.maskConnectivity == [[0, 0, 0], [2, 0, 0], [4, 2, 0]])
    }

    @Test(arguments: [2, 3])
    func logLikelihoodGradientMatchesFiniteDifferences(categories: Int) {
        var generator = RandomGenerator(seed: 13)
        let made = MADE(dimension: 3, categories: categories, hiddenSizes: [5], order: [3, 1, 2], activation: .tanh,
                        using: &generator)
        let x = Tensor(shape: [4, 3], scalars: (0..<12).map { _ in Float(generator.integer(below: categories)) })
        let report = GradientCheck.compare(parameters: made.parameters) { tape in made.logLikelihood(x, on: tape).mean() }
        #expect(report.passed, "\(report)")
    }
}
