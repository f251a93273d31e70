import Foundation
import TensorCore

/// The exact mean number of steps between mode crossings of a 1-D unadjusted
/// Langevin chain (ULA, x′ = x + (ε/2)s(x) + √ε·z), computed without simulation.
///
/// **Crossings.** With a threshold a > 0, the line splits into L = {x < −a},
/// M = [−a, a] and R = {x > a}. A chain remembers the side it last visited;
/// a *crossing* is a step that lands in R while the side is −1, or in L while
/// it is +1 (the counting rule of ``ModeCrossings``).
///
/// **The grid chain.** Cut [lower, upper] into bins of width h whose edges include
/// ±a. From the centre cᵢ of bin i the ULA step is Gaussian, N(cᵢ + (ε/2)s(cᵢ), ε), so
///
///   K[i, j] = Φ((e_{j+1} − mᵢ)/√ε) − Φ((eⱼ − mᵢ)/√ε),  mᵢ = cᵢ + (ε/2)s(cᵢ),
///
/// with the two tails folded into the end bins. The error of this approximation of the
/// continuous-state chain is O(h²) (0.1 % at h = 0.0125, ε = 0.05).
///
/// **The augmented chain** (bin, last side) has states L×{−1}, R×{+1}, M×{−1}, M×{+1};
/// a step to bin j keeps the side if j ∈ M and sets it otherwise. With its stationary
/// law π̃ and r(i, s) = the probability that the next step crosses (K(i, R) for s = −1,
/// K(i, L) for s = +1), the stationary crossing flux per step is φ = Σ π̃·r, and by
/// renewal–reward the mean steps between crossings is 1/φ.
///
/// **From a fixed start.** Chains started at one point x₀ cross slightly less often at
/// first. With the Poisson solution g of (I − Q)g = r − φ (Q the augmented kernel,
/// π̃g = 0), E[N_T] = Σ_{k<T} (Qᵏr)(x₀) = Tφ + g(x₀) − (Q^T g)(x₀); the last term
/// decays like the slowest mode of Q, about exp(−2Tφ), and is dropped.
public struct LangevinCrossingTime {
    /// The step size ε.
    public let stepSize: Double
    /// The threshold a: the sides are x < −a and x > a.
    public let threshold: Double
    /// The bin width h and the bin centres cᵢ.
    public let binWidth: Double
    public let binCentres: [Double]
    /// The stationary probability of each bin under the grid chain.
    public let stationaryProbabilities: [Double]
    /// The stationary crossing flux φ (expected crossings per step).
    public let crossingFlux: Double
    /// 1/φ: the mean number of steps between crossings of a stationary chain.
    public var stepsPerCrossing: Double { 1 / crossingFlux }

    private let edges: [Double]
    private let score: (Double) -> Double
    private let region: [Int]            // −1 (L), 0 (M), +1 (R) per bin
    private let stateOfBin: [[Int]]      // stateOfBin[side == −1 ? 0 : 1][bin]: augmented state index
    private let poissonSolution: [Double]

