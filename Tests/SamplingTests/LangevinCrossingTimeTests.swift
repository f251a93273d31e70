import Foundation
import Testing
import Distributions
import Sampling
import TensorCore

/// The exact crossing time of the grid ULA chain, against independent references: a
/// Python/SciPy computation of the same chain (research note for issue 10, grid h =
/// 0.0125 and its h → 0 extrapolation), the diffusion's first-passage integral as ε → 0,
/// and a simulation of the counting rule itself.
@Suite struct LangevinCrossingTimeTests {
    static func mixture(_ mu: Double) -> GaussianMixture1D {
        GaussianMixture1D(weights: [0.5, 0.5], means: [-mu, mu], standardDeviations: [0.5, 0.5])
    }

    static func exactChain(_ mu: Double, stepSize: Double = 0.05, binWidth: Double = 0.0125, margin: Double = 4) throws -> LangevinCrossingTime {
        let target = mixture(mu)
        return try LangevinCrossingTime(score: { target.score($0) }, stepSize: stepSize, threshold: mu / 2,
                                        range: (-mu - margin)...(mu + margin), binWidth: binWidth)
    }

    /// s = 0.5, ε = 0.05: stationary steps per crossing at h = 0.0125 (67.939, 156.926, 419.641,
    /// 1394.752 in the reference) and within the O(h²) grid error of the h → 0 values
    /// (67.948, 156.978, 419.891, 1396.06); from x₀ = −μ over 8,000 steps the reference gives
    /// 67.989, 157.148, 420.508, 1398.586.
    @Test(arguments: [(0.75, 67.939, 67.948, 67.989), (1.0, 156.926, 156.978, 157.148),
                      (1.25, 419.641, 419.891, 420.508), (1.5, 1394.752, 1396.055, 1398.586)])
    func stepsPerCrossingMatchTheReferenceComputation(mu: Double, atThisGrid: Double, extrapolated: Double, fromStart: Double) throws {
        let chain = try Self.exactChain(mu)
        #expect(abs(chain.stepsPerCrossing - atThisGrid) < 1e-3 + 1e-5 * atThisGrid, "μ = \(mu): \(chain.stepsPerCrossing)")
        #expect(abs(chain.stepsPerCrossing / extrapolated - 1) < 1e-3)
        let started = chain.stepsPerCrossing(steps: 8_000, from: -mu)
        #expect(abs(started / fromStart - 1) < 1e-3, "μ = \(mu): from −μ \(started) vs \(fromStart)")
        #expect(started > chain.stepsPerCrossing, "a chain started in a mode crosses less often at first")
        // The grid chain's stationary law is a probability vector.
        #expect(abs(chain.stationaryProbabilities.reduce(0, +) - 1) < 1e-10)
        #expect(chain.stationaryProbabilities.allSatisfy { $0 > -1e-12 })
    }

    /// As ε → 0 the chain's crossing time in diffusion time, steps·ε/2, tends to the
    /// first-passage value ½∫dy/p(y); the gap shrinks like √ε (the chain checks the sides only
    /// at its steps), so quartering ε halves it.
    @Test func smallStepsApproachTheDiffusionFirstPassageTime() throws {
        let target = Self.mixture(1)
        let diffusion = LangevinCrossingTime.diffusionCrossingTime(logDensity: { target.logDensity($0) }, threshold: 0.5)
        #expect(abs(diffusion - 3.403399) < 1e-6, "½∫dy/p = \(diffusion); nested quadrature gives 3.403399")
        let gaps = try [(0.02, 0.01), (0.005, 0.005)].map { epsilon, width -> Double in
            let chain = try Self.exactChain(1, stepSize: epsilon, binWidth: width, margin: 2.5)
            return chain.stepsPerCrossing * epsilon / 2 / diffusion - 1
        }
        #expect(gaps[1] > 0 && gaps[1] < 0.06, "relative gap at ε = 0.005: \(gaps[1])")
        #expect(abs(gaps[0] / gaps[1] - 2) < 0.1, "gap ratio \(gaps[0] / gaps[1]) for a 4× smaller ε")
    }

    /// The simulated counting rule agrees with the exact chain (4 SE, SE from per-chain counts),
    /// and a counter that forgets the side (counting every step beyond ±a) does not.
    @Test func simulatedCrossingsAgreeWithTheExactChain() throws {
        let mu = 0.75, target = Self.mixture(mu)
        let exact = try Self.exactChain(mu).stepsPerCrossing(steps: 4_000, from: -mu)
        var generator = RandomGenerator(seed: 41)
        let crossings = ModeCrossings(start: Tensor.full([400], Float(-mu)), score: { target.score($0) }, stepSize: 0.05,
                                      steps: 4_000, threshold: mu / 2, using: &generator)
        #expect(abs(crossings.stepsPerCrossing - exact) < 4 * crossings.standardError,
                "\(crossings.stepsPerCrossing) ± \(crossings.standardError) vs \(exact)")
        // Poisson-like counts: the relative SE is close to 1/√C.
        let poisson = crossings.stepsPerCrossing / Double(crossings.totalCrossings).squareRoot()
        #expect(crossings.standardError > 0.8 * poisson && crossings.standardError < 1.3 * poisson)
    }
}
