import Foundation

/// How the learning rate changes over a fixed number of training steps, as a multiple
/// of the base rate.
public enum LearningRateSchedule: Sendable, Equatable {
    /// The base rate throughout.
    case constant
    /// Cosine decay (Loshchilov & Hutter, 2017) from the base rate to `floor` times it:
    /// η(k) = η₀·(f + (1 − f)·½(1 + cos(πk/K))). Late steps then refine instead of jitter.
    case cosine(floor: Double)
    /// A linear ramp from 0 over `warmUpSteps`, then cosine decay to `floor` over the rest:
    /// large early steps on random weights are what the ramp avoids.
    case warmUpThenCosine(warmUpSteps: Int, floor: Double)

    /// The multiplier of the base rate at `step` (0-based) of `totalSteps`.
    public func multiplier(step: Int, of totalSteps: Int) -> Double {
        switch self {
        case .constant:
            return 1
        case .cosine(let floor):
            return Self.cosine(progress: Double(step) / Double(Swift.max(totalSteps, 1)), floor: floor)
        case .warmUpThenCosine(let warmUpSteps, let floor):
            if step < warmUpSteps { return Double(step + 1) / Double(warmUpSteps) }
            let remaining = Swift.max(totalSteps - warmUpSteps, 1)
            return Self.cosine(progress: Double(step - warmUpSteps) / Double(remaining), floor: floor)
        }
    }

    static func cosine(progress: Double, floor: Double) -> Double {
        floor + (1 - floor) * 0.5 * (1 + Foundation.cos(Double.pi * progress))
    }
}
