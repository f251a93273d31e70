import Foundation

/// "Nice" tick positions: multiples of 1, 2 or 5 times a power of ten.
public enum Ticks {
    /// Tick values inside [lower, upper], spaced by 1, 2 or 5 × 10ᵏ, with the
    /// spacing whose tick count is closest to `target` (ties: the wider spacing).
    public static func nice(_ lower: Double, _ upper: Double, target: Int = 5) -> [Double] {
        guard lower.isFinite, upper.isFinite, upper > lower else { return lower.isFinite ? [lower] : [] }
        let magnitude = pow(10, floor(log10((upper - lower) / Double(max(target, 2)))))
        var best: [Double] = []
        for multiple in [1.0, 2.0, 5.0, 10.0, 20.0, 50.0] {
            let ticks = ticksWithStep(multiple * magnitude, lower, upper)
            if best.isEmpty || abs(ticks.count - target) < abs(best.count - target)
                || (abs(ticks.count - target) == abs(best.count - target) && ticks.count < best.count) {
                best = ticks
            }
        }
        return best
    }

    static func ticksWithStep(_ step: Double, _ lower: Double, _ upper: Double) -> [Double] {
        var ticks: [Double] = []
        var index = (lower / step - 1e-9).rounded(.up)
        while index * step <= upper + step * 1e-9 {
            let value = index * step
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)  // avoid "-0"
            index += 1
        }
        return ticks
    }

    /// Ticks for an axis whose coordinates are log₁₀ of the quantity shown: positions log₁₀(m·10ᵏ) for m = 1, 2, 5 (only
    /// m = 1 when the range spans more than three decades), labelled with the quantity itself, so that "1, 2, 5, 10, 20"
    /// appear where log₁₀ values would otherwise be printed.
    public static func logarithmic(_ lower: Double, _ upper: Double) -> (ticks: [Double], labels: [String]) {
        guard lower.isFinite, upper.isFinite, upper > lower else { return ([], []) }
        let multiples: [Double] = upper - lower > 3 ? [1] : [1, 2, 5]
        var ticks: [Double] = [], labels: [String] = []
        for decade in Int(floor(lower))...Int(ceil(upper)) {
            for m in multiples {
                let value = m * pow(10, Double(decade)), position = log10(value)
                guard position >= lower - 1e-9, position <= upper + 1e-9 else { continue }
                ticks.append(position)
                labels.append(decade >= 0 ? format(value, decimals: 0) : format(value, decimals: -decade))
            }
        }
        return (ticks, labels)
    }

    /// Labels with just enough decimals to tell the ticks apart.
    public static func labels(_ ticks: [Double]) -> [String] {
        guard ticks.count >= 2 else { return ticks.map { format($0, decimals: 2) } }
        let step = abs(ticks[1] - ticks[0])
        let largest = ticks.map(abs).max() ?? 0
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
            return ticks.map { $0 == 0 ? "0" : String(format: "%.1e", $0) }
        }
        // The fewest decimals (at most 6) that show every tick exactly: 0.25 needs 2.
        let decimals = (0...6).first { d in
            let scale = pow(10, Double(d))
            return ticks.allSatisfy { abs(($0 * scale).rounded() / scale - $0) < step * 1e-6 }
        } ?? 6
        return ticks.map { format($0, decimals: decimals) }
    }

    static func format(_ value: Double, decimals: Int) -> String {
        // A proper minus sign (U+2212) reads better than a hyphen.
        String(format: "%.\(decimals)f", value).replacingOccurrences(of: "-", with: "−")
    }
}
