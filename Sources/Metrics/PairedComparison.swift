import Statistics

public enum PairedComparison {
    /// How far `better` beats `worse` on the same items: the mean paired difference worse − better,
    /// its standard error (from the differences, so what the items share cancels), and their ratio.
    public static func advantage(_ better: [Double], over worse: [Double]) -> (difference: Double, standardError: Double, inStandardErrors: Double) {
        precondition(better.count == worse.count && better.count >= 2, "A paired comparison needs two equally long lists of at least two items.")
        let summary = SampleSummary(zip(worse, better).map { $0 - $1 })
        return (summary.mean, summary.standardError, summary.mean / summary.standardError)
    }
}
