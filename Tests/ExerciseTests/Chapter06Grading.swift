import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 6's exercises against independent computations: enumeration and ancestral sampling (6.1),
/// quadrature, the CDF and a histogram of samples (6.2), central-difference Jacobians and round trips (6.3).
enum Chapter06Grading {
    // MARK: 6.1 — autoregressive log-likelihood

    /// A binary autoregressive model whose logit for x_d is a fixed random number for each whole prefix x_<d: entry
    /// 2^d + Σₖ xₖ2^k of a table (d = prefix length). The table covers prefixes up to length 7, so an answer that passes a
    /// prefix one too long is graded rather than crashing.
    struct TableModel {
        let table: [Double]
        init(seed: UInt64, spread: Double) {
            var random = RandomGenerator(seed: seed)
            table = (0..<256).map { _ in spread * (2 * random.uniformDouble() - 1) }
        }
        func logit(_ prefix: [Int]) -> Double {
            let length = Swift.min(prefix.count, 7)
            return table[(0..<length).reduce(1 << length) { $0 + ((prefix[$1] & 1) << $1) }]
        }
    }

    /// log σ(a) for the grader, by a route that is exact where it is used: the direct −log(1 + e^{−a}) for −700 ≤ a ≤ 30
    /// (no overflow; the rounding of 1 + e^{−a} costs at most 2·10⁻¹⁶ in absolute terms), the series
    /// −(e^{−a} − e^{−2a}/2) for a > 30 (error below e^{−3a}/3), and a − e^{a} for a < −700 (error below e^{2a}).
    static func referenceLogSigmoid(_ a: Double) -> Double {
        if a > 30 { return -(exp(-a) - exp(-2 * a) / 2) }
        if a >= -700 { return -log(1 + exp(-a)) }
        return a - exp(a)
    }

