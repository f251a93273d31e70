import NeuralLayers
import TensorCore

/// Compares tape gradients with central differences of `value` at sampled entries of `parameters` (about six per tensor).
/// Each entry's error bound is 4/3 × the gap between steps h = 10⁻² and 2h (Richardson's estimate of the O(h²) truncation,
/// with margin) plus 16u₃₂·max(|value|, 1)/h for single-precision rounding. Returns the largest |analytic − difference| in
/// units of its bound, and the largest |analytic| seen (what a zero gradient would miss by).
func centralDifferenceCheck(_ parameters: [Parameter], analytic: [Tensor], value: () -> Double) -> (worst: Double, largest: Double) {
    var worst = 0.0, largest = 0.0
    let h: Float = 1e-2, rounding = 8 * Double(Float.ulpOfOne) * max(abs(value()), 1) / Double(h)
    for (index, parameter) in parameters.enumerated() {
        for entry in stride(from: 0, to: parameter.value.count, by: max(1, parameter.value.count / 6)) {
            func difference(_ step: Float) -> Double {
                let original = parameter.value.scalars[entry]
                parameter.value.scalars[entry] = original + step; let up = value()
                parameter.value.scalars[entry] = original - step; let down = value()
                parameter.value.scalars[entry] = original
                return (up - down) / (2 * Double(step))
            }
            let (fine, coarse) = (difference(h), difference(2 * h))
            let bound = 4 * abs(coarse - fine) / 3 + rounding
            worst = max(worst, abs(Double(analytic[index].scalars[entry]) - fine) / bound)
            largest = max(largest, abs(Double(analytic[index].scalars[entry])))
        }
    }
    return (worst, largest)
}
