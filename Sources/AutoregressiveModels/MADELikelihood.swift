import Foundation
import TensorCore
import Autodiff

// The exact log-likelihood of an autoregressive model is the sum of its conditionals'
// log-probabilities, log p(x) = Σ_d log p(x_d | x_<d). With teacher forcing the data's own
// x_<d are the network's input, so one pass gives every term.

extension MADE {
    // listing: made-log-likelihood
    /// log p(xᵢ) in nats for each row of `x` (`[n, D]`), on a tape, `[n]`: the training
    /// objective, with one network pass for all D conditionals.
    ///
    /// Binary: log p(x_d | x_<d) = x_d·ℓ_d − softplus(ℓ_d), which is x log σ(ℓ) + (1 − x)
    /// log(1 − σ(ℓ)) written so that no probability is formed (σ underflows; softplus does
    /// not). Categorical: the log-softmax of dimension d's K logits at the observed value,
    /// picked out by multiplying with the one-hot code and summing.
    public func logLikelihood(_ x: Tensor, on tape: Tape) -> Variable {
        let input = encode(x)
        let logits = self.logits(encoded: tape.constant(input))
        if isBinary { return (logits * x - logits.softplus()).sum(alongAxis: 1) }
        let shape = [x.rowCount, categories, dimension]
        let logProbabilities = logits.reshaped(shape).logSoftmax(alongAxis: 1)
        return (logProbabilities * input.reshaped(shape)).reshaped([x.rowCount, width]).sum(alongAxis: 1)
    }
    // end listing

    /// log p(xᵢ) in nats for each row of `x` (`[n, D]`), without a tape. Each conditional is
    /// computed in double precision from the network's Float logits, so the conditionals are
    /// normalised to double rounding whatever the logits: summed over all K^D states,
    /// exp(log p) is 1 to about 1e-12 (the test of the masks).
    public func logLikelihood(_ x: Tensor) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(x.rowCount)
        // Blocks of rows keep the hidden activations small for large evaluation sets.
        for start in stride(from: 0, to: x.rowCount, by: 1024) {
            let block = x.slice(start..<Swift.min(start + 1024, x.rowCount))
            let logits = self.logits(block)
            for row in 0..<block.rowCount {
                var total = 0.0
                for d in 0..<dimension {
                    total += conditionalLogProbability(of: Int(block[row, d]), dimension: d, row: row, logits: logits)
                }
                result.append(total)
            }
        }
        return result
    }

    /// p(x_d = · | x_<d) for each row of `x` (`[n, D]`), from one pass: `[n, D]` holding
    /// p(x_d = 1 | x_<d) for binary data, `[n, K, D]` holding p(x_d = k | x_<d) at
    /// `[i, k, d]` for categorical data (axis 1 sums to 1). Entry d depends only on the
    /// x_j of smaller order, so x_d itself and later dimensions may hold anything.
    public func conditionalProbabilities(_ x: Tensor) -> Tensor {
        let logits = self.logits(x)
        if isBinary { return logits.sigmoid() }
        return logits.reshaped([x.rowCount, categories, dimension]).softmax(alongAxis: 1)
    }

    /// log p(x_d = value | x_<d) in double precision from the logits of one row.
    func conditionalLogProbability(of value: Int, dimension d: Int, row: Int, logits: Tensor) -> Double {
        let columns = logits.shape[1]
        if isBinary {
            // x·ℓ − softplus(ℓ), softplus(ℓ) = max(ℓ, 0) + log1p(e^−|ℓ|).
            let logit = Double(logits.scalars[row * columns + d])
            return Double(value) * logit - (Swift.max(logit, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(logit))))
        }
        let values = (0..<categories).map { Double(logits.scalars[row * columns + $0 * dimension + d]) }
        let largest = values.max()!
        let logNormaliser = largest + Foundation.log(values.reduce(0) { $0 + Foundation.exp($1 - largest) })
        return values[value] - logNormaliser
    }
}
