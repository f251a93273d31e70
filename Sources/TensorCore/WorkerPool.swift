import Dispatch
import Foundation
import Synchronization

/// A tiny fork–join pool for the core's parallel loops and matrix products.
///
/// Why not `DispatchQueue.concurrentPerform`? Waking a GCD worker costs tens
/// of microseconds, as long as a whole 128×128 product, so small parallel
/// products ran *slower* than serial ones. Here the helper threads spin for a
/// short while after each job (a training step issues dozens of jobs per
/// millisecond, so they are usually still awake) and only then sleep on a
/// semaphore. The calling thread always takes part in the work.
///
/// The pool runs one job at a time; a job submitted while another is running
/// (from a second thread, or nested inside a job) simply runs serially on the
/// caller, so nothing can deadlock.
final class WorkerPool: @unchecked Sendable {
    /// The process-wide pool, with one helper thread per extra core.
    static let shared = WorkerPool(helperCount: ParallelLoops.workerCount - 1)

    private let helperCount: Int
    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    /// (job generation << 32) | next unclaimed iteration: claiming an
    /// iteration with compare-and-swap also proves it belongs to the job the
    /// helper thinks it is working on.
    private let ticket = Atomic<Int>(0)
    private let unfinished = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let wakeUp = DispatchSemaphore(value: 0)
    // The job: a pointer to the submitter's closure (valid until `unfinished`
    // reaches zero) and its iteration count. Written before the generation is
    // published, read by helpers only for iterations they have claimed.
    private var jobPointer: UnsafeRawPointer?
    private var iterationCount = 0

    /// How many polls of `generation` a helper makes before going to sleep
    /// (roughly 50 µs on the project machine).
    private let spinPolls = 20_000

    init(helperCount: Int) {
        self.helperCount = helperCount
        for index in 0..<helperCount {
            let thread = Thread { [unowned self] in self.helperLoop() }
            thread.name = "TensorCore worker \(index + 1)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Calls `body(i)` for every i in 0..<iterations, spread over the pool.
    func run(iterations: Int, _ body: (Int) -> Void) {
        if iterations <= 1 || helperCount == 0
            || !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            for index in 0..<iterations { body(index) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            withUnsafePointer(to: escapable) { pointer in
                let jobGeneration = generation.load(ordering: .relaxed) + 1
                jobPointer = UnsafeRawPointer(pointer)
                iterationCount = iterations
                unfinished.store(iterations, ordering: .relaxed)
                ticket.store(jobGeneration << 32, ordering: .releasing)
                generation.store(jobGeneration, ordering: .sequentiallyConsistent)
                let sleeping = sleepers.exchange(0, ordering: .sequentiallyConsistent)
                for _ in 0..<sleeping { wakeUp.signal() }
                work(jobGeneration)
                while unfinished.load(ordering: .acquiring) > 0 {}  // helpers finish their last iteration
                jobPointer = nil
            }
        }
        busy.store(false, ordering: .releasing)
    }

    /// Claims and runs iterations of job `jobGeneration` until none are left.
    private func work(_ jobGeneration: Int) {
        while true {
            let current = ticket.load(ordering: .acquiring)
            guard current >> 32 == jobGeneration else { return }  // that job is over
            let index = current & 0xFFFF_FFFF
            guard index < iterationCount else { return }
            guard ticket.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing).exchanged else { continue }
            jobPointer!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(index)
            unfinished.subtract(1, ordering: .releasing)
        }
    }

    private func helperLoop() {
        var seen = generation.load(ordering: .acquiring)
        while true {
            var polls = 0
            while generation.load(ordering: .acquiring) == seen {
                polls += 1
                if polls < spinPolls { continue }
                // Announce that we sleep, then look once more: either the
                // submitter sees us in `sleepers` and signals, or we see its job.
                sleepers.add(1, ordering: .sequentiallyConsistent)
                if generation.load(ordering: .sequentiallyConsistent) == seen { wakeUp.wait() }
                polls = 0
            }
            seen = generation.load(ordering: .acquiring)
            work(seen)
        }
    }
}
