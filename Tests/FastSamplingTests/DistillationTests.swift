import Foundation
import Testing
import TensorCore
import NeuralLayers
@testable import FastSampling

/// Properties that hold for any weights: so they are tested on untrained networks.
struct DistillationTests {
    func network(_ preconditioning: Preconditioning, seed: UInt64) -> PreconditionedNetwork {
        var generator = RandomGenerator(seed: seed)
        return PreconditionedNetwork(preconditioning: preconditioning, hidden: 32, hiddenLayers: 2, using: &generator)
    }
    let points: Tensor = {
        var generator = RandomGenerator(seed: 3)
        return Tensor.normal([40, 2], using: &generator)
    }()

    @Test func aStudentStepToTheTargetLandsWhereTheTeachersTwoStepsLand() {
        let teacher = network(Preconditioning(dataStandardDeviation: 0.5), seed: 1)
        let levels = NoiseLevels(minimum: 0.002, maximum: 5).levels(8) + [0]   // 8 steps
        let distillation = ProgressiveDistillation(teacher: teacher, teacherLevels: levels, steps: 1)
        let index = (0..<points.rowCount).map { $0 % 4 }
        let (sigmas, target) = distillation.targets(points, steps: index)
        for row in 0..<points.rowCount {
            let i = index[row], (sigma, middle, next) = (levels[2 * i], levels[2 * i + 1], levels[2 * i + 2])
            let x = points.slice(row..<(row + 1))
            let teacherLanding = ProbabilityFlowSolver.euler.solve(x, sigmas: [sigma, middle, next], denoiser: teacher)
            let studentLanding = target.slice(row..<(row + 1)) + (x - target.slice(row..<(row + 1))) * Float(next / sigma)
            #expect((teacherLanding - studentLanding).abs().max() < 1e-4 * max(1, teacherLanding.abs().max()))
            #expect(sigmas.scalars[row] == Float(sigma))
        }
        #expect(ProgressiveDistillation.halve(levels) == [levels[0], levels[2], levels[4], levels[6], levels[8]])
    }

    @Test func theConsistencyFormIsExactlyTheIdentityAtTheBoundary() {
        let f = network(Preconditioning(dataStandardDeviation: 0.5, consistencyBoundary: 0.002), seed: 2)
        #expect(f.denoise(points, sigma: 0.002) == points)
        #expect(f.denoise(points, sigma: 0.5) != points)
    }

    @Test func rowwiseStepsAgreeWithTheSolversAtOneLevel() {
        let teacher = network(Preconditioning(dataStandardDeviation: 0.5), seed: 4)
        let (from, to) = (Tensor.full([40, 1], 0.8), Tensor.full([40, 1], 0.3))
        #expect((teacher.eulerStep(points, from: from, to: to) - ProbabilityFlowSolver.euler.step(points, from: 0.8, to: 0.3, denoiser: teacher)).abs().max() < 1e-6)
        #expect((teacher.heunStep(points, from: from, to: to) - ProbabilityFlowSolver.heun.step(points, from: 0.8, to: 0.3, denoiser: teacher)).abs().max() < 1e-5)
        #expect((teacher.midpointStep(points, from: from, to: to) - ProbabilityFlowSolver.midpoint.step(points, from: 0.8, to: 0.3, denoiser: teacher)).abs().max() < 1e-5)
        let toZero = Tensor.zeros([40, 1])
        #expect(teacher.midpointStep(points, from: from, to: toZero) == teacher.denoise(points, sigma: 0.8))
        #expect(teacher.heunStep(points, from: from, to: toZero) == teacher.denoise(points, sigma: 0.8))
    }

    @Test func aCopyComputesTheSameFunctionAndIsIndependent() {
        let original = network(Preconditioning(dataStandardDeviation: 0.5), seed: 5)
        let copy = original.copied()
        #expect(copy.denoise(points, sigma: 0.7) == original.denoise(points, sigma: 0.7))
        copy.parameters[0].value = copy.parameters[0].value * 2
        #expect(copy.denoise(points, sigma: 0.7) != original.denoise(points, sigma: 0.7))
    }

    @Test func theTargetNetworkIsTheMovingAverageOfTheModel() throws {
        let model = network(Preconditioning(dataStandardDeviation: 0.5, consistencyBoundary: 0.002), seed: 6)
        let trainer = ConsistencyTrainer(label: "CT", model: model, mode: .training, levels: NoiseLevels(minimum: 0.002, maximum: 5), levelCount: 10,
                                         steps: 2, targetDecay: 0.9)
        let before = trainer.target.parameters.map(\.value)
        var generator = RandomGenerator(seed: 7)
        try trainer.step(0, batch: points * 0.5, using: &generator)
        for (index, parameter) in trainer.target.parameters.enumerated() {
            let expected = before[index] * 0.9 + model.parameters[index].value * 0.1
            #expect((parameter.value - expected).abs().max() < 1e-6)
        }
        #expect(trainer.levels.first == 0.002 && trainer.levels.last == 5)
    }

    @Test func aConstantVelocityFieldIsPerfectlyStraight() {
        var generator = RandomGenerator(seed: 8)
        let flow = VelocityNetwork(hidden: 16, hiddenLayers: 1, using: &generator)
        let last = flow.network.layers.last!
        last.weight.value = Tensor.zeros(last.weight.value.shape)
        last.bias.value = Tensor([2, -1])
        #expect(flow.straightness(points, steps: 10).max()! < 1e-10)
        let (end, velocities) = flow.transport(points, steps: 4)
        #expect(velocities.count == 4 && (end - points - Tensor([2, -1])).abs().max() < 1e-5)
    }
}

/// Song et al.'s consistency-training schedule, worked by hand.
struct CurriculumTests {
    @Test func levelsGrowFromTheInitialToTheFinalCountAndTheDecayFollows() {
        let curriculum = ConsistencyTrainer.Curriculum(initialLevels: 2, finalLevels: 150, initialDecay: 0.9)
        #expect(curriculum.levelCount(step: 0, of: 1_000) == 2)            // ⌈√4 − 1⌉ + 1
        #expect(curriculum.levelCount(step: 1_000, of: 1_000) == 151)      // ⌈√(151²) − 1⌉ + 1
        // Halfway: √(½(151² − 4) + 4) = 106.78…, minus 1, ceiling 106, plus 1.
        #expect(curriculum.levelCount(step: 500, of: 1_000) == 107)
        #expect(abs(Double(curriculum.targetDecay(levels: 2)) - 0.9) < 1e-6)
        #expect(abs(Double(curriculum.targetDecay(levels: 151)) - exp(2 * log(0.9) / 151)) < 1e-6)
    }

    /// Over a whole run the count never falls, runs from s₀ to s₁ + 1 and takes every value in between (it grows by at most
    /// one level a step here); the decay rises with the count. A schedule without the square root, s₀² + k/K·(…), would
    /// overshoot s₁ + 1 at once.
    @Test func theScheduleIsMonotoneOverARun() {
        let curriculum = ConsistencyTrainer.Curriculum(initialLevels: 10, finalLevels: 40, initialDecay: 0.95)
        let counts = (0...2_000).map { curriculum.levelCount(step: $0, of: 2_000) }
        #expect(counts.first == 10 && counts.last == 41)
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $1 == $0 || $1 == $0 + 1 })
        #expect(Set(counts) == Set(10...41))
        let decays = (10...41).map { curriculum.targetDecay(levels: $0) }
        #expect(abs(Double(decays[0]) - 0.95) < 1e-6)
        #expect(zip(decays, decays.dropFirst()).allSatisfy { $1 > $0 } && decays.last! < 1)
    }
}
