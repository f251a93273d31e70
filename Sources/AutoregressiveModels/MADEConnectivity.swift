import TensorCore
import Autodiff

// Two routes to the same triangular pattern. The masks alone say which outputs *can*
// depend on which inputs (a path of unmasked weights joins them); the Jacobian of a
// network with weights says which ones *do*, at one input. Autoregressive structure
// needs the first to be triangular in the order; the second then is too, exactly, since
// a masked weight is multiplied by an exact 0.

extension MADE {
    /// `maskConnectivity[i][j]`: the number of paths of unmasked weights from an input
    /// column of dimension j to an output column of dimension i, the product of the masks
    /// M₁·M₂·…·M_L read at those columns. It is zero unless order[j] < order[i] (eqs.
    /// 12–13), and for hidden layers of at least D − 1 units it is positive whenever
    /// order[j] < order[i]. All columns of one dimension share their degree, so the count
    /// does not depend on which of its K one-hot or logit columns is read.
    public var maskConnectivity: [[Int]] {
        let masks = layers.map(\.mask)
        // Row j of the product, one mask at a time: paths[u] counts paths from input j to unit u.
        let fromInputs: [[Int]] = (0..<dimension).map { j in
            var paths = masks[0].row(j).scalars.map { Int($0) }
            for mask in masks.dropFirst() {
                let (rows, columns) = (mask.shape[0], mask.shape[1])
                var next = [Int](repeating: 0, count: columns)
                for unit in 0..<rows where paths[unit] != 0 {
                    for column in 0..<columns where mask.scalars[unit * columns + column] != 0 { next[column] += paths[unit] }
                }
                paths = next
            }
            return paths
        }
        return (0..<dimension).map { i in (0..<dimension).map { j in fromInputs[j][i] } }
    }

    // listing: made-jacobian
    /// The Jacobian of the logits with respect to the network's input at one data point
    /// `x` (`[D]` or `[1, D]`), through the tape: one backward pass per logit.
    ///
    /// Binary: `J[i][j]` = ∂ℓ_i/∂x_j. Categorical: `J[i][j]` = the largest |∂ℓ_{k,i}/∂c_{k′,j}|
    /// over the K logits of dimension i and the K one-hot columns c of dimension j, so that
    /// J[i][j] = 0 exactly when no logit of i responds to any column of j. Either way
    /// J[i][j] is exactly 0 whenever order[j] ≥ order[i]. Costs K·D backward passes.
    public func inputOutputJacobian(at x: Tensor) -> [[Double]] {
        require(x.count == dimension, "inputOutputJacobian takes one data point of \(dimension) values, got \(x.shape).")
        let tape = Tape()
        let input = tape.variable(encode(x.reshaped([1, dimension])))
        let logits = self.logits(encoded: input)
        var jacobian = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        for output in 0..<width {
            var seed = Tensor.zeros([1, width])
            seed.scalars[output] = 1
            let row = tape.gradients(of: logits, seed: seed, withRespectTo: [input])[0]
            let i = output % dimension
            for column in 0..<width {
                let (j, entry) = (column % dimension, Double(row.scalars[column]))
                jacobian[i][j] = isBinary ? entry : Swift.max(jacobian[i][j], Swift.abs(entry))
            }
        }
        return jacobian
    }
    // end listing
}
