import Foundation

extension Array where Element == Double {
    /// The q-quantile, linearly interpolated between order statistics: with the
    /// values sorted as x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ and h = q(n − 1), it is
    /// x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋₊₁₎ − x₍⌊h⌋₎) — Hyndman & Fan's (1996) definition 7,
    /// the default of R and NumPy.
    ///
    /// - Precondition: the array is not empty and 0 ≤ q ≤ 1.
    public func quantile(_ q: Double) -> Double {
        quantiles([q])[0]
    }

    /// Several quantiles from one sort (see ``quantile(_:)``).
    public func quantiles(_ levels: [Double]) -> [Double] {
        precondition(!isEmpty, "The quantile of an empty sample is undefined.")
        precondition(levels.allSatisfy { (0...1).contains($0) }, "Quantile levels must lie in [0, 1], got \(levels).")
        let sorted = self.sorted()
        return levels.map { level in
            let position = level * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = Swift.min(lower + 1, sorted.count - 1)
            return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
        }
    }

    /// The median: the middle value, or the average of the two middle values
    /// when the count is even (the 0.5-quantile).
    public var median: Double { quantile(0.5) }
}
