import Foundation
import Testing
import TensorCore
import Autodiff
import NeuralLayers
import Statistics
import Distributions
@testable import VariationalAutoencoders

/// Paired differences a − b per example, summarised.
private func paired(_ a: [Double], _ b: [Double]) -> SampleSummary { SampleSummary(zip(a, b).map { $0 - $1 }) }

/// The VAE's forward paths, its gradients, and what brief training and importance
/// weighting do to its bound on log p(x).
@Suite struct VariationalAutoencoderTests {
    /// Shapes, the tape and tensor encoders agreeing, decoded images in (0, 1).
    @Test func encodeDecodeAndSampleShapes() {
        var generator = RandomGenerator(seed: 1)
        let model = VariationalAutoencoder(dataSize: 64, latentSize: 3, hiddenSizes: [16], using: &generator)
        let x = TinyDigitVAE.images.slice(0..<5)
        let posterior = model.encode(x)
        #expect(posterior.mean.shape == [5, 3] && posterior.logVariance.shape == [5, 3])
        let (mean, logVariance) = model.encode(Tape().constant(x))
        for (a, b) in zip(mean.value.scalars + logVariance.value.scalars, posterior.mean.scalars + posterior.logVariance.scalars) {
            #expect(abs(a - b) < 1e-5)
        }
        let samples = model.sample(7, using: &generator)
        #expect(samples.shape == [7, 64] && samples.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(model.reconstruct(x).shape == [5, 64] && model.parameterCount == model.parameters.reduce(0) { $0 + $1.value.count })
    }

    /// The tape's ELBO terms equal the double-precision evaluation at the same draw: the
    /// reconstruction through the encoder, the reparameterisation and the binomial law, the
    /// KL through the closed form.
    @Test func tapeTermsMatchTheDoublePrecisionRoute() {
        var generator = RandomGenerator(seed: 2)
        let model = VariationalAutoencoder(dataSize: 64, latentSize: 3, hiddenSizes: [16], using: &generator)
        let x = TinyDigitVAE.images.slice(0..<6)
        var copy = generator
        let terms = model.elboTerms(x, on: Tape(), using: &generator)
        let posterior = model.encode(x)
        let z = posterior.mean + posterior.standardDeviation * Tensor.normal([6, 3], using: &copy)
        let reconstruction = model.likelihood.logLikelihood(outputs: model.decoderOutputs(z), data: x)
        for i in 0..<6 {
            #expect(abs(Double(terms.reconstruction.value.scalars[i]) - reconstruction[i]) < 1e-4 * abs(reconstruction[i]))
            #expect(abs(Double(terms.kl.value.scalars[i]) - posterior.klToStandardNormal[i]) < 1e-4)
        }
    }

    /// ∂(−ELBO)/∂θ and the gradient of the warm-up-and-free-bits objective against central
    /// differences on every parameter of a small VAE, with the noise held fixed.
    @Test func objectiveGradientsMatchFiniteDifferences() {
        var generator = RandomGenerator(seed: 3)
        let model = VariationalAutoencoder(dataSize: 4, latentSize: 2, hiddenSizes: [3], using: &generator)
        let x = Tensor(shape: [3, 4], scalars: (0..<12).map { _ in Float(generator.integer(below: 17)) / 16 })
        for objective in [ELBOObjective.standard, ELBOObjective(beta: 2, warmUpSteps: 10, freeBitsPerDimension: 0.05)] {
            let report = GradientCheck.compare(parameters: model.parameters) { tape in
                var noise = RandomGenerator(seed: 4)
                return objective.loss(model.elboTerms(x, on: tape, using: &noise), step: 5) * 0.1
            }
            #expect(report.passed, "\(objective): \(report)")
        }
    }

