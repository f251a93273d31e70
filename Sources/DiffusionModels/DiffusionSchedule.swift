import Foundation
import TensorCore

/// The noise schedule of a discrete diffusion (Ho et al. 2020): the variances β₁ … β_T
/// of the forward chain q(x_t | x_{t−1}) = N(√α_t x_{t−1}, β_t I), α_t = 1 − β_t, and the
/// products ᾱ_t = α₁⋯α_t that give the closed form x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε.
///
/// Timesteps are numbered t = 1…T as in the paper, and t = 0 is the data. The arrays
/// `betas`, `alphas`, `alphaBars` have length T with entry t − 1 for timestep t; read them
/// through `beta(_:)`, `alpha(_:)`, `alphaBar(_:)`, which take t itself and give
/// ᾱ₀ = 1. All arithmetic is in Double: ᾱ_t spans five orders of magnitude, and
/// 1 − ᾱ_t at t = 1 is 10⁻⁴, which Float32 would keep to three digits only.
///
/// A schedule may be a *respacing* of a longer one (Nichol & Dhariwal 2021, §4): its step
/// i then stands for the original timestep `networkTimestep(i)`, which is what a network
/// trained on the original schedule must be told.
public struct DiffusionSchedule: Sendable, Equatable {
    /// A short description for tables and legends ("linear", "cosine, respaced to 50").
    public let name: String
    /// β_t for t = 1…T (entry t − 1).
    public let betas: [Double]
    /// α_t = 1 − β_t for t = 1…T (entry t − 1), as exp(log α_t).
    public let alphas: [Double]
    /// ᾱ_t = Π_{s ≤ t} α_s for t = 1…T (entry t − 1).
    public let alphaBars: [Double]
    /// log ᾱ_t = Σ_{s ≤ t} log α_s for t = 1…T (entry t − 1), the running sum the other two
    /// are computed from (ᾱ_T of the cosine schedule is ~10⁻⁹, where logs keep every digit).
    public let logAlphaBars: [Double]
    /// 1 − ᾱ_t for t = 1…T (entry t − 1), computed as −expm1(Σ log α_s) so that it keeps
    /// its relative precision where ᾱ_t is within 10⁻⁴ of 1.
    public let oneMinusAlphaBars: [Double]
    /// The original timestep of each step (entry i − 1 for step i); 1…T when not respaced.
    public let networkTimesteps: [Int]
    /// The number of steps T of the schedule this one was respaced from (T itself if not).
    public let originalSteps: Int

    /// A schedule from its β's; ᾱ is their cumulative product.
    ///
    /// - Parameters:
    ///   - networkTimesteps: the original timestep of each step, strictly increasing;
    ///     nil means 1…T (not a respacing).
    ///   - originalSteps: the length of the schedule respaced from; nil means T.
    public init(betas: [Double], name: String, networkTimesteps: [Int]? = nil, originalSteps: Int? = nil) {
        require(!betas.isEmpty, "A diffusion schedule needs at least one step.")
        require(betas.allSatisfy { $0 > 0 && $0 < 1 }, "Every β_t must lie in (0, 1); got a value outside.")
        self.init(betas: betas, logAlphas: betas.map { Foundation.log1p(-$0) }, name: name,
                  networkTimesteps: networkTimesteps, originalSteps: originalSteps)
    }

