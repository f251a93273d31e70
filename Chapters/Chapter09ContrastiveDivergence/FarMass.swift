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

/// States whose probability exceeds that of every state one pixel away: the modes of p(v).
func localModes(_ law: [Double], visibleCount: Int) -> [Int] {
    law.indices.filter { state in (0..<visibleCount).allSatisfy { law[state ^ (1 << $0)] < law[state] } }
}

struct FarMassRun {
    let name: String
    var machines: [RestrictedBoltzmannMachine] = [], logLikelihoods: [Double] = []
    var modelFar: [Double] = [], oneStepFar: [Double] = [], spuriousModes: [Double] = []
    /// PCD only: per start, the share of fantasy particles on far states, averaged over the last records.
    var particleFar: [Double] = [], particles: [[[Double]]] = []
}

func farMassSection(data: [[Double]], smallMachines: [RuleRuns]) -> [FarMassRun] {
    let distance = distancesToData(data), far = distance.map { $0 >= 2 }
    func mass(_ law: [Double]) -> Double { law.indices.reduce(0) { far[$1] ? $0 + law[$1] : $0 } }
    let smallFar = smallMachines.map { run in SampleSummary(run.machines.map { mass(ExactGibbsKernel($0).modelLaw) }) }
    chapter.prose("""
    Where does CD-1's missing likelihood go? Call a visible state **far** if it differs from every data image in at least \
    two pixels: \(far.filter { $0 }.count) of the 4,096 are. CD-1's negative phase is drawn from q₁, the law of one Gibbs step from \
    the data, and only the states its chains reach have their free energy pushed up; mass the model puts where q₁ does \
    not go is mass CD-1 cannot see, and therefore cannot remove (Carreira-Perpiñán & Hinton 2005). The machines of \
    section 3 are too small to show this: with 6 hidden units every rule leaves about a quarter of the mass far from the data \
    (p(far) = \(formatNumber(smallFar[0].mean, digits: 3)) ± \(formatNumber(smallFar[0].standardError, digits: 2)) after CD-1, \
    \(formatNumber(smallFar[3].mean, digits: 3)) ± \(formatNumber(smallFar[3].standardError, digits: 2)) after the exact gradient), because none can \
    concentrate on 22 images. So this section gives the machine 8 hidden units, the most for which the Gibbs kernel can \
    still be followed exactly (2¹²⁺⁸ pairs), and trains it with the same settings.
    """)
    let runs = quick ? 3 : 8, epochs = quick ? 1_000 : 2_000, every = 25, tail = 8, chains = 100
    let rules: [(String, RBMLearningRule)] = [("CD-1", .contrastiveDivergence(steps: 1)), ("CD-10", .contrastiveDivergence(steps: 10)),
                                            ("PCD", .persistent(chains: chains, steps: 1))]
    var results = rules.map { FarMassRun(name: $0.0) }
    let empirical = ExactGibbsKernel.empiricalLaw(data, visibleCount: 12), dataStates = Set(distance.indices.filter { distance[$0] == 0 })
    chapter.train("three rules × \(runs) starts, 12 × 8 machines", steps: runs) { _ in
        let start = RestrictedBoltzmannMachine(visibleCount: 12, hiddenCount: 8, weightScale: 0.1, using: &chapter.random)
        for (index, rule) in rules.enumerated() {
            var trainer = RBMTrainer(start, rule: rule.1, learningRate: 0.05, batchSize: 11, momentum: 0.5, weightDecay: 1e-3, using: &chapter.random)
            var shares: [Double] = []
            for epoch in 1...epochs {
                trainer.epoch(data, using: &chapter.random)
                if epoch % every == 0 && epoch > epochs - tail * every && !trainer.fantasyParticles.isEmpty {
                    shares.append(Double(trainer.fantasyParticles.filter { far[RestrictedBoltzmannMachine.stateIndex($0)] }.count) / Double(chains))
                }
            }
            let kernel = ExactGibbsKernel(trainer.machine), model = kernel.modelLaw
            results[index].machines.append(trainer.machine)
            results[index].logLikelihoods.append(trainer.machine.exactLogLikelihood(data, logPartition: trainer.machine.logPartitionThroughFreeEnergy))
            results[index].modelFar.append(mass(model))
            results[index].oneStepFar.append(mass(kernel.step(empirical)))
            results[index].spuriousModes.append(Double(localModes(model, visibleCount: 12).filter { !dataStates.contains($0) }.count))
            if !shares.isEmpty { results[index].particleFar.append(shares.reduce(0, +) / Double(shares.count)); results[index].particles.append(trainer.fantasyParticles) }
        }
    }
    func cell(_ values: [Double], _ digits: Int = 3) -> String {
        let summary = SampleSummary(values)
        return "\(formatNumber(summary.mean, digits: digits)) ± \(formatNumber(summary.standardError, digits: 2))"
    }
    chapter.table(["trained with", "exact ℓ", "p(far)", "q₁(far): one Gibbs step from the data", "PCD particles on far states", "modes of p that are not data"],
                  results.map { [$0.name, cell($0.logLikelihoods), cell($0.modelFar), cell($0.oneStepFar), $0.particleFar.isEmpty ? "—" : cell($0.particleFar), cell($0.spuriousModes, 2)] },
                  caption: """
                  Means ± SE over \(runs) starts after \(epochs) epochs. p(far) and q₁(far) are sums over the enumerated states; the particles' share \
                  is averaged over the last \(tail) records (every \(every) epochs); a mode is a state more probable than all 12 of its one-pixel neighbours.
                  """)
    let cd1 = results[0], persistent = results[2]
    let unseen = SampleSummary(zip(cd1.modelFar, cd1.oneStepFar).map { $0 - $1 })
    chapter.check("CD-1 machines: p(far) − q₁(far), mean over starts in SE", measured: unseen.mean / unseen.standardError, atLeast: 4,
                  why: "named before any run of this section: the mass CD-1's negative phase under-samples; \(formatNumber(unseen.mean, digits: 3)) on average, SE over \(runs) starts")
    let removed = pairedDifference(cd1.modelFar, persistent.modelFar)
    if !quick {   // paired over the 3 starts of --quick: 2 degrees of freedom, so reported in the prose only
        chapter.check("p(far) after CD-1 minus after PCD, from the same starts, in SE of the paired difference", measured: removed.mean / removed.standardError, atLeast: 4,
                      why: "named before any run of this section: PCD's negative phase samples the model itself, far states included; \(formatNumber(removed.mean, digits: 3)) less far mass after PCD")
    }
    let visited = SampleSummary(zip(persistent.particleFar, persistent.oneStepFar).map { $0 - $1 })
    chapter.check("PCD: share of fantasy particles on far states minus q₁(far) of the same machine, mean over starts in SE", measured: visited.mean / visited.standardError, atLeast: 4,
                  why: "named before any run of this section: the particles go where one step from the data does not; \(formatNumber(visited.mean, digits: 3)) more, SE over \(runs) starts")
    let cdModes = SampleSummary(cd1.spuriousModes), pcdModes = SampleSummary(persistent.spuriousModes)
    let modeGap = pairedDifference(cd1.spuriousModes, persistent.spuriousModes)
    let likelihoodGap = pairedDifference(persistent.logLikelihoods, cd1.logLikelihoods)
    let particleExcess = pairedDifference(persistent.particleFar, persistent.modelFar)
    chapter.prose("""
    After CD-1 the model puts \(formatNumber(SampleSummary(cd1.modelFar).mean / SampleSummary(cd1.oneStepFar).mean, digits: 3)) times as much mass \
    far from the data as CD-1's own negative phase puts there. PCD's particles do go there, and after PCD the far mass is \
    \(formatNumber(removed.mean / SampleSummary(cd1.modelFar).mean * 100, digits: 2))% smaller than after CD-1 from the same starts, while its ℓ is \
    \(formatNumber(abs(likelihoodGap.mean), digits: 2)) nats \(likelihoodGap.mean > 0 ? "higher" : "lower") (\(formatNumber(abs(likelihoodGap.mean / likelihoodGap.standardError), digits: 2)) SE). \
    The particles sit on far states \(abs(particleExcess.mean / particleExcess.standardError) < 2 ? "about as often as" : particleExcess.mean > 0 ? "more often than" : "less often than") \
    the PCD machine's own p(far) (\(formatNumber(particleExcess.mean, digits: 2)) difference, \(formatNumber(abs(particleExcess.mean / particleExcess.standardError), digits: 2)) SE): \
    they are samples of a model that keeps moving, and the states they occupy are the ones whose energy is being pushed up. \
    Counting modes is a coarser lens: on average \(formatNumber(cdModes.mean, digits: 2)) states that are not data are local maxima \
    of p after CD-1 and \(formatNumber(pcdModes.mean, digits: 2)) after PCD, a paired difference of \(formatNumber(abs(modeGap.mean / modeGap.standardError), digits: 2)) SE\
    \(abs(modeGap.mean / modeGap.standardError) < 4 ? ", too few starts to call" : ""); the far mass is spread over many states that are not modes.
    """)
    farMassFigures(results, data: data, distances: distance)
    return results
}

