import TensorCore
import Autodiff

/// The slopes of a player with respect to its input, recorded on a tape so that penalties
/// built from them can be differentiated again with respect to the player's weights (double
/// backward). WGAN-GP's penalty and the R1 penalty of the original game both start here.
public enum InputSlopes {
    /// ‖∇ₓ D(xᵢ)‖² for each row xᵢ of `points` `[n, d]`, as a `[n, 1]` variable on `tape`.
    ///
    /// The rows are independent, so the gradient of Σᵢ D(xᵢ) with respect to the batch holds
    /// each row's own ∇D(xᵢ) in row i: one backward pass gives all n input gradients.
    public static func squaredNorms(of player: (Variable) -> Variable, at points: Tensor, on tape: Tape) -> Variable {
        require(points.rank == 2 && points.shape[0] > 0, "Input slopes need points [n, d] with n > 0, got \(points.shape).")
        let inputs = tape.variable(points)
        let scores = player(inputs)
        require(scores.shape == [points.shape[0], 1], "A player gives one score per row, [\(points.shape[0]), 1]; got \(scores.shape).")
        let slopes = tape.differentiableGradients(of: scores.sum(), withRespectTo: [inputs])[0]
        return slopes.squared().sum(alongAxis: 1)
    }
}
