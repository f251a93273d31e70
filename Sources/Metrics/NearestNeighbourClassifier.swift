import TensorCore

/// The k-nearest-neighbour classifier (Fix & Hodges, 1951; Cover & Hart, 1967):
/// a query takes the majority label of its k nearest reference points in Euclidean
/// distance. Used to measure how well an unsupervised representation (an
/// autoencoder's codes, a classifier's features) separates classes.
public enum NearestNeighbourClassifier {
    /// The predicted label of every query row.
    ///
    /// A tie in the vote goes to the tied label whose nearest member is closest, so
    /// the prediction does not depend on how labels are numbered; with k = 1 this is
    /// the nearest neighbour's label.
    ///
    /// - Parameters:
    ///   - queries: `[q, d]` points to classify.
    ///   - reference: `[n, d]` labelled points, with `referenceLabels.count == n`.
    ///   - neighbours: k, between 1 and n.
    public static func predict(_ queries: Tensor, reference: Tensor, referenceLabels: [Int], neighbours k: Int) -> [Int] {
        require(queries.rank == 2 && reference.rank == 2 && queries.columnCount == reference.columnCount,
                "k-NN needs [q, d] queries and [n, d] reference points with the same d, got \(queries.shape) and \(reference.shape).")
        require(referenceLabels.count == reference.rowCount, "k-NN needs one label per reference point.")
        require(k >= 1 && k <= reference.rowCount, "k-NN needs 1 ≤ k ≤ \(reference.rowCount), got \(k).")
        let distances = Tensor.pairwiseSquaredDistances(queries, reference).scalars
        let n = reference.rowCount
        return (0..<queries.rowCount).map { row in
            let nearest = (0..<n).sorted { distances[row * n + $0] < distances[row * n + $1] }.prefix(k)
            var votes: [Int: Int] = [:]
            for index in nearest { votes[referenceLabels[index], default: 0] += 1 }
            let most = votes.values.max()!
            // `nearest` is in order of distance, so the first tied label met is the closest one.
            return nearest.map { referenceLabels[$0] }.first { votes[$0] == most }!
        }
    }

    /// The fraction of queries whose predicted label equals `queryLabels`.
    public static func accuracy(_ queries: Tensor, labels queryLabels: [Int], reference: Tensor, referenceLabels: [Int],
                                neighbours k: Int) -> Double {
        require(queryLabels.count == queries.rowCount, "k-NN accuracy needs one label per query.")
        let predictions = predict(queries, reference: reference, referenceLabels: referenceLabels, neighbours: k)
        return Double(zip(predictions, queryLabels).filter { $0.0 == $0.1 }.count) / Double(queryLabels.count)
    }
}
