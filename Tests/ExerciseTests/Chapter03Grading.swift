import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 3's exercises against independent computations.
enum Chapter03Grading {
    static func sigmoid(_ a: Double) -> Double { 1 / (1 + exp(-a)) }

    /// 3.1 — three independent routes: the losses from probabilities where those are safe (|a| ≤ 6),
    /// the derivatives by central differences against the closed forms (∂/∂a of −log sigmoid(a) is −(1 − sigmoid(a)),
    /// of −log(1 − sigmoid(a)) is sigmoid(a)), and the asymptotes at logits of ±800, where −log sigmoid(a) = −a + O(e^{a}).
    static func ganLosses(discriminator: ([Double], [Double]) throws -> Double, generator: ([Double], Bool) throws -> Double) throws {
        var random = RandomGenerator(seed: 303)
        let real = (0..<7).map { _ in 6 * (2 * random.uniformDouble() - 1) }, fake = (0..<5).map { _ in 6 * (2 * random.uniformDouble() - 1) }
        let expectedDiscriminator = -real.reduce(0) { $0 + log(sigmoid($1)) } / 7 - fake.reduce(0) { $0 + log(1 - sigmoid($1)) } / 5
        let expectedSaturating = fake.reduce(0) { $0 + log(1 - sigmoid($1)) } / 5
        let expectedNonSaturating = -fake.reduce(0) { $0 + log(sigmoid($1)) } / 5
        let claimed = (try discriminator(real, fake), try generator(fake, false), try generator(fake, true))
        #expect(abs(claimed.0 - expectedDiscriminator) < 1e-9, "discriminator loss \(claimed.0) vs \(expectedDiscriminator)")
        #expect(abs(claimed.1 - expectedSaturating) < 1e-9, "saturating generator loss \(claimed.1) vs \(expectedSaturating)")
        #expect(abs(claimed.2 - expectedNonSaturating) < 1e-9, "non-saturating generator loss \(claimed.2) vs \(expectedNonSaturating)")
        // Derivatives in each fake logit: saturating −sigmoid(a)/m, non-saturating −(1 − sigmoid(a))/m.
        let h = 1e-5
        for j in fake.indices {
            var up = fake, down = fake
            up[j] += h; down[j] -= h
            for nonSaturating in [false, true] {
                let slope = (try generator(up, nonSaturating) - generator(down, nonSaturating)) / (2 * h)
                let expected = -(nonSaturating ? 1 - sigmoid(fake[j]) : sigmoid(fake[j])) / 5
                #expect(abs(slope - expected) < 1e-6, "∂/∂a\(j) of the \(nonSaturating ? "non-" : "")saturating loss: \(slope) vs \(expected)")
            }
            let slope = (try discriminator(real, up) - discriminator(real, down)) / (2 * h)
            #expect(abs(slope - sigmoid(fake[j]) / 5) < 1e-6, "∂/∂a of the discriminator loss on fake \(j): \(slope) vs \(sigmoid(fake[j]) / 5)")
        }
        // Confident discriminators: a real point scored −800 and a fake one +800 cost 800 nats each.
        let extreme = (try discriminator([-800], [800]), try generator([800], false), try generator([-800], true))
        #expect(abs(extreme.0 - 1_600) < 1e-9, "discriminator loss at logits ∓800: \(extreme.0), expected 1600 (finite)")
        #expect(abs(extreme.1 + 800) < 1e-9, "saturating loss at logit 800: \(extreme.1), expected −800 (finite)")
        #expect(abs(extreme.2 - 800) < 1e-9, "non-saturating loss at logit −800: \(extreme.2), expected 800 (finite)")
    }

