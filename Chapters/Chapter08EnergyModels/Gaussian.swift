import EnergyBasedModels
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 2: θ_ML = 1/⟨x²⟩ for E = θx²/2, recovered with exact negatives and with Langevin negatives, and the
// exact fixed point that L-step Langevin negatives move it to.

struct ChainLengthResult { let steps: Int?, exact: Double, trained: SampleSummary }

func gaussianExampleSection() throws {
    let count = 2_000
    let data = (0..<count).map { _ in 0.5.squareRoot() * chapter.random.normalDouble() }
    let m2 = data.reduce(0) { $0 + $1 * $1 } / Double(count), maximumLikelihood = 1 / m2
    chapter.prose("""
    Take \(count) draws from N(0, ½) and the energy E_θ(x) = θx²/2. Here everything is known: p_θ = N(0, 1/θ), \
    the gradient is dℓ/dθ = −⟨x²⟩/2 + 𝔼_{p_θ}[x²]/2 = −m₂/2 + 1/(2θ) with m₂ = ⟨x²⟩_data = \(formatNumber(m2, digits: 5)), \
    and the maximum-likelihood estimate is θ_ML = 1/m₂ = \(formatNumber(maximumLikelihood, digits: 5)). Training does not \
    know 1/(2θ): it replaces 𝔼_{p_θ}[x²] by the mean square of a batch of negative samples, and ascends. First \
    with exact negatives, drawn from N(0, 1/θ); then with the negatives an EBM actually has, the end points of \
    Langevin chains run under the current energy.
    """)
    chapter.listing("gaussian-energy-example", fromLibraryFile: "Sources/EnergyBasedModels/GaussianEnergyExample.swift")
    let runs = quick ? 6 : 10, iterations = quick ? 1_000 : 2_000, negatives = 32, rate = 0.5
    let (stepSize, startVariance) = (0.1, 4.0)
    func trained(_ kind: GaussianEnergyExample.Negatives) -> SampleSummary {
        SampleSummary((0..<runs).map { _ in
            GaussianEnergyExample.train(secondMoment: m2, negatives: kind, start: 1, learningRate: rate, iterations: iterations, count: negatives, using: &chapter.random)
        })
    }
    let exactNegatives = trained(.exact)
    chapter.prose("""
    Each run starts at θ = 1 and takes T = \(iterations) steps with \(negatives) negatives each, the step size falling as \
    η_t = η/(1 + 10t/T) from η = \(formatNumber(rate)) (Robbins & Monro 1951); it reports the mean of θ over its second half \
    (Polyak & Juditsky 1992), and the spread over \(runs) runs gives the standard error. The step must fall: the update \
    is not linear in θ, so with a constant step the iterates' own noise would move where a run settles by an \
    amount of order η (a Jensen effect), comparable with the standard errors below.
    """)
    chapter.check("θ trained with exact negatives (mean of \(runs) runs) against θ_ML = 1/m₂", measured: exactNegatives.mean, expected: maximumLikelihood,
                  tolerance: .standardErrors(4, standardError: exactNegatives.standardError),
                  why: "the SE of the mean over runs, \(formatNumber(exactNegatives.standardError, digits: 2)); the value that generated the data, θ = 2, differs from θ_ML by \(formatNumber(abs(2 - maximumLikelihood), digits: 2)) — the sampling error of θ_ML itself, which the training must not confuse with its own")

    chapter.prose("""
    Now the negatives come from L steps of ULA (chapter 11's convention, x ← x − (ε/2)∇ₓE + √ε·z) with step \
    size ε = \(formatNumber(stepSize)), started afresh from N(0, \(formatNumber(startVariance))) at every iteration — a wide start, like \
    noise. For this energy the update is x ← a·x + √ε·z with a = 1 − εθ/2, so the negatives' variance obeys \
    v_k = a²v_{k−1} + ε from v₀ = \(formatNumber(startVariance)). Training stops where the negatives' second moment equals the \
    data's, v_L(θ̂) = m₂, which the listing solves by bisection: that θ̂ is where the mean update vanishes and a \
    run settles, not θ_ML. \
    With L = ∞ the chains are persistent instead, kept from one iteration to the next and moved one step each \
    time; their law is then ULA's stationary N(0, 1/(θ(1 − εθ/4))), inflated by the discretisation.
    """)
    let lengths: [Int?] = [1, 2, 5, 10, 20, 50, 100, nil]
    let results = lengths.map { steps in
        ChainLengthResult(steps: steps, exact: GaussianEnergyExample.fixedPoint(secondMoment: m2, stepSize: stepSize, steps: steps, startVariance: startVariance),
                          trained: trained(.langevin(steps: steps, stepSize: stepSize, startVariance: startVariance)))
    }
    chapter.table(["negative chain length L", "θ̂ predicted by v_L(θ̂) = m₂", "θ̂ trained (mean ± SE of \(runs) runs)", "in SE", "θ̂ / θ_ML"], results.map { result in
        ["\(result.steps.map(String.init) ?? "∞ (persistent)")", formatNumber(result.exact, digits: 5),
         "\(formatNumber(result.trained.mean, digits: 5)) ± \(formatNumber(result.trained.standardError, digits: 2))",
         formatNumber((result.trained.mean - result.exact) / result.trained.standardError, digits: 2), formatNumber(result.exact / maximumLikelihood, digits: 4)] as [any TableCell]
    }, caption: "The end point of training against the length of the negative chains; θ_ML = \(formatNumber(maximumLikelihood, digits: 5)).")
    for named in [1, 5, nil] as [Int?] {   // named before any run: two short chains and the persistent one
        let result = results.first { $0.steps == named }!
        chapter.check("θ trained with \(named.map { "\($0)-step" } ?? "persistent") Langevin negatives against the fixed point of v_L(θ̂) = m₂",
                      measured: result.trained.mean, expected: result.exact, tolerance: .standardErrors(4, standardError: result.trained.standardError),
                      why: "the SE over \(runs) runs, \(formatNumber(result.trained.standardError, digits: 2)); θ_ML = \(formatNumber(maximumLikelihood, digits: 5)) is \(formatNumber(abs(maximumLikelihood - result.exact) / result.trained.standardError, digits: 3)) SE away, so the check tells the two apart")
    }
    chapter.figure(chainLengthFigure(results, maximumLikelihood: maximumLikelihood, m2: m2, stepSize: stepSize, startVariance: startVariance),
                   name: "theta_against_chain_length", caption: """
        The estimate θ̂ where training with L-step Langevin negatives stops (points: mean ± 2 SE of \(runs) runs; line: the fixed point \
        of the variance recursion), against L on a log scale; persistent chains on the right. Dashed: θ_ML = 1/m₂.
        """)
    let short = results[0], persistent = results.last!
    chapter.prose("""
    Short chains have not forgotten their wide start, so the negatives look more spread out than p_θ, the \
    negative phase pushes θ up too long, and the estimate \(short.exact > maximumLikelihood ? "overshoots" : "undershoots"): with L = 1 training stops at \
    \(formatNumber(short.exact / maximumLikelihood, digits: 3)) × θ_ML. The bias falls as L grows, but not to zero: persistent \
    chains stop at \(formatNumber(persistent.exact / maximumLikelihood, digits: 4)) × θ_ML, because ULA with ε = \(formatNumber(stepSize)) samples a \
    slightly wider law than p_θ, and training compensates by making p_θ narrower. Both effects can be \
    computed exactly here and nowhere else; section 4 meets them again where they cannot.
    """)
}
