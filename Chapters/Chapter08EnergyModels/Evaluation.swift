import Distributions
import EnergyBasedModels
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

// Section 4's measurements: exact held-out log-likelihoods against the truth and two baselines, and the samples of
// each model three ways — its own training chains, long chains, and draws from the normalised density itself.

func likelihoodComparison(_ runs: [EnergyRun], logPartitions: [Double], test: Tensor) throws {
    let truth = ringData.logDensity(test)
    let training = ringData.sample(2_000, using: &chapter.random), validation = ringData.sample(1_000, using: &chapter.random)
    let gaussian = Gaussian(fittedTo: training)
    let kernel = KernelDensityEstimate(points: training, validation: validation, candidates: KernelDensityEstimate.logSpacedBandwidths(from: 0.05, to: 1, count: 15))
    let models = zip(runs, logPartitions).map { ($0.name + " (energy network)", $0.energy.logDensities(test, logPartition: $1)) }
    let rows: [(String, [Double])] = [("the true density (the floor)", truth)] + models
        + [("kernel density estimate, 2,000 points, bandwidth \(formatNumber(kernel.bandwidth, digits: 2)) by validation", kernel.logDensity(test)),
           ("Gaussian fitted to 2,000 points", gaussian.logDensity(test))]
    chapter.table(["model", "held-out log p(x), nats ± SE", "gap to the truth ± SE (KL estimate)"], rows.map { name, values in
        let gap = pairedDifference(truth, values)
        return [name, "\(formatNumber(values.mean, digits: 4)) ± \(formatNumber(SampleSummary(values).standardError, digits: 2))",
                "\(formatNumber(gap.mean, digits: 3)) ± \(formatNumber(gap.standardError, digits: 2))"] as [any TableCell]
    }, caption: "\(test.rowCount) held-out points. Each energy network's density is −E_θ − log Z_θ with log Z_θ by quadrature on the box; the gap is the mean of log p − log p_θ over the same points, an estimate of KL(p ‖ p_θ).")
    let baseline = gaussian.logDensity(test)
    for index in 1...2 {
        let gain = pairedDifference(models[index].1, baseline)
        chapter.check("held-out log p(x): \(runs[index].name) model minus the fitted Gaussian, in SE of the paired difference",
                      measured: gain.mean / gain.standardError, atLeast: 4,
                      why: "\(formatNumber(gain.mean, digits: 3)) nats per point; a Gaussian has the data's mean and covariance and none of its six modes")
    }
    let shortAgainstPersistent = pairedDifference(models[1].1, models[2].1)
    let z = shortAgainstPersistent.mean / shortAgainstPersistent.standardError
    let exactGap = pairedDifference(models[0].1, models[2].1), exactZ = exactGap.mean / exactGap.standardError
    chapter.prose("""
    On the exact yardstick the persistent model is \(abs(z) < 2 ? "level with" : z < 0 ? "ahead of" : "behind") the short-run model \
    (\(formatNumber(abs(shortAgainstPersistent.mean), digits: 3)) nats per point, \(formatNumber(abs(z), digits: 2)) SE of the paired difference), \
    and the exact-likelihood run is \(abs(exactZ) < 2 ? "level with" : exactZ > 0 ? "ahead of" : "behind") the persistent one \
    (\(formatNumber(abs(exactGap.mean), digits: 3)) nats, \(formatNumber(abs(exactZ), digits: 2)) SE): \
    the network itself can come within \(formatNumber(pairedDifference(truth, models[0].1).mean, digits: 2)) nats of the truth when its negative phase is exact.
    """)
    chapter.figure(densityFigure(runs, logPartitions: logPartitions), name: "normalised_densities", caption: """
        The true density of the ring and each network's density e^{−E_θ}/Z_θ, normalised by quadrature on the box, on one colour scale.
        """)
    chapter.figure(trainingCurvesFigure(runs, truth: truth.mean), name: "likelihood_during_training", caption: """
        Exact held-out log-likelihood of each run every few hundred steps (Z_θ by quadrature each time); dashed, the true density's.
        """)
}

