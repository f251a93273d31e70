import TensorCore

/// Which estimate of the log-likelihood gradient a training run follows.
public enum RBMLearningRule: Sendable, Equatable {
    /// The exact gradient, the model phase by enumeration (small models only).
    case exact
    /// CD-k (Hinton 2002): chains start at the minibatch and run k Gibbs steps.
    case contrastiveDivergence(steps: Int)
    /// PCD-k (Tieleman 2008): `chains` fantasy particles that persist across updates, k Gibbs steps per update.
    case persistent(chains: Int, steps: Int)
}

// listing: rbm-training
/// Minibatch gradient ascent on an RBM's log-likelihood, with classical momentum and L2 weight decay on W
/// (Hinton 2012, "A practical guide to training RBMs"): for each minibatch,
///
///   u ← μ·u + η·(ĝ − λ·W),    θ ← θ + u,
///
/// with ĝ the chosen gradient estimate, η the learning rate, μ the momentum and λ the weight decay
/// (the biases are not decayed).
public struct RBMTrainer: Sendable {
    public var machine: RestrictedBoltzmannMachine
    public let rule: RBMLearningRule
    public let batchSize: Int, momentum: Double, weightDecay: Double
    /// η; a schedule may change it between updates.
    public var learningRate: Double
    /// PCD's persistent chains (empty for the other rules).
    public private(set) var fantasyParticles: [[Double]]
    var velocity: RBMGradient

    public init(_ machine: RestrictedBoltzmannMachine, rule: RBMLearningRule, learningRate: Double, batchSize: Int,
                momentum: Double = 0, weightDecay: Double = 0, using generator: inout RandomGenerator) {
        require(learningRate > 0 && batchSize >= 1 && (0..<1).contains(momentum) && weightDecay >= 0, "RBM training needs η > 0, a batch, 0 ≤ μ < 1 and λ ≥ 0.")
        self.machine = machine
        self.rule = rule
        (self.learningRate, self.batchSize, self.momentum, self.weightDecay) = (learningRate, batchSize, momentum, weightDecay)
        velocity = .zero(like: machine)
        if case .persistent(let chains, _) = rule {   // fantasy particles start as uniform noise
            fantasyParticles = (0..<chains).map { _ in (0..<machine.visibleCount).map { _ in generator.uniformDouble() < 0.5 ? 1 : 0 } }
        } else {
            fantasyParticles = []
        }
    }

    /// One update from the rows `batch`.
    public mutating func update(on batch: [[Double]], using generator: inout RandomGenerator) {
        let gradient: RBMGradient
        switch rule {
        case .exact: gradient = machine.exactGradient(batch)
        case .contrastiveDivergence(let k): gradient = machine.contrastiveDivergenceGradient(batch, steps: k, using: &generator)
        case .persistent(_, let k): gradient = machine.persistentGradient(batch, chains: &fantasyParticles, steps: k, using: &generator)
        }
        for index in velocity.weights.indices {
            velocity.weights[index] = momentum * velocity.weights[index] + learningRate * (gradient.weights[index] - weightDecay * machine.weights[index])
        }
        for index in velocity.visibleBiases.indices { velocity.visibleBiases[index] = momentum * velocity.visibleBiases[index] + learningRate * gradient.visibleBiases[index] }
        for index in velocity.hiddenBiases.indices { velocity.hiddenBiases[index] = momentum * velocity.hiddenBiases[index] + learningRate * gradient.hiddenBiases[index] }
        machine.ascend(velocity, learningRate: 1)
    }

    /// One pass over `data` in a fresh random order, in minibatches of `batchSize` rows (the last may be smaller).
    public mutating func epoch(_ data: [[Double]], using generator: inout RandomGenerator) {
        let order = generator.permutation(data.count)
        for start in stride(from: 0, to: data.count, by: batchSize) {
            update(on: order[start..<min(start + batchSize, data.count)].map { data[$0] }, using: &generator)
        }
    }
}
// end listing
