import BoltzmannMachines
import Datasets
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 1: the expected CD-k gradient computed exactly, its bias against the log-likelihood gradient, the bound by the
// chains' total variation distance, and Monte Carlo averages of sampled gradients as the independent route.

struct BiasRow { let steps: Int, largestBias: Double, meanBias: Double, totalVariation: Double, cosine: Double }

/// The signed bias of CD-k at one parameter, exact and from sampled gradients.
struct SampledBias { let steps: Int, exact: Double, estimate: Double, standardError: Double }

/// All of a gradient's components in one array: weights, then visible, then hidden biases.
func components(_ g: RBMGradient) -> [Double] { g.weights + g.visibleBiases + g.hiddenBiases }

/// The largest |z| over components of the mean of `samples` against `reference`, with per-component standard errors.
func largestZ(_ samples: [[Double]], against reference: [Double]) -> Double {
    var worst = 0.0
    for index in reference.indices {
        let summary = SampleSummary(samples.map { $0[index] })
        let gap = abs(summary.mean - reference[index])
        // A component that never varies is either exactly right or infinitely many SE wrong.
        worst = max(worst, summary.standardError > 0 ? gap / summary.standardError : gap > 1e-12 ? .infinity : 0)
    }
    return worst
}

func biasSection(data: [[Double]]) throws -> RestrictedBoltzmannMachine {
    var trainer = RBMTrainer(RestrictedBoltzmannMachine(visibleCount: 12, hiddenCount: 6, weightScale: 0.1, using: &chapter.random), rule: .exact,
                             learningRate: 0.05, batchSize: 11, momentum: 0.5, weightDecay: 1e-3, using: &chapter.random)
    for _ in 0..<1_000 { trainer.epoch(data, using: &chapter.random) }
    let machine = trainer.machine, kernel = ExactGibbsKernel(machine)
    let exact = components(machine.exactGradient(data)), model = kernel.modelLaw
    chapter.prose("""
    Take chapter 7's 12 × 6 RBM on bars and stripes, part-way through learning: 1,000 epochs of exact-gradient ascent \
    from small weights, where its exact mean log-likelihood is \(formatNumber(machine.exactLogLikelihood(data, logPartition: machine.logPartitionThroughFreeEnergy), digits: 4)) nats \
    (the best possible is −log 22 = −3.091). With 2¹² visible states the Gibbs chain can be followed exactly: \
    not one chain but its whole law q_t over the visible states, one step at a time.
    """)
    chapter.listing("exact-gibbs-kernel", fromLibraryFile: "Sources/BoltzmannMachines/ExactGibbsKernel.swift")
    var law = ExactGibbsKernel.empiricalLaw(data, visibleCount: 12)
    var withoutVisibleBiases = machine
    withoutVisibleBiases.visibleBiases = Array(repeating: 0, count: machine.visibleCount)
    chapter.check("total variation between one exact Gibbs step from p(v) and p(v) itself", measured: ExactGibbsKernel.totalVariation(kernel.step(model), model), atMost: 1e-9,
                  why: "p, from the free energy alone, must be stationary for the kernel, which never sees F; the bound allows rounding in sums over 2¹² × 2⁶ terms. A kernel that forgot the visible biases on the way back would leave p at \(formatNumber(ExactGibbsKernel.totalVariation(ExactGibbsKernel(withoutVisibleBiases).step(model), model), digits: 3))")
    // The chain's distance to p, step by step: a Gibbs step is a Markov kernel with p stationary, so it can never grow
    // (data-processing inequality for total variation).
    var distances = [ExactGibbsKernel.totalVariation(law, model)]
    for _ in 0..<200 { law = kernel.step(law); distances.append(ExactGibbsKernel.totalVariation(law, model)) }
    let largestRise = zip(distances, distances.dropFirst()).map { $1 - $0 }.max()!
    chapter.check("largest rise of TV(q_k, p) from one step to the next, k = 0 … 200", measured: largestRise, atMost: 1e-12,
                  why: "a step of a chain whose stationary law is p cannot move any law further from p; the slack is rounding. TV falls from \(formatNumber(distances[0], digits: 3)) to \(formatNumber(distances[200], digits: 3))")
    chapter.check("total variation between the law of 200-step chains from the data and p(v) by enumeration", measured: ExactGibbsKernel.totalVariation(law, model), atMost: 1e-9,
                  why: "the propagated law must reach the model's own marginal e^{−F(v)}/Z, which is computed from the free energy and never from the kernel; the data's own law is at \(formatNumber(ExactGibbsKernel.totalVariation(ExactGibbsKernel.empiricalLaw(data, visibleCount: 12), model), digits: 3))")
    let limit = components(kernel.expectedContrastiveDivergence(data, steps: 200))
    chapter.check("max |𝔼[CD-200 gradient] − ∇ℓ| over all 90 parameters", measured: zip(limit, exact).map { abs($0 - $1) }.max()!, atMost: 1e-9,
                  why: "the kernel's expected gradient after 200 steps against the exact gradient, whose model phase sums over the 2⁶ hidden states instead; they meet only in W, b and c")

    chapter.prose("""
    Each statistic in s(v) lies in [0, 1]. Write q_k for the law of the chains after k steps from the data and p for the model's marginal. Then the CD-k \
    gradient's expectation and the exact one differ only in the second phase:
    """)
    chapter.equation(#"\mathbb{E}\big[g_{\mathrm{CD}\text{-}k}\big] - \nabla_\theta \ell = -\sum_{v} \big(q_k(v) - p(v)\big)\, s(v), \qquad \big|\mathbb{E}[g_{\mathrm{CD}\text{-}k}] - \nabla_\theta \ell\big| \le \mathrm{TV}(q_k, p) = \tfrac12 \sum_v \lvert q_k(v) - p(v)\rvert,"#,
                     plain: "𝔼[g_CD-k] − ∇ℓ = −Σ_v (q_k(v) − p(v)) s(v),   |𝔼[g_CD-k] − ∇ℓ| ≤ TV(q_k, p) = ½ Σ_v |q_k(v) − p(v)|")
    chapter.prose("""
    component by component. The bound holds because a sum Σ_v (q − p)(v)s(v) with 0 ≤ s ≤ 1 is largest when s = 1 exactly \
    where q > p, where it equals Σ_{q>p} (q − p) = TV(q, p); and since both laws sum to 1, Σ_v (q − p)(v) = 0, so it is \
    smallest, −TV, when s = 1 exactly where q < p. The bias is whatever the chains have not yet forgotten of the data; it \
    vanishes as they mix, at the chain's own geometric rate. Bengio & Delalleau (2009) wrote the bias as the residual of \
    an expansion truncated after k steps, and Fischer & Igel (2011) bounded it through the chain's mixing; machines \
    small enough to enumerate, as Carreira-Perpiñán & Hinton (2005) used for CD's fixed points, let us compute it \
    outright. The table follows k.
    """)
    let steps = [1, 2, 3, 5, 10, 20, 50, 100]
    var rows: [BiasRow] = [], current = ExactGibbsKernel.empiricalLaw(data, visibleCount: 12)
    for k in 1...steps.last! {
        current = kernel.step(current)
        guard steps.contains(k) else { continue }
        let expected = components(kernel.expectedContrastiveDivergence(data, steps: k))
        let biases = zip(expected, exact).map { abs($0 - $1) }
        let dot = zip(expected, exact).reduce(0) { $0 + $1.0 * $1.1 }
        let cosine = dot / (expected.reduce(0) { $0 + $1 * $1 }.squareRoot() * exact.reduce(0) { $0 + $1 * $1 }.squareRoot())
        rows.append(BiasRow(steps: k, largestBias: biases.max()!, meanBias: biases.reduce(0, +) / Double(biases.count), totalVariation: ExactGibbsKernel.totalVariation(current, model), cosine: cosine))
    }
    chapter.table(["k", "max |𝔼[CD-k] − ∇ℓ|", "TV(q_k, p)", "ratio", "cosine(𝔼[CD-k], ∇ℓ)"], rows.map {
        [$0.steps, $0.largestBias, $0.totalVariation, formatNumber($0.largestBias / $0.totalVariation, digits: 3), formatNumber($0.cosine, digits: 4)] as [any TableCell]
    }, caption: "The expected CD-k gradient by the exact kernel against the exact gradient, on all 90 parameters; the cosine measures the direction alone.")
    let largestRatio = rows.map { $0.largestBias / $0.totalVariation }.max()!
    // The per-step factor by which TV shrinks between successive rows from k = 10 on: the chain's geometric rate.
    let late = rows.filter { $0.steps >= 10 }
    let factors = zip(late, late.dropFirst()).map { pow($1.totalVariation / $0.totalVariation, 1 / Double($1.steps - $0.steps)) }
    chapter.prose("""
    The ratio column stays below 1, as it must: the bound holds for *any* law q, so it tests no code, only the reading \
    of the equation. It is tight, though: here the ratio reaches \(formatNumber(largestRatio, digits: 3)), and a bound with the \
    statistics' range 1 replaced by ½ would fail \(rows.first { $0.largestBias > $0.totalVariation / 2 }.map { "from k = \($0.steps)" } ?? "nowhere here"). \
    What the bound says is that CD-k's bias falls as fast as the chain forgets its start. From k = 10 on, TV(q_k, p) \
    shrinks by a factor between \(formatNumber(factors.min()!, digits: 3)) and \(formatNumber(factors.max()!, digits: 3)) per step, the geometric \
    rate of a finite chain (Fischer & Igel 2011 bound the bias this way, through the chain's mixing).
    """)
    try samplingChecks(machine, data: data, kernel: kernel, exact: exact, rows: rows)
    return machine
}