func sampleComparison(_ runs: [EnergyRun], settings: EnergySettings) throws {
    let repeats = quick ? 3 : 6, count = quick ? 300 : 600, longSteps = quick ? 300 : 1_000
    chapter.prose("""
    Samples, three ways for each Langevin-trained model: the chains it was trained with (K = \(settings.chainSteps) steps from \
    uniform noise); long chains (\(longSteps) steps from noise, the same ε); and draws from the normalised density \
    itself, with no chain at all — a cell of a 280 × 280 grid on B chosen with probability ∝ e^{−E_θ} at its centre, \
    and a uniform point inside it. Each is compared with fresh data by sliced Wasserstein distance SW₂ \
    (\(count) points, \(repeats) repeats), beside the floor of data against data.
    """)
    func quality(_ sample: @escaping (inout RandomGenerator) -> Tensor) -> MixtureSampleQuality {
        MixtureSampleQuality(of: ringData, repeats: repeats, referenceCount: count, radius: 0.9, using: &chapter.random, sample: sample)
    }
    let floor = quality { ringData.sample(count, using: &$0) }
    var rows: [(String, MixtureSampleQuality)] = [("data against data (the floor)", floor)]
    for run in runs.dropFirst() {
        let energy = run.energy
        rows.append(("\(run.name): its K-step chains", quality { BoxLangevin(stepSize: settings.stepSize, steps: settings.chainSteps).run(energy.uniformNoise(count, using: &$0), energy: energy, using: &$0) }))
        rows.append(("\(run.name): \(longSteps)-step chains", quality { BoxLangevin(stepSize: settings.stepSize, steps: longSteps).run(energy.uniformNoise(count, using: &$0), energy: energy, using: &$0) }))
        rows.append(("\(run.name): draws from the density", quality { energy.gridSamples(count, cellsPerSide: 280, using: &$0) }))
    }
    rows.append(("exact likelihood: draws from the density", quality { runs[0].energy.gridSamples(count, cellsPerSide: 280, using: &$0) }))
    chapter.table(["samples", "SW₂ ± SE", "mean squared distance to the nearest mode", "share within 0.9 of a mode"], rows.map { name, q in
        [name, "\(formatNumber(q.slicedWasserstein.mean, digits: 3)) ± \(formatNumber(q.slicedWasserstein.standardError, digits: 2))",
         formatNumber(q.modeWidth.mean, digits: 3), formatNumber(q.nearFraction, digits: 3)] as [any TableCell]
    }, caption: "SW₂ against \(count) fresh data points per repeat, mean ± SE over \(repeats) repeats; the true modes have mean squared distance 2σ² = 0.18.")
    let (chains, density) = (rows[1].1.slicedWasserstein, rows[3].1.slicedWasserstein)
    if !quick {   // 300 quick steps leave the short-run model's density and its chains both unfinished
        chapter.check("SW₂ of the short-run model's density draws minus SW₂ of its own K-step chains, in SE of the difference",
                      measured: separation(density, chains), atLeast: 4,
                      why: "the claim the issue named before any run: short-run training makes the K-step chains, not the density, match the data (Nijkamp et al. 2019). \(formatNumber(density.mean, digits: 3)) against \(formatNumber(chains.mean, digits: 3)); the floor is \(formatNumber(floor.slicedWasserstein.mean, digits: 3))")
    }
    chapter.figure(energiesFigure(runs, settings: settings), name: "energy_landscapes", caption: """
        Each network's energy E_θ over the box (colour, with contours) and samples: for the two Langevin-trained models, their own \
        K-step chains from noise (white) and \(longSteps)-step chains (orange); for the exact-likelihood model, draws from its density.
        """)
    chapter.prose(sampleVerdict(rows: rows))
}

/// The samples table in words: for each Langevin model, its chains against its own density.
func sampleVerdict(rows: [(String, MixtureSampleQuality)]) -> String {
    func describe(_ offset: Int, _ name: String) -> String {
        let (chains, long, density) = (rows[offset].1.slicedWasserstein, rows[offset + 1].1.slicedWasserstein, rows[offset + 2].1.slicedWasserstein)
        let z = separation(density, chains), zLong = separation(long, density)
        return "the \(name) model's K-step chains score \(formatNumber(chains.mean, digits: 3)) and its density \(formatNumber(density.mean, digits: 3)) "
            + "(\(abs(z) < 2 ? "level" : z > 0 ? "the chains better by \(formatNumber(z, digits: 2)) SE" : "the density better by \(formatNumber(-z, digits: 2)) SE")), "
            + "while its long chains, at \(formatNumber(long.mean, digits: 3)), are \(abs(zLong) < 2 ? "level with the density" : "\(formatNumber(abs(zLong), digits: 2)) SE \(zLong > 0 ? "worse" : "better") than the density")"
    }
    return """
    Against a floor of \(formatNumber(rows[0].1.slicedWasserstein.mean, digits: 3)): \(describe(1, "short-run")); \(describe(4, "persistent")). \
    A model trained with short runs has learned a sampler — K steps from noise — as much as a density, and \
    its energy is only as good as that sampler needs it to be; long chains on the same energy drift to \
    what the density really is. Where the long chains and the density draws agree, the chains have mixed.
    """
}
