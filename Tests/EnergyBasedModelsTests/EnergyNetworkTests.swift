import Autodiff
import Distributions
import Foundation
import NeuralLayers
import Testing
import TensorCore
@testable import EnergyBasedModels

@Suite struct EnergyNetworkTests {
    /// The direct input gradient against the tape's, row by row.
    @Test func theDirectInputGradientMatchesTheTape() {
        var generator = RandomGenerator(seed: 1)
        let energy = EnergyNetwork(dimension: 2, hidden: [16, 16], box: -3...3, using: &generator)
        let points = Tensor.normal([33, 2], using: &generator)
        let (values, gradients) = energy.energiesAndGradients(points)
        let tape = Tape(), inputs = tape.variable(points), output = energy(inputs)
        let tapeGradient = tape.gradients(of: output.sum(), withRespectTo: [inputs])[0]
        for index in 0..<points.count { #expect(abs(gradients.scalars[index] - tapeGradient.scalars[index]) < 1e-5) }
        for row in 0..<33 { #expect(abs(values.scalars[row] - output.value.scalars[row]) < 1e-5) }
    }

    /// With every weight zero the energy is flat, so reflected Langevin chains must keep the uniform law on the box
    /// (the only law invariant under noise plus reflection): 𝔼x² = 1/3 on [−1, 1] within 4 SE, and no particle escapes.
    @Test func flatEnergyChainsStayUniformOnTheBox() {
        var generator = RandomGenerator(seed: 2)
        let energy = EnergyNetwork(dimension: 2, hidden: [4], box: -1...1, using: &generator)
        for parameter in energy.parameters { parameter.value = parameter.value * 0 }
        let sampler = BoxLangevin(stepSize: 0.05, steps: 200)
        let end = sampler.run(energy.uniformNoise(4_000, using: &generator), energy: energy, using: &generator)
        let inside = end.scalars.allSatisfy { (-1...1).contains($0) }
        #expect(inside)
        // The mean of x² under U[−1, 1] is 1/3 with variance 4/45 per draw.
        let meanSquare = end.scalars.reduce(0.0) { $0 + Double($1 * $1) } / Double(end.count)
        #expect(abs(meanSquare - 1.0 / 3) < 4 * (4.0 / 45 / Double(end.count)).squareRoot())
    }

    /// log Z by quadrature against uniform Monte Carlo, and log-densities integrate to one.
    @Test func quadratureAndMonteCarloAgreeOnLogZ() {
        var generator = RandomGenerator(seed: 3)
        let energy = EnergyNetwork(dimension: 2, hidden: [16, 16], box: -2...2, using: &generator)
        let rule = GridQuadrature2D.gaussLegendre(first: -2...2, second: -2...2, panelWidth: 0.5)
        let logZ = energy.logPartition(quadrature: rule)
        let sampled = energy.logPartitionByUniformSampling(200_000, using: &generator)
        #expect(abs(logZ - sampled.logPartition) < 4 * sampled.standardError, "\(logZ) vs \(sampled)")
        let mass = rule.integrate(energy.logDensities(rule.points, logPartition: logZ).map(exp))
        #expect(abs(mass - 1) < 1e-5)
    }

    /// A replay buffer writes chains back where they came from, and restarts about ρ of them from noise.
    @Test func theReplayBufferKeepsAndRestartsParticles() {
        var generator = RandomGenerator(seed: 4)
        let energy = EnergyNetwork(dimension: 2, hidden: [4], box: -1...1, using: &generator)
        var buffer = ReplayBuffer(size: 100, restartFraction: 0.25, energy: energy, using: &generator)
        let (indices, starts) = buffer.draw(2_000, energy: energy, using: &generator)
        var kept = 0
        for (row, index) in indices.enumerated() where starts[row, 0] == buffer.particles[index, 0] && starts[row, 1] == buffer.particles[index, 1] { kept += 1 }
        #expect(abs(Double(kept) / 2_000 - 0.75) < 4 * (0.25 * 0.75 / 2_000).squareRoot())
        let moved = Tensor(repeating: 0.5, shape: [3, 2])
        buffer.store(moved, at: [7, 8, 9])
        #expect(buffer.particles[8, 1] == 0.5)
    }

    /// On E = x²/(2σ²) per coordinate, far from the walls, reflected ULA keeps ULA's stationary variance
    /// σ²/(1 − ε/(4σ²)) (chapter 11): a wrong sign or factor in the drift would miss it.
    @Test func boxLangevinHasUnadjustedLangevinsStationaryVarianceOnAQuadratic() {
        var generator = RandomGenerator(seed: 5)
        let (σ2, ε): (Float, Float) = (0.25, 0.1)
        let sampler = BoxLangevin(stepSize: ε, steps: 400)
        let end = sampler.run(Tensor.zeros([4_000, 2]), box: -10...10, gradient: { $0 * (1 / σ2) }, using: &generator)
        let variance = end.scalars.reduce(0.0) { $0 + Double($1 * $1) } / Double(end.count)
        let expected = Double(σ2) / (1 - Double(ε) / (4 * Double(σ2)))
        // The sample variance of 8,000 normal coordinates has relative SE √(2/8000).
        #expect(abs(variance - expected) < 4 * expected * (2.0 / 8_000).squareRoot(), "\(variance) vs \(expected)")
    }

    /// One contrastive step lowers the energy of the data relative to the negatives.
    @Test func aContrastiveStepLowersTheDataEnergy() throws {
        var generator = RandomGenerator(seed: 6)
        let energy = EnergyNetwork(dimension: 2, hidden: [16], box: -3...3, using: &generator)
        let trainer = ContrastiveEnergyTrainer(energy, negatives: .shortRun, sampler: BoxLangevin(stepSize: 0.01, steps: 1), regularization: 0,
                                               steps: 10, learningRate: 1e-2, label: "test")
        let positive = Tensor.normal([256, 2], using: &generator) * 0.3, negative = energy.uniformNoise(256, using: &generator)
        func gap() -> Double { energy.energies(positive).reduce(0, +) / 256 - energy.energies(negative).reduce(0, +) / 256 }
        let before = gap()
        _ = try trainer.trainer.step(0) { tape in trainer.loss(positive: positive, negative: negative, on: tape) }
        #expect(gap() < before)
    }

    /// Draws from the grid have the moments the quadrature gives for the same density.
    @Test func gridSamplesHaveTheQuadratureMoments() {
        var generator = RandomGenerator(seed: 7)
        let energy = EnergyNetwork(dimension: 2, hidden: [16, 16], box: -2...2, using: &generator)
        let rule = GridQuadrature2D.gaussLegendre(first: -2...2, second: -2...2, panelWidth: 0.5)
        let logZ = energy.logPartition(quadrature: rule)
        let densities = energy.logDensities(rule.points, logPartition: logZ).map(exp)
        let meanX = rule.integrate(zip(densities, rule.nodes).map { $0 * $1.x })
        let meanSquare = rule.integrate(zip(densities, rule.nodes).map { $0 * $1.x * $1.x })
        let draws = energy.gridSamples(20_000, cellsPerSide: 200, using: &generator)
        let xs = (0..<20_000).map { Double(draws[$0, 0]) }
        let sampleMean = xs.reduce(0, +) / 20_000
        #expect(abs(sampleMean - meanX) < 4 * ((meanSquare - meanX * meanX) / 20_000).squareRoot(), "\(sampleMean) vs \(meanX)")
    }
}
