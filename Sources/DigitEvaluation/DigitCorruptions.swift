import TensorCore

/// Controlled ways to spoil real digits, with a knob for how much: a metric meant to
/// rank generators should grow steadily as the knob turns, which is how its tests and
/// chapter 3 calibrate the Fréchet digit distance.
public enum DigitCorruptions {
    /// clamp(x + σξ, 0, 1) with ξ ~ N(0, I): pixel noise, the grain of an undertrained
    /// sampler. Clamping keeps the pixels in the range real images have.
    public static func addingNoise(to images: Tensor, standardDeviation: Double, using generator: inout RandomGenerator) -> Tensor {
        require(standardDeviation >= 0, "Pixel noise needs a non-negative standard deviation, got \(standardDeviation).")
        return (images + Tensor.normal(images.shape, standardDeviation: Float(standardDeviation), using: &generator)).clamped(0, 1)
    }

    /// (1 − s)·x + s·B(x), with B the 3×3 box blur of each 8×8 image: the washed-out
    /// strokes of a model that averages over its uncertainty (an autoencoder's typical
    /// failure). s = 0 leaves the images alone, s = 1 is the full blur.
    ///
    /// B averages each pixel with its neighbours inside the image (4 at a corner, 6 on
    /// an edge, 9 inside), so a uniform image stays uniform and edges do not darken.
    public static func blurred(_ images: Tensor, strength: Double) -> Tensor {
        require(images.rank == 2 && images.columnCount == side * side, "Blurring needs [n, 64] images, got shape \(images.shape).")
        require((0...1).contains(strength), "The blur strength is a mixing weight in [0, 1], got \(strength).")
        let s = Float(strength)
        var result = images
        for image in 0..<images.rowCount {
            let offset = image * side * side
            for row in 0..<side {
                for column in 0..<side {
                    var sum: Float = 0, count: Float = 0
                    for neighbourRow in Swift.max(row - 1, 0)...Swift.min(row + 1, side - 1) {
                        for neighbourColumn in Swift.max(column - 1, 0)...Swift.min(column + 1, side - 1) {
                            sum += images.scalars[offset + neighbourRow * side + neighbourColumn]
                            count += 1
                        }
                    }
                    let pixel = offset + row * side + column
                    result.scalars[pixel] = (1 - s) * images.scalars[pixel] + s * sum / count
                }
            }
        }
        return result
    }

    static let side = 8
}
