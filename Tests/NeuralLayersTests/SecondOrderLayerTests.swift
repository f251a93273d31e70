import Testing
@testable import NeuralLayers

/// Losses built from input gradients of real layers (the WGAN-GP penalty, the
/// exact divergence of score matching), differentiated with respect to the
/// layers' parameters and checked against central differences in θ.
struct SecondOrderLayerTests {
    @Test(arguments: [Activation.silu, .tanh, .softplus, .sigmoid])
    func gradientPenaltyParameterGradient(activation: Activation) {
        // WGAN-GP: mean over examples of (‖∇ₓD(x)‖ − 1)², with D a scalar critic.
        var generator = RandomGenerator(seed: 1)
        let critic = MLP(sizes: [2, 6, 5, 1], activation: activation, using: &generator)
        let points = normalTestInput([4, 2], seed: 2)
        expectParameterGradientsMatchCentralDifferences(critic) { tape in
            let x = tape.variable(points)
            let inputGradient = tape.differentiableGradients(of: critic(x).sum(), withRespectTo: [x])[0]
            let norms = (inputGradient.squared().sum(alongAxis: 1) + 1e-6).sqrt()
            return (norms - 1).squared().mean()
        }
    }

    @Test func exactDivergenceParameterGradient() {
        // Hyvärinen score matching needs ∂/∂θ of tr ∇ₓ s_θ(x) = Σⱼ ∂sⱼ/∂xⱼ: one
        // recorded backward pass per output dimension, seeded with that column.
        var generator = RandomGenerator(seed: 3)
        let score = MLP(sizes: [2, 8, 2], activation: .softplus, using: &generator)
        let points = normalTestInput([5, 2], seed: 4)
        expectParameterGradientsMatchCentralDifferences(score) { tape in
            let x = tape.variable(points)
            let output = score(x)
            let divergence = (0..<2).map { column -> Variable in
                let seed = Tensor.oneHot(Array(repeating: column, count: 5), classCount: 2)
                let gradient = tape.differentiableGradients(of: output, seed: seed, withRespectTo: [x])[0]
                return gradient.slice(column..<(column + 1), alongAxis: 1)
            }.reduce(tape.constant(Tensor.zeros([5, 1])), +)
            // The implicit score-matching objective: tr ∇ₓs + ½‖s‖².
            return (divergence.mean() + output.squared().sum(alongAxis: 1).mean() * 0.5)
        }
    }

    @Test func slicedScoreMatchingParameterGradient() {
        // Sliced score matching: vᵀ∇ₓ(vᵀs) for a fixed projection v per example.
        var generator = RandomGenerator(seed: 5)
        let score = MLP(sizes: [2, 7, 2], activation: .silu, using: &generator)
        let points = normalTestInput([4, 2], seed: 6)
        let projections = normalTestInput([4, 2], seed: 7)
        expectParameterGradientsMatchCentralDifferences(score) { tape in
            let x = tape.variable(points)
            let output = score(x)
            let gradient = tape.differentiableGradients(of: output, seed: projections, withRespectTo: [x])[0]
            return (gradient * projections).sum() / 4 + (output * projections).sum(alongAxis: 1).squared().mean() * 0.5
        }
    }

    @Test func parameterGradientNormPenaltyParameterGradient() {
        // L + ½‖∇θL‖²: the penalty's gradient is the Hessian times ∇θL.
        var generator = RandomGenerator(seed: 8)
        let network = MLP(sizes: [2, 5, 1], activation: .tanh, using: &generator)
        let points = normalTestInput([3, 2], seed: 9)
        expectParameterGradientsMatchCentralDifferences(network) { tape in
            let loss = network(tape.constant(points)).squared().mean()
            let gradients = tape.differentiableGradients(of: loss, for: network.parameters)
            return gradients.map { $0.squared().sum() }.reduce(loss) { $0 + $1 * 0.5 }
        }
    }
}
