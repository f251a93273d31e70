import Foundation
import TensorCore

// Solver steps with a noise level per row (`[n, 1]` columns), for training targets that need a step
// of the teacher's ODE at many levels in one batch.

extension PreconditionedNetwork {
    /// A copy with the same architecture and weights (a student starts from its teacher; a target network from its model).
    public func copied() -> PreconditionedNetwork {
        var unused = RandomGenerator(seed: 0)
        let copy = PreconditionedNetwork(preconditioning: preconditioning, dataDimension: dataDimension, hidden: network.layers[0].outputSize,
                                         hiddenLayers: network.layers.count - 1, embeddingDimension: embedding.dimension, using: &unused)
        for (target, source) in zip(copy.parameters, parameters) { target.value = source.value }
        return copy
    }

    /// One Euler (deterministic DDIM) step per row from `sigmas` to `next` (each `[n, 1]`; a next level of 0 gives D).
    public func eulerStep(_ x: Tensor, from sigmas: Tensor, to next: Tensor) -> Tensor {
        let denoised = self(x, sigmas: sigmas)
        return denoised + (x - denoised) * (next / sigmas)
    }

    /// One Heun step per row (Euler where the next level is 0).
    public func heunStep(_ x: Tensor, from sigmas: Tensor, to next: Tensor) -> Tensor {
        let denoised = self(x, sigmas: sigmas)
        let euler = denoised + (x - denoised) * (next / sigmas)
        // Rows ending at σ = 0 keep Euler's step; the others average the slopes at both ends.
        let safeNext = next.map { Swift.max($0, Float.leastNormalMagnitude) }
        let slopeAtEnd = (euler - self(euler, sigmas: safeNext)) / safeNext
        let heun = x + ((x - denoised) / sigmas + slopeAtEnd) * ((next - sigmas) * 0.5)
        let keepEuler = next.map { $0 > 0 ? 0 : 1 }
        return heun * (1 - keepEuler) + euler * keepEuler
    }

    /// One midpoint (DPM-Solver++(2S)-style) step per row (Euler's, that is D, where the next level is 0).
    public func midpointStep(_ x: Tensor, from sigmas: Tensor, to next: Tensor) -> Tensor {
        let denoised = self(x, sigmas: sigmas)
        let middle = (sigmas * next).sqrt()
        let safeMiddle = middle.map { Swift.max($0, Float.leastNormalMagnitude) }
        let atMiddle = denoised + (x - denoised) * (safeMiddle / sigmas)
        let denoisedAtMiddle = self(atMiddle, sigmas: safeMiddle)
        let step = denoisedAtMiddle + (x - denoisedAtMiddle) * (next / sigmas)
        let keepDenoised = next.map { $0 > 0 ? 0 : 1 }
        return step * (1 - keepDenoised) + denoised * keepDenoised
    }
}

