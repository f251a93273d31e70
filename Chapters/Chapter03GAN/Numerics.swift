import Foundation
import TensorCore

/// Golden-section search for the maximiser of a unimodal function on an interval: each step
/// keeps the part of the bracket that must hold the maximum and shrinks it by 1/φ ≈ 0.618,
/// so it needs no derivative and no formula — an independent route to an argmax.
enum GoldenSection {
    static func maximiser(in interval: ClosedRange<Double>, tolerance: Double, of function: (Double) -> Double) -> Double {
        let shrink = (5.0.squareRoot() - 1) / 2
        var (low, high) = (interval.lowerBound, interval.upperBound)
        var left = high - shrink * (high - low), right = low + shrink * (high - low)
        var (leftValue, rightValue) = (function(left), function(right))
        while high - low > tolerance {
            if leftValue < rightValue {
                low = left; left = right; leftValue = rightValue
                right = low + shrink * (high - low); rightValue = function(right)
            } else {
                high = right; right = left; rightValue = leftValue
                left = high - shrink * (high - low); leftValue = function(left)
            }
        }
        return (low + high) / 2
    }
}

/// σ(a) of each logit, in double precision.
func logitsToProbabilities(_ logits: Tensor) -> [Double] { logits.doubles.map { 1 / (1 + exp(-$0)) } }