/// Sampled CD-1, CD-10 and PCD gradients against their exact expectations.
func samplingChecks(_ machine: RestrictedBoltzmannMachine, data: [[Double]], kernel: ExactGibbsKernel, exact: [Double], rows: [BiasRow]) throws {
    let draws = quick ? 400 : 2_000, groupCount = quick ? 20 : 40
    // Each bound lets the largest of 90 |t| statistics exceed it with probability at most 10⁻³ (Bonferroni), on the
    // degrees of freedom its standard errors rest on.
    let independentBound = largestAbsoluteStatisticBound(count: 90, familyRate: 1e-3, degreesOfFreedom: draws - 1)
    let groupBound = largestAbsoluteStatisticBound(count: 90, familyRate: 1e-3, degreesOfFreedom: groupCount - 1)
    chapter.prose("""
    Now the route a training loop takes: sample. \(draws) CD-k gradients on the full data set, each from fresh chains, \
    averaged; the spread of single gradients is the variance a training step sees, the distance of their mean \
    from ∇ℓ is the bias. For the mean of \(draws) draws the largest of the 90 components' |z| is compared with \
    \(formatNumber(independentBound, digits: 4)), which the largest of 90 Student-t values (correlated or not: Bonferroni needs no independence) on \(draws - 1) degrees of \
    freedom exceeds with probability at most 10⁻³ (Bonferroni).
    """)
    var spreads: [(String, Double)] = [], sampled: [SampledBias] = [], middle: [([[Double]], [Double])] = []
    // The Monte Carlo route to the bias follows one parameter: the one where CD-1's exact bias is largest.
    let cd1 = components(kernel.expectedContrastiveDivergence(data, steps: 1))
    let worst = exact.indices.max { abs(cd1[$0] - exact[$0]) < abs(cd1[$1] - exact[$1]) }!
    for k in [1, 2, 3, 5, 10] {
        let samples = (0..<draws).map { _ in components(machine.contrastiveDivergenceGradient(data, steps: k, using: &chapter.random)) }
        let expected = components(kernel.expectedContrastiveDivergence(data, steps: k))
        let atWorst = SampleSummary(samples.map { $0[worst] })
        sampled.append(SampledBias(steps: k, exact: expected[worst] - exact[worst], estimate: atWorst.mean - exact[worst], standardError: atWorst.standardError))
        if k == 2 || k == 3 || k == 5 { middle.append((samples, expected)) }
        if k == 5 {
            let bound = largestAbsoluteStatisticBound(count: 270, familyRate: 1e-3, degreesOfFreedom: draws - 1)
            chapter.check("largest |z| of the means of \(draws) sampled CD-2, CD-3 and CD-5 gradients against their exact expectations (270 components)",
                          measured: middle.map { largestZ($0.0, against: $0.1) }.max()!, atMost: bound,
                          why: "the same route as CD-1 and CD-10 for the points of the figure, one bound for all 270 components (Bonferroni, 10⁻³)")
        }
        guard k == 1 || k == 10 else { continue }
        let againstExact = largestZ(samples, against: exact)
        chapter.check("largest |z| of the mean of \(draws) sampled CD-\(k) gradients against 𝔼[CD-\(k)] from the exact kernel", measured: largestZ(samples, against: expected), atMost: independentBound,
                      why: "the kernel never samples; against the exact gradient ∇ℓ instead, the same mean is \(formatNumber(againstExact, digits: 3)) SE away: \(againstExact > independentBound ? "the bias is real and this many draws see it" : "this many draws cannot tell so small a bias from noise")")
        spreads.append(("CD-\(k)", exact.indices.map { index in SampleSummary(samples.map { $0[index] }).standardDeviation }.reduce(0, +) / Double(exact.count)))
    }
    // PCD with its particles at stationarity, in independent groups: each group's 22 chains start from noise and take
    // 200 steps at these fixed weights (section 1's TV falls by ~10⁻⁸ in 100 steps), then give draws/groupCount
    // successive PCD gradients. Within a group the gradients share chains and are correlated; the groups are
    // independent, so their means give an honest standard error on groupCount − 1 degrees of freedom.
    let perGroup = draws / groupCount
    var persistent: [[Double]] = [], groupMeans: [[Double]] = []
    for _ in 0..<groupCount {
        var chains = (0..<data.count).map { _ in machine.gibbsChain(from: machine.noiseState(using: &chapter.random), snapshots: [200], using: &chapter.random)[0] }
        let group = (0..<perGroup).map { _ in components(machine.persistentGradient(data, chains: &chains, steps: 1, using: &chapter.random)) }
        persistent += group
        groupMeans.append(exact.indices.map { index in group.reduce(0) { $0 + $1[index] } / Double(perGroup) })
    }
    chapter.check("largest |z| of the mean of \(draws) PCD gradients (stationary particles) against ∇ℓ, SE from \(groupCount) independent groups", measured: largestZ(groupMeans, against: exact), atMost: groupBound,
                  why: "particles at stationarity are draws from p, so PCD's gradient is unbiased at fixed weights. Successive gradients share chains, so the SE comes from \(groupCount) groups of \(perGroup) with their own chains, and the bound is the Student-t one on \(groupCount - 1) degrees of freedom. Against 𝔼[CD-1] the same group means are \(formatNumber(largestZ(groupMeans, against: components(kernel.expectedContrastiveDivergence(data, steps: 1))), digits: 3)) SE away")
    spreads.append(("PCD", exact.indices.map { index in SampleSummary(persistent.map { $0[index] }).standardDeviation }.reduce(0, +) / Double(exact.count)))
    chapter.table(["estimator", "mean |bias| over the 90 components (exact)", "mean SD of one gradient's components"], spreads.map { name, spread in
        let bias = name == "PCD" ? 0 : rows.first { "CD-\($0.steps)" == name }!.meanBias
        return [name, name == "PCD" ? "0 at stationarity" : formatNumber(bias, digits: 3), formatNumber(spread, digits: 3)] as [any TableCell]
    }, caption: """
        Bias against variance, both averaged over the 90 components: the exact bias of the expected gradient, and the spread of one \
        gradient on all 22 images (a minibatch of 11 spreads about √2 times as much).
        """)
    let outside = sampled.filter { abs($0.estimate - $0.exact) > 2 * $0.standardError }.count
    chapter.figure(biasFigure(rows, sampled: sampled), name: "bias_against_k", caption: """
        Left: the largest bias of the expected CD-k gradient over the 90 parameters and the chains' total variation distance from p, \
        both exact, against k (log scales). Right: the bias at the parameter where CD-1's is largest, exact (line) and estimated from \(draws) \
        sampled CD-k gradients (points, ± 2 SE); \(outside) of the \(sampled.count) estimates \(outside == 1 ? "lies" : "lie") more than 2 SE from the exact value.
        """)
}
