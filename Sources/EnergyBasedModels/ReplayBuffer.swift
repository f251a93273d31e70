import TensorCore

// listing: replay-buffer
/// The persistent negatives of Du & Mordatch (2019): a store of past Langevin samples. Each
/// training step takes a batch from it — a fraction ρ of the rows replaced by fresh uniform
/// noise on the box, so that new modes can still be found — runs the chains a few steps
/// further, and writes them back. Over many steps the stored particles run long chains under a
/// slowly changing energy, as the fantasy particles of persistent CD do for an RBM (Tieleman 2008).
public struct ReplayBuffer: Sendable {
    /// The stored particles, `[size, d]`.
    public private(set) var particles: Tensor
    /// ρ, the fraction of each batch restarted from noise.
    public let restartFraction: Double

    /// A buffer of `size` particles, all starting as uniform noise on the energy's box.
    public init(size: Int, restartFraction: Double, energy: EnergyNetwork, using generator: inout RandomGenerator) {
        require(size >= 1 && (0...1).contains(restartFraction), "A replay buffer needs a size and a restart fraction in [0, 1].")
        particles = energy.uniformNoise(size, using: &generator)
        self.restartFraction = restartFraction
    }

    /// `count` chain starts: stored particles at random places, each replaced by noise with probability ρ.
    public mutating func draw(_ count: Int, energy: EnergyNetwork, using generator: inout RandomGenerator) -> (indices: [Int], starts: Tensor) {
        let indices = (0..<count).map { _ in generator.integer(below: particles.rowCount) }
        var starts = particles.gatherRows(indices)
        let noise = energy.uniformNoise(count, using: &generator)
        let d = particles.columnCount
        for row in 0..<count where generator.uniformDouble() < restartFraction {
            for column in 0..<d { starts[row, column] = noise[row, column] }
        }
        return (indices, starts)
    }

    /// Writes the advanced chains back where they were drawn from.
    public mutating func store(_ states: Tensor, at indices: [Int]) {
        for (row, index) in indices.enumerated() {
            for column in 0..<particles.columnCount { particles[index, column] = states[row, column] }
        }
    }
}
// end listing
