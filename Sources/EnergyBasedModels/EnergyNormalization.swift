import Autodiff
import Distributions
import Foundation
import TensorCore

// listing: energy-normalization
/// Z_θ of a two-dimensional energy model, which is what turns its energies into log-densities.
/// In two dimensions Z_θ = ∫_B e^{−E_θ} is a smooth integral over a square, and a product
/// Gauss–Legendre rule computes it to many digits; by plain Monte Carlo, Z_θ = |B|·𝔼_{U(B)}[e^{−E_θ}],
/// it is an independent second route with a standard error. In the hundreds of dimensions of an
/// image neither works, which is why EBMs of images report samples rather than likelihoods.
extension EnergyNetwork {
    /// log Z_θ by the rule `quadrature`, which must cover exactly the box (in double precision, shifted by the
    /// smallest energy so that no exponential overflows).
    public func logPartition(quadrature: GridQuadrature2D) -> Double {
        require(dimension == 2, "Quadrature normalisation is for two-dimensional energies.")
        let (a, b) = (Double(box.lowerBound), Double(box.upperBound))
        require(quadrature.first.lower == a && quadrature.first.upper == b && quadrature.second.lower == a && quadrature.second.upper == b,
                "The quadrature rule must cover the model's box [\(a), \(b)]².")
        let negative = energies(quadrature.points).map { -$0 }
        let shift = negative.max()!
        return shift + log(quadrature.integrate(negative.map { exp($0 - shift) }))
    }

    /// log Z_θ = log |B| + log mean e^{−E_θ(u)} over `count` uniform points u, and its delta-method standard error.
    public func logPartitionByUniformSampling(_ count: Int, using generator: inout RandomGenerator) -> (logPartition: Double, standardError: Double) {
        require(count >= 2, "A standard error needs at least two points.")
        let negative = energies(uniformNoise(count, using: &generator)).map { -$0 }
        let shift = negative.max()!, weights = negative.map { exp($0 - shift) }
        let mean = weights.reduce(0, +) / Double(count)
        let variance = weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
        let volume = pow(Double(box.upperBound - box.lowerBound), Double(dimension))
        return (log(volume) + shift + log(mean), (variance / Double(count)).squareRoot() / mean)
    }

    /// log p_θ(x) = −E_θ(x) − log Z_θ for each row inside the box, −∞ outside.
    public func logDensities(_ x: Tensor, logPartition: Double) -> [Double] {
        let values = energies(x)
        return (0..<x.rowCount).map { row in
            contains((0..<dimension).map { x[row, $0] }) ? -values[row] - logPartition : -Double.infinity
        }
    }
}
// end listing

extension EnergyNetwork {
    /// The exact negative log-likelihood of the rows of `positive`, ⟨E_θ(x)⟩ + log Z_θ, with log Z_θ by the rule
    /// `quadrature` on the tape: log Σ_k w_k e^{−E_θ(u_k)} over its nodes u_k and weights w_k. Its gradient is the exact
    /// positive phase minus the negative phase with p_θ replaced by the rule's weighted nodes — the reference that
    /// Langevin negatives try to approximate, affordable only because the box is two-dimensional.
    public func exactNegativeLogLikelihood(_ positive: Tensor, quadrature: GridQuadrature2D, on tape: Tape) -> Variable {
        let nodes = tape.variable(quadrature.points)
        let logWeights = Tensor(shape: [quadrature.count, 1], scalars: quadrature.weights.map { Float(log($0)) })
        let logPartition = (tape.variable(logWeights) - self(nodes)).logSumExp(alongAxis: 0)
        return self(tape.variable(positive)).mean() + logPartition.sum()
    }
}

extension EnergyNetwork {
    /// `count` draws from p_θ itself, with no Markov chain: the box is cut into `cellsPerSide`² square cells, a cell
    /// is chosen with probability ∝ e^{−E_θ(centre)}, and a point is placed uniformly inside it. This is p_θ up to
    /// the energy's variation within one cell, so it shows what the density is, apart from any sampler.
    public func gridSamples(_ count: Int, cellsPerSide: Int, using generator: inout RandomGenerator) -> Tensor {
        require(dimension == 2 && cellsPerSide >= 2, "Grid sampling is for two-dimensional energies.")
        let a = Double(box.lowerBound), width = Double(box.upperBound - box.lowerBound) / Double(cellsPerSide)
        let centres = Tensor(shape: [cellsPerSide * cellsPerSide, 2]) { buffer in
            for j in 0..<cellsPerSide {
                for i in 0..<cellsPerSide {
                    buffer[2 * (j * cellsPerSide + i)] = Float(a + (Double(i) + 0.5) * width)
                    buffer[2 * (j * cellsPerSide + i) + 1] = Float(a + (Double(j) + 0.5) * width)
                }
            }
        }
        let negative = energies(centres).map { -$0 }, shift = negative.max()!
        var cumulative: [Double] = [], total = 0.0
        for value in negative { total += exp(value - shift); cumulative.append(total) }
        return Tensor(shape: [count, 2]) { buffer in
            for row in 0..<count {
                let u = generator.uniformDouble() * total
                var (low, high) = (0, cumulative.count - 1)
                while low < high { let middle = (low + high) / 2; if cumulative[middle] < u { low = middle + 1 } else { high = middle } }
                buffer[2 * row] = Float(a + (Double(low % cellsPerSide) + generator.uniformDouble()) * width)
                buffer[2 * row + 1] = Float(a + (Double(low / cellsPerSide) + generator.uniformDouble()) * width)
            }
        }
    }
}