/// The first start's CD-1 and PCD machines drawn: their most probable states, where each negative phase looks, and
/// how many Gibbs steps from the data it takes to reach the far mass.
func farMassFigures(_ results: [FarMassRun], data: [[Double]], distances: [Int]) {
    let cd1 = ExactGibbsKernel(results[0].machines[0]), persistent = ExactGibbsKernel(results[2].machines[0])
    let (cdLaw, pcdLaw) = (cd1.modelLaw, persistent.modelLaw)
    func composition(_ law: [Double]) -> String {
        let top = law.indices.sorted { law[$0] > law[$1] }.prefix(20).map { min(distances[$0], 2) }
        return "\(top.filter { $0 == 0 }.count) data, \(top.filter { $0 == 1 }.count) one pixel off, \(top.filter { $0 == 2 }.count) far"
    }
    chapter.figure(mostProbableStatesFigure([("after CD-1", cdLaw), ("after PCD", pcdLaw)], distances: distances, count: 20),
                   name: "most_probable_states", caption: """
        The 20 most probable states of the first start's machines, by enumeration, in order. Blue: one of the 22 data images; \
        light blue: one pixel away from one; red: two or more pixels from every one. After CD-1: \(composition(cdLaw)); after PCD: \
        \(composition(pcdLaw)). The far mass is spread thinly over many states, so it hides below the top of the list.
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
