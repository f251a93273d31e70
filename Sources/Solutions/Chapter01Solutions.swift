/// Reference solutions of chapter 1's exercises.
public enum Chapter01Solutions {
    /// 1.1: projecting onto the top-k eigenvectors leaves the other d − k
    /// directions' variance as error; per coordinate that is their sum over d.
    public static func pcaReconstructionError(eigenvalues: [Double], rank k: Int) throws -> Double {
        let sorted = eigenvalues.sorted(by: >)
        return sorted.dropFirst(k).reduce(0, +) / Double(sorted.count)
    }

    /// 1.2: σ²_ML is the average of the d − k smallest eigenvalues (Tipping & Bishop).
    public static func ppcaNoiseVariance(eigenvalues: [Double], latentDimension k: Int) throws -> Double {
        let sorted = eigenvalues.sorted(by: >)
        return sorted.dropFirst(k).reduce(0, +) / Double(sorted.count - k)
    }

    /// 1.3: the Mann–Whitney statistic, by sorting all scores once and summing
    /// the ranks of the anomalies (average ranks for ties).
    public static func auroc(anomalyScores: [Double], normalScores: [Double]) throws -> Double {
        let all = anomalyScores.map { ($0, true) } + normalScores.map { ($0, false) }
        let sorted = all.sorted { $0.0 < $1.0 }
        var rankSum = 0.0
        var start = 0
        while start < sorted.count {
            var end = start
            while end + 1 < sorted.count && sorted[end + 1].0 == sorted[start].0 { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            rankSum += Double(sorted[start...end].filter { $0.1 }.count) * averageRank
            start = end + 1
        }
        let positives = Double(anomalyScores.count), negatives = Double(normalScores.count)
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }
}