    /// 300 steps on 300 digits raise the ELBO by far more than its standard error and past
    /// the trivial baseline, independent binomial pixels with the data's pixel means.
    @Test func briefTrainingImprovesTheELBOBeyondTheFactorisedBaseline() throws {
        var generator = RandomGenerator(seed: 5)
        var untrainedGenerator = RandomGenerator(seed: 1)
        let untrained = VariationalAutoencoder(dataSize: 64, latentSize: 4, hiddenSizes: [64], using: &untrainedGenerator)
        let before = untrained.evaluateELBO(TinyDigitVAE.images, samplesPerExample: 4, using: &generator)
        let (model, trainer) = try TinyDigitVAE.trained()
        let after = model.evaluateELBO(TinyDigitVAE.images, samplesPerExample: 4, using: &generator)
        let gain = paired(after.elbo, before.elbo)
        #expect(gain.mean > 10 * gain.standardError && gain.mean > 100, "gain \(gain.mean) ± \(gain.standardError)")
        let overBaseline = paired(after.elbo, TinyDigitVAE.factorisedBaseline(TinyDigitVAE.images))
        #expect(overBaseline.mean > 10 * overBaseline.standardError, "over the baseline: \(overBaseline.mean) ± \(overBaseline.standardError)")
        #expect(trainer.history.count == 300 && trainer.history.last!.klPerDimension.count == 4)
        #expect(abs(after.bitsPerDimension - (-after.meanELBO / (64 * log(2.0)))) < 1e-12)
    }

    /// On a trained VAE: L₁ (Monte Carlo KL) agrees with the ELBO (closed-form KL) within four
    /// standard errors of the paired difference, and L₁ < L₁₀ < L₁₀₀₀ on average over the
    /// 300 digits, each step by more than four standard errors of the paired rise.
    @Test func importanceWeightedBoundStartsAtTheELBOAndRisesWithK() throws {
        let (model, _) = try TinyDigitVAE.trained()
        let x = TinyDigitVAE.images
        var generator = RandomGenerator(seed: 6)
        let elbo = model.evaluateELBO(x, samplesPerExample: 1, using: &generator)
        let bounds = [1, 10, 1_000].map { model.importanceWeightedBound(x, samples: $0, using: &generator) }
        let firstVersusELBO = paired(bounds[0].values, elbo.elbo)
        #expect(abs(firstVersusELBO.mean) < 4 * firstVersusELBO.standardError, "L1 − ELBO = \(firstVersusELBO.mean) ± \(firstVersusELBO.standardError)")
        for (lower, higher) in zip(bounds, bounds.dropFirst()) {
            let rise = paired(higher.values, lower.values)
            #expect(rise.mean > 4 * rise.standardError, "K = \(higher.sampleCount): rise \(rise.mean) ± \(rise.standardError)")
        }
    }

    /// Each log-weight log p(x | z) + log p(z) − log q(z | x) recomputed at the same draws
    /// with `Gaussian` densities (Cholesky route) for the prior and the posterior, to the
    /// Float32 rounding of decoding one row instead of a batch (about 10⁻⁸ relative); in one
    /// pass and in passes of 4 rows (blocks of 4 and 1 draws per example).
    @Test(arguments: [8_192, 4])
    func importanceWeightsMatchAnIndependentComputation(rowsPerPass: Int) throws {
        let (model, _) = try TinyDigitVAE.trained(steps: 50)
        let x = TinyDigitVAE.images.slice(0..<3)
        var generator = RandomGenerator(seed: 8)
        var copy = generator
        let weights = model.logImportanceWeights(x, samples: 5, rowsPerPass: rowsPerPass, using: &generator)
        #expect(weights.count == 3 && weights.allSatisfy { $0.count == 5 })
        let posterior = model.encode(x)
        let z = posterior.repeated(5).sample(using: &copy)
        let prior = Gaussian.standard(dimension: 4)
        for i in 0..<3 {
            let row = (0..<4).map { Double(posterior.mean[i, $0]) }, variances = (0..<4).map { exp(Double(posterior.logVariance[i, $0])) }
            let q = Gaussian(mean: row, covariance: Matrix.diagonal(variances))
            for k in 0..<5 {
                let draw = z.slice((i * 5 + k)..<(i * 5 + k + 1))
                let point = draw.doubles
                let expected = model.likelihood.logLikelihood(outputs: model.decoderOutputs(draw), data: x.slice(i..<(i + 1)))[0]
                    + prior.logDensity(at: point) - q.logDensity(at: point)
                #expect(abs(weights[i][k] - expected) < 1e-7 * abs(expected), "example \(i), draw \(k)")
            }
        }
    }