    /// Builds the grid chain for `score` on `range` with bins of width `binWidth` and solves it.
    ///
    /// - Precondition: a/h and the range's ends over h are whole numbers (so ±a are bin
    ///   edges), and ±a lie inside the range.
    /// - Throws: ``LinearAlgebraError`` if a linear system is singular (a disconnected grid).
    public init(score: @escaping (Double) -> Double, stepSize: Double, threshold: Double, range: ClosedRange<Double>,
                binWidth: Double) throws {
        func wholeMultiple(_ value: Double) -> Int? {
            let ratio = value / binWidth
            return Swift.abs(ratio - ratio.rounded()) < 1e-9 ? Int(ratio.rounded()) : nil
        }
        guard let first = wholeMultiple(range.lowerBound), let last = wholeMultiple(range.upperBound), wholeMultiple(threshold) != nil else {
            preconditionFailure("LangevinCrossingTime: the range ends and the threshold must be whole multiples of the bin width \(binWidth).")
        }
        precondition(stepSize > 0 && threshold > 0 && range.lowerBound < -threshold && range.upperBound > threshold,
                     "LangevinCrossingTime needs ε > 0 and −a, a inside the range.")
        self.stepSize = stepSize
        self.threshold = threshold
        self.binWidth = binWidth
        self.score = score
        let edges = (first...last).map { Double($0) * binWidth }
        let bins = edges.count - 1
        let binCentres = (0..<bins).map { 0.5 * (edges[$0] + edges[$0 + 1]) }
        let region = binCentres.map { $0 < -threshold ? -1 : ($0 > threshold ? 1 : 0) }
        (self.edges, self.binCentres, self.region) = (edges, binCentres, region)

        // Augmented states: every bin with side −1 unless it is in R, plus the M bins with side +1.
        var lowSide = [Int](repeating: -1, count: bins), highSide = [Int](repeating: -1, count: bins)
        var sides: [Int] = [], binOfState: [Int] = []
        for bin in 0..<bins where region[bin] <= 0 { lowSide[bin] = binOfState.count; binOfState.append(bin); sides.append(-1) }
        for bin in 0..<bins where region[bin] >= 0 { highSide[bin] = binOfState.count; binOfState.append(bin); sides.append(1) }
        for bin in 0..<bins where region[bin] < 0 { highSide[bin] = lowSide[bin] }   // in L the side is −1 whatever it was
        for bin in 0..<bins where region[bin] > 0 { lowSide[bin] = highSide[bin] }   // in R it is +1
        stateOfBin = [lowSide, highSide]
        let states = binOfState.count

        // The bin kernel K and the augmented kernel Q, with the crossing probability r of each state.
        let kernelRows = binCentres.map { Self.transitionRow(from: $0, score: score, stepSize: stepSize, edges: edges) }
        var augmented = Matrix(rows: states, columns: states, elements: .init(repeating: 0, count: states * states))
        var crossing = [Double](repeating: 0, count: states)
        for state in 0..<states {
            let (row, side) = (kernelRows[binOfState[state]], sides[state])
            for bin in 0..<bins where row[bin] > 0 {
                let target = region[bin] == 0 ? (side < 0 ? lowSide[bin] : highSide[bin]) : (region[bin] < 0 ? lowSide[bin] : highSide[bin])
                augmented[state, target] += row[bin]
                if region[bin] == -side { crossing[state] += row[bin] }
            }
        }

        // π̃: (Qᵀ − I)π̃ = 0 with the last equation replaced by Σπ̃ = 1.
        var balance = augmented.transposed - Matrix.identity(states)
        for column in 0..<states { balance[states - 1, column] = 1 }
        var normalisation = [Double](repeating: 0, count: states)
        normalisation[states - 1] = 1
        let augmentedStationary = try balance.solve(normalisation)
        let crossingFlux = zip(augmentedStationary, crossing).reduce(0) { $0 + $1.0 * $1.1 }
        self.crossingFlux = crossingFlux
        var binProbabilities = [Double](repeating: 0, count: bins)
        for state in 0..<states { binProbabilities[binOfState[state]] += augmentedStationary[state] }
        stationaryProbabilities = binProbabilities

        // g: (I − Q + 1π̃)g = r − φ, whose solution has π̃g = 0 (the fundamental matrix of Kemeny & Snell).
        var fundamental = Matrix.identity(states) - augmented
        for row in 0..<states { for column in 0..<states { fundamental[row, column] += augmentedStationary[column] } }
        poissonSolution = try fundamental.solve(crossing.map { $0 - crossingFlux })
    }

