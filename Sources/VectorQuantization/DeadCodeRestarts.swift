import TensorCore
import NeuralLayers

// listing: dead-code-restarts
/// Revives dead codes by moving them onto the data (as Jukebox does; Dhariwal et al. 2020):
/// every `interval` steps, each code that fewer than `threshold` vectors chose since the last
/// check is moved onto an encoder output drawn at random from the current batch
/// (a different one for each code while the batch lasts). A code
/// placed on an encoder output is the nearest code of that output at once, so it gets
/// chosen, and from then on the codebook loss (or the moving averages) move it like any
/// other code.
public final class DeadCodeRestarts {
    /// Steps between checks.
    public let interval: Int
    /// A code chosen by fewer vectors than this over an interval is restarted.
    public let threshold: Int
    /// How many vectors chose each code since the last check.
    public private(set) var countsSinceCheck: [Int]
    /// The number of codes restarted at each check so far.
    public private(set) var restartsPerCheck: [Int] = []

    public init(codeCount: Int, interval: Int = 100, threshold: Int = 1) {
        require(interval >= 1 && threshold >= 1, "Restarts need an interval ≥ 1 and a threshold ≥ 1, got \(interval) and \(threshold).")
        self.interval = interval
        self.threshold = threshold
        countsSinceCheck = [Int](repeating: 0, count: codeCount)
    }

    /// Records one step's codes and, at the end of an interval, restarts the codes used too
    /// little onto rows of `vectors` (the batch's encoder outputs, `[n, D]`), keeping the
    /// moving averages (if any) in step. Returns the codes restarted.
    @discardableResult
    public func record(step: Int, codes: [Int], vectors: Tensor, quantizer: VectorQuantizer,
                       averages: CodebookMovingAverages? = nil, using generator: inout RandomGenerator) -> [Int] {
        for code in codes { countsSinceCheck[code] += 1 }
        guard (step + 1) % interval == 0 else { return [] }
        let dead = countsSinceCheck.indices.filter { countsSinceCheck[$0] < threshold }
        let d = quantizer.dimension
        var codebook = quantizer.codebook.value
        // Distinct rows while the batch has enough, so that two revived codes do not land on one vector (the lower
        // index would win it and the other would stay dead).
        let order = generator.permutation(vectors.rowCount)
        for (position, code) in dead.enumerated() {
            let row = order[position % order.count]
            for j in 0..<d { codebook.scalars[code * d + j] = vectors.scalars[row * d + j] }
            averages?.restart(code, at: vectors.row(row).doubles)
        }
        quantizer.codebook.value = codebook
        countsSinceCheck = [Int](repeating: 0, count: countsSinceCheck.count)
        restartsPerCheck.append(dead.count)
        return dead
    }
}
// end listing