    /// 6.1 — (1) enumeration: for two D = 5 table models, exp(log p(x)) summed over all 32 states is 1 to 10⁻¹²;
    /// (2) sampling: the frequencies of 200,000 ancestral samples, drawn by the grader from the conditionals, match
    /// p(x) state by state within 4 SE (logits in [−1.5, 1.5]; the two tables' 32 states have p(x) from 0.0026 to 0.19,
    /// expected counts ≥ 500, so 4 SE is between 18% and 1.8% of p(x) — the answer that reads the logit as that of
    /// x_d = 0, which enumeration cannot catch, is more than 1,000 SE off);
    /// (3) extreme logits: ±40 and ±800 give finite values equal to the sum of `referenceLogSigmoid` terms to 10⁻¹³
    /// relative, and a factor p = 1 − 4.2·10⁻¹⁸ contributes its log to 10⁻⁹ relative.
    static func autoregressiveLogLikelihood(_ formula: ([Int], ([Int]) -> Double) throws -> Double) throws {
        let dimension = 5, states = 1 << dimension
        func bits(_ state: Int) -> [Int] { (0..<dimension).map { (state >> $0) & 1 } }
        for (index, seed) in [UInt64(601), 602].enumerated() {
            let model = TableModel(seed: seed, spread: 1.5)
            let claimed = try (0..<states).map { try formula(bits($0), model.logit) }
            #expect(claimed.allSatisfy { $0.isFinite && $0 <= 0 }, "model \(index): log p(x) must be finite and ≤ 0, got \(claimed)")
            let total = claimed.reduce(0) { $0 + exp($1) }
            #expect(abs(total - 1) < 1e-12, "model \(index): Σₓ p(x) over the 32 states is \(total), not 1")

            var random = RandomGenerator(seed: seed + 100)
            let sampleCount = 200_000
            var counts = [Int](repeating: 0, count: states)
            var x = [Int]()
            x.reserveCapacity(dimension)
            for _ in 0..<sampleCount {
                x.removeAll(keepingCapacity: true)
                for _ in 0..<dimension { x.append(random.uniformDouble() < 1 / (1 + exp(-model.logit(x))) ? 1 : 0) }
                counts[x.indices.reduce(0) { $0 + (x[$1] << $1) }] += 1
            }
            var worst = (state: 0, z: 0.0)
            for state in 0..<states {
                let p = Swift.min(Swift.max(exp(claimed[state]), 0), 1), frequency = Double(counts[state]) / Double(sampleCount)
                let standardError = (p * (1 - p) / Double(sampleCount)).squareRoot()
                let z = abs(frequency - p) / standardError
                if !(z <= worst.z) { worst = (state, z) }
            }
            let frequency = Double(counts[worst.state]) / Double(sampleCount)
            #expect(worst.z < 4, "model \(index), x = \(bits(worst.state)): claimed p(x) = \(exp(claimed[worst.state])), ancestral-sample frequency \(frequency) (\(worst.z) SE off)")
        }

        // Logits by position, whatever the prefix's values (indexed modulo the length, so a longer prefix cannot crash).
        let extreme: [(logits: [Double], x: [Int])] = [
            ([40, 40, -40, -40, -800, 800, 800, -800], [1, 0, 1, 0, 1, 0, 1, 0]),
            ([3.7, -0.4, 12, -25, 0], [0, 1, 1, 0, 1]),
        ]
        for (logits, x) in extreme {
            let expected = x.indices.reduce(0) { $0 + referenceLogSigmoid(x[$1] == 1 ? logits[$1] : -logits[$1]) }
            let claimed = try formula(x, { logits[$0.count % logits.count] })
            #expect(claimed.isFinite && abs(claimed - expected) <= 1e-13 * Swift.max(1, abs(expected)),
                    "logits \(logits), x = \(x): \(claimed), expected \(expected)")
        }
        for (logit, bit) in [(40.0, 1), (-40.0, 0)] {
            let expected = -(exp(-40.0) - exp(-80.0) / 2)
            let claimed = try formula([bit], { _ in logit })
            #expect(abs(claimed - expected) <= 1e-9 * abs(expected),
                    "logit \(logit), x = [\(bit)]: p = 1 − 4.2·10⁻¹⁸, log p should be \(expected), got \(claimed)")
        }
    }

    // MARK: 6.2 — a 1-D flow

    /// An increasing bijection g with its inverse and the inverse's derivative (handed to the answer) and g itself
    /// (used by the grader to draw samples).
    struct Map1D {
        let name: String
        let forward: (Double) -> Double
        let inverse: (Double) -> Double
        let inverseDerivative: (Double) -> Double
    }

    /// g(z) = 0.5 + 1.5 sinh(0.6z − 0.3), and g(z) = z³ + z with g⁻¹ by Newton's method from z₀ = ∛x (|z₀| ≥ |g⁻¹(x)|
    /// on the root's side, where g is convex away from 0, so the iterates fall monotonically onto the root).
    static let maps: [Map1D] = [
        Map1D(name: "0.5 + 1.5 sinh(0.6z − 0.3)",
              forward: { 0.5 + 1.5 * sinh(0.6 * $0 - 0.3) },
              inverse: { (asinh(($0 - 0.5) / 1.5) + 0.3) / 0.6 },
              inverseDerivative: { 1 / (0.6 * (2.25 + ($0 - 0.5) * ($0 - 0.5)).squareRoot()) }),
        Map1D(name: "z³ + z",
              forward: { $0 * $0 * $0 + $0 },
              inverse: cubicInverse,
              inverseDerivative: { x in let z = cubicInverse(x); return 1 / (3 * z * z + 1) }),
    ]

    static func cubicInverse(_ x: Double) -> Double {
        var z = cbrt(x)
        for _ in 0..<100 {
            let step = (z * z * z + z - x) / (3 * z * z + 1)
            z -= step
            if abs(step) <= 1e-15 * Swift.max(1, abs(z)) { break }
        }
        return z
    }

    /// Composite Simpson's rule on `intervals` (a multiple of 4) equal intervals of [low, high], and the same with half as
    /// many: the rule's error is O(h⁴), so the finer value is off by about |difference|/15.
    static func simpson(_ low: Double, _ high: Double, intervals: Int, _ f: (Double) -> Double) -> (value: Double, coarse: Double) {
        precondition(intervals % 4 == 0, "Simpson's rule at h and 2h needs a multiple of 4 intervals")
        let h = (high - low) / Double(intervals)
        let values = (0...intervals).map { f(low + Double($0) * h) }
        func rule(stride: Int) -> Double {
            let n = intervals / stride
            var sum = values[0] + values[intervals]
            for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * values[i * stride] }
            return sum * h * Double(stride) / 3
        }
        return (rule(stride: 1), rule(stride: 2))
    }

    static func standardNormalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// 6.2 — for both maps: (1) mass: Simpson's rule over [g(−8.5), g(8.5)] (cells ≤ 0.005 wide) integrates
    /// exp(log p_X) to Φ(8.5) − Φ(−8.5) = 1 − 2·10⁻¹⁷, within 10× the Richardson estimate |S_h − S_{2h}| plus n·ε,
    /// the worst-case rounding of a sum of n terms (≤ 6·10⁻¹¹ here); that estimate must itself be below 10⁻⁸, so the
    /// check keeps its power against wrong densities, which miss by 10⁻² or more; (2) the CDF route:
    /// ∫_{g(−8.5)}^{x} p_X = Φ(g⁻¹(x)) − Φ(−8.5) at five points, to the same rule-derived tolerance;
    /// (3) a histogram: 200,000 draws g(z), z ~ N(0, 1) (g applied forward, the inverse never used), fall into 12
    /// equal bins over [g(−2), g(2)] with the frequencies the claimed density integrates to, within 4 SE per bin.
    static func flowLogDensity(_ formula: (Double, (Double) -> Double, (Double) -> Double) throws -> Double) throws {
        for (index, map) in maps.enumerated() {
            func density(_ x: Double) throws -> Double { exp(try formula(x, map.inverse, map.inverseDerivative)) }
            let low = map.forward(-8.5), high = map.forward(8.5)
            func integrate(_ a: Double, _ b: Double) throws -> (value: Double, tolerance: Double, estimate: Double) {
                let intervals = 4 * Int(((b - a) / 0.02).rounded(.up))   // h ≤ 0.005, and both rules have an even count
                var failure: Error?
                let (fine, coarse) = simpson(a, b, intervals: intervals) { x in
                    do { return try density(x) } catch { failure = error; return .nan }
                }
                if let failure { throw failure }
                let estimate = abs(fine - coarse)
                return (fine, 10 * estimate + Double(intervals) * Double.ulpOfOne, estimate)
            }
            let mass = try integrate(low, high)
            let tailMass = standardNormalCDF(8.5) - standardNormalCDF(-8.5)
            #expect(mass.estimate < 1e-8, "g = \(map.name): Simpson's h and 2h disagree by \(mass.estimate): the claimed density is not smooth enough to grade")
            #expect(abs(mass.value - tailMass) < mass.tolerance, "g = \(map.name): ∫ p_X = \(mass.value) over [g(−8.5), g(8.5)], expected \(tailMass)")

            for x in [map.forward(-1.7), map.forward(-0.4), map.forward(0), map.forward(0.9), 3.0] {
                let cdf = try integrate(low, x)
                let expected = standardNormalCDF(map.inverse(x)) - standardNormalCDF(-8.5)
                #expect(abs(cdf.value - expected) < cdf.tolerance,
                        "g = \(map.name): ∫ p_X up to x = \(x) is \(cdf.value), but Φ(g⁻¹(x)) gives \(expected)")
            }

            var random = RandomGenerator(seed: 610 + UInt64(index))
            let sampleCount = 200_000, binCount = 12
            let (binLow, binHigh) = (map.forward(-2), map.forward(2))
            let width = (binHigh - binLow) / Double(binCount)
            var counts = [Int](repeating: 0, count: binCount)
            for _ in 0..<sampleCount {
                let x = map.forward(random.normalDouble())
                if x >= binLow && x < binHigh { counts[Swift.min(Int((x - binLow) / width), binCount - 1)] += 1 }
            }
            for bin in 0..<binCount {
                let a = binLow + Double(bin) * width
                var failure: Error?
                let claimedMass = simpson(a, a + width, intervals: 400) { x in
                    do { return try density(x) } catch { failure = error; return .nan }
                }.value
                if let failure { throw failure }
                let p = Swift.min(Swift.max(claimedMass, 0), 1), frequency = Double(counts[bin]) / Double(sampleCount)
                let standardError = (p * (1 - p) / Double(sampleCount)).squareRoot()
                #expect(abs(frequency - p) < 4 * standardError,
                        "g = \(map.name), bin [\(a), \(a + width)): the density integrates to \(claimedMass), samples of g(z) give \(frequency) (SE \(standardError))")
            }
        }
    }

    // MARK: 6.3 — an affine coupling layer

    /// A coupling problem: a mask and smooth conditioners s(u) = 0.8 tanh(Au + a) and t(u) = 1.5 tanh(Bu + c), linear
    /// forms of the whole input u, so they depend on every coordinate they are handed.
    struct Coupling {
        let mask: [Bool]
        let scaleMatrix: [[Double]], scaleOffset: [Double], shiftMatrix: [[Double]], shiftOffset: [Double]

        init(mask: [Bool], random: inout RandomGenerator) {
            let d = mask.count
            self.mask = mask
            scaleMatrix = (0..<d).map { _ in (0..<d).map { _ in 0.7 * random.normalDouble() } }
            shiftMatrix = (0..<d).map { _ in (0..<d).map { _ in 0.9 * random.normalDouble() } }
            scaleOffset = (0..<d).map { _ in 0.5 * random.normalDouble() }
            shiftOffset = (0..<d).map { _ in 0.5 * random.normalDouble() }
        }
        func scale(_ u: [Double]) -> [Double] {
            zip(scaleMatrix, scaleOffset).map { row, offset in 0.8 * tanh(zip(row, u).reduce(offset) { $0 + $1.0 * $1.1 }) }
        }
        func shift(_ u: [Double]) -> [Double] {
            zip(shiftMatrix, shiftOffset).map { row, offset in 1.5 * tanh(zip(row, u).reduce(offset) { $0 + $1.0 * $1.1 }) }
        }
        /// The layer's definition, evaluated directly: the grader's forward map.
        func forward(_ x: [Double]) -> [Double] {
            let input = zip(x, mask).map { $1 ? $0 : 0 }
            let s = scale(input), t = shift(input)
            return x.indices.map { mask[$0] ? x[$0] : x[$0] * exp(s[$0]) + t[$0] }
        }
    }

    /// Five coupling problems in D = 5 and D = 4, among them a mask that passes nothing through (s and t constant).
    static func couplings() -> [Coupling] {
        var random = RandomGenerator(seed: 630)
        let masks: [[Bool]] = [[true, false, true, false, true], [false, false, true, true, false], [false, false, false, false, false],
                               [true, true, false, false], [false, true, false, true]]
        return masks.map { Coupling(mask: $0, random: &random) }
    }

    /// log|det M| by Gaussian elimination with partial pivoting: the log of the product of the pivots' magnitudes.
    static func logAbsDeterminant(_ matrix: [[Double]]) -> Double {
        var a = matrix
        let n = a.count
        var total = 0.0
        for k in 0..<n {
            let pivot = (k..<n).max { abs(a[$0][k]) < abs(a[$1][k]) }!
            guard a[pivot][k] != 0, a[pivot][k].isFinite else { return a[pivot][k] == 0 ? -.infinity : .nan }
            a.swapAt(k, pivot)
            total += log(abs(a[k][k]))
            for i in (k + 1)..<n {
                let factor = a[i][k] / a[k][k]
                for j in k..<n { a[i][j] -= factor * a[k][j] }
            }
        }
        return total
    }

    typealias Conditioner = ([Double]) -> [Double]

    /// 6.3, forward — at three random points per coupling problem: (1) the output: passed coordinates unchanged,
    /// the others equal to the definition xⱼe^{sⱼ(x_b)} + tⱼ(x_b), to 10⁻¹²; (2) the log-determinant against log|det J|
    /// of the central-difference Jacobian of the answer's own y (rows of D differences, determinant by pivoted
    /// elimination), at steps h = 10⁻³ and h/2: the O(h²) error makes the h/2 value off by about a third of their
    /// difference, so the tolerance is 10× that difference + 10⁻⁹ (the floor covers the differences' rounding,
    /// ε|y|/h ≈ 10⁻¹², with room to spare: for the right layer the Jacobian is triangular with a diagonal that is
    /// affine in its own coordinate, the h-vs-h/2 difference is measured at ≤ 10⁻¹², and the error at ≤ 10⁻¹²), and
    /// the difference must be below 10⁻⁵ so that the check has power (a wrong log-det is off by a sum of log-scales
    /// of order 0.1–1).
    static func couplingForward(_ forward: ([Double], [Bool], Conditioner, Conditioner) throws -> (y: [Double], logDeterminant: Double)) throws {
        var random = RandomGenerator(seed: 631)
        for coupling in couplings() {
            let d = coupling.mask.count
            for _ in 0..<3 {
                let x = (0..<d).map { _ in 1.5 * random.normalDouble() }
                let (y, logDeterminant) = try forward(x, coupling.mask, coupling.scale, coupling.shift)
                guard y.count == d else { Issue.record("mask \(coupling.mask): y has \(y.count) entries, expected \(d)"); return }
                let expected = coupling.forward(x)
                for j in 0..<d {
                    #expect(abs(y[j] - expected[j]) <= 1e-12 * Swift.max(1, abs(expected[j])),
                            "mask \(coupling.mask), x = \(x): y[\(j)] = \(y[j]), the layer's definition gives \(expected[j])")
                }
                func jacobianLogDeterminant(step h: Double) throws -> Double {
                    var columns = [[Double]]()
                    for j in 0..<d {
                        var (up, down) = (x, x)
                        up[j] += h
                        down[j] -= h
                        let (yUp, yDown) = (try forward(up, coupling.mask, coupling.scale, coupling.shift).y,
                                            try forward(down, coupling.mask, coupling.scale, coupling.shift).y)
                        columns.append((0..<d).map { (yUp[$0] - yDown[$0]) / (2 * h) })
                    }
                    return logAbsDeterminant((0..<d).map { i in (0..<d).map { columns[$0][i] } })
                }
                let coarse = try jacobianLogDeterminant(step: 1e-3), fine = try jacobianLogDeterminant(step: 5e-4)
                let difference = abs(coarse - fine)
                #expect(difference < 1e-5, "mask \(coupling.mask): finite-difference log|det| at h and h/2 differ by \(difference)")
                #expect(abs(logDeterminant - fine) < 10 * difference + 1e-9,
                        "mask \(coupling.mask), x = \(x): log|det| = \(logDeterminant), finite differences give \(fine) (h-vs-h/2 difference \(difference))")
            }
        }
    }

    /// 6.3, inverse — round trips through the layer's definition, at three random points per coupling problem:
    /// inverse(forward(x)) = x and forward(inverse(y)) = y, each to 10⁻¹² relative.
    static func couplingInverse(_ inverse: ([Double], [Bool], Conditioner, Conditioner) throws -> [Double]) throws {
        var random = RandomGenerator(seed: 632)
        for coupling in couplings() {
            let d = coupling.mask.count
            for _ in 0..<3 {
                let x = (0..<d).map { _ in 1.5 * random.normalDouble() }
                let back = try inverse(coupling.forward(x), coupling.mask, coupling.scale, coupling.shift)
                #expect(back.count == d && zip(back, x).allSatisfy { abs($0 - $1) <= 1e-12 * Swift.max(1, abs($1)) },
                        "mask \(coupling.mask): inverse(forward(x)) = \(back), x = \(x)")
                let y = (0..<d).map { _ in 1.5 * random.normalDouble() }
                let preimage = try inverse(y, coupling.mask, coupling.scale, coupling.shift)
                let image = preimage.count == d ? coupling.forward(preimage) : []
                #expect(image.count == d && zip(image, y).allSatisfy { abs($0 - $1) <= 1e-12 * Swift.max(1, abs($1)) },
                        "mask \(coupling.mask): forward(inverse(y)) = \(image), y = \(y)")
            }
        }
    }
}