    /// The designated initialiser, from the β's and log α_t = log(1 − β_t) both. A respacing
    /// knows log α'_i = log ᾱ_{τ_i} − log ᾱ_{τ_{i−1}} exactly, where recovering it from
    /// β'_i ≈ 1 would lose digits: at the cosine schedule's end, α'_i ≈ 10⁻⁷.
    init(betas: [Double], logAlphas: [Double], name: String, networkTimesteps: [Int]?, originalSteps: Int?) {
        let timesteps = networkTimesteps ?? Array(1...betas.count)
        require(timesteps.count == betas.count, "A schedule needs one network timestep per step, got \(timesteps.count) for \(betas.count).")
        require(zip(timesteps, timesteps.dropFirst()).allSatisfy { $0 < $1 } && timesteps[0] >= 1,
                "Network timesteps must be positive and strictly increasing.")
        self.name = name
        self.betas = betas
        alphas = logAlphas.map { Foundation.exp($0) }
        var logAlphaBar = 0.0
        var logarithms: [Double] = [], products: [Double] = [], complements: [Double] = []
        for logAlpha in logAlphas {
            logAlphaBar += logAlpha
            logarithms.append(logAlphaBar)
            products.append(Foundation.exp(logAlphaBar))
            complements.append(-Foundation.expm1(logAlphaBar))
        }
        logAlphaBars = logarithms
        alphaBars = products
        oneMinusAlphaBars = complements
        self.networkTimesteps = timesteps
        self.originalSteps = originalSteps ?? timesteps.last!
        require(self.originalSteps >= timesteps.last!, "The original schedule has \(self.originalSteps) steps but a network timestep is \(timesteps.last!).")
    }

    /// The number of steps T.
    public var steps: Int { betas.count }

    /// β_t, for t in 1…T.
    public func beta(_ t: Int) -> Double { betas[checked(t) - 1] }
    /// α_t = 1 − β_t, for t in 1…T.
    public func alpha(_ t: Int) -> Double { alphas[checked(t) - 1] }
    /// ᾱ_t, for t in 0…T (ᾱ₀ = 1: no noise at all).
    public func alphaBar(_ t: Int) -> Double { t == 0 ? 1 : alphaBars[checked(t) - 1] }
    /// 1 − ᾱ_t, for t in 0…T, to full relative precision.
    public func oneMinusAlphaBar(_ t: Int) -> Double { t == 0 ? 0 : oneMinusAlphaBars[checked(t) - 1] }
    /// The timestep of the original schedule that step t stands for (t itself unless respaced).
    public func networkTimestep(_ t: Int) -> Int { networkTimesteps[checked(t) - 1] }

    /// Whether this schedule uses the original timesteps 1…T unchanged.
    public var isRespaced: Bool { steps != originalSteps }

    func checked(_ t: Int) -> Int {
        require((1...steps).contains(t), "Timestep \(t) is outside 1…\(steps) of the \(name) schedule.")
        return t
    }
}

extension DiffusionSchedule {
    /// Ho et al.'s linear schedule: β rises linearly from `betaStart` at t = 1 to `betaEnd`
    /// at t = T.
    ///
    /// The defaults are 0.1/T and 20/T, which are Ho et al.'s 10⁻⁴ and 0.02 at T = 1,000 and
    /// keep Σβ_t ≈ 10, hence ᾱ_T ≲ e⁻¹⁰, for any T (the scaling of Nichol & Dhariwal 2021). They are also the
    /// discretisation β_t ≈ β(t/T)/T of the variance-preserving SDE with β(s) = 0.1 + 19.9s
    /// (Song et al. 2021), chapter 12's default: the DDPM chain is that SDE's Euler step.
    public static func linear(steps: Int = 1_000, betaStart: Double? = nil, betaEnd: Double? = nil) -> DiffusionSchedule {
        require(steps > 0, "A schedule needs a positive number of steps, got \(steps).")
        let start = betaStart ?? 0.1 / Double(steps), end = betaEnd ?? 20 / Double(steps)
        require(start > 0 && end < 1 && start <= end, "The linear schedule needs 0 < β_start ≤ β_end < 1, got \(start), \(end).")
        let betas = (1...steps).map { t in
            steps == 1 ? start : start + (end - start) * Double(t - 1) / Double(steps - 1)
        }
        return DiffusionSchedule(betas: betas, name: "linear")
    }

