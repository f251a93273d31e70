import Foundation
import NeuralLayers

/// The noise-prediction network of a DDPM: an MLP that reads the noisy point, its
/// timestep and (optionally) a class, and outputs ε̂(x_t, t, y), `[n, D]`.
///
/// Input: the concatenation [x_t, e(t), c(y)], where
/// - e(t) is a sinusoidal embedding of the timestep (Vaswani et al. 2017, as in Ho et al.
///   2020), fed t·1000/T so that any T spans the range DDPM's embedding was designed for
///   (timesteps up to 1,000 against periods from 2π to 2π·10⁴): neighbouring steps differ
///   in the fast channels, distant ones in the slow;
/// - c(y) is a learned vector per class plus one for the null class C (Ho & Salimans 2022):
///   training replaces a fraction of the labels by C, so one network is both the
///   conditional model ε̂(x, t, y) and the unconditional ε̂(x, t, ∅) that guidance needs.
///
/// The output layer is linear: ε has unbounded support.
public final class EpsilonNetwork: Layer, NoisePredictor {
    public let schedule: DiffusionSchedule
    public let dataDimension: Int
    public let timeEmbedding: SinusoidalEmbedding
    /// C + 1 rows (the last is the null class); nil when unconditional.
    public let classEmbedding: Embedding?
    public let network: MLP

    /// - Parameters:
    ///   - schedule: the schedule the network is trained on (timesteps 1…T).
    ///   - hidden: the widths of the hidden layers.
    ///   - classCount: the number of classes C for a conditional network, nil otherwise.
    ///   - activation: between hidden layers; SiLU (smooth, as the ε̂ it models) by default.
    public init(schedule: DiffusionSchedule, dataDimension: Int, hidden: [Int] = [128, 128, 128],
                timeEmbeddingDimension: Int = 32, classCount: Int? = nil, classEmbeddingDimension: Int = 16,
                activation: Activation = .silu, name: String = "epsilon", using generator: inout RandomGenerator) {
        require(dataDimension > 0, "The data dimension must be positive, got \(dataDimension).")
        require(!schedule.isRespaced, "Train the network on the full schedule; respace it only to sample.")
        require(classCount.map { $0 > 0 } ?? true, "A conditional network needs at least one class.")
        self.schedule = schedule
        self.dataDimension = dataDimension
        timeEmbedding = SinusoidalEmbedding(dimension: timeEmbeddingDimension, maximumPeriod: 10_000,
                                            inputScale: Float(1_000 / Double(schedule.steps)))
        classEmbedding = classCount.map {
            Embedding(count: $0 + 1, dimension: classEmbeddingDimension, name: "\(name).classes", using: &generator)
        }
        let inputWidth = dataDimension + timeEmbeddingDimension + (classCount == nil ? 0 : classEmbeddingDimension)
        network = MLP(sizes: [inputWidth] + hidden + [dataDimension], activation: activation, name: name, using: &generator)
    }

    public var parameters: [Parameter] { network.parameters + (classEmbedding?.parameters ?? []) }

    /// The number of classes C (the null class is C), nil when unconditional.
    public var classCount: Int? { classEmbedding.map { $0.count - 1 } }
    public var nullLabel: Int? { classCount }

    /// ε̂ recorded on a tape, for training. `labels` nil means the null class (or none).
    public func callAsFunction(_ noisy: Variable, timesteps: [Int], labels: [Int]?) -> Variable {
        validate(noisy.value, timesteps: timesteps, labels: labels)
        let tape = noisy.tape
        var parts = [noisy, tape.constant(timeEmbedding(times(timesteps)))]
        if let classEmbedding { parts.append(classEmbedding(resolved(labels, count: timesteps.count), on: tape)) }
        return network(Variable.concatenate(parts, alongAxis: 1))
    }

    /// ε̂ on plain tensors, for sampling and evaluation (nothing recorded).
    public func predictNoise(_ noisy: Tensor, timesteps: [Int], labels: [Int]?) -> Tensor {
        validate(noisy, timesteps: timesteps, labels: labels)
        var parts = [noisy, timeEmbedding(times(timesteps))]
        if let classEmbedding { parts.append(classEmbedding(resolved(labels, count: timesteps.count))) }
        return network(Tensor.concatenate(parts, alongAxis: 1))
    }

    /// The timesteps as a `[n]` tensor for the embedding.
    private func times(_ timesteps: [Int]) -> Tensor { Tensor(timesteps.map(Float.init)) }

    /// The labels to embed: the given ones, or the null class for every row.
    private func resolved(_ labels: [Int]?, count: Int) -> [Int] {
        labels ?? Array(repeating: classCount!, count: count)
    }
}
