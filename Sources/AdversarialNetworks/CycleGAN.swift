import Foundation
import TensorCore
import Autodiff
import NeuralLayers

// listing: cycle-gan
/// The adversarial term each direction of a CycleGAN plays, on a discriminator's raw output a.
public enum CycleAdversarialLoss: Sendable, Equatable, CaseIterable {
    /// The original GAN's binary cross-entropy on logits: the discriminator minimises
    /// E softplus(−a(real)) + E softplus(a(fake)), the generator the non-saturating
    /// E softplus(−a(fake)) (see `GeneratorLoss.nonSaturating`).
    case nonSaturating
    /// The least-squares GAN (Mao et al. 2017) that Zhu et al. (2017) use: the discriminator
    /// minimises ½[E (a(real) − 1)² + E a(fake)²], the generator E (a(fake) − 1)².
    case leastSquares

    /// The discriminator's loss on its outputs for real and for translated rows.
    public func discriminatorLoss(realOutputs: Variable, fakeOutputs: Variable) -> Variable {
        switch self {
        case .nonSaturating: return Variable.discriminatorLoss(realLogits: realOutputs, fakeLogits: fakeOutputs)
        case .leastSquares: return 0.5 * ((realOutputs - 1).squared().mean() + fakeOutputs.squared().mean())
        }
    }

    /// The generator's loss on the discriminator's outputs for its translated rows.
    public func generatorLoss(fakeOutputs: Variable) -> Variable {
        switch self {
        case .nonSaturating: return GeneratorLoss.nonSaturating(fakeLogits: fakeOutputs)
        case .leastSquares: return (fakeOutputs - 1).squared().mean()
        }
    }
}

/// The weights of a CycleGAN's generator objective.
public struct CycleGANObjective: Sendable, Equatable {
    /// The adversarial loss of both directions.
    public let adversarial: CycleAdversarialLoss
    /// λ_cyc, the weight of the cycle-consistency loss (10 in Zhu et al.; 0 turns it off).
    public let cycleWeight: Float
    /// λ_id, the weight of the identity loss E‖G(y) − y‖₁ + E‖F(x) − x‖₁ (Zhu et al. use
    /// 0.5·λ_cyc for photo ↔ painting; 0 turns it off). Needs X and Y of one size.
    public let identityWeight: Float

    public init(adversarial: CycleAdversarialLoss = .leastSquares, cycleWeight: Float = 10, identityWeight: Float = 0) {
        require(cycleWeight >= 0 && cycleWeight.isFinite, "λ_cyc must be finite and non-negative, got \(cycleWeight).")
        require(identityWeight >= 0 && identityWeight.isFinite, "λ_id must be finite and non-negative, got \(identityWeight).")
        self.adversarial = adversarial
        self.cycleWeight = cycleWeight
        self.identityWeight = identityWeight
    }
}

/// The terms of the generators' objective on one pair of batches, recorded on one tape.
public struct CycleGANGeneratorTerms {
    /// The adversarial loss of G: X → Y against D_Y.
    public let adversarialXY: Variable
    /// The adversarial loss of F: Y → X against D_X.
    public let adversarialYX: Variable
    /// The unweighted cycle loss E‖F(G(x)) − x‖₁ + E‖G(F(y)) − y‖₁.
    public let cycle: Variable
    /// The unweighted identity loss E‖G(y) − y‖₁ + E‖F(x) − x‖₁, or nil when λ_id = 0.
    public let identity: Variable?
    /// adversarialXY + adversarialYX + λ_cyc·cycle + λ_id·identity: what G and F minimise.
    public let total: Variable
    /// F(G(x)) and G(F(y)), the round trips of the two batches.
    public let roundTripX: Variable
    public let roundTripY: Variable
}

/// CycleGAN (Zhu et al. 2017): translation between two domains X and Y from *unpaired*
/// samples. Two generators, G: X → Y and F: Y → X, each play a GAN against a discriminator
/// of its target domain (D_Y judges G(x) against real y, D_X judges F(y) against real x).
/// The adversarial terms alone only ask that G push p_X onto p_Y as a whole; any of the many
/// maps that do so will satisfy them, and G and F need not be related. The cycle-consistency
/// loss
///
///   L_cyc = E_x ‖F(G(x)) − x‖₁ + E_y ‖G(F(y)) − y‖₁
///
/// asks that each be (approximately) the other's inverse, which removes most of that freedom.
/// Here ‖·‖₁ is the sum of absolute differences over an example's coordinates, averaged over
/// the batch. All four networks are MLPs; the discriminators output one raw score per row.
public final class CycleGAN {
    /// The sizes of an x and of a y.
    public let xSize: Int
    public let ySize: Int
    /// G: X → Y.
    public let generatorXY: MLP
    /// F: Y → X.
    public let generatorYX: MLP
    /// D_X: x ↦ score (is this a real x?).
    public let discriminatorX: MLP
    /// D_Y: y ↦ score (is this a real y?).
    public let discriminatorY: MLP