    /// The expected number of crossings E[N_T] in `steps` steps of a chain started at `start`
    /// (outside [−a, a]; its side is the side it starts on), counted after each step.
    public func expectedCrossings(steps: Int, from start: Double) -> Double {
        precondition(abs(start) > threshold && steps >= 1, "Start outside [−a, a] and take at least one step.")
        let side = start < 0 ? -1 : 1
        let row = Self.transitionRow(from: start, score: score, stepSize: stepSize, edges: edges)
        var crossNow = 0.0, poissonAfter = 0.0
        for bin in row.indices where row[bin] > 0 {
            if region[bin] == -side { crossNow += row[bin] }
            let nextSide = region[bin] == 0 ? side : region[bin]
            poissonAfter += row[bin] * poissonSolution[stateOfBin[nextSide < 0 ? 0 : 1][bin]]
        }
        // Step 1 crosses with probability crossNow; the remaining T − 1 steps start from the law `row`.
        return crossNow + Double(steps - 1) * crossingFlux + poissonAfter
    }

    /// T/E[N_T]: the steps per crossing that a run of `steps` steps from `start` measures on average.
    public func stepsPerCrossing(steps: Int, from start: Double) -> Double {
        Double(steps) / expectedCrossings(steps: steps, from: start)
    }

    /// The barrier of the chain's own stationary law: the largest log-density of the grid
    /// chain minus its log-density at `point` (interpolated between bin centres).
    public func stationaryBarrier(above point: Double) -> Double {
        let density = stationaryProbabilities.map { $0 / binWidth }
        let upper = binCentres.firstIndex { $0 > point } ?? (binCentres.count - 1)
        let lower = max(upper - 1, 0)
        let weight = upper == lower ? 0 : (point - binCentres[lower]) / binWidth
        let atPoint = (1 - weight) * density[lower] + weight * density[upper]
        return Foundation.log(density.max()!) - Foundation.log(atPoint)
    }

    /// One row of the bin kernel: the probability that N(x + (ε/2)s(x), ε) lands in each bin.
    static func transitionRow(from x: Double, score: (Double) -> Double, stepSize: Double, edges: [Double]) -> [Double] {
        let mean = x + stepSize / 2 * score(x), scale = (2 * stepSize).squareRoot()
        // Φ((e − m)/√ε) = erfc((m − e)/√(2ε))/2, accurate in both tails.
        let cumulative = edges.indices.map { index -> Double in
            index == 0 ? 0 : (index == edges.count - 1 ? 1 : 0.5 * erfc((mean - edges[index]) / scale))
        }
        return (0..<(edges.count - 1)).map { cumulative[$0 + 1] - cumulative[$0] }
    }
}

extension LangevinCrossingTime {
    /// The mean time between crossings of the Langevin *diffusion* dx = ∇log p dt + √2 dW
    /// (in diffusion time; one ULA step is ε/2 of it), for a normalised density p:
    ///
    ///   T = ½ ∫_{−a}^{a} dy / p(y).
    ///
    /// Derivation: the mean first-passage times T(a → −a) = ∫_{−a}^{a} e^{U(y)} ∫_y^∞ e^{−U} dz dy
    /// and T(−a → a) = ∫_{−a}^{a} e^{U(y)} ∫_{−∞}^y e^{−U} dz dy (U = −log p; they solve
    /// T″ − U′T′ = −1) add up to ∫_{−a}^{a} e^{U} dy · ∫ e^{−U} dz, the length of one
    /// cycle of two crossings. Composite Simpson rule on `intervals` (even) sub-intervals.
    public static func diffusionCrossingTime(logDensity: (Double) -> Double, threshold: Double, intervals: Int = 4_000) -> Double {
        precondition(intervals >= 2 && intervals % 2 == 0 && threshold > 0, "Simpson's rule needs an even number of intervals and a > 0.")
        let width = 2 * threshold / Double(intervals)
        var total = 0.0
        for index in 0...intervals {
            let weight: Double = (index == 0 || index == intervals) ? 1 : (index % 2 == 1 ? 4 : 2)
            total += weight * Foundation.exp(-logDensity(-threshold + Double(index) * width))
        }
        return 0.5 * total * width / 3
    }
}
