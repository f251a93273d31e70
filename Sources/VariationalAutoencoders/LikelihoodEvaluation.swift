import Foundation
import TensorCore
import Statistics
import Metrics

/// The ELBO of a data set under a VAE, per example, evaluated in double precision.
public struct ELBOEvaluation: Sendable, Equatable {
    /// The estimate of E_q[log p(xᵢ | z)] for each example (the mean over its draws).
    public let reconstruction: [Double]
    /// KL(q(z | xᵢ) ‖ p(z)) for each example, in closed form.
    public let kl: [Double]
    /// The KL of each latent dimension, averaged over the examples (nats).
    public let klPerDimension: [Double]
    /// d, the size of a data point (for bits per dimension).
    public let dataSize: Int

    /// ELBO(xᵢ) = reconstruction − KL for each example.
    public var elbo: [Double] { zip(reconstruction, kl).map { $0 - $1 } }
    /// The mean ELBO in nats per example.
    public var meanELBO: Double { elbo.mean }
    /// Its standard error over the examples.
    public var standardError: Double { elbo.standardErrorOfMean }
    /// The mean reconstruction term.
    public var meanReconstruction: Double { reconstruction.mean }
    /// The mean KL term.
    public var meanKL: Double { kl.mean }
    /// −ELBO in bits per dimension: an upper bound on the code length of the data.
    public var bitsPerDimension: Double { Metrics.bitsPerDimension(negativeLogLikelihood: -meanELBO, dimension: dataSize) }
}

extension VariationalAutoencoder {
    /// The examples of `data` in chunks of `rowsPerPass / samplesPerExample` rows (at least
    /// one), so a batched pass never holds more than about `rowsPerPass` decoded rows.
    func chunks(of data: Tensor, samplesPerExample: Int, rowsPerPass: Int) -> [Range<Int>] {
        let size = Swift.max(1, rowsPerPass / samplesPerExample)
        return stride(from: 0, to: data.rowCount, by: size).map { $0..<Swift.min($0 + size, data.rowCount) }
    }

    /// The ELBO of every row of `data`: the KL in closed form and the reconstruction term
    /// averaged over `samplesPerExample` draws z ~ q(z | x).
    public func evaluateELBO(_ data: Tensor, samplesPerExample: Int = 1, using generator: inout RandomGenerator) -> ELBOEvaluation {
        evaluateELBO(data, samplesPerExample: samplesPerExample, rowsPerPass: 8_192, using: &generator)
    }

    /// The evaluation in passes of at most about `rowsPerPass` decoded rows.
    func evaluateELBO(_ data: Tensor, samplesPerExample: Int, rowsPerPass: Int, using generator: inout RandomGenerator) -> ELBOEvaluation {
        require(samplesPerExample >= 1, "The ELBO needs at least one draw per example, got \(samplesPerExample).")
        require(data.rank == 2 && data.columnCount == dataSize && data.rowCount >= 2,
                "evaluateELBO needs at least two rows of size \(dataSize), got \(data.shape).")
        var reconstruction: [Double] = [], kl: [Double] = []
        var klPerDimension = [Double](repeating: 0, count: latentSize)
        for range in chunks(of: data, samplesPerExample: samplesPerExample, rowsPerPass: rowsPerPass) {
            let x = data.slice(range), posterior = encode(x)
            let perDimension = posterior.klPerDimension
            kl += perDimension.map { $0.reduce(0, +) }
            for row in perDimension { for j in row.indices { klPerDimension[j] += row[j] } }
            let repeated = posterior.repeated(samplesPerExample)
            let logLikelihoods = likelihood.logLikelihood(outputs: decoderOutputs(repeated.sample(using: &generator)),
                                                          data: x.gatherRows(repeated.sourceRows(samplesPerExample)))
            reconstruction += (0..<range.count).map { i in
                logLikelihoods[(i * samplesPerExample)..<((i + 1) * samplesPerExample)].reduce(0, +) / Double(samplesPerExample)
            }
        }
        return ELBOEvaluation(reconstruction: reconstruction, kl: kl,
                              klPerDimension: klPerDimension.map { $0 / Double(data.rowCount) }, dataSize: dataSize)
    }

    /// log wᵢₖ = log p(xᵢ | zᵢₖ) + log p(zᵢₖ) − log q(zᵢₖ | xᵢ) for K draws zᵢₖ ~ q(z | xᵢ)
    /// per row of `data`, `[n][K]`, accumulated in double precision.
    public func logImportanceWeights(_ data: Tensor, samples: Int, using generator: inout RandomGenerator) -> [[Double]] {
        logImportanceWeights(data, samples: samples, rowsPerPass: 8_192, using: &generator)
    }

    // listing: vae-importance-weights
    /// The log-weights computed in passes of at most about `rowsPerPass` decoded rows.
    func logImportanceWeights(_ data: Tensor, samples: Int, rowsPerPass: Int, using generator: inout RandomGenerator) -> [[Double]] {
        require(samples >= 1, "Importance weighting needs at least one sample, got \(samples).")
        require(data.rank == 2 && data.columnCount == dataSize, "logImportanceWeights needs [n, \(dataSize)], got \(data.shape).")
        var weights: [[Double]] = []
        for range in chunks(of: data, samplesPerExample: samples, rowsPerPass: rowsPerPass) {
            let x = data.slice(range), posterior = encode(x)
            var chunkWeights = [[Double]](repeating: [], count: range.count)
            // Blocks of draws per example, so that a large K does not need K decoded rows at once.
            let block = Swift.min(samples, Swift.max(1, rowsPerPass / range.count))
            var drawn = 0
            while drawn < samples {
                let size = Swift.min(block, samples - drawn)
                let repeated = posterior.repeated(size)
                let z = repeated.sample(using: &generator)
                let logLikelihood = likelihood.logLikelihood(outputs: decoderOutputs(z), data: x.gatherRows(repeated.sourceRows(size)))
                let logPrior = DiagonalGaussians.standardNormalLogDensity(z), logPosterior = repeated.logDensity(z)
                for row in 0..<(range.count * size) {
                    chunkWeights[row / size].append(logLikelihood[row] + logPrior[row] - logPosterior[row])
                }
                drawn += size
            }
            weights += chunkWeights
        }
        return weights
    }
    // end listing

    /// The importance-weighted bound L_K for every row of `data` (`ImportanceWeighting`);
    /// K = 1 is a single-sample estimate of the ELBO, and a large K estimates log p(x).
    public func importanceWeightedBound(_ data: Tensor, samples: Int, using generator: inout RandomGenerator) -> ImportanceWeightedEstimate {
        ImportanceWeighting.bound(logWeights: logImportanceWeights(data, samples: samples, using: &generator))
    }
}

extension DiagonalGaussians {
    /// For a batch made by `repeated(times)`, the index of the original row of each row.
    func sourceRows(_ times: Int) -> [Int] {
        (0..<count).map { $0 / times }
    }
}
