import TensorCore

// listing: box-langevin
/// Unadjusted Langevin steps on an energy model's box, with the book's convention (chapter 11):
///
///   x ← x − (ε/2)·∇ₓE_θ(x) + √ε·z,   z ~ N(0, I),
///
/// followed by reflection at the walls (a coordinate that left [a, b] by δ is put back δ inside).
/// Reflection is the discrete form of the reflected diffusion, which leaves p_θ on the box
/// invariant (e^{−E} has no flux through the walls). The discrete chain is biased by O(ε) like
/// any ULA, and near the walls as well (Bossy, Gobet & Talay 2004 study this scheme's error).
public struct BoxLangevin: Sendable {
    /// ε, the variance of the injected noise per step.
    public let stepSize: Float
    /// The number of steps per call.
    public let steps: Int

    public init(stepSize: Float, steps: Int) {
        require(stepSize > 0 && steps >= 0, "Langevin needs ε > 0 and a non-negative number of steps.")
        self.stepSize = stepSize
        self.steps = steps
    }

    /// Runs `steps` steps from `start` `[n, d]` under `energy`, calling `observe(k, x)` after step k.
    public func run(_ start: Tensor, energy: EnergyNetwork, using generator: inout RandomGenerator,
                    observe: (Int, Tensor) -> Void = { _, _ in }) -> Tensor {
        run(start, box: energy.box, gradient: { energy.energiesAndGradients($0).gradients }, using: &generator, observe: observe)
    }

    /// The same for any energy given by its gradient ∇ₓE on the box [a, b]ᵈ.
    public func run(_ start: Tensor, box: ClosedRange<Float>, gradient: (Tensor) -> Tensor, using generator: inout RandomGenerator,
                    observe: (Int, Tensor) -> Void = { _, _ in }) -> Tensor {
        var x = start
        let (lower, upper) = (box.lowerBound, box.upperBound)
        for step in 0..<steps {
            let noise = Tensor.normal(x.shape, using: &generator)
            x = x - gradient(x) * (stepSize / 2) + noise * stepSize.squareRoot()
            x = x.map { value in
                let reflected = value < lower ? 2 * lower - value : value > upper ? 2 * upper - value : value
                return min(max(reflected, lower), upper)   // a step longer than the box itself is clamped
            }
            observe(step + 1, x)
        }
        return x
    }
}
// end listing
