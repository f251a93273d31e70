import BoltzmannMachines
import Datasets
import Foundation
import Notebook
import TensorCore

// Section 2: where CD-k stops. Ascent on the *expected* CD-k update (no sampling noise) until it vanishes, against
// ascent on the exact penalised log-likelihood from the same start (Carreira-Perpiñán & Hinton 2005).

struct FixedPoint { let steps: Int?, iterations: Int, converged: Bool, logLikelihood: Double, exactGradient: Double }

/// Ascends g − λW, with g the expected CD-k gradient (nil: the exact gradient), until its largest component is below
/// `tolerance`; returns where it stopped and the exact penalised gradient there.
func fixedPoint(from start: RestrictedBoltzmannMachine, data: [[Double]], steps: Int?, decay: Double, tolerance: Double) -> FixedPoint {
    func penalised(_ g: RBMGradient, _ machine: RestrictedBoltzmannMachine) -> RBMGradient {
        var g = g
        for index in g.weights.indices { g.weights[index] -= decay * machine.weights[index] }
        return g
    }
    var machine = start, iterations = 0, converged = false
    while iterations < 400_000 {   // CD's update need not be a gradient, so it may cycle instead (Sutskever & Tieleman 2010)
        let update = penalised(steps.map { ExactGibbsKernel(machine).expectedContrastiveDivergence(data, steps: $0) } ?? machine.exactGradient(data), machine)
        if components(update).map(abs).max()! < tolerance { converged = true; break }
        machine.ascend(update, learningRate: 1)
        iterations += 1
    }
    let exact = components(penalised(machine.exactGradient(data), machine)).map(abs).max()!
    return FixedPoint(steps: steps, iterations: iterations, converged: converged, logLikelihood: machine.exactLogLikelihood(data, logPartition: machine.logPartitionThroughFreeEnergy), exactGradient: exact)
}

func fixedPointSection() {
    let data = BarsAndStripes.patterns(rows: 2, columns: 3), decay = 1e-3, tolerance = 1e-10
    let start = RestrictedBoltzmannMachine(visibleCount: 6, hiddenCount: 3, weightScale: 0.1, using: &chapter.random)
    chapter.prose("""
    A biased gradient need not end in the wrong place: the bias might vanish where the likelihood gradient \
    does. Carreira-Perpiñán & Hinton (2005) settled this on machines small enough to enumerate: it does not, \
    although the fixed points of CD are close to those of maximum likelihood. We repeat the experiment without \
    any sampling noise. On bars and stripes of 2 × 3 pixels (\(data.count) images) and an RBM with 3 hidden units, \
    follow the *expected* CD-k update — computed with the exact kernel — with a small weight decay λ = \(formatNumber(decay)) \
    so that every fixed point is finite, until its largest component is below \(formatNumber(tolerance)); and, from the same \
    start, ascend the exact penalised log-likelihood ℓ − (λ/2)‖W‖² to the same tolerance.
    """)
    let points = [1, 2, 5, nil].map { fixedPoint(from: start, data: data, steps: $0, decay: decay, tolerance: tolerance) }
    let ml = points.last!
    chapter.table(["update", "iterations", "ℓ at its fixed point, nats", "ℓ below the penalised maximum", "|∇(ℓ − λ‖W‖²/2)| there"], points.map { point in
        [point.steps.map { "𝔼[CD-\($0)]" } ?? "exact gradient", point.iterations, formatNumber(point.logLikelihood, digits: 6),
         formatNumber(ml.logLikelihood - point.logLikelihood, digits: 3), point.exactGradient] as [any TableCell]
    }, caption: "Each update followed with step 1 from the same start until its own largest component is below \(formatNumber(tolerance)); the last column is the exact penalised gradient at the point where each stopped.")
    // Without convergence there is no fixed point to judge: a run that hits the iteration cap makes the check fail.
    chapter.check("largest component of the exact penalised gradient where 𝔼[CD-1] has vanished", measured: points.allSatisfy(\.converged) ? points[0].exactGradient : 0, atLeast: 1e4 * tolerance,
                  why: "every update in the table reached its tolerance (a run stopped by the 400,000-iteration cap would count as 0 here). CD-1 stopped because its own update fell below \(formatNumber(tolerance)); the likelihood's gradient there is \(formatNumber(points[0].exactGradient / tolerance, digits: 3)) times larger, so the point is not a maximum-likelihood fixed point. The exact ascent's own point has \(formatNumber(ml.exactGradient, digits: 2))")
    chapter.check("exact penalised gradient at the CD-5 fixed point ÷ the same at the CD-1 fixed point", measured: points[2].exactGradient / points[0].exactGradient, atMost: 0.25,
                  why: "the bias falls with k (section 1), so the fixed points must close in on maximum likelihood; a quarter is a named size of the effect, and CD-1's own point (ratio 1) fails it")
    let gaps = points.dropLast().map { ml.logLikelihood - $0.logLikelihood }
    func gap(_ value: Double) -> String { "\(formatNumber(abs(value), digits: 3)) nats \(value >= 0 ? "below" : "above")" }
    chapter.prose("""
    CD-1 stops \(gap(gaps[0])) the penalised maximum-likelihood point, CD-2 \(gap(gaps[1])) and CD-5 \(gap(gaps[2]))\
    \(gaps[0] > gaps[1] && gaps[1] > gaps[2] && gaps[2] >= 0 ? ": close, as Carreira-Perpiñán & Hinton found, and closer as k grows" : ""). \
    Hinton (2002) derived CD as descending the difference of two divergences, KL(q₀ ‖ p) − KL(q_k ‖ p), with q₀ the \
    data's law and q_k the chains' law after k steps as in section 1, and then dropping one term of its gradient, the \
    one through which q_k itself moves with θ. Because of that dropped term the update is not the gradient of any \
    function (Sutskever & Tieleman 2010), and its fixed points are not the maximum.
    """)
}