    /// - Parameters:
    ///   - xSize, ySize: the dimensions of the two domains.
    ///   - generatorHidden, discriminatorHidden: widths of the hidden layers of the MLPs.
    ///   - generatorActivation, discriminatorActivation: between layers (choose smooth ones,
    ///     e.g. `.tanh` or `.silu`, for finite-difference checks).
    public init(xSize: Int, ySize: Int, generatorHidden: [Int], discriminatorHidden: [Int],
                generatorActivation: Activation = .relu, discriminatorActivation: Activation = .leakyRelu(slope: 0.2),
                using generator: inout RandomGenerator) {
        require(xSize > 0 && ySize > 0, "A CycleGAN needs positive domain sizes, got \(xSize) and \(ySize).")
        self.xSize = xSize
        self.ySize = ySize
        generatorXY = MLP(sizes: [xSize] + generatorHidden + [ySize], activation: generatorActivation, name: "G", using: &generator)
        generatorYX = MLP(sizes: [ySize] + generatorHidden + [xSize], activation: generatorActivation, name: "F", using: &generator)
        discriminatorX = MLP(sizes: [xSize] + discriminatorHidden + [1], activation: discriminatorActivation, name: "D_X", using: &generator)
        discriminatorY = MLP(sizes: [ySize] + discriminatorHidden + [1], activation: discriminatorActivation, name: "D_Y", using: &generator)
    }

    /// A CycleGAN from given networks (for hand-set or pre-trained ones).
    public init(generatorXY: MLP, generatorYX: MLP, discriminatorX: MLP, discriminatorY: MLP) {
        let xSize = generatorXY.layers.first!.inputSize, ySize = generatorXY.layers.last!.outputSize
        require(generatorYX.layers.first!.inputSize == ySize && generatorYX.layers.last!.outputSize == xSize,
                "F must map Y (\(ySize)) to X (\(xSize)).")
        require(discriminatorX.layers.first!.inputSize == xSize && discriminatorX.layers.last!.outputSize == 1,
                "D_X must map an x (\(xSize)) to one score.")
        require(discriminatorY.layers.first!.inputSize == ySize && discriminatorY.layers.last!.outputSize == 1,
                "D_Y must map a y (\(ySize)) to one score.")
        self.xSize = xSize
        self.ySize = ySize
        self.generatorXY = generatorXY
        self.generatorYX = generatorYX
        self.discriminatorX = discriminatorX
        self.discriminatorY = discriminatorY
    }

    /// The parameters of G then F: what the generator optimiser owns.
    public var generatorParameters: [Parameter] { generatorXY.parameters + generatorYX.parameters }
    /// The parameters of D_X then D_Y: what the discriminator optimiser owns.
    public var discriminatorParameters: [Parameter] { discriminatorX.parameters + discriminatorY.parameters }

    private func checkX(_ x: Tensor) {
        require(x.rank == 2 && x.shape[1] == xSize && x.shape[0] > 0, "Expected a batch of x [n, \(xSize)], got \(x.shape).")
    }
    private func checkY(_ y: Tensor) {
        require(y.rank == 2 && y.shape[1] == ySize && y.shape[0] > 0, "Expected a batch of y [n, \(ySize)], got \(y.shape).")
    }

    /// G(x) `[n, ySize]`, without a tape.
    public func translate(x: Tensor) -> Tensor { checkX(x); return generatorXY(x) }
    /// F(y) `[n, xSize]`, without a tape.
    public func translate(y: Tensor) -> Tensor { checkY(y); return generatorYX(y) }
    /// F(G(x)) `[n, xSize]`, without a tape.
    public func roundTrip(x: Tensor) -> Tensor { generatorYX(translate(x: x)) }
    /// G(F(y)) `[n, ySize]`, without a tape.
    public func roundTrip(y: Tensor) -> Tensor { generatorXY(translate(y: y)) }

