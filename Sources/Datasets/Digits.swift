import Foundation
import TensorCore

/// The 8×8 handwritten digits (UCI, CC BY 4.0; see Resources/DIGITS-ATTRIBUTION.md).
public struct Digits: Sendable {
    /// `[count, 64]`, pixel intensities scaled from 0…16 to [0, 1], row by row.
    public let images: Tensor
    /// The digit shown in each image, 0–9.
    public let labels: [Int]

    public var count: Int { labels.count }
    public static let side = 8
    public static let pixelCount = 64

    /// Loads all 1,797 images from the package's resource file.
    public static func load() throws -> Digits {
        guard let url = Bundle.module.url(forResource: "digits.csv", withExtension: "gz") else {
            throw DatasetError.unreadable(path: "digits.csv.gz", reason: "it is missing from the Datasets module's resources")
        }
        return try load(from: url.path)
    }

    /// Parses a digits file: lines of 64 pixel values (0–16) and a label.
    public static func load(from path: String) throws -> Digits {
        let text = String(decoding: try Gzip.contents(of: path), as: UTF8.self)
        var pixels: [Float] = []
        var labels: [Int] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: ",")
            guard fields.count == 65 else {
                throw DatasetError.malformed(path: path, line: index + 1, reason: "expected 65 values, found \(fields.count)")
            }
            for field in fields.prefix(64) {
                guard let value = Float(field), (0...16).contains(value) else {
                    throw DatasetError.malformed(path: path, line: index + 1, reason: "pixel '\(field)' is not in 0…16")
                }
                pixels.append(value / 16)
            }
            guard let label = Int(fields[64]), (0...9).contains(label) else {
                throw DatasetError.malformed(path: path, line: index + 1, reason: "label '\(fields[64])' is not a digit")
            }
            labels.append(label)
        }
        return Digits(images: Tensor(shape: [labels.count, 64], scalars: pixels), labels: labels)
    }

    /// A reproducible split into training and test parts (stratified by nothing; a random permutation).
    public func split(testFraction: Double, using generator: inout RandomGenerator) -> (train: Digits, test: Digits) {
        let order = generator.permutation(count)
        let testCount = Int((Double(count) * testFraction).rounded())
        return (subset(Array(order[testCount...])), subset(Array(order[..<testCount])))
    }

    /// The images and labels at `indices`.
    public func subset(_ indices: [Int]) -> Digits {
        Digits(images: images.gatherRows(indices), labels: indices.map { labels[$0] })
    }

    /// Only the images whose label satisfies `include`.
    public func filter(_ include: (Int) -> Bool) -> Digits {
        subset(labels.indices.filter { include(labels[$0]) })
    }
}
