import Distributions
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

// The data of the chapter and the yardstick every sampler is measured with, as in chapter 12: a ring of eight Gaussians,
// scaled so that each coordinate has standard deviation σ_data ≈ 0.5 (the value the preconditioning assumes), measured by
// SW₂ to fresh data, mode coverage and mode width over repeats, next to the data floor and named wrong laws.

let (ringRadius, modeSpread) = (0.7, 0.1)
let mixture = GaussianMixture2D.ring(modes: 8, radius: ringRadius, spread: modeSpread)
var evaluationCount: Int { quick ? 1_000 : 2_000 }
var referenceCount: Int { quick ? 2_000 : 5_000 }
var repeats: Int { quick ? 3 : 5 }

/// Repeats for the one-evaluation samplers and the laws their checks compare them with: SW₂ on 2,000 points scatters by
/// about half its mean from repeat to repeat (the data floor's own spread), so tests of small differences need more than
/// the ladder's five, and one network pass per sample makes them cheap.
var oneStepRepeats: Int { quick ? 3 : 20 }   // the one-step tests run in the default run only

/// The stream every quality measurement draws from (samplers' noise and fresh reference data). Each section starts its
/// own (`startQualityStream`), so that a change to one section's draws leaves the numbers of every other section as they were.
nonisolated(unsafe) var qualityStream = RandomGenerator(seed: chapter.seed, stream: "quality")
func startQualityStream(_ section: String) { qualityStream = RandomGenerator(seed: chapter.seed, stream: "quality: \(section)") }

/// "means over 5 repeats (20 at one evaluation)", the caption phrase of tables with one-evaluation rows.
var repeatsPhrase: String { "means over \(repeats) repeats" + (oneStepRepeats == repeats ? "" : " (\(oneStepRepeats) at one evaluation)") }

/// Quality of a sampler that draws `evaluationCount` points per repeat.
func quality(repeats count: Int = repeats, _ sample: (inout RandomGenerator) -> Tensor) -> MixtureSampleQuality {
    MixtureSampleQuality(of: mixture, repeats: count, referenceCount: referenceCount, radius: 3 * modeSpread, using: &qualityStream, sample: sample)
}

/// The yardstick: the data floor, and the named wrong laws whose midpoints with it are the bounds.
struct Yardstick {
    let floor: MixtureSampleQuality, tooLarge: MixtureSampleQuality, tooWide: MixtureSampleQuality, tooNarrow: MixtureSampleQuality
    /// Trivial baselines: the ring with no modes (uniform angle, the same radial spread) and the Gaussian with the data's
    /// covariance. Both reach every mode by the coverage rule; only the mode width tells them from the data.
    let modeless: MixtureSampleQuality, gaussian: MixtureSampleQuality
    /// Halfway from the floor's SW₂ to the ring 10% too large's.
    var distanceBound: Double { (floor.slicedWasserstein.mean + tooLarge.slicedWasserstein.mean) / 2 }
    /// Halfway from the data's mode width to the widths of modes 20% too narrow and too wide.
    var widthBand: ClosedRange<Double> {
        ((floor.modeWidth.mean + tooNarrow.modeWidth.mean) / 2)...((floor.modeWidth.mean + tooWide.modeWidth.mean) / 2)
    }

    init() {
        startQualityStream("yardstick")
        let law = { (radius: Double, spread: Double) in GaussianMixture2D.ring(modes: 8, radius: radius, spread: spread) }
        floor = quality { mixture.sample(evaluationCount, using: &$0) }
        tooLarge = quality(repeats: oneStepRepeats) { law(1.1 * ringRadius, modeSpread).sample(evaluationCount, using: &$0) }
        tooWide = quality(repeats: oneStepRepeats) { law(ringRadius, 1.2 * modeSpread).sample(evaluationCount, using: &$0) }
        tooNarrow = quality { law(ringRadius, 0.8 * modeSpread).sample(evaluationCount, using: &$0) }
        modeless = quality(repeats: oneStepRepeats) { generator in
            let angles = Tensor.uniform([evaluationCount, 1], using: &generator) * Float(2 * Double.pi)
            let radii = Tensor.normal([evaluationCount, 1], using: &generator) * Float(modeSpread) + Float(ringRadius)
            return Tensor.concatenate([radii * angles.map { Foundation.cos($0) }, radii * angles.map { Foundation.sin($0) }], alongAxis: 1)
        }
        let coordinateVariance = (ringRadius * ringRadius + 2 * modeSpread * modeSpread) / 2
        gaussian = quality { Tensor.normal([evaluationCount, 2], using: &$0) * Float(coordinateVariance.squareRoot()) }
    }

