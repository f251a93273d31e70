import Distributions
import FastSampling
import Foundation
import Metrics
import Notebook
import TensorCore

// Scratch: timings and numbers for the design of chapter 14.
let chapter = Chapter(number: 14, title: "Fast sampling", summary: "scratch")
let env = ProcessInfo.processInfo.environment
let teacherSteps = Int(env["TEACHER"] ?? "4000")!
let mixture = GaussianMixture2D.ring(modes: 8, radius: 0.7, spread: 0.04)
var random = RandomGenerator(seed: 1)
let data = mixture.sample(20_000, using: &random)
print("σ_data per coordinate", Double(data.squared().mean().scalars[0]).squareRoot())
let levels = NoiseLevels()
func quality(_ name: String, _ nfe: Int, _ sample: (inout RandomGenerator) -> Tensor) {
    var g = RandomGenerator(seed: 99)
    let q = MixtureSampleQuality(of: mixture, repeats: 5, referenceCount: 2_000, radius: 0.12, using: &g, sample: sample)
    print(name, "NFE", nfe, "SW2", formatNumber(q.slicedWasserstein.mean, digits: 3), "±", formatNumber(q.slicedWasserstein.spread, digits: 2), "width", formatNumber(q.modeWidth.mean, digits: 3), "modes", q.fewestModesCovered)
}
quality("data", 0) { g in mixture.sample(2_000, using: &g) }
let exact = ExactDenoiser(data: mixture)
for solver in ProbabilityFlowSolver.allCases {
    for n in [2, 4, 8, 16] {
        let sigmas = levels.levels(n + 1) + [0]
        quality("exact \(solver)", solver.evaluations(levels: sigmas.count, endsAtZero: true)) { g in solver.solve(Tensor.normal([2_000, 2], using: &g) * 80, sigmas: sigmas, denoiser: exact) }
    }
}
var initial = RandomGenerator(seed: 2)
let teacher = PreconditionedNetwork(preconditioning: Preconditioning(dataStandardDeviation: 0.5), using: &initial)
let trainer = DenoiserTrainer(model: teacher, steps: teacherSteps)
var start = Date()
for step in 0..<teacherSteps { try trainer.step(step, batch: data.randomRows(256, using: &random), using: &random) }
print("teacher", Date().timeIntervalSince(start), "s")
for solver in ProbabilityFlowSolver.allCases {
    for n in [2, 4, 8, 16, 32] {
        let sigmas = levels.levels(n + 1) + [0]
        quality("teacher \(solver)", solver.evaluations(levels: sigmas.count, endsAtZero: true)) { g in solver.solve(Tensor.normal([2_000, 2], using: &g) * 80, sigmas: sigmas, denoiser: teacher) }
    }
}

// Progressive distillation: teacher 16 Euler steps (the last to 0) → 8 → 4 → 2 → 1.
var pdTeacher = teacher, pdLevels = levels.levels(16) + [0]
start = Date()
while pdLevels.count > 2 {
    let pd = ProgressiveDistillation(teacher: pdTeacher, teacherLevels: pdLevels, steps: Int(env["PD"] ?? "1500")!)
    for step in 0..<pd.trainer.steps { try pd.step(step, batch: data.randomRows(256, using: &random), using: &random) }
    pdTeacher = pd.student
    pdLevels = pd.studentLevels
    let model = pdTeacher, sigmas = pdLevels
    quality("PD student", sigmas.count - 1) { g in ProbabilityFlowSolver.euler.solve(Tensor.normal([2_000, 2], using: &g) * 80, sigmas: sigmas, denoiser: model) }
}
print("PD", Date().timeIntervalSince(start), "s")

// Consistency distillation and training.
for mode in ["CD", "CT"] {
    var g = RandomGenerator(seed: 5)
    let model = PreconditionedNetwork(preconditioning: Preconditioning(dataStandardDeviation: 0.5, consistencyBoundary: 0.002), using: &g)
    for (target, source) in zip(model.parameters, teacher.parameters) where mode == "CD" { target.value = source.value }
    let steps = Int(env["CM"] ?? "3000")!
    let cm = ConsistencyTrainer(label: mode, model: model, mode: mode == "CD" ? .distillation(teacher: teacher) : .training, levels: levels,
                                levelCount: Int(env["N"] ?? "18")!, steps: steps, targetDecay: Float(env["MU"] ?? "0.95")!)
    start = Date()
    for step in 0..<steps { try cm.step(step, batch: data.randomRows(256, using: &random), using: &random) }
    print(mode, Date().timeIntervalSince(start), "s")
    for taus in [[], [0.8], [2.0, 0.8, 0.2]] as [[Double]] {
        quality(mode, 1 + taus.count) { g in model.consistencySample(2_000, dimension: 2, maximum: 80, levels: taus, using: &g) }
    }
}

// Rectified flow and reflow.
var g = RandomGenerator(seed: 6)
let flow = VelocityNetwork(using: &g)
let rfSteps = Int(env["RF"] ?? "4000")!
let rf = RectifiedFlowTrainer(label: "RF", model: flow, steps: rfSteps)
start = Date()
for step in 0..<rfSteps { try rf.step(step, noise: Tensor.normal([256, 2], using: &random) * 0.5, data: data.randomRows(256, using: &random), using: &random) }
print("RF", Date().timeIntervalSince(start), "s", "straightness", flow.straightness(Tensor.normal([2_000, 2], using: &random) * 0.5, steps: 100))
for n in [1, 2, 4, 8, 16] { quality("RF", n) { g in flow.transport(Tensor.normal([2_000, 2], using: &g) * 0.5, steps: n).end } }
let pairsNoise = Tensor.normal([20_000, 2], using: &random) * 0.5
let pairsData = flow.transport(pairsNoise, steps: 100).end
var g2 = RandomGenerator(seed: 7)
let reflowed = VelocityNetwork(using: &g2)
for (target, source) in zip(reflowed.parameters, flow.parameters) { target.value = source.value }
let reflow = RectifiedFlowTrainer(label: "reflow", model: reflowed, steps: rfSteps)
for step in 0..<rfSteps {
    let rows = (0..<256).map { _ in random.integer(below: 20_000) }
    try reflow.step(step, noise: pairsNoise.gatherRows(rows), data: pairsData.gatherRows(rows), using: &random)
}
print("reflow straightness", reflowed.straightness(Tensor.normal([2_000, 2], using: &random) * 0.5, steps: 100))
for n in [1, 2, 4, 8, 16] { quality("reflow", n) { g in reflowed.transport(Tensor.normal([2_000, 2], using: &g) * 0.5, steps: n).end } }
