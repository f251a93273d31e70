import Foundation
import Testing
import NeuralLayers
@testable import FastSampling

/// What `ConsistencyTrainer.step` regresses on, and how `consistencySample` re-noises.
///
/// The trainer's pair (x_{n+1}, x̂_n) is observed through the loss `step` returns: the test replays the step's draws
/// from a copy of its generator (a level index per row, then z), rebuilds the loss mean ‖f(x_{n+1}, σ_{n+1}) −
/// f⁻(x̂_n, σ_n)‖² with the weights before the update for each candidate x̂_n, and asks which candidate the step used.
struct ConsistencyTrainingTests {
    static let levels = NoiseLevels(minimum: 0.002, maximum: 5)
    let batch: Tensor = {
        var generator = RandomGenerator(seed: 21)
        return Tensor.normal([48, 2], using: &generator) * 0.5
    }()

    func network(_ preconditioning: Preconditioning, seed: UInt64) -> PreconditionedNetwork {
        var generator = RandomGenerator(seed: seed)
        return PreconditionedNetwork(preconditioning: preconditioning, hidden: 32, hiddenLayers: 2, using: &generator)
    }

    /// One step of a fresh trainer, replayed: the loss it returned, its levels, the replayed draws, the network before the
    /// update (model and target agree then), and a generator positioned after the step's draws.
    struct Replay {
        let loss: Double, lower: [Double], upper: [Double], z: Tensor, before: PreconditionedNetwork
        var generator: RandomGenerator

        /// The loss the step would have returned had its earlier points been `earlier`, from noisier points x₀ + σ_{n+1}z.
        func loss(batch: Tensor, earlier: Tensor) -> Double {
            let column = { (values: [Double]) in Tensor(shape: [values.count, 1], scalars: values.map(Float.init)) }
            let noisier = batch + z * column(upper)
            let difference = before(noisier, sigmas: column(upper)) - before(earlier, sigmas: column(lower))
            return Double(difference.squared().sum(alongAxis: 1).mean().scalars[0])
        }

        /// Earlier points built row by row from a rule given the row's x₀, its noise (the step's z unless `noise` is given)
        /// and its levels (σ_n, σ_{n+1}).
        func rows(batch: Tensor, noise: Tensor? = nil,
                  _ rule: (_ clean: Tensor, _ z: Tensor, _ lower: Double, _ upper: Double) -> Tensor) -> Tensor {
            let noise = noise ?? z
            return Tensor.concatenate((0..<batch.rowCount).map { row in
                rule(batch.slice(row..<(row + 1)), noise.slice(row..<(row + 1)), lower[row], upper[row])
            }, alongAxis: 0)
        }
    }

    func replayOneStep(mode: ConsistencyTrainer.Mode) throws -> Replay {
        let model = network(Preconditioning(dataStandardDeviation: 0.5, consistencyBoundary: 0.002), seed: 22)
        let before = model.copied()
        let trainer = ConsistencyTrainer(label: "CT", model: model, mode: mode, levels: Self.levels, levelCount: 10, steps: 1)
        var generator = RandomGenerator(seed: 23), replay = generator
        let loss = try trainer.step(0, batch: batch, using: &generator)
        let levels = trainer.levels
        let n = (0..<batch.rowCount).map { _ in replay.integer(below: levels.count - 1) }
        let z = Tensor.normal(batch.shape, using: &replay)
        // The replay drew exactly what the step drew: the two generators are at the same place.
        #expect(replay.next() == generator.next(), "the step's draws are no longer a level index per row, then z")
        #expect(Set(n).count > 5, "the batch should cover most level pairs")
        return Replay(loss: Double(loss), lower: n.map { levels[$0] }, upper: n.map { levels[$0 + 1] }, z: z, before: before,
                      generator: replay)
    }