    /// Nichol & Dhariwal's cosine schedule (2021, eq. 17): ᾱ_t = f(t)/f(0) with
    /// f(t) = cos²(((t/T + s)/(1 + s))·π/2), and β_t = min(1 − ᾱ_t/ᾱ_{t−1}, β_max).
    ///
    /// ᾱ falls slowly at both ends instead of the linear schedule's quick collapse to
    /// near zero long before T, so fewer steps are wasted on pure noise. The offset s keeps
    /// β₁ from being vanishingly small; the cap β_max stops the last step, where f(T) = 0,
    /// from being a singular β_T = 1. With the cap, ᾱ is the cumulative product of the
    /// capped β's, so it departs from f(t)/f(0) only at the final step.
    public static func cosine(steps: Int = 1_000, offset: Double = 0.008, maximumBeta: Double = 0.999) -> DiffusionSchedule {
        require(steps > 0, "A schedule needs a positive number of steps, got \(steps).")
        require(offset > 0 && maximumBeta > 0 && maximumBeta < 1, "The cosine schedule needs s > 0 and 0 < β_max < 1, got \(offset), \(maximumBeta).")
        func f(_ t: Int) -> Double {
            let angle = (Double(t) / Double(steps) + offset) / (1 + offset) * Double.pi / 2
            return Foundation.cos(angle) * Foundation.cos(angle)
        }
        let betas = (1...steps).map { t in Swift.min(1 - f(t) / f(t - 1), maximumBeta) }
        return DiffusionSchedule(betas: betas, name: "cosine")
    }

    /// The K-step schedule that visits an evenly spaced subsequence τ₁ < … < τ_K of
    /// this schedule's steps, with the β's that make its ᾱ agree with the original at
    /// every τ_i (Nichol & Dhariwal 2021, §4):
    ///
    ///   β'_i = 1 − ᾱ_{τ_i}/ᾱ_{τ_{i−1}},   ᾱ_{τ₀} = 1.
    ///
    /// Then x_{τ_i} still has the closed form with ᾱ_{τ_i}, so a network trained on the
    /// original chain predicts the noise of the short chain too when told τ_i. The
    /// subsequence is τ_i = 1 + round((i − 1)(T − 1)/(K − 1)) (as in their code): it ends at
    /// T, where sampling starts, and begins at 1, so the last step, which adds no noise,
    /// leaves as little noise as the original chain does. K = 1 gives the single step T.
    public func respaced(steps count: Int) -> DiffusionSchedule {
        require(count >= 1 && count <= steps, "A respacing needs between 1 and \(steps) steps, got \(count).")
        let chosen: [Int] = count == 1 ? [steps] : (0..<count).map { i in
            1 + Int((Double(i) * Double(steps - 1) / Double(count - 1)).rounded())
        }
        // log α'_i = log ᾱ_{τ_i} − log ᾱ_{τ_{i−1}}, and β'_i = −expm1(log α'_i) keeps a small β's digits.
        let chosenLogAlphaBars = chosen.map { logAlphaBars[$0 - 1] }
        let logAlphas = chosen.indices.map { chosenLogAlphaBars[$0] - ($0 == 0 ? 0 : chosenLogAlphaBars[$0 - 1]) }
        let baseName = isRespaced ? String(name.prefix { $0 != "," }) : name
        return DiffusionSchedule(betas: logAlphas.map { -Foundation.expm1($0) }, logAlphas: logAlphas,
                                 name: "\(baseName), respaced to \(count)",
                                 networkTimesteps: chosen.map(networkTimestep), originalSteps: originalSteps)
    }

    /// Whether `self` is `original` or a respacing of it: every step's ᾱ equals the
    /// original ᾱ at its network timestep (to 10⁻⁹ relative), so a noise predictor trained
    /// on `original` may be run on `self`.
    public func isRespacing(of original: DiffusionSchedule) -> Bool {
        guard originalSteps == original.steps, !original.isRespaced else { return false }
        return (1...steps).allSatisfy { i in
            let reference = original.alphaBar(networkTimestep(i))
            return Swift.abs(alphaBar(i) - reference) <= 1e-9 * reference
        }
    }
}
