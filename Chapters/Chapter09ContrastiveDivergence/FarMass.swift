import BoltzmannMachines
import Foundation
import Notebook
import Statistics
import TensorCore

// Section 4: the mass a trained machine puts far from the data, where CD-1's one-step chains seldom go, measured
// exactly on machines with room to put it there; PCD's fantasy particles do go there.

/// Each visible state's Hamming distance to the nearest data image.
func distancesToData(_ data: [[Double]]) -> [Int] {
    let codes = data.map(RestrictedBoltzmannMachine.stateIndex)
    return (0..<(1 << data[0].count)).map { index in codes.map { ($0 ^ index).nonzeroBitCount }.min()! }
}

/// The mass a law over the visible states puts on the states marked `far`.
func farMass(_ law: [Double], _ far: [Bool]) -> Double { law.indices.reduce(0) { far[$1] ? $0 + law[$1] : $0 } }

/// States whose probability exceeds that of every state one pixel away: the modes of p(v).
func localModes(_ law: [Double], visibleCount: Int) -> [Int] {
    law.indices.filter { state in (0..<visibleCount).allSatisfy { law[state ^ (1 << $0)] < law[state] } }
}

struct FarMass { let name: String; var model: [Double] = [], oneStep: [Double] = [], spuriousModes: [Double] = [] }

