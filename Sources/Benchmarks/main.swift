import COpenBLAS
import Foundation
import NeuralLayers
import TensorCore

// Benchmarks of the numerics core on the fixed workloads of the project's
// issue 2. Run with `swift run -c release Benchmarks` (add `--json` for
// machine-readable output, `--quick` for a smoke run). The JAX and C peers
// are in scripts/; scripts/compare_benchmarks.py runs all three.

struct Options {
    var json = false
    var quick = false
}

func parseOptions() -> Options {
    var options = Options()
    for argument in CommandLine.arguments.dropFirst() {
        switch argument {
        case "--json": options.json = true
        case "--quick": options.quick = true
        case "--help", "-h":
            print("""
            Usage: Benchmarks [--json] [--quick]
              Times the tensor core on sgemm, score-mlp-train and reverse-sde-sample.
              --json   print one JSON object instead of a table
              --quick  tiny sizes, for checking that the benchmark runs
            """)
            exit(0)
        default:
            FileHandle.standardError.write("Benchmarks: unknown option '\(argument)' (try --help).\n".data(using: .utf8)!)
            exit(2)
        }
    }
    return options
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

struct Result {
    let name: String
    let value: Double
    let unit: String
    let detail: String
    /// The arithmetic rate the workload reached (matrix products only, `WorkloadArithmetic`), in GFLOP/s.
    var gflops: Double? = nil
}

let options = parseOptions()
var results: [Result] = []

// MARK: peak — the machine's own FMA throughput at 256 and 512 bits, one core and all cores
let cores = ProcessInfo.processInfo.activeProcessorCount
let peaks = [256, 512].compactMap { PeakMeasurement(width: $0, cores: cores, seconds: options.quick ? 0.05 : 1.0) }
/// The rate every workload is compared with: the widest vectors the CPU runs, on all cores.
let peak = peaks.map(\.allCores).max() ?? .nan

// MARK: sgemm — GFLOP/s of Tensor.matmul (2·n³ flops per product)
for size in [512, 128] {
    var generator = RandomGenerator(seed: 1)
    let a = Tensor.normal([size, size], using: &generator)
    let b = Tensor.normal([size, size], using: &generator)
    _ = Tensor.matmul(a, b)  // warm up OpenBLAS's thread pool
    let minimumTime = options.quick ? 0.05 : 1.0
    var repetitions = 0
    let elapsed = seconds {
        let start = DispatchTime.now().uptimeNanoseconds
        while Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < minimumTime {
            _ = Tensor.matmul(a, b)
            repetitions += 1
        }
    }
    let gflops = 2 * Double(size * size * size) * Double(repetitions) / elapsed / 1e9
    results.append(Result(name: "sgemm-\(size)", value: gflops, unit: "GFLOP/s", detail: "\(size)×\(size)×\(size), \(repetitions) products",
                          gflops: gflops))
}

// MARK: score-mlp-train — steps per second
do {
    let workload = ScoreWorkload(seed: 2)
    var generator = RandomGenerator(seed: 3)
    let steps = options.quick ? 50 : 2000
    for _ in 0..<20 { _ = workload.trainingStep(batchSize: 512, using: &generator) }  // warm up
    var lastLoss: Float = 0
    let elapsed = seconds {
        for _ in 0..<steps { lastLoss = workload.trainingStep(batchSize: 512, using: &generator) }
    }
    results.append(Result(name: "score-mlp-train", value: Double(steps) / elapsed, unit: "steps/s",
                          detail: "batch 512, \(steps) steps, final loss \(String(format: "%.3f", lastLoss))",
                          gflops: WorkloadArithmetic.trainingStep(batch: 512) * Double(steps) / elapsed / 1e9))

    // MARK: reverse-sde-sample — million particle-steps per second (same trained network)
    let particles = options.quick ? 1_000 : 10_000
    let sdeSteps = options.quick ? 50 : 500
    var sampleGenerator = RandomGenerator(seed: 4)
    _ = workload.reverseSample(particles: particles, steps: 5, using: &sampleGenerator)
    var samples = Tensor.zeros([1, 2])
    let sampleTime = seconds {
        samples = workload.reverseSample(particles: particles, steps: sdeSteps, using: &sampleGenerator)
    }
    let meanRadius = samples.rowNorms().mean().scalar
    results.append(Result(name: "reverse-sde-sample", value: Double(particles * sdeSteps) / sampleTime / 1e6,
                          unit: "M particle-steps/s",
                          detail: "\(particles) particles × \(sdeSteps) steps in \(String(format: "%.2f", sampleTime)) s, mean radius \(String(format: "%.3f", meanRadius))",
                          gflops: WorkloadArithmetic.particleStep * Double(particles * sdeSteps) / sampleTime / 1e9))
}

let threads = ParallelLoops.workerCount
let kernels = BLASKernels.coreName
let vectorBits = VectorWidth.bits
/// The CPU as Linux names it, with its family and model numbers (which tell apart generations sold under one name).
let cpu: String = {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
    func field(_ name: String) -> String? {
        info.split(separator: "\n").first { $0.hasPrefix(name) }.map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) }
    }
    return "\(field("model name") ?? "unknown"), family \(field("cpu family") ?? "?") model \(field("model\t") ?? "?")"
}()
if options.json {
    let entries = results.map { result in
        "\"\(result.name)\": {\"value\": \(String(format: "%.4f", result.value)), \"unit\": \"\(result.unit)\""
            + (result.gflops.map { ", \"gflops\": \(String(format: "%.2f", $0)), \"fraction_of_peak\": \(String(format: "%.4f", $0 / peak))" } ?? "") + "}"
    }
    let peakEntries = peaks.map { "\"peak-\($0.width)\": {\"per_core\": \(String(format: "%.2f", $0.perCore)), \"all_cores\": \(String(format: "%.2f", $0.allCores)), \"unit\": \"GFLOP/s\"}" }
    print("{\"implementation\": \"swift-tensor-core\", \"cpu\": \"\(cpu)\", \"threads\": \(threads), \"cores\": \(cores), \"blas_kernels\": \"\(kernels)\", "
          + "\"vector_bits\": \(vectorBits), "
          + (peakEntries + entries).joined(separator: ", ") + "}")
} else {
    print("Tensor core benchmarks on \(cpu) (OpenBLAS \(kernels) kernels, the core's vector kernels at \(vectorBits) bits, \(threads) worker threads)")
    for p in peaks {
        print("peak FMA throughput, \(p.width)-bit vectors: \(String(format: "%.1f", p.perCore)) GFLOP/s on one core, \(String(format: "%.1f", p.allCores)) on \(p.cores)")
    }
    print("workload".padding(toLength: 22, withPad: " ", startingAt: 0) + "value".padding(toLength: 12, withPad: " ", startingAt: 0)
          + "unit".padding(toLength: 20, withPad: " ", startingAt: 0) + "GFLOP/s  of peak  detail")
    for result in results {
        print(result.name.padding(toLength: 22, withPad: " ", startingAt: 0)
              + String(format: "%-12.2f", result.value)
              + result.unit.padding(toLength: 20, withPad: " ", startingAt: 0)
              + (result.gflops.map { String(format: "%-9.1f", $0) + String(format: "%.1f%%", 100 * $0 / peak).padding(toLength: 8, withPad: " ", startingAt: 0) }
                 ?? String(repeating: " ", count: 17))
              + result.detail)
    }
}
