import Foundation
import TensorCore

// listing: annealed-importance-sampling
/// Annealed importance sampling for an RBM's log Z (Neal 2001; Salakhutdinov & Murray 2008).
///
/// The path runs from a base model A — independent visible units with biases b_A, no
/// weights — to the RBM B through the unnormalised marginals
///
///   f_β(v) = exp((1 − β)·b_Aᵀv + β·bᵀv) · Π_j (1 + e^{β(c_j + (vᵀW)_j)}),   0 = β₀ < … < β_K = 1,
///
/// so f₀ has log Z_A = Σ_i log(1 + e^{b_A,i}) + m·log 2 exactly and f₁ = e^{−F(v)}. A run draws
/// v₀ from A, and for s = 1…K adds log f_{β_s}(v_{s−1}) − log f_{β_{s−1}}(v_{s−1}) to its log
/// importance weight, then moves v by one Gibbs step that leaves f_{β_s} invariant. The mean of the
/// importance weights estimates Z/Z_A without bias; log of that mean is biased low (Jensen), and the
/// spread of the weights gives its standard error (trustworthy only when no few weights dominate).
public struct AnnealedImportanceSampling: Sendable {
    /// The inverse temperatures β₀ = 0 < β₁ < … < β_K = 1.
    public let temperatures: [Double]
    /// b_A, the base model's visible biases.
    public let baseVisibleBiases: [Double]

    public init(temperatures: [Double], baseVisibleBiases: [Double]) {
        require(temperatures.count >= 2 && temperatures.first == 0 && temperatures.last == 1 && zip(temperatures, temperatures.dropFirst()).allSatisfy { $0 < $1 },
                "AIS needs increasing inverse temperatures from 0 to 1.")
        self.temperatures = temperatures
        self.baseVisibleBiases = baseVisibleBiases
    }

    /// Salakhutdinov & Murray's spacing scaled to `count` steps: a tenth of them evenly on [0, 0.5],
    /// about a quarter on [0.5, 0.9] and the rest on [0.9, 1], where the distributions change fastest.
    public static func schedule(count: Int) -> [Double] {
        require(count >= 10, "An AIS schedule needs at least 10 steps, got \(count).")
        let first = max(1, count / 10), second = max(1, count * 27 / 100), third = count - first - second
        func segment(_ from: Double, _ to: Double, _ steps: Int) -> [Double] { (1...steps).map { from + (to - from) * Double($0) / Double(steps) } }
        return [0] + segment(0, 0.5, first) + segment(0.5, 0.9, second) + segment(0.9, 1, third)
    }

    /// The base rates of binary data, b_A,i = log((p̄_i + α)/(1 − p̄_i + α)) with α = 1/N for N rows
    /// (so that no bias is infinite): the best model of independent units, as Salakhutdinov & Murray use.
    public static func baseRateBiases(_ data: [[Double]]) -> [Double] {
        require(!data.isEmpty, "Base rates need data.")
        let rows = Double(data.count), smoothing = 1 / rows
        return (0..<data[0].count).map { i in
            let mean = data.reduce(0) { $0 + $1[i] } / rows
            return log((mean + smoothing) / (1 - mean + smoothing))
        }
    }

    /// log f_β(v).
    func logIntermediate(_ machine: RestrictedBoltzmannMachine, _ v: [Double], beta: Double) -> Double {
        var value = 0.0
        for i in 0..<machine.visibleCount { value += ((1 - beta) * baseVisibleBiases[i] + beta * machine.visibleBiases[i]) * v[i] }
        for input in machine.hiddenInputs(v) { value += softplus(beta * input) }
        return value
    }

    /// The estimate of log Z from `runs` independent annealing runs, its standard error, and every run's log weight.
    public func estimate(_ machine: RestrictedBoltzmannMachine, runs: Int, using generator: inout RandomGenerator)
        -> (logPartition: Double, standardError: Double, logWeights: [Double]) {
        require(baseVisibleBiases.count == machine.visibleCount, "The base model needs one bias per visible unit.")
        require(runs >= 2, "A standard error needs at least two runs.")
        let logBase = baseVisibleBiases.reduce(0) { $0 + softplus($1) } + Double(machine.hiddenCount) * log(2)
        var logWeights: [Double] = []
        for _ in 0..<runs {
            var v = baseVisibleBiases.map { generator.uniformDouble() < logistic($0) ? 1.0 : 0.0 }
            var logWeight = 0.0
            for step in 1..<temperatures.count {
                let beta = temperatures[step]
                logWeight += logIntermediate(machine, v, beta: beta) - logIntermediate(machine, v, beta: temperatures[step - 1])
                // One Gibbs step for f_β: h_j ~ σ(β(c_j + (vᵀW)_j)), then v_i ~ σ((1 − β)b_A,i + β(b_i + (Wh)_i)).
                let h = machine.hiddenInputs(v).map { generator.uniformDouble() < logistic(beta * $0) ? 1.0 : 0.0 }
                let inputs = machine.visibleInputs(h)
                v = (0..<machine.visibleCount).map { i in
                    generator.uniformDouble() < logistic((1 - beta) * baseVisibleBiases[i] + beta * inputs[i]) ? 1.0 : 0.0
                }
            }
            logWeights.append(logWeight)
        }
        // log mean w and its delta-method SE, sd(w)/(mean(w)·√runs), computed relative to the largest weight.
        let largest = logWeights.max()!, scaled = logWeights.map { exp($0 - largest) }
        let mean = scaled.reduce(0, +) / Double(runs)
        let variance = scaled.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(runs - 1)
        return (logBase + largest + log(mean), (variance / Double(runs)).squareRoot() / mean, logWeights)
    }
}
// end listing
