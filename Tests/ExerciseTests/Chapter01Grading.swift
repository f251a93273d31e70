import Foundation
import Testing
import Exercises
import Solutions
import TensorCore

/// Grades chapter 1's exercises against independent computations.
enum Chapter01Grading {
    /// 1.1 — project random correlated data onto its top-k eigenvectors and measure the error directly.
    static func pcaReconstructionError(_ formula: ([Double], Int) throws -> Double) throws {
        var generator = RandomGenerator(seed: 101)
        let mixing = Tensor.normal([6, 6], using: &generator)
        var data = Tensor.matmul(Tensor.normal([4000, 6], using: &generator), mixing)
        data = data - data.mean(alongAxis: 0, keepingDimension: true)
        let covariance = (1 / 4000.0) * (Matrix(data).transposed * Matrix(data))
        let eigen = try SymmetricEigendecomposition(covariance)
        for k in [1, 3, 5] {
            let basis = Matrix(rows: 6, columns: k, elements: (0..<6).flatMap { i in (0..<k).map { j in eigen.vectors[i, 5 - j] } })
            let x = Matrix(data)
            let reconstruction = (x * basis) * basis.transposed
            let error = zip(x.elements, reconstruction.elements).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(x.elements.count)
            let claimed = try formula(eigen.values.shuffled(using: &generator), k)
            #expect(abs(claimed - error) < 1e-9 * max(1, error), "k = \(k): \(claimed) vs measured \(error)")
        }
    }

    /// 1.2 — maximise PPCA's likelihood over both W and σ² by the EM algorithm (Tipping & Bishop,
    /// 1999), started from a random W and σ² = 1, on a covariance S = Q diag(λ) Qᵀ with a random
    /// rotation Q, for several k. EM never sees the eigenvalues or the closed form, only S. The
    /// formula gets the eigenvalues shuffled (and in ascending order), so an answer that assumes
    /// they come sorted is rejected.
    static func ppcaNoiseVariance(_ formula: ([Double], Int) throws -> Double) throws {
        let eigenvalues = [3.0, 2.2, 1.1, 0.5, 0.31, 0.2, 0.12], d = eigenvalues.count
        var generator = RandomGenerator(seed: 102)
        let random = Matrix(Tensor.normal([d, d], using: &generator))
        let rotation = try SymmetricEigendecomposition(random + random.transposed).vectors
        let s = rotation * Matrix.diagonal(eigenvalues) * rotation.transposed
        for k in [1, 2, 4] {
            let identity = Matrix.identity(k)
            var w = Matrix(Tensor.normal([d, k], using: &generator)), noise = 1.0
            for _ in 0..<5_000 {   // W ← SW(σ²I + M⁻¹WᵀSW)⁻¹, σ² ← tr(S − SWM⁻¹W_newᵀ)/d, M = WᵀW + σ²I
                let m = w.transposed * w + noise * identity, sw = s * w
                let newW = sw * (try (noise * identity + (try m.choleskySolve(w.transposed * sw))).inverse())
                noise = (s - sw * (try m.choleskySolve(newW.transposed))).trace / Double(d)
                w = newW
            }
            for order in [eigenvalues.shuffled(using: &generator), eigenvalues.reversed()] {
                let claimed = try formula(order, k)
                #expect(abs(claimed - noise) < 1e-8, "k = \(k), eigenvalues \(order): \(claimed) vs EM's optimum \(noise)")
            }
        }
    }

    /// 1.3 — against the area under the explicitly traced ROC curve (ties handled by grouping equal scores).
    static func auroc(_ formula: ([Double], [Double]) throws -> Double) throws {
        var generator = RandomGenerator(seed: 103)
        let anomalies = (0..<300).map { _ in (1 + generator.normalDouble()).rounded() / 2 }   // rounding creates ties
        let normals = (0..<500).map { _ in generator.normalDouble().rounded() / 2 }
        let thresholds = Set(anomalies + normals).sorted(by: >)
        var points = [(0.0, 0.0)]
        for threshold in thresholds {
            points.append((Double(normals.filter { $0 >= threshold }.count) / 500, Double(anomalies.filter { $0 >= threshold }.count) / 300))
        }
        let area = zip(points, points.dropFirst()).reduce(0.0) { $0 + ($1.1.0 - $1.0.0) * ($1.0.1 + $1.1.1) / 2 }
        let claimed = try formula(anomalies, normals)
        #expect(abs(claimed - area) < 1e-12, "\(claimed) vs ROC area \(area)")
        let allAbove = try formula([1, 2], [0]), allBelow = try formula([0], [1, 2])
        #expect(abs(allAbove - 1) < 1e-12 && abs(allBelow) < 1e-12)
    }
}

struct Chapter01ReferenceSolutions {
    @Test func pcaReconstructionError() throws { try Chapter01Grading.pcaReconstructionError(Chapter01Solutions.pcaReconstructionError) }
    @Test func ppcaNoiseVariance() throws { try Chapter01Grading.ppcaNoiseVariance(Chapter01Solutions.ppcaNoiseVariance) }
    @Test func auroc() throws { try Chapter01Grading.auroc(Chapter01Solutions.auroc) }
}

struct Chapter01StudentExercises {
    @Test(.enabled(if: attempted { try Chapter01Exercises.pcaReconstructionError(eigenvalues: [1], rank: 0) }))
    func pcaReconstructionError() throws { try Chapter01Grading.pcaReconstructionError(Chapter01Exercises.pcaReconstructionError) }

    @Test(.enabled(if: attempted { try Chapter01Exercises.ppcaNoiseVariance(eigenvalues: [2, 1], latentDimension: 1) }))
    func ppcaNoiseVariance() throws { try Chapter01Grading.ppcaNoiseVariance(Chapter01Exercises.ppcaNoiseVariance) }

    @Test(.enabled(if: attempted { try Chapter01Exercises.auroc(anomalyScores: [1], normalScores: [0]) }))
    func auroc() throws { try Chapter01Grading.auroc(Chapter01Exercises.auroc) }
}