    /// The mean over the rows of ‖F(G(x)) − x‖₂: how far the X → Y → X round trip lands from home.
    public func roundTripError(x: Tensor) -> Float { Self.meanRowDistance(roundTrip(x: x), x) }
    /// The mean over the rows of ‖G(F(y)) − y‖₂.
    public func roundTripError(y: Tensor) -> Float { Self.meanRowDistance(roundTrip(y: y), y) }

    /// The mean Euclidean distance between corresponding rows of two `[n, d]` tensors.
    public static func meanRowDistance(_ a: Tensor, _ b: Tensor) -> Float {
        require(a.shape == b.shape && a.rank == 2 && a.shape[0] > 0, "Row distances need two [n, d] tensors of one shape, got \(a.shape) and \(b.shape).")
        let n = a.shape[0], d = a.shape[1]
        var total = 0.0
        for row in 0..<n {
            var squared = 0.0
            for column in 0..<d {
                let difference = Double(a.scalars[row * d + column]) - Double(b.scalars[row * d + column])
                squared += difference * difference
            }
            total += squared.squareRoot()
        }
        return Float(total / Double(n))
    }

    /// E‖a − b‖₁ on a tape: the sum of absolute differences along each row, averaged over rows.
    public static func meanL1Distance(_ a: Variable, _ b: Variable) -> Variable {
        require(a.shape == b.shape && a.shape.count == 2, "L1 distances need two [n, d] batches of one shape, got \(a.shape) and \(b.shape).")
        return (a - b).abs().sum(alongAxis: 1).mean()
    }

    /// The unweighted cycle-consistency loss E‖F(G(x)) − x‖₁ + E‖G(F(y)) − y‖₁ on `tape`,
    /// differentiable in both generators.
    public func cycleLoss(x: Tensor, y: Tensor, on tape: Tape) -> Variable {
        checkX(x); checkY(y)
        let xs = tape.constant(x), ys = tape.constant(y)
        return Self.meanL1Distance(generatorYX(generatorXY(xs)), xs) + Self.meanL1Distance(generatorXY(generatorYX(ys)), ys)
    }

    /// The generators' objective on a batch of x and a batch of y (unpaired; the sizes may
    /// differ), recorded on `tape`. The discriminators' parameters are read but are not the
    /// optimiser's business here: differentiate `total` for `generatorParameters` only.
    public func generatorTerms(x: Tensor, y: Tensor, objective: CycleGANObjective, on tape: Tape) -> CycleGANGeneratorTerms {
        checkX(x); checkY(y)
        let xs = tape.constant(x), ys = tape.constant(y)
        let fakeY = generatorXY(xs), fakeX = generatorYX(ys)
        let adversarialXY = objective.adversarial.generatorLoss(fakeOutputs: discriminatorY(fakeY))
        let adversarialYX = objective.adversarial.generatorLoss(fakeOutputs: discriminatorX(fakeX))
        let roundTripX = generatorYX(fakeY), roundTripY = generatorXY(fakeX)
        let cycle = Self.meanL1Distance(roundTripX, xs) + Self.meanL1Distance(roundTripY, ys)
        var total = adversarialXY + adversarialYX
        if objective.cycleWeight > 0 { total = total + objective.cycleWeight * cycle }
        var identity: Variable? = nil
        if objective.identityWeight > 0 {
            require(xSize == ySize, "The identity loss compares G(y) with y, so X and Y must have one size, got \(xSize) and \(ySize).")
            let term = Self.meanL1Distance(generatorXY(ys), ys) + Self.meanL1Distance(generatorYX(xs), xs)
            identity = term
            total = total + objective.identityWeight * term
        }
        return CycleGANGeneratorTerms(adversarialXY: adversarialXY, adversarialYX: adversarialYX, cycle: cycle, identity: identity,
                                      total: total, roundTripX: roundTripX, roundTripY: roundTripY)
    }

    /// The two discriminators' losses on `tape`, real batches against the current translations
    /// F(y) (for D_X) and G(x) (for D_Y), which enter as constants: nothing flows into G or F.
    public func discriminatorLosses(x: Tensor, y: Tensor, objective: CycleGANObjective, on tape: Tape)
        -> (discriminatorX: Variable, discriminatorY: Variable) {
        checkX(x); checkY(y)
        let realX = tape.constant(x), realY = tape.constant(y)
        let fakeX = tape.constant(translate(y: y)), fakeY = tape.constant(translate(x: x))
        let lossX = objective.adversarial.discriminatorLoss(realOutputs: discriminatorX(realX), fakeOutputs: discriminatorX(fakeX))
        let lossY = objective.adversarial.discriminatorLoss(realOutputs: discriminatorY(realY), fakeOutputs: discriminatorY(fakeY))
        return (lossX, lossY)
    }
}

