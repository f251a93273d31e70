import CKernels
import Foundation

// The machine's peak single-precision rate, measured by the benchmark itself, and the arithmetic each workload does, so
// that every workload can also be reported as a fraction of that peak.

/// FMA throughput at one vector width: one thread, and one thread per core at the same time.
struct PeakMeasurement {
    let width: Int
    let perCore: Double, allCores: Double, cores: Int

    /// Measures `width` (256 or 512 bits) for about `seconds` per configuration; nil if the CPU cannot run it.
    init?(width: Int, cores: Int, seconds: Double) {
        guard ck_fma_peak_gflops(Int32(width), 0.01) > 0 else { return nil }
        self.width = width
        self.cores = cores
        perCore = ck_fma_peak_gflops(Int32(width), seconds)
        // All cores at once: one measuring thread each, started together; the sum of their rates.
        let rates = UnsafeMutableBufferPointer<Double>.allocate(capacity: cores)
        defer { rates.deallocate() }
        DispatchQueue.concurrentPerform(iterations: cores) { index in rates[index] = ck_fma_peak_gflops(Int32(width), seconds) }
        allCores = rates.reduce(0, +)
    }
}

/// Floating-point operations of the workloads, counting a multiply–add as two and only the matrix products (the
/// elementwise work — SiLU, the embedding, Adam — is a few percent of these and is left out, so the fractions of peak
/// are slight underestimates).
enum WorkloadArithmetic {
    /// Multiply–adds per row through the MLP 18 → 128 → 128 → 128 → 2.
    static let multiplyAddsPerRow = 18 * 128 + 128 * 128 + 128 * 128 + 128 * 2
    /// One training step on a batch: the forward pass and a backward pass of twice its cost (gradients with respect to
    /// the inputs of each layer and to its weights).
    static func trainingStep(batch: Int) -> Double { 3 * 2 * Double(multiplyAddsPerRow * batch) }
    /// One particle-step of the sampler: one forward pass.
    static let particleStep = 2 * Double(multiplyAddsPerRow)
    /// One n×n×n product.
    static func product(_ n: Int) -> Double { 2 * Double(n * n * n) }
}
