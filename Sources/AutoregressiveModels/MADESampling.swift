import Foundation
import TensorCore

// Ancestral sampling: draw the dimension of order 1 from its marginal, then each next
// dimension from its conditional given those already drawn. Each draw needs a network
// pass on the partly filled input, so a sample costs D passes where a likelihood costs
// one: the asymmetry of autoregressive models.

extension MADE {
    /// `count` independent draws from the model, `[count, D]`, drawn dimension by dimension
    /// in the model's order (D network passes on the whole batch).
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        require(count > 0, "Asked for \(count) samples; need at least one.")
        return sample(completing: Tensor.zeros([count, dimension]), keepingFirst: 0, using: &generator)
    }

    // listing: made-sampling
    /// Completes each row of `x` (`[n, D]`): the first `known` dimensions in the model's
    /// order keep their values from `x`, the others are drawn from p(x_d | x_<d) in order,
    /// one network pass per drawn dimension. With `known` = 0 this is ordinary sampling; with
    /// the natural order of an image's pixels it fills in the bottom of a picture given the
    /// top. Rows use the generator in row order, so the result is fixed by its state.
    public func sample(completing x: Tensor, keepingFirst known: Int, using generator: inout RandomGenerator) -> Tensor {
        require(known >= 0 && known <= dimension, "keepingFirst must be in 0…\(dimension), got \(known).")
        var values = x
        var input = encode(x)
        // W ⊙ M formed once for all D passes.
        let maskedLayers = layers.map { ($0.weight.value * $0.mask, $0.bias.value) }
        for d in dimensionsInOrder.dropFirst(known) {
            let logits = forward(input, through: maskedLayers)
            for row in 0..<x.rowCount {
                let value = drawValue(dimension: d, row: row, logits: logits, using: &generator)
                if !isBinary {  // move the one-hot 1 of dimension d to the drawn category
                    input.scalars[row * width + Int(values[row, d]) * dimension + d] = 0
                    input.scalars[row * width + value * dimension + d] = 1
                } else {
                    input.scalars[row * dimension + d] = Float(value)
                }
                values.scalars[row * dimension + d] = Float(value)
            }
        }
        return values
    }
    // end listing

    /// One draw of x_d for one row from the conditional its logits give.
    private func drawValue(dimension d: Int, row: Int, logits: Tensor, using generator: inout RandomGenerator) -> Int {
        if isBinary {
            let probability = 1 / (1 + Foundation.exp(-Double(logits[row, d])))
            return generator.uniformDouble() < probability ? 1 : 0
        }
        // softmax weights up to their sum (categorical normalises), shifted so none overflows.
        let values = (0..<categories).map { Double(logits[row, $0 * dimension + d]) }
        let largest = values.max()!
        return generator.categorical(values.map { Foundation.exp($0 - largest) })
    }
}