struct Chapter06ReferenceSolutions {
    @Test func autoregressiveLogLikelihood() throws { try Chapter06Grading.autoregressiveLogLikelihood(Chapter06Solutions.autoregressiveLogLikelihood) }
    @Test func flowLogDensity() throws { try Chapter06Grading.flowLogDensity(Chapter06Solutions.flowLogDensity) }
    @Test func couplingForward() throws { try Chapter06Grading.couplingForward(Chapter06Solutions.couplingForward) }
    @Test func couplingInverse() throws { try Chapter06Grading.couplingInverse(Chapter06Solutions.couplingInverse) }
}

struct Chapter06StudentExercises {
    @Test(.enabled(if: attempted { try Chapter06Exercises.autoregressiveLogLikelihood(x: [1], conditionalLogit: { _ in 0 }) }))
    func autoregressiveLogLikelihood() throws { try Chapter06Grading.autoregressiveLogLikelihood(Chapter06Exercises.autoregressiveLogLikelihood) }

    @Test(.enabled(if: attempted { try Chapter06Exercises.flowLogDensity(x: 0, inverse: { $0 }, inverseDerivative: { _ in 1 }) }))
    func flowLogDensity() throws { try Chapter06Grading.flowLogDensity(Chapter06Exercises.flowLogDensity) }

    @Test(.enabled(if: attempted { try Chapter06Exercises.couplingForward(x: [0, 0], mask: [true, false], scale: { $0 }, shift: { $0 }) }))
    func couplingForward() throws { try Chapter06Grading.couplingForward(Chapter06Exercises.couplingForward) }

    @Test(.enabled(if: attempted { try Chapter06Exercises.couplingInverse(y: [0, 0], mask: [true, false], scale: { $0 }, shift: { $0 }) }))
    func couplingInverse() throws { try Chapter06Grading.couplingInverse(Chapter06Exercises.couplingInverse) }
}