func farMassSection(data: [[Double]], runs results: [RuleRuns]) {
    let distance = distancesToData(data), far = distance.map { $0 >= 2 }
    func mass(_ law: [Double]) -> Double { law.indices.reduce(0) { far[$1] ? $0 + law[$1] : $0 } }
    chapter.prose("""
    Where does CD-1's missing likelihood go? Call a visible state **far** if it differs from every data image in at least \
    two pixels: \(far.filter { $0 }.count) of the 4,096 are. CD-1's negative phase is drawn from q₁, the law of one Gibbs step from \
    the data, and only the states its chains reach have their free energy pushed up; mass the model puts where q₁ seldom \
    goes is mass CD-1 under-samples, and so pushes up too little. For each machine \
    trained in section 3 the kernel gives both exactly: the model's own p(far), and q₁(far).
    """)
    let empirical = ExactGibbsKernel.empiricalLaw(data, visibleCount: 12), dataStates = Set(distance.indices.filter { distance[$0] == 0 })
    let masses = results.map { run in
        run.machines.reduce(into: FarMass(name: run.name)) { summary, machine in
            let kernel = ExactGibbsKernel(machine), model = kernel.modelLaw
            summary.model.append(mass(model))
            summary.oneStep.append(mass(kernel.step(empirical)))
            summary.spuriousModes.append(Double(localModes(model, visibleCount: 12).filter { !dataStates.contains($0) }.count))
        }
    }
    let starts = results[0].machines.count
    func cell(_ values: [Double], _ digits: Int = 3) -> String {
        let summary = SampleSummary(values)
        return "\(formatNumber(summary.mean, digits: digits)) ± \(formatNumber(summary.standardError, digits: 2))"
    }
    chapter.table(["trained with", "p(far)", "q₁(far): one Gibbs step from the data", "PCD particles on far states", "modes of p that are not data"],
                  zip(results, masses).map { run, mass in
        [run.name, cell(mass.model), cell(mass.oneStep), run.particleFar.isEmpty ? "—" : cell(run.particleFar), cell(mass.spuriousModes, 2)]
    }, caption: """
        Means ± SE over the \(starts) starts of section 3. p(far) and q₁(far) are sums over the enumerated states; the particles' share \
        is averaged over the last \(tail) records; a mode is a state more probable than all 12 of its one-pixel neighbours.
        """)
    let cd1 = masses[0], persistent = masses[2]
    let exactRun = masses[3]
    let excess = pairedDifference(cd1.model, exactRun.model), removed = pairedDifference(cd1.model, persistent.model)
    if !quick {   // paired over the 3 starts of --quick: 2 degrees of freedom, so reported in the prose only
        let bound = improvementBound(degreesOfFreedom: starts - 1)
        chapter.check("p(far) after CD-1 minus after the exact gradient, from the same starts, in SE of the paired difference", measured: excess.mean / excess.standardError, atLeast: bound,
                      why: "the far mass CD-1 leaves beyond what exact training of the same machine leaves: \(formatNumber(excess.mean, digits: 3)). One-sided Student-t bound at 10⁻³ on \(starts - 1) degrees of freedom")
        chapter.check("p(far) after CD-1 minus after PCD, from the same starts, in SE of the paired difference", measured: removed.mean / removed.standardError, atLeast: bound,
                      why: "PCD's negative phase samples the model itself, far states included: \(formatNumber(removed.mean, digits: 3)) less far mass after PCD. Same bound")
    }
    // PCD's particles against the model they chase, at the same records: the share of particles on far states, measured
    // from q₁(far) (where CD-1's negatives would be) in units of p(far) − q₁(far) (the distance to the model itself).
    let run = results[2], noiseShare = Double(far.filter { $0 }.count) / 4_096
    func coverage(_ shares: [Double]) -> Double {
        zip(shares, run.oneStepFarAtRecords).reduce(0) { $0 + $1.0 - $1.1 } / zip(run.modelFarAtRecords, run.oneStepFarAtRecords).reduce(0) { $0 + $1.0 - $1.1 }
    }
    let covered = coverage(run.particleFar), noiseCoverage = coverage(run.particleFar.map { _ in noiseShare })
    chapter.check("PCD's particles: (far share − q₁(far)) ÷ (p(far) − q₁(far)), summed over starts at the same records; |log₂ of it|",
                  measured: covered > 0 ? abs(log2(covered)) : .infinity, atMost: 1,
                  why: "1 for particles that sample the model, 0 (|log₂| = ∞) for particles that stay where one step from the data goes, \(formatNumber(noiseCoverage, digits: 3)) for uniform noise. Within a factor of 2 is a named size of the effect; the ratio is \(formatNumber(covered, digits: 3)), over the last \(tail) records of \(starts) starts")
    let df = starts - 1
    let modeGap = pairedDifference(cd1.spuriousModes, persistent.spuriousModes)
    let likelihoodGap = pairedDifference(results[2].curves.map(finalValue), results[0].curves.map(finalValue))
    let particleExcess = pairedDifference(run.particleFar, run.modelFarAtRecords)
    let reach = masses.map { SampleSummary($0.oneStep).mean / SampleSummary($0.model).mean }
    func z(_ summary: SampleSummary) -> Double { summary.mean / summary.standardError }
    let excessCalled = df >= 10 && z(excess) >= improvementBound(degreesOfFreedom: df)
    chapter.prose("""
    One Gibbs step from the data reaches only part of the far mass whatever trained the machine: the ratio of mean q₁(far) \
    to mean p(far) over starts lies between \(formatNumber(reach.min()!, digits: 2)) and \(formatNumber(reach.max()!, digits: 2)) for the four rules. What \
    differs is who relies on q₁: only CD-1 takes its negative phase from it. Its machines end with p(far) = \
    \(formatNumber(SampleSummary(cd1.model).mean, digits: 3)), \(formatNumber(abs(excess.mean), digits: 3)) \(standing(z(excess), degreesOfFreedom: df)) \
    the exact gradient's \(formatNumber(SampleSummary(exactRun.model).mean, digits: 3)) from the same starts (\(formatNumber(abs(z(excess)), digits: 2)) SE of the \
    paired difference). Some far mass remains after exact training too, so it belongs to what a machine of this size fits \
    with these settings\(excessCalled ? "; the excess is what CD-1 leaves behind" : ""). After PCD the far mass is \
    \(standing(-z(removed), degreesOfFreedom: df, above: "above", below: "below", level: "level with")) CD-1's \
    (\(formatNumber(removed.mean / SampleSummary(cd1.model).mean * 100, digits: 2))% less, \(formatNumber(abs(z(removed)), digits: 2)) SE), and its final ℓ is \
    \(standing(z(likelihoodGap), degreesOfFreedom: df)) CD-1's (\(formatNumber(likelihoodGap.mean, digits: 2)) nats, \(formatNumber(abs(z(likelihoodGap)), digits: 2)) SE). \
    Measured at the same records, PCD's particles sit on far states \(standing(z(particleExcess), degreesOfFreedom: df, above: "more often than", below: "less often than", level: "about as often as")) \
    the model they chase puts mass there (a difference of \(formatNumber(particleExcess.mean, digits: 2)), \(formatNumber(abs(z(particleExcess)), digits: 2)) SE): \
    \(standing(z(particleExcess), degreesOfFreedom: df) == "above" ? "they sample a model that keeps moving, and the states they occupy are the ones whose energy is being pushed up." : "they are, in effect, samples of the model, which is what lets PCD push up mass wherever the model puts it.") \
    Counting modes is a coarser lens: on average \(formatNumber(SampleSummary(cd1.spuriousModes).mean, digits: 2)) states that are not data are \
    local maxima of p after CD-1 and \(formatNumber(SampleSummary(persistent.spuriousModes).mean, digits: 2)) after PCD, a paired difference of \
    \(formatNumber(abs(z(modeGap)), digits: 2)) SE, \(df >= 10 && abs(z(modeGap)) >= improvementBound(degreesOfFreedom: df) ? "past the bound the checks use" : "too few starts to call"); the far mass is spread over \
    many states that are not modes.
    """)
    farMassFigures(results, data: data, distances: distance)
}

