import Foundation
import TensorCore
import NeuralLayers

extension MADE {
    /// A copy of this network whose output layer uses the hidden layers' rule,
    /// 1[m(output) ≥ m(hidden)], instead of the strict 1[m(output) > m(hidden)] of Germain et
    /// al.'s eq. 13, with the same weights. Logit d then sees hidden units of degree d, which
    /// see x_d: the conditionals stop being a distribution over x. It exists to show what the
    /// checks of the autoregressive property catch (the chapter names its numbers as the wrong
    /// answer; the tests show the checks fail on it).
    public func withNonStrictOutputMask() -> MADE {
        var masks = layers.map(\.mask)
        let lastHidden = masks[masks.count - 1].shape[0]
        require(masks.count >= 2, "A MADE without hidden layers has no hidden degrees to compare with.")
        let hiddenDegrees = (0..<lastHidden).map { 1 + $0 % Swift.max(dimension - 1, 1) }
        let outputDegrees = (0..<width).map { order[$0 % dimension] }
        masks[masks.count - 1] = Tensor(shape: [lastHidden, width], scalars: hiddenDegrees.flatMap { from in
            outputDegrees.map { to in to >= from ? 1 : 0 }
        })
        var unused = RandomGenerator(seed: 0)
        let copy = MADE(dimension: dimension, categories: categories, order: order, masks: masks, activation: activation, using: &unused)
        for (target, source) in zip(copy.parameters, parameters) { target.value = source.value }
        return copy
    }
}
