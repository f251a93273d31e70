import Foundation
import Testing
@testable import DiffusionModels
import Statistics
import TensorCore

/// Ancestral sampling with exact predictors, whose output laws are known.
@Suite struct SamplerTests {
    let mean = [1.0, -0.5], deviation = 0.5

    /// A predictor with the sign of ε̂ flipped: the plausible slip of subtracting instead of adding.
    struct Flipped: NoisePredictor {
        let base: GaussianDataDenoiser
        var dataDimension: Int { base.dataDimension }
        var schedule: DiffusionSchedule { base.schedule }
        var nullLabel: Int? { base.nullLabel }
        func predictNoise(_ noisy: Tensor, timesteps: [Int], labels: [Int]?) -> Tensor {
            -base.predictNoise(noisy, timesteps: timesteps, labels: labels)
        }
    }

    /// A predictor that records the timesteps it is called at.
    final class Recording: NoisePredictor {
        let base: GaussianDataDenoiser
        var calls: [Int] = []
        init(_ base: GaussianDataDenoiser) { self.base = base }
        var dataDimension: Int { base.dataDimension }
        var schedule: DiffusionSchedule { base.schedule }
        var nullLabel: Int? { base.nullLabel }
        func predictNoise(_ noisy: Tensor, timesteps: [Int], labels: [Int]?) -> Tensor {
            calls.append(timesteps[0])
            return base.predictNoise(noisy, timesteps: timesteps, labels: labels)
        }
    }

    /// Whether the sample's column means and variances are within 4 standard errors of a law.
    func matches(_ samples: Tensor, _ law: [(mean: Double, variance: Double)]) -> Bool {
        let columns = columnSummaries(of: samples)
        return zip(columns, law).allSatisfy { column, target in
            abs(column.mean - target.mean) < 4 * (target.variance / Double(column.count)).squareRoot()
                && abs(column.variance - target.variance) < 4 * normalVarianceStandardError(variance: target.variance, count: column.count)
        }
    }

    /// With the exact ε̂ the sampler's output matches its exact law (a recursion of affine
    /// Gaussian steps) for the full schedule and for respacings, with either variance. On the
    /// full 1,000 steps with σ² = β that law is the data law to 0.3%, so the sample reproduces
    /// N(m, s²I); with few steps it is not (the sampler's own error, shown against K below).
    @Test(arguments: ReverseVariance.allCases)
    func exactPredictorSamplesFollowTheExactOutputLaw(variance: ReverseVariance) {
        let original = DiffusionSchedule.linear()
        let denoiser = GaussianDataDenoiser(mean: mean, standardDeviation: deviation, schedule: original)
        var generator = RandomGenerator(seed: 21)
        let n = 20_000
        for schedule in [original, original.respaced(steps: 50), original.respaced(steps: 10)] {
            let sampler = AncestralSampler(schedule: schedule, variance: variance)
            let run = sampler.sample(model: denoiser, count: n, using: &generator)
            #expect(run.networkEvaluations == schedule.steps)
            let law = denoiser.ancestralOutputLaw(sampler: sampler)
            #expect(matches(run.samples, law), "\(schedule.name), \(variance): \(columnSummaries(of: run.samples)) vs \(law)")
            #expect(!matches(Flipped(base: denoiser).sampleOnce(sampler, n, &generator), law))
        }
        let full = AncestralSampler.sample(model: denoiser, schedule: original, count: n, variance: .beta, using: &generator)
        #expect(matches(full.samples, mean.map { ($0, deviation * deviation) }))
    }

    /// The sampler's variance error with the exact ε̂ shrinks as the number of steps grows,
    /// and the mean is exact at every K (ε̂ is unbiased, so the mean recursion is exact).
    @Test func outputLawApproachesTheDataLawAsStepsGrow() {
        let original = DiffusionSchedule.linear()
        let denoiser = GaussianDataDenoiser(mean: mean, standardDeviation: deviation, schedule: original)
        for variance in ReverseVariance.allCases {
            let errors = [10, 50, 200, 1_000].map { count in
                let law = denoiser.ancestralOutputLaw(sampler: AncestralSampler(schedule: original.respaced(steps: count), variance: variance))
                #expect(abs(law[0].mean - 1) < 1e-4)
                return abs(law[0].variance - deviation * deviation)
            }
            #expect(zip(errors, errors.dropFirst()).allSatisfy { $0 > $1 }, "\(variance): \(errors)")
            #expect(errors.last! < 0.02 * deviation * deviation)
        }
    }

