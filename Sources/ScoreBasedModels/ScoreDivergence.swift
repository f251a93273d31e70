import Foundation
import NeuralLayers

extension NoisePredictionNetwork {
    /// The score −ε̂/σ(t) and its exact divergence −(1/σ)Σⱼ ∂ε̂ⱼ/∂xⱼ, by one
    /// reverse-mode pass per coordinate: rows do not interact, so the gradient of
    /// Σ_rows ε̂ⱼ with respect to the input holds ∂ε̂ⱼ/∂x of every row at once.
    /// Exact and cheap in 2-D; in d dimensions it costs d backward passes.
    public func scoreAndDivergence(_ x: Tensor, at t: Double) -> (score: Tensor, divergence: [Double]) {
        let tape = Tape()
        let input = tape.variable(x)
        let prediction = self(input, times: Tensor.full([x.rowCount], Float(t)))
        var trace = [Double](repeating: 0, count: x.rowCount)
        let d = x.columnCount
        for coordinate in 0..<d {
            var seed = Tensor.zeros(prediction.shape)
            for row in 0..<x.rowCount { seed.scalars[row * d + coordinate] = 1 }
            let gradient = tape.gradients(of: prediction, seed: seed, withRespectTo: [input])[0]
            for row in 0..<x.rowCount { trace[row] += Double(gradient.scalars[row * d + coordinate]) }
        }
        let inverseSigma = 1 / sde.noiseStandardDeviation(t)
        return (prediction.value * Float(-inverseSigma), trace.map { -$0 * inverseSigma })
    }

    /// Hutchinson's unbiased estimate of the same divergence: E_v[vᵀ(∂s/∂x)v] = tr(∂s/∂x)
    /// for random v with E[vvᵀ] = I (Rademacher ±1 here). One backward pass per probe,
    /// whatever the dimension: this is what makes likelihoods affordable for images.
    public func hutchinsonDivergence(_ x: Tensor, at t: Double, probes: Int, using generator: inout RandomGenerator) -> [Double] {
        let tape = Tape()
        let input = tape.variable(x)
        let prediction = self(input, times: Tensor.full([x.rowCount], Float(t)))
        var estimate = [Double](repeating: 0, count: x.rowCount)
        for _ in 0..<probes {
            let probe = Tensor.uniform(x.shape, low: 0, high: 1, using: &generator).map { $0 < 0.5 ? -1 : 1 }
            let vectorJacobian = tape.gradients(of: prediction, seed: probe, withRespectTo: [input])[0]   // vᵀ ∂ε̂/∂x
            let products = (vectorJacobian * probe).sum(alongAxis: 1).doubles
            for row in 0..<x.rowCount { estimate[row] += products[row] }
        }
        let scale = -1 / (sde.noiseStandardDeviation(t) * Double(probes))
        return estimate.map { $0 * scale }
    }
}