/// The first start's CD-1 and PCD machines drawn: their most probable states, where each negative phase looks, and
/// how many Gibbs steps from the data it takes to reach the far mass.
func farMassFigures(_ results: [RuleRuns], data: [[Double]], distances: [Int]) {
    let cd1 = ExactGibbsKernel(results[0].machines[0]), persistent = ExactGibbsKernel(results[2].machines[0])
    let (cdLaw, pcdLaw) = (cd1.modelLaw, persistent.modelLaw)
    let empirical = ExactGibbsKernel.empiricalLaw(data, visibleCount: 12)
    let (cdOneStep, pcdOneStep) = (cd1.step(empirical), persistent.step(empirical))
    func farTop(_ law: [Double], _ oneStep: [Double]) -> (p: Double, q: Double) {
        let top = law.indices.filter { distances[$0] >= 2 }.sorted { law[$0] > law[$1] }.prefix(10)
        return (top.reduce(0) { $0 + law[$1] }, top.reduce(0) { $0 + oneStep[$1] })
    }
    let (cdTop, pcdTop) = (farTop(cdLaw, cdOneStep), farTop(pcdLaw, pcdOneStep))
    chapter.figure(mostProbableStatesFigure([("after CD-1", cdLaw, cdOneStep), ("after PCD", pcdLaw, pcdOneStep)], distances: distances, perRow: 10),
                   name: "most_probable_states", caption: """
        The first start's machines by enumeration. Top rows: the 10 most probable states, p(v) beneath; bottom rows: the 10 most \
        probable far states, p(v) | q₁(v) beneath in units of 10⁻⁴, q₁ the law of one Gibbs step from the data. Blue: a data image (the all-off \
        image shows blank); light blue: one pixel from one; red: two or more pixels from every one. The ten far states hold \
        p = \(formatNumber(cdTop.p, digits: 3)) after CD-1, of which one step from the data reaches \(formatNumber(cdTop.q, digits: 3)); after PCD, \
        p = \(formatNumber(pcdTop.p, digits: 3)) and q₁ = \(formatNumber(pcdTop.q, digits: 3)).
        """)
    let oneStep = (0..<40).map { _ in cd1.machine.gibbsStep(from: data[chapter.random.integer(below: data.count)], using: &chapter.random).visible }
    let particles = Array(results[2].particles[0].prefix(40))
    func farShare(_ states: [[Double]]) -> String { "\(states.filter { distances[RestrictedBoltzmannMachine.stateIndex($0)] >= 2 }.count) of \(states.count)" }
    chapter.figure(negativePhaseFigure(oneStep: oneStep, particles: particles, distances: distances,
                                       titles: ("CD-1: one Gibbs step from the data", "PCD: fantasy particles at the end")),
                   name: "negative_phases", caption: """
        Left, 40 states where CD-1's chains stop on the first start's CD-1 machine (\(farShare(oneStep)) far, in red); right, 40 of the \
        PCD run's fantasy particles when training ended (\(farShare(particles)) far). Colours as in the previous figure.
        """)
    let steps = quick ? 6 : 20
    func curve(_ kernel: ExactGibbsKernel) -> [Double] {
        var law = ExactGibbsKernel.empiricalLaw(data, visibleCount: 12), masses: [Double] = []
        for k in 0...steps {
            if k > 0 { law = kernel.step(law) }
            masses.append(law.indices.reduce(0) { distances[$1] >= 2 ? $0 + law[$1] : $0 })
        }
        return masses
    }
    func farMass(_ law: [Double]) -> Double { law.indices.reduce(0) { distances[$1] >= 2 ? $0 + law[$1] : $0 } }
    let cdCurve = curve(cd1), pcdCurve = curve(persistent), cdModel = farMass(cdLaw)
    let peak = cdCurve.indices.max { cdCurve[$0] < cdCurve[$1] }!
    chapter.figure(farMassAgainstStepsFigure([("CD-1", cdCurve, cdModel), ("PCD", pcdCurve, farMass(pcdLaw))]),
                   name: "far_mass_against_steps", caption: """
        The exact mass q_k puts on far states after k Gibbs steps from the data, for the first start's CD-1 and PCD machines; \
        dashed, each machine's own p(far), the limit as k → ∞. For the CD-1 machine q₁(far) = \(formatNumber(cdCurve[1], digits: 3)) against \
        p(far) = \(formatNumber(cdModel, digits: 3)); q_k peaks at k = \(peak) (\(formatNumber(cdCurve[peak], digits: 3))) and is \(formatNumber(cdCurve[steps], digits: 3)) at k = \(steps): \
        \(cdCurve[peak] > cdModel ? "the chains overshoot the far mass before they settle, so CD-k over-samples these states from k = \(cdCurve.indices.first { cdCurve[$0] > cdModel }!) on; it is CD-1 that sees too little of them." : "the chains approach it from below.")
        """)
}