/// One step of CycleGAN training, as recorded in the trainer's history. Every loss is its
/// value before the update it drives.
public struct CycleGANRecord: Sendable, Equatable {
    /// D_X's and D_Y's losses.
    public let discriminatorXLoss: Float
    public let discriminatorYLoss: Float
    /// G's adversarial loss against D_Y and F's against D_X.
    public let adversarialXYLoss: Float
    public let adversarialYXLoss: Float
    /// The unweighted cycle loss E‖F(G(x)) − x‖₁ + E‖G(F(y)) − y‖₁ on the step's batches.
    public let cycleLoss: Float
    /// The unweighted identity loss, or 0 when it is off.
    public let identityLoss: Float
    /// The generators' total loss.
    public let generatorLoss: Float
    /// The mean ‖F(G(x)) − x‖₂ and ‖G(F(y)) − y‖₂ on the step's batches.
    public let roundTripErrorX: Float
    public let roundTripErrorY: Float
}

/// Alternating updates for a CycleGAN: one update of both discriminators (each on its own
/// loss, summed — their parameters are disjoint, so one Adam step on the sum is one step on
/// each), then one update of both generators on the total generator objective.
public final class CycleGANTrainer {
    public let label: String
    public let model: CycleGAN
    public let objective: CycleGANObjective
    public let generatorOptimizer: Optimizer
    public let discriminatorOptimizer: Optimizer
    /// One record per completed step.
    public private(set) var history: [CycleGANRecord] = []

    /// Adam for both pairs of players, at GAN practice's β₁ = 0.5 (Zhu et al. use 2e-4).
    public init(label: String = "CycleGAN", model: CycleGAN, objective: CycleGANObjective = CycleGANObjective(),
                generatorLearningRate: Float = 2e-4, discriminatorLearningRate: Float = 2e-4,
                beta1: Float = 0.5, beta2: Float = 0.999) {
        self.label = label
        self.model = model
        self.objective = objective
        generatorOptimizer = Adam(parameters: model.generatorParameters, learningRate: generatorLearningRate, beta1: beta1, beta2: beta2)
        discriminatorOptimizer = Adam(parameters: model.discriminatorParameters, learningRate: discriminatorLearningRate,
                                      beta1: beta1, beta2: beta2)
    }

    /// A full step on a batch of x and a batch of y (unpaired). Appends its record to `history`.
    @discardableResult
    public func step(_ step: Int, x: Tensor, y: Tensor) throws -> CycleGANRecord {
        let discriminatorTape = Tape()
        let losses = model.discriminatorLosses(x: x, y: y, objective: objective, on: discriminatorTape)
        let discriminatorTotal = losses.discriminatorX + losses.discriminatorY
        try discriminatorTotal.value.checkFinite("\(label) discriminator loss", step: step)
        discriminatorOptimizer.step(gradients: discriminatorTape.gradients(of: discriminatorTotal, for: model.discriminatorParameters))

        let generatorTape = Tape()
        let terms = model.generatorTerms(x: x, y: y, objective: objective, on: generatorTape)
        try terms.total.value.checkFinite("\(label) generator loss", step: step)
        let record = CycleGANRecord(
            discriminatorXLoss: losses.discriminatorX.value.scalar, discriminatorYLoss: losses.discriminatorY.value.scalar,
            adversarialXYLoss: terms.adversarialXY.value.scalar, adversarialYXLoss: terms.adversarialYX.value.scalar,
            cycleLoss: terms.cycle.value.scalar, identityLoss: terms.identity?.value.scalar ?? 0, generatorLoss: terms.total.value.scalar,
            roundTripErrorX: CycleGAN.meanRowDistance(terms.roundTripX.value, x),
            roundTripErrorY: CycleGAN.meanRowDistance(terms.roundTripY.value, y))
        generatorOptimizer.step(gradients: generatorTape.gradients(of: terms.total, for: model.generatorParameters))
        history.append(record)
        return record
    }
}
// end listing