    /// 3.2 — two uniforms U[0, 1] and U[s, 1 + s] have JSD = s·log 2 exactly (their overlap contributes
    /// nothing, each non-overlapping part of mass s contributes s·log 2 to its KL from the mixture); and
    /// two Gaussians against a Monte Carlo estimate of JSD from its definition, within 4 standard errors.
    static func jensenShannon(_ formula: ([Double], [Double], Double) throws -> Double) throws {
        let cells = 4_000, spacing = 1 / 1_000.0   // [−1, 3): cell edges fall on 0, 1, s and 1 + s
        for s in [0.0, 0.3, 0.7, 1.0] {
            let midpoints = (0..<cells).map { -1 + (Double($0) + 0.5) * spacing }
            let p = midpoints.map { (0...1).contains($0) ? 1.0 : 0 }, q = midpoints.map { (s...(1 + s)).contains($0) ? 1.0 : 0 }
            let claimed = try formula(p, q, spacing)
            #expect(abs(claimed - s * log(2)) < 1e-9, "uniforms shifted by \(s): \(claimed) vs s·log 2 = \(s * log(2))")
        }
        func normal(_ x: Double, _ mean: Double, _ sd: Double) -> Double { exp(-0.5 * pow((x - mean) / sd, 2)) / (sd * (2 * Double.pi).squareRoot()) }
        let (p, q) = ({ (x: Double) in normal(x, 0, 1) }, { (x: Double) in normal(x, 1.5, 0.7) })
        var random = RandomGenerator(seed: 3_032)
        let n = 100_000
        let fromP = (0..<n).map { _ in random.normalDouble() }.map { log(2 * p($0) / (p($0) + q($0))) }
        let fromQ = (0..<n).map { _ in 1.5 + 0.7 * random.normalDouble() }.map { log(2 * q($0) / (p($0) + q($0))) }
        func meanAndVariance(_ values: [Double]) -> (Double, Double) {
            let mean = values.reduce(0, +) / Double(values.count)
            return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1))
        }
        let (a, b) = (meanAndVariance(fromP), meanAndVariance(fromQ))
        let monteCarlo = (a.0 + b.0) / 2, standardError = ((a.1 + b.1) / Double(n)).squareRoot() / 2
        let grid = (0..<20_000).map { -8 + (Double($0) + 0.5) * 0.001 }
        let claimed = try formula(grid.map(p), grid.map(q), 0.001)
        #expect(abs(claimed - monteCarlo) < 4 * standardError, "Gaussians: \(claimed) vs Monte Carlo \(monteCarlo) ± \(standardError)")
    }

    /// 3.3 — the ground truth takes the matrix square roots by symmetric eigendecomposition (LAPACK),
    /// on covariances that do not commute, one of them singular, and on diagonal ones.
    static func frechetDistance(_ formula: ([Double], [[Double]], [Double], [[Double]]) throws -> Double) throws {
        func truth(_ m1: [Double], _ s1: [[Double]], _ m2: [Double], _ s2: [[Double]]) throws -> Double {
            let a = Matrix(rows: 2, columns: 2, elements: s1.flatMap { $0 }), b = Matrix(rows: 2, columns: 2, elements: s2.flatMap { $0 })
            let rootA = try a.symmetricSquareRoot()
            let inner = try SymmetricEigendecomposition(rootA * b * rootA).values.reduce(0) { $0 + max($1, 0).squareRoot() }
            return zip(m1, m2).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } + s1[0][0] + s1[1][1] + s2[0][0] + s2[1][1] - 2 * inner
        }
        var random = RandomGenerator(seed: 333)
        func randomCovariance() -> [[Double]] {
            let (x, y, z, w) = (random.normalDouble(), random.normalDouble(), random.normalDouble(), random.normalDouble())
            return [[x * x + y * y + 0.1, x * z + y * w], [x * z + y * w, z * z + w * w + 0.1]]   // LLᵀ + 0.1 I
        }
        var cases: [([Double], [[Double]], [Double], [[Double]])] = (0..<6).map { _ in
            ([random.normalDouble(), random.normalDouble()], randomCovariance(), [random.normalDouble(), random.normalDouble()], randomCovariance())
        }
        cases.append(([0, 0], [[2, 0], [0, 0.5]], [1, -1], [[0.5, 0], [0, 3]]))
        cases.append(([0.3, 0], [[1, 0.6], [0.6, 1]], [0, 0], [[1, 1], [1, 1]]))   // the second is singular
        for (m1, s1, m2, s2) in cases {
            let (claimed, expected) = (try formula(m1, s1, m2, s2), try truth(m1, s1, m2, s2))
            #expect(abs(claimed - expected) < 1e-9 * max(1, abs(expected)), "\(s1) vs \(s2): \(claimed), expected \(expected)")
        }
    }
}

struct Chapter03ReferenceSolutions {
    @Test func ganLosses() throws { try Chapter03Grading.ganLosses(discriminator: Chapter03Solutions.discriminatorLoss, generator: Chapter03Solutions.generatorLoss) }
    @Test func jensenShannon() throws { try Chapter03Grading.jensenShannon(Chapter03Solutions.jensenShannonThroughOptimalDiscriminator) }
    @Test func frechetDistance() throws { try Chapter03Grading.frechetDistance(Chapter03Solutions.frechetDistance2D) }
}

struct Chapter03StudentExercises {
    @Test(.enabled(if: attempted { try Chapter03Exercises.discriminatorLoss(realLogits: [0], fakeLogits: [0]) }
                        && attempted { try Chapter03Exercises.generatorLoss(fakeLogits: [0], nonSaturating: true) }))
    func ganLosses() throws { try Chapter03Grading.ganLosses(discriminator: Chapter03Exercises.discriminatorLoss, generator: Chapter03Exercises.generatorLoss) }

    @Test(.enabled(if: attempted { try Chapter03Exercises.jensenShannonThroughOptimalDiscriminator(dataDensity: [1], generatorDensity: [1], spacing: 1) }))
    func jensenShannon() throws { try Chapter03Grading.jensenShannon(Chapter03Exercises.jensenShannonThroughOptimalDiscriminator) }

    @Test(.enabled(if: attempted { try Chapter03Exercises.frechetDistance2D(mean1: [0, 0], covariance1: [[1, 0], [0, 1]], mean2: [0, 0], covariance2: [[1, 0], [0, 1]]) }))
    func frechetDistance() throws { try Chapter03Grading.frechetDistance(Chapter03Exercises.frechetDistance2D) }
}
