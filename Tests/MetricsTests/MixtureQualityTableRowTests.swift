import Testing
import Distributions
import TensorCore
@testable import Metrics

/// The table row a chapter prints for a sampler: its columns, and the ratio to the floor formatted with its SE.
struct MixtureQualityTableRowTests {
    @Test func rowHoldsTheMeasurementsInOrder() {
        let mixture = GaussianMixture2D.ring(modes: 8, radius: 2, spread: 0.25)
        var generator = RandomGenerator(seed: 1)
        let floor = MixtureSampleQuality(of: mixture, repeats: 2, referenceCount: 500, radius: 0.75, using: &generator) { mixture.sample(300, using: &$0) }
        let format = { (value: Double, digits: Int) in String(format: "%.\(digits)g", value) }
        let row = floor.tableRow(name: "data", cost: "—", floor: floor, modeCount: 8, includeNearFraction: true, format: format)
        #expect(row.count == 8 && row[0] == "data" && row[1] == "—")
        #expect(row[2] == format(floor.slicedWasserstein.mean, 4) && row[5] == format(floor.modeWidth.mean, 4))
        #expect(row[4].hasPrefix("1 ± "))   // the floor against itself
        #expect(row[6] == "\(floor.fewestModesCovered) / 8" && row[7].hasSuffix("%"))
        #expect(floor.tableRow(name: "data", cost: "—", floor: floor, modeCount: 8, includeNearFraction: false, format: format).count == 7)
    }
}
