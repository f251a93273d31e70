import Dispatch
import Testing
@testable import TensorCore

/// The fork–join pool must run every iteration exactly once, stay correct when
/// jobs arrive from several threads at once (they then run serially), and give
/// results that do not depend on how work was split.
struct WorkerPoolTests {
    @Test func everyIterationRunsExactlyOnce() {
        for iterations in [0, 1, 2, 3, 7, 64, 1000] {
            var hits = [Int](repeating: 0, count: iterations)
            hits.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress
                WorkerPool.shared.run(iterations: iterations) { index in base![index] += 1 }
            }
            #expect(hits.allSatisfy { $0 == 1 }, "iterations = \(iterations)")
        }
    }

    @Test func manySmallJobsInARowAllComplete() {
        // Thousands of back-to-back jobs exercise the spin/sleep hand-over.
        var total = 0
        for _ in 0..<5_000 {
            var partial = [Int](repeating: 0, count: 2)
            partial.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress
                WorkerPool.shared.run(iterations: 2) { index in base![index] = index + 1 }
            }
            total += partial[0] + partial[1]
        }
        #expect(total == 5_000 * 3)
    }

    @Test func concurrentSubmittersGetCorrectResults() {
        // Four threads use parallel tensor kernels at the same time; whichever
        // does not get the pool runs serially, and all results are exact.
        let input = Tensor((0..<100_000).map { Float($0 % 97) / 97 })
        let expected = input.map { $0 * 2 + 1 }
        let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 4)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            var ok = true
            for _ in 0..<50 { ok = ok && (input * 2 + 1) == expected }
            results[thread] = ok
        }
        #expect(results.allSatisfy { $0 })
    }

    @Test func parallelMatrixProductIsAccurateAndRepeatable() {
        // A product large enough to be split across cores agrees with a
        // double-precision triple loop (Float32 accumulation over 64 terms of
        // size ~1: error ≲ 64·6e-8·‖row‖‖column‖, well under 1e-4 here) and is
        // bit-identical when repeated.
        var generator = RandomGenerator(seed: 7)
        let a = Tensor.normal([600, 64], using: &generator)
        let b = Tensor.normal([64, 96], using: &generator)
        let product = Tensor.matmul(a, b)
        #expect(product == Tensor.matmul(a, b))
        var worst = 0.0
        for i in 0..<600 {
            for j in 0..<96 {
                var exact = 0.0
                for k in 0..<64 { exact += Double(a[i, k]) * Double(b[k, j]) }
                worst = max(worst, abs(exact - Double(product[i, j])))
            }
        }
        #expect(worst < 1e-4)
    }
}
