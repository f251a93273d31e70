import Foundation
import NeuralLayers
import Training

// listing: progressive-distillation
/// Progressive distillation (Salimans & Ho 2022): a student learns to take in one deterministic
/// DDIM step what its teacher takes in two, so that N steps become N/2; the student then teaches
/// the next student, and so on down to one step.
///
/// For x = x₀ + σz at a student level σ with next level σ', the teacher steps σ → σ_mid → σ'
/// (σ_mid the teacher's level between them) and lands at x''. One DDIM step x' = D + (σ'/σ)(x − D)
/// lands there too exactly when its denoised point is
///
///   D̃ = (x'' − (σ'/σ)·x) / (1 − σ'/σ),
///
/// which is the student's regression target: loss = mean of λ(σ)‖D_student(x, σ) − D̃‖², with the
/// teacher's weighting λ = 1/c_out². At σ' = 0 the target is x'' itself.
public final class ProgressiveDistillation {
    public let student: PreconditionedNetwork, teacher: PreconditionedNetwork
    /// The teacher's levels, from σ_max down to 0; their count minus one must be even.
    public let teacherLevels: [Double]
    public let trainer: Trainer

    /// Every other teacher level, first and last kept: the student's levels.
    public static func halve(_ levels: [Double]) -> [Double] {
        require((levels.count - 1) % 2 == 0, "Halving needs an even number of steps, got \(levels.count - 1).")
        return stride(from: 0, to: levels.count, by: 2).map { levels[$0] }
    }

    /// A student initialised from the teacher's weights.
    /// How the teacher takes each of its steps: Euler (DDIM) as in the paper, or the midpoint step for a more accurate start.
    public let teacherSolver: ProbabilityFlowSolver

    public init(label: String = "student", teacher: PreconditionedNetwork, teacherLevels: [Double], steps: Int, learningRate: Float = 1e-3,
                teacherSolver: ProbabilityFlowSolver = .euler) {
        require(teacherLevels.last == 0 && (teacherLevels.count - 1) % 2 == 0, "The teacher's levels must end at 0 after an even number of steps.")
        self.teacher = teacher
        self.teacherLevels = teacherLevels
        self.teacherSolver = teacherSolver
        student = teacher.copied()
        trainer = Trainer(label: label, parameters: student.parameters, steps: steps,
                          optimizer: Adam(parameters: student.parameters, learningRate: learningRate), schedule: .cosine(floor: 0.05))
    }

    public var studentLevels: [Double] { Self.halve(teacherLevels) }

    /// The target D̃ for each row of `x` at student step `index[row]` (levels σ = s_i → σ' = s_{i+1}).
    public func targets(_ x: Tensor, steps index: [Int]) -> (sigmas: Tensor, target: Tensor) {
        let column = { (values: [Double]) in Tensor(shape: [values.count, 1], scalars: values.map(Float.init)) }
        let sigma = column(index.map { teacherLevels[2 * $0] }), middle = column(index.map { teacherLevels[2 * $0 + 1] })
        let next = column(index.map { teacherLevels[2 * $0 + 2] })
        let teacherStep = { (points: Tensor, from: Tensor, to: Tensor) -> Tensor in
            switch self.teacherSolver {
            case .euler: return self.teacher.eulerStep(points, from: from, to: to)
            case .heun: return self.teacher.heunStep(points, from: from, to: to)
            case .midpoint: return self.teacher.midpointStep(points, from: from, to: to)
            }
        }
        let landed = teacherStep(teacherStep(x, sigma, middle), middle, next)
        let ratio = next / sigma
        return (sigma, (landed - x * ratio) / (1 - ratio))
    }

    /// One step on clean points `batch`: a student step drawn uniformly per row, noise at its level.
    @discardableResult
    public func step(_ step: Int, batch: Tensor, using generator: inout RandomGenerator) throws -> Float {
        let index = (0..<batch.rowCount).map { _ in generator.integer(below: studentLevels.count - 1) }
        let sigmas = Tensor(shape: [batch.rowCount, 1], scalars: index.map { Float(teacherLevels[2 * $0]) })
        let x = batch + Tensor.normal(batch.shape, using: &generator) * sigmas
        let target = targets(x, steps: index).target
        let weights = sigmas.map { Float(1 / student.preconditioning.output(Double($0))) }
        return try trainer.step(step) { tape in ((student(tape.constant(x), sigmas: sigmas) - target) * weights).squared().sum(alongAxis: 1).mean() }
    }
}
// end listing