    /// Guidance with exact class-conditional Gaussian predictors: ε̃ = (1 + w)ε̂_y − wε̂_∅ is the
    /// exact predictor of the mean m_y + w(m_y − m_∅), so samples centre there.
    @Test func guidanceExtrapolatesAwayFromTheNullMean() {
        let original = DiffusionSchedule.linear(steps: 200)
        let denoiser = GaussianDataDenoiser(classMeans: [[1, 0], [-1, 0.5]], nullMean: [0, 0.25], standardDeviation: 0.5, schedule: original)
        var generator = RandomGenerator(seed: 22)
        let sampler = AncestralSampler(schedule: original, variance: .beta, guidance: 2)
        let run = sampler.sample(model: denoiser, count: 20_000, labels: Array(repeating: 0, count: 20_000), using: &generator)
        #expect(run.networkEvaluations == 400)
        let law = denoiser.ancestralOutputLaw(sampler: sampler, label: 0)
        #expect(matches(run.samples, law), "\(columnSummaries(of: run.samples)) vs \(law)")
        #expect(abs(law[0].mean - 3) < 1e-3 && abs(law[1].mean + 0.5) < 1e-3)
    }

    /// Guidance scale 0 is conditional sampling: the same samples from the same seed, one
    /// evaluation per step; and the batched guided ε̃ at w = 0 is the conditional ε̂ exactly.
    @Test func zeroGuidanceEqualsConditionalSampling() {
        let original = DiffusionSchedule.linear(steps: 100)
        let denoiser = GaussianDataDenoiser(classMeans: [[1, 0], [-1, 0.5]], nullMean: [0, 0.25], standardDeviation: 0.5, schedule: original)
        let labels = [0, 1, 1, 0, 1]
        var first = RandomGenerator(seed: 23), second = RandomGenerator(seed: 23)
        let guided = AncestralSampler.sample(model: denoiser, schedule: original, count: 5, labels: labels, guidance: 0, using: &first)
        let plain = AncestralSampler(schedule: original).sample(model: denoiser, count: 5, labels: labels, using: &second)
        #expect(guided.samples == plain.samples && guided.networkEvaluations == 100)
        let x = Tensor.normal([5, 2], using: &first)
        #expect(AncestralSampler(schedule: original).guidedNoise(model: denoiser, x: x, timestep: 30, labels: labels)
                == denoiser.predictNoise(x, timestep: 30, labels: labels))
    }

    /// A respaced sampler calls the network at the original timesteps τ_K, …, τ₁, and keeps
    /// snapshots every `keepEvery` steps from x_T to x₀.
    @Test func respacedSamplerUsesNetworkTimestepsAndKeepsSnapshots() {
        let original = DiffusionSchedule.cosine(steps: 100)
        let recording = Recording(GaussianDataDenoiser(mean: mean, standardDeviation: deviation, schedule: original))
        let schedule = original.respaced(steps: 12)
        var generator = RandomGenerator(seed: 24)
        let run = AncestralSampler.sample(model: recording, schedule: schedule, count: 3, keepEvery: 4, using: &generator)
        #expect(recording.calls == schedule.networkTimesteps.reversed())
        #expect(run.snapshots.map(\.t) == [100, schedule.networkTimestep(8), schedule.networkTimestep(4), 0])
        #expect(run.snapshots.last!.x == run.samples)
    }
}

extension SamplerTests.Flipped {
    func sampleOnce(_ sampler: AncestralSampler, _ count: Int, _ generator: inout RandomGenerator) -> Tensor {
        sampler.sample(model: self, count: count, using: &generator).samples
    }
}

/// Clipping x̂₀: a range wider than anything the chain visits changes nothing (up to rounding,
/// the posterior-mean route and μ_θ are the same number), and a narrow one confines the samples.
@Test func clippingTheDenoisedEstimateBoundsTheSamples() {
    let original = DiffusionSchedule.cosine(steps: 100)
    let denoiser = GaussianDataDenoiser(mean: [1, -0.5], standardDeviation: 0.5, schedule: original)
    var first = RandomGenerator(seed: 25), second = RandomGenerator(seed: 25), third = RandomGenerator(seed: 25)
    let plain = AncestralSampler.sample(model: denoiser, schedule: original, count: 500, using: &first).samples
    let wide = AncestralSampler.sample(model: denoiser, schedule: original, count: 500, denoisedRange: -1_000...1_000, using: &second).samples
    #expect(zip(plain.scalars, wide.scalars).allSatisfy { abs($0 - $1) < 1e-3 })
    let narrow = AncestralSampler.sample(model: denoiser, schedule: original, count: 500, denoisedRange: -0.25...0.25, using: &third).samples
    #expect(narrow.scalars.allSatisfy { abs($0) <= 0.25 })
}
