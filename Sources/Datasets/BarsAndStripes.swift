/// Bars and stripes (MacKay 2003): binary images on a rows × columns grid in which every row is
/// all on or all off (stripes), or every column is (bars). There are 2^rows + 2^columns − 2
/// distinct images (the blank and the full image are both a bar and a stripe pattern).
///
/// A data set small enough that a model over all 2^(rows·columns) images can be enumerated, with
/// a known best log-likelihood: a model that spreads its mass evenly over the distinct images and
/// nowhere else reaches −log(2^rows + 2^columns − 2) nats per image, and none does better.
public enum BarsAndStripes {
    /// Every distinct image, each a row-major vector of 0s and 1s: stripes first (in the binary order of
    /// the rows that are on), then the bars that are not also stripes.
    public static func patterns(rows: Int, columns: Int) -> [[Double]] {
        precondition(rows >= 1 && columns >= 1 && rows * columns <= 30, "Bars and stripes needs a small grid, got \(rows) × \(columns).")
        var images: [[Double]] = []
        for mask in 0..<(1 << rows) {
            images.append((0..<(rows * columns)).map { Double((mask >> ($0 / columns)) & 1) })
        }
        for mask in 1..<((1 << columns) - 1) {
            images.append((0..<(rows * columns)).map { Double((mask >> ($0 % columns)) & 1) })
        }
        return images
    }
}
