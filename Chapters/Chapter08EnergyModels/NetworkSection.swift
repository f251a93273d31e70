import Distributions
import EnergyBasedModels
import Foundation
import Metrics
import Notebook
import Statistics
import TensorCore

// Section 4's text, checks and figures around the three trained energy networks.

func energyNetworkSection() throws {
    let settings = EnergySettings()
    chapter.prose("""
    Now an energy given by a network: a SiLU multilayer perceptron with hidden layers \(settings.hidden.map(String.init).joined(separator: " and ")) \
    and one output, on the data of a ring of six Gaussians (radius 2, standard deviation 0.3). The model lives \
    on the box B = [\(formatNumber(Double(energyBox.lowerBound))), \(formatNumber(Double(energyBox.upperBound)))]², which holds all but a negligible \
    fraction of the data: on ℝ² a network can fall without bound along some ray and e^{−E} would not be \
    integrable, while on B, Z_θ is a finite integral — and in two dimensions one that quadrature computes to \
    many digits. That is what makes this section exact: every learned density below is normalised, so the \
    log-density of each held-out point is known, and their mean is an ordinary sample mean with a standard \
    error — not an estimate built on an unknown Z.
    """)
    chapter.listing("energy-network", fromLibraryFile: "Sources/EnergyBasedModels/EnergyNetwork.swift")
    chapter.prose("""
    Negative samples come from Langevin chains on the box, reflected at its walls. **Short-run** training \
    (Nijkamp et al. 2019) starts every chain from uniform noise on B and runs it K steps; **persistent** \
    training (Du & Mordatch 2019, after Tieleman's persistent CD for RBMs) keeps a buffer of chains, takes a \
    batch from it — restarting a fraction ρ from noise — moves it K steps and writes it back, so that over \
    training each particle runs a long chain under a slowly changing energy.
    """)
    chapter.listing("box-langevin", fromLibraryFile: "Sources/EnergyBasedModels/BoxLangevin.swift")
    chapter.listing("replay-buffer", fromLibraryFile: "Sources/EnergyBasedModels/ReplayBuffer.swift")
    chapter.listing("contrastive-energy-training", fromLibraryFile: "Sources/EnergyBasedModels/ContrastiveTraining.swift")
    chapter.prose("""
    A third run shows what the network can do when the negative phase is exact: its loss is ⟨E_θ⟩_data + \
    log Z_θ, with log Z_θ a log-sum-exp over the \(trainingRule.count) weighted nodes of a Gauss–Legendre rule on B, \
    differentiated on the tape. The three runs start from the same weights and share everything else: \
    \(settings.steps) Adam steps (learning rate \(formatNumber(Double(settings.learningRate))) with a cosine decay, β₁ = 0), batches of \
    \(settings.batch), α = \(formatNumber(Double(settings.regularization))) for the two Langevin runs, and for both the same chains: \
    K = \(settings.chainSteps) steps of size ε = \(formatNumber(Double(settings.stepSize))) (ρ = \(formatNumber(settings.restartFraction)) and \
    \(settings.bufferSize) particles for the persistent one). They differ only in the negative phase, and in α = 0 for the \
    exact run, whose Z keeps the energies in check by itself.
    """)
    let test = ringData.sample(quick ? 2_000 : 4_000, using: &chapter.random)
    let runs = try trainEnergyModels(settings, test: test)
    chapter.listing("energy-normalization", fromLibraryFile: "Sources/EnergyBasedModels/EnergyNormalization.swift")
    let logPartitions = runs.map { $0.energy.logPartition(quadrature: fineRule) }
    let finer = GridQuadrature2D.gaussLegendre(first: -3.5...3.5, second: -3.5...3.5, panelWidth: 0.125)
    let refinement = zip(runs, logPartitions).map { abs($0.energy.logPartition(quadrature: finer) - $1) }.max()!
    chapter.prose("""
    log Z_θ of each trained network on a rule of \(fineRule.count) nodes moves by at most \(formatNumber(refinement, digits: 2)) when the \
    panels are halved, so the quadrature is converged far below anything compared here. The exact run was \
    trained on the coarser rule of \(trainingRule.count) nodes; at its final weights the two rules' log Z differ by \
    \(formatNumber(abs(runs[0].energy.logPartition(quadrature: trainingRule) - logPartitions[0]), digits: 2)). As a second, independent route, \
    plain Monte Carlo with uniform points on B:
    """)
    let uniformCount = quick ? 100_000 : 400_000
    for index in 1...2 {
        let sampled = runs[index].energy.logPartitionByUniformSampling(uniformCount, using: &chapter.random)
        chapter.check("log Z of the \(runs[index].name) model: \(uniformCount) uniform points against quadrature", measured: sampled.logPartition,
                      expected: logPartitions[index], tolerance: .standardErrors(4, standardError: sampled.standardError),
                      why: "the Monte Carlo estimate's delta-method SE, \(formatNumber(sampled.standardError, digits: 2)); an energy shifted by 0.1 would move log Z by 0.1")
    }
    try likelihoodComparison(runs, logPartitions: logPartitions, test: test)
    try sampleComparison(runs, settings: settings, buffer: runs[2].buffer!)
}