    /// Evaluating in passes of a few rows changes nothing: the same draws (k even, so the
    /// normal stream splits at row boundaries) give the same per-example terms, up to the
    /// Float32 rounding of encoding and decoding batches of another size.
    @Test func elboEvaluationDoesNotDependOnThePassSize() throws {
        let (model, _) = try TinyDigitVAE.trained(steps: 50)
        let x = TinyDigitVAE.images.slice(0..<7)
        var first = RandomGenerator(seed: 9), second = first
        let whole = model.evaluateELBO(x, samplesPerExample: 3, using: &first)
        let pieces = model.evaluateELBO(x, samplesPerExample: 3, rowsPerPass: 6, using: &second)
        for (a, b) in zip(whole.reconstruction + whole.kl + whole.klPerDimension, pieces.reconstruction + pieces.kl + pieces.klPerDimension) {
            #expect(abs(a - b) < 1e-6 * max(1, abs(a)))  // Float32 rounding of other batch sizes
        }
        #expect(whole.reconstruction.count == 7 && pieces.reconstruction.count == 7)
        // The per-dimension KL is the average over the examples: it sums to the mean KL and
        // equals the model's own average.
        #expect(abs(whole.klPerDimension.reduce(0, +) - whole.meanKL) < 1e-10)
        for (a, b) in zip(whole.klPerDimension, model.averageKLPerDimension(x)) { #expect(abs(a - b) < 1e-12) }
    }

    /// The trainer's record holds the terms before the update (recomputed from a copy of the
    /// random stream), and a non-finite KL stops training with a sentence naming it and the step.
    @Test func trainerRecordsTermsAndStopsOnANonFiniteKL() throws {
        var generator = RandomGenerator(seed: 7)
        let model = VariationalAutoencoder(dataSize: 64, latentSize: 2, hiddenSizes: [8], using: &generator)
        let trainer = VariationalAutoencoderTrainer(model: model, steps: 10, objective: ELBOObjective(warmUpSteps: 4))
        let batch = TinyDigitVAE.images.slice(0..<16)
        var copy = generator
        let expected = model.elboTerms(batch, on: Tape(), using: &copy)
        let record = try trainer.step(2, batch: batch, using: &generator)
        #expect(abs(record.reconstruction - Double(expected.reconstruction.value.mean().scalar)) < 1e-9)
        #expect(abs(record.kl - Double(expected.kl.value.mean().scalar)) < 1e-9 && record.klWeight == 0.5)
        #expect(abs(record.loss - (0.5 * record.kl - record.reconstruction)) < 1e-3)

        // A mean of 10²⁰ squares to +∞ in Float32: the KL is the first term to fail.
        let encoderBias = model.encoder.layers.last!.bias, saved = encoderBias.value
        encoderBias.value = Tensor([1e20, 0, 0, 0])
        do {
            try trainer.step(3, batch: batch, using: &generator)
            Issue.record("expected a NonFiniteValueError")
        } catch let error as NonFiniteValueError {
            #expect(error.quantity == "VAE KL" && error.step == 3, "\(error)")
        }
        // A NaN decoder bias poisons the reconstruction term, which is named instead.
        encoderBias.value = saved
        model.decoder.layers.last!.bias.value.scalars[0] = .nan
        do {
            try trainer.step(4, batch: batch, using: &generator)
            Issue.record("expected a NonFiniteValueError")
        } catch let error as NonFiniteValueError {
            #expect(error.quantity == "VAE reconstruction log-likelihood" && error.step == 4, "\(error)")
        }
        #expect(trainer.history.count == 1)
    }
}
