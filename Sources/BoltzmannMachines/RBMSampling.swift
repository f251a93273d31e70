import TensorCore

// listing: rbm-sampling
/// Drawing from an RBM by block Gibbs sampling. p(v) itself is out of reach (it needs Z), but the chain
/// v → h ~ p(h | v) → v′ ~ p(v′ | h) leaves p(v, h) invariant, and since every state can reach every other in
/// one step (all conditionals lie strictly between 0 and 1) it converges to p from any start. How fast is
/// another matter: chains on a well-trained model can stay near one mode for thousands of steps.
extension RestrictedBoltzmannMachine {
    /// A state of independent fair coins: the start "from noise".
    public func noiseState(using generator: inout RandomGenerator) -> [Double] {
        (0..<visibleCount).map { _ in generator.uniformDouble() < 0.5 ? 1 : 0 }
    }

    /// The visible states of one chain from `start` at the Gibbs steps listed in `snapshots` (step 0 is the start).
    public func gibbsChain(from start: [Double], snapshots: [Int], using generator: inout RandomGenerator) -> [[Double]] {
        require(snapshots.allSatisfy { $0 >= 0 }, "Snapshot steps must be non-negative.")
        var (v, step, states) = (start, 0, [[Double]]())
        for target in snapshots.sorted() {
            while step < target { v = gibbsStep(from: v, using: &generator).visible; step += 1 }
            states.append(v)
        }
        return states
    }

    /// `count` independent draws: chains from noise, each run `steps` Gibbs steps, their final visible states.
    public func gibbsSamples(_ count: Int, steps: Int, using generator: inout RandomGenerator) -> [[Double]] {
        (0..<count).map { _ in gibbsChain(from: noiseState(using: &generator), snapshots: [steps], using: &generator)[0] }
    }
}
// end listing
