import Foundation
import NeuralLayers
import Training

// listing: rectified-flow
/// Flow matching with straight paths (Lipman et al. 2023; Liu, Gong & Liu 2023, "rectified
/// flow"): pair a noise point z with a data point x, join them by the straight line
/// x_t = (1 − t)z + tx for t ∈ [0, 1], and regress a velocity network on the line's velocity:
///
///   loss = mean of ‖v(x_t, t) − (x − z)‖².
///
/// The optimum is v(y, t) = E[x − z | x_t = y], whose ODE dy/dt = v carries the noise's law to the
/// data's. The lines cross, so the ODE's paths bend; *reflow* retrains on pairs (z, ODE(z)) that
/// the first model joins, whose lines cross less, and the paths straighten.
public final class VelocityNetwork: Layer {
    public let embedding: SinusoidalEmbedding
    public let network: MLP

    public init(dataDimension: Int = 2, hidden: Int = 128, hiddenLayers: Int = 3, embeddingDimension: Int = 16, name: String = "v",
                using generator: inout RandomGenerator) {
        embedding = SinusoidalEmbedding(dimension: embeddingDimension, maximumPeriod: 1_000, inputScale: 100)
        network = MLP(sizes: [dataDimension + embeddingDimension] + Array(repeating: hidden, count: hiddenLayers) + [dataDimension],
                      activation: .silu, name: name, using: &generator)
    }

    public var parameters: [Parameter] { network.parameters }

    /// v(x, t) on a tape, one t per row.
    public func callAsFunction(_ x: Variable, times: Tensor) -> Variable {
        network(Variable.concatenate([x, x.tape.constant(embedding(times))], alongAxis: 1))
    }

    /// v(x, t) without a tape, one t for the batch.
    public func velocity(_ x: Tensor, time: Double) -> Tensor {
        network(Tensor.concatenate([x, embedding(Float(time), rows: x.rowCount)], alongAxis: 1))
    }
}

/// A velocity field v(x, t) on t ∈ [0, 1] whose ODE dy/dt = v carries noise (t = 0) to data (t = 1).
public protocol VelocityField {
    /// v(x, t) for a batch at one time.
    func velocity(_ x: Tensor, time: Double) -> Tensor
}

extension VelocityNetwork: VelocityField {}

extension VelocityField {
    /// Euler's method from t = 0 to 1 in `steps` equal steps (one evaluation each); returns the end
    /// points and the velocity used at each step.
    public func transport(_ start: Tensor, steps: Int) -> (end: Tensor, velocities: [Tensor]) {
        require(steps >= 1, "Transport needs at least one step, got \(steps).")
        var x = start, velocities: [Tensor] = []
        for k in 0..<steps {
            let v = velocity(x, time: Double(k) / Double(steps))
            velocities.append(v)
            x = x + v * Float(1 / Double(steps))
        }
        return (x, velocities)
    }

    /// Straightness (Liu et al. 2023) of each path from a row of `start`: ∫₀¹ ‖(y₁ − y₀) − v(y_t, t)‖² dt along the
    /// field's own ODE path, by `steps` Euler steps. 0 exactly when the path is a straight line travelled at constant
    /// speed, which one Euler step then follows without error; the field's straightness is the mean over paths.
    public func straightness(_ start: Tensor, steps: Int) -> [Double] {
        let (end, velocities) = transport(start, steps: steps)
        let displacement = end - start
        var total = [Double](repeating: 0, count: start.rowCount)
        for v in velocities {
            for (row, value) in (displacement - v).squared().sum(alongAxis: 1).scalars.enumerated() { total[row] += Double(value) / Double(steps) }
        }
        return total
    }
}

/// Trains a `VelocityNetwork` on pairs: independent ones (noise drawn fresh against data) for the
/// first flow, or fixed pairs (z, ODE(z)) for reflow.
public final class RectifiedFlowTrainer {
    public let model: VelocityNetwork
    public let trainer: Trainer

    public init(label: String, model: VelocityNetwork, steps: Int, learningRate: Float = 2e-3) {
        self.model = model
        trainer = Trainer(label: label, parameters: model.parameters, steps: steps,
                          optimizer: Adam(parameters: model.parameters, learningRate: learningRate), schedule: .cosine(floor: 0.05))
    }

    /// One step on matched rows of `noise` and `data` (`[n, d]` each), t ~ U(0, 1) per row.
    @discardableResult
    public func step(_ step: Int, noise: Tensor, data: Tensor, using generator: inout RandomGenerator) throws -> Float {
        require(noise.shape == data.shape, "Noise and data pairs need one shape, got \(noise.shape) and \(data.shape).")
        let t = Tensor.uniform([data.rowCount, 1], using: &generator)
        let point = noise * (1 - t) + data * t
        return try trainer.step(step) { tape in (model(tape.constant(point), times: t) - (data - noise)).squared().sum(alongAxis: 1).mean() }
    }
}
// end listing
