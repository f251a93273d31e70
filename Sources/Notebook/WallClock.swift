import Foundation

/// The median wall-clock time of `repeats` runs of `work`, in seconds: what a chapter quotes as a
/// cost on this machine. Print it only when `Chapter.showsTimings` is true — a timing depends on
/// the machine and its load, and the book's pages must not.
public func medianWallClockSeconds(repeats: Int = 5, _ work: () -> Void) -> Double {
    precondition(repeats > 0, "Timing needs at least one run.")
    let clock = ContinuousClock()
    let times = (0..<repeats).map { _ -> Double in
        let duration = clock.measure(work)
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
    return times.sorted()[repeats / 2]
}