    @Test func distillationTargetsOneHeunStepOfTheTeacher() throws {
        let teacher = network(Preconditioning(dataStandardDeviation: 0.5), seed: 24)
        var replay = try replayOneStep(mode: .distillation(teacher: teacher))
        let heun = replay.rows(batch: batch) { clean, z, lower, upper in
            ProbabilityFlowSolver.heun.step(clean + z * Float(upper), from: upper, to: lower, denoiser: teacher)
        }
        let correct = replay.loss(batch: batch, earlier: heun)
        #expect(abs(replay.loss - correct) <= 1e-5 * correct, "step's loss \(replay.loss), with one Heun step \(correct)")
        // (Measured: equal to the last bit.) Plausible wrong targets move the loss by far more than that tolerance: one
        // Euler step of the teacher (first order) by 3.8 %, training's x₀ + σ_n z in place of the teacher's step by 32 %,
        // and a Heun step from a fresh draw of the noise by 350 %.
        let fresh = Tensor.normal(batch.shape, using: &replay.generator)
        let wrong: [(String, Tensor)] = [
            ("Euler step", replay.rows(batch: batch) { clean, z, lower, upper in
                ProbabilityFlowSolver.euler.step(clean + z * Float(upper), from: upper, to: lower, denoiser: teacher)
            }),
            ("x₀ + σ_n z", replay.rows(batch: batch) { clean, z, lower, _ in clean + z * Float(lower) }),
            ("Heun step from fresh noise", replay.rows(batch: batch, noise: fresh) { clean, z, lower, upper in
                ProbabilityFlowSolver.heun.step(clean + z * Float(upper), from: upper, to: lower, denoiser: teacher)
            }),
        ]
        for (name, earlier) in wrong {
            let miss = abs(replay.loss(batch: batch, earlier: earlier) - correct) / correct
            #expect(miss > 100 * 1e-5, "\(name): relative change of the loss \(miss)")
        }
    }

    @Test func trainingTargetsTheEarlierLevelWithTheSameNoise() throws {
        var replay = try replayOneStep(mode: .training)
        let correct = replay.loss(batch: batch, earlier: replay.rows(batch: batch) { clean, z, lower, _ in clean + z * Float(lower) })
        #expect(abs(replay.loss - correct) <= 1e-5 * correct, "step's loss \(replay.loss), with x₀ + σ_n z \(correct)")
        // (Measured: equal to the last bit.) With a fresh z (an independent draw at σ_n) the loss moves by 160 %, with the
        // noisier point itself as the earlier one by 94 %.
        let fresh = Tensor.normal(batch.shape, using: &replay.generator)
        let wrong: [(String, Tensor)] = [
            ("fresh noise", replay.rows(batch: batch, noise: fresh) { clean, z, lower, _ in clean + z * Float(lower) }),
            ("x₀ + σ_{n+1} z", replay.rows(batch: batch) { clean, z, _, upper in clean + z * Float(upper) }),
        ]
        for (name, earlier) in wrong {
            let miss = abs(replay.loss(batch: batch, earlier: earlier) - correct) / correct
            #expect(miss > 100 * 1e-5, "\(name): relative change of the loss \(miss)")
        }
    }

    /// With F's last layer zeroed, f(x, σ) = c_skip(σ)·x exactly, so a multistep sample is a known linear combination of
    /// independent normal draws: from x = c(σ_max)·σ_max·z₀ each level τ gives x ← c(τ)(x + r(τ)z), and the variance per
    /// coordinate follows v ← c(τ)²(v + r(τ)²). A large σ_min (0.4, with τ = 1 and 0.6) makes r = √(τ² − σ_min²) and r = τ
    /// differ by far more than the sampling error.
    @Test func multistepSamplingReNoisesWithTheVarianceAboveTheBoundary() {
        let preconditioning = Preconditioning(dataStandardDeviation: 0.5, consistencyBoundary: 0.4)
        let f = network(preconditioning, seed: 25)
        let last = f.network.layers.last!
        last.weight.value = Tensor.zeros(last.weight.value.shape)
        last.bias.value = Tensor.zeros(last.bias.value.shape)
        #expect(f.denoise(batch, sigma: 0.9) == batch * Float(preconditioning.skip(0.9)))
        let (maximum, taus, boundary) = (2.0, [1.0, 0.6], preconditioning.boundary!)
        let variance = { (renoise: (Double) -> Double) -> Double in
            let start = preconditioning.skip(maximum) * maximum
            return taus.reduce(start * start) { v, tau in pow(preconditioning.skip(tau), 2) * (v + renoise(tau)) }
        }
        let expected = variance { $0 * $0 - boundary * boundary }   // 0.257
        let withTau = variance { $0 * $0 }                          // 0.396: re-noising with τ
        var generator = RandomGenerator(seed: 26)
        let samples = f.consistencySample(20_000, dimension: 2, maximum: maximum, levels: taus, using: &generator)
        let measured = Double(samples.squared().mean().scalars[0])
        // The mean of N = 40,000 squares of N(0, v) has standard error v·√(2/N), 0.7 % of v; five of them are allowed.
        let tolerance = 5 * expected * (2.0 / 40_000).squareRoot()
        #expect(abs(measured - expected) <= tolerance, "variance \(measured), expected \(expected) ± \(tolerance)")
        // Measured 0.2565 against 0.2574 ± 0.0091; re-noising with τ would give 0.396, 15 tolerances away.
        #expect(abs(withTau - expected) > 10 * tolerance, "re-noising with τ gives \(withTau)")
    }
}
