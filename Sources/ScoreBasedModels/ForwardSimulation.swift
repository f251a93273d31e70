import Foundation
import TensorCore

// The forward SDE simulated, and the law of that simulation computed exactly.
//
// For a linear drift f = a(t)x, one Euler–Maruyama step x ← (1 + a(t)Δt)x + g(t)√Δt·z is
// an affine map plus independent Gaussian noise, so from a fixed start the simulated
// x_k is Gaussian with a mean and variance that follow a two-line recursion. That gives
// a check of the simulation with no discretisation error on either side, and shows the
// scheme's own O(Δt) error against the SDE's closed form separately.

extension ForwardSDE {
    // listing: forward-euler-maruyama
    /// Simulates dx = a(t)x dt + g(t) dW from `start` with `steps` Euler–Maruyama steps on
    /// [0, 1], recording the particles at the times in `snapshots`.
    public func simulate(from start: Tensor, steps: Int, snapshots: [Double],
                         using generator: inout RandomGenerator) -> [Double: Tensor] {
        var x = start
        var recorded: [Double: Tensor] = [:]
        let dt = 1 / Double(steps)
        for step in 0..<steps {
            let t = Double(step) * dt
            let noise = Tensor.normal(x.shape, using: &generator)
            x = x + x * Float(driftRate(t) * dt) + noise * Float(diffusion(t) * dt.squareRoot())
            for snapshot in snapshots where abs(snapshot - Double(step + 1) * dt) < dt / 2 { recorded[snapshot] = x }
        }
        return recorded
    }
    // end listing

    /// The exact law of `simulate` up to time t from a fixed point: x_t's mean is
    /// `meanFactor`·x₀ and its variance per coordinate `variance`, from
    /// m ← (1 + aΔt)m and v ← (1 + aΔt)²v + g²Δt.
    public func eulerMaruyamaLaw(steps: Int, upTo t: Double) -> (meanFactor: Double, variance: Double) {
        let dt = 1 / Double(steps)
        var meanFactor = 1.0, variance = 0.0
        for step in 0..<Int((t / dt).rounded()) {
            let time = Double(step) * dt
            let contraction = 1 + driftRate(time) * dt
            meanFactor *= contraction
            variance = contraction * contraction * variance + diffusion(time) * diffusion(time) * dt
        }
        return (meanFactor, variance)
    }
}