    /// The SW₂ check of a one-evaluation sampler: below the ring 10% too large, by Welch's t over the repeats against the
    /// exact Student quantile at 10⁻³ — a test of the difference, not of a mean against a fixed line it may sit close to.
    func closerThanLargerRing(_ q: MixtureSampleQuality, name: String) {
        let test = WelchTest(tooLarge.slicedWasserstein.values, q.slicedWasserstein.values), bound = test.oneSidedBound(rate: 1e-3)
        chapter.check("\(name): SW₂ below the ring 10% too large, Welch t over the repeats", measured: test.t, atLeast: bound,
                      why: "the exact one-sided Student quantile at 10⁻³ for Welch's (approximate) ν = \(formatNumber(test.degreesOfFreedom, digits: 4)); SW₂ \(formatNumber(q.slicedWasserstein.mean, digits: 3)) against the larger ring's \(formatNumber(tooLarge.slicedWasserstein.mean, digits: 3)) and the data floor's \(formatNumber(floor.slicedWasserstein.mean, digits: 3))")
    }

    /// The check every one-evaluation sampler gets besides the SW₂ test: its modes are sharper than those of the named wrong
    /// law "modes 20% too wide", by Welch's t over the repeats against the exact Student quantile at 10⁻³. (A ring with no
    /// modes at all, or a Gaussian, covers all eight modes by the coverage rule, and the mode-less ring passes the SW₂ bound:
    /// only the width separates them from the data, and modes 20% too wide are the law the teacher's band also rejects.)
    func sharperThanTooWide(_ q: MixtureSampleQuality, name: String) {
        let test = WelchTest(tooWide.modeWidth.values, q.modeWidth.values), bound = test.oneSidedBound(rate: 1e-3)
        chapter.check("\(name): mode width below that of modes 20% too wide, Welch t over the repeats", measured: test.t, atLeast: bound,
                      why: "the exact one-sided Student quantile at 10⁻³ for Welch's (approximate) ν = \(formatNumber(test.degreesOfFreedom, digits: 4)); widths: this sampler \(formatNumber(q.modeWidth.mean, digits: 3)), modes 20% too wide \(formatNumber(tooWide.modeWidth.mean, digits: 3)), the data \(formatNumber(floor.modeWidth.mean, digits: 3)), the band's upper edge \(formatNumber(widthBand.upperBound, digits: 3)), a ring without modes \(formatNumber(modeless.modeWidth.mean, digits: 3))")
    }

    /// Whether a sampler meets both bounds and covers every mode.
    func passes(_ q: MixtureSampleQuality) -> Bool {
        q.slicedWasserstein.mean <= distanceBound && widthBand.contains(q.modeWidth.mean) && q.fewestModesCovered == 8
    }
}

/// One row of a quality table (the library's row without the near-a-mode share).
func qualityRow(_ name: String, _ nfe: String, _ q: MixtureSampleQuality, floor: MixtureSampleQuality) -> [any TableCell] {
    q.tableRow(name: name, cost: nfe, floor: floor, modeCount: 8, includeNearFraction: false) { formatNumber($0, digits: $1) }
}
let qualityHeaders = ["sampler", "NFE", "SW₂", "spread", "÷ floor (± SE)", "mode width", "fewest modes"]
