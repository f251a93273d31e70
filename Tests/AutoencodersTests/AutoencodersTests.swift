import Foundation
import Testing
import Autoencoders
import NeuralLayers
import Training

/// A sample covariance of d-dimensional data with a clear top-k structure.
private func syntheticCovariance(d: Int, seed: UInt64) -> (covariance: Matrix, data: Tensor) {
    var generator = RandomGenerator(seed: seed)
    let scales = Tensor((0..<d).map { Float(3 / Double($0 + 1)) })
    var data = Tensor.matmul(Tensor.normal([3_000, d], using: &generator) * scales, Tensor.normal([d, d], standardDeviation: 0.5, using: &generator))
    data = data - data.mean(alongAxis: 0, keepingDimension: true)
    return ((1 / 3_000.0) * (Matrix(data).transposed * Matrix(data)), data)
}

@Suite struct ProbabilisticPCATests {
    /// The closed form is a maximum: a finite-difference derivative in σ² vanishes, and
    /// perturbing W or σ² in any direction lowers the likelihood.
    @Test func theClosedFormIsAMaximumOfTheLikelihood() throws {
        let (s, _) = syntheticCovariance(d: 7, seed: 1)
        let best = try ProbabilisticPCA.maximumLikelihood(covariance: s, latentDimension: 2)
        let value = try best.logLikelihood(covariance: s)
        let h = 1e-5
        let up = try ProbabilisticPCA(loadings: best.loadings, noiseVariance: best.noiseVariance + h).logLikelihood(covariance: s)
        let down = try ProbabilisticPCA(loadings: best.loadings, noiseVariance: best.noiseVariance - h).logLikelihood(covariance: s)
        #expect(abs((up - down) / (2 * h)) < 1e-6)
        var generator = RandomGenerator(seed: 2)
        for _ in 0..<10 {
            let direction = Matrix(Tensor.normal([7, 2], standardDeviation: 0.01, using: &generator))
            #expect(try ProbabilisticPCA(loadings: best.loadings + direction, noiseVariance: best.noiseVariance).logLikelihood(covariance: s) < value)
        }
        // The likelihood depends on W only through WWᵀ: a rotation R changes nothing.
        let rotation = Matrix(rows: [[0.6, -0.8], [0.8, 0.6]])
        let rotated = try ProbabilisticPCA(loadings: best.loadings * rotation, noiseVariance: best.noiseVariance).logLikelihood(covariance: s)
        #expect(abs(rotated - value) < 1e-12)
    }

    /// The average log-likelihood from S equals the mean of log N(xᵢ; 0, C) summed point by point.
    @Test func logLikelihoodMatchesTheAverageLogDensity() throws {
        let (s, data) = syntheticCovariance(d: 5, seed: 3)
        let model = try ProbabilisticPCA.maximumLikelihood(covariance: s, latentDimension: 2)
        let c = model.loadings * model.loadings.transposed + model.noiseVariance * Matrix.identity(5)
        let eigen = try SymmetricEigendecomposition(c)
        let inverse = eigen.reconstructed { 1 / $0 }
        let logDeterminant = eigen.values.reduce(0) { $0 + log($1) }
        let x = Matrix(data)
        var total = 0.0
        for i in 0..<x.rows {
            var quadratic = 0.0
            for a in 0..<5 { for b in 0..<5 { quadratic += x[i, a] * inverse[a, b] * x[i, b] } }
            total += -0.5 * (5 * log(2 * Double.pi) + logDeterminant + quadratic)
        }
        #expect(abs(total / Double(x.rows) - (try model.logLikelihood(covariance: s))) < 1e-4)
    }

    /// EM from a random start reaches the closed-form σ² and the closed-form subspace.
    @Test func expectationMaximizationReachesTheClosedForm() throws {
        let (s, _) = syntheticCovariance(d: 6, seed: 4)
        let best = try ProbabilisticPCA.maximumLikelihood(covariance: s, latentDimension: 2)
        var generator = RandomGenerator(seed: 5)
        var model = ProbabilisticPCA(loadings: Matrix(Tensor.normal([6, 2], using: &generator)), noiseVariance: 1)
        var previous = -Double.infinity
        for _ in 0..<2_000 {
            model = try model.expectationMaximizationStep(covariance: s)
            let value = try model.logLikelihood(covariance: s)
            #expect(value >= previous - 1e-10)   // EM never lowers the likelihood
            previous = value
        }
        #expect(abs(model.noiseVariance / best.noiseVariance - 1) < 1e-9)
        #expect(try Matrix.largestPrincipalAngleDegrees(model.loadings, best.loadings) < 1e-6)
    }
}

@Suite struct SubspaceAngleTests {
    /// Two planes in R³ at a known angle, including angles too small for the arccosine.
    @Test func knownAnglesIncludingTinyOnes() throws {
        for angle in [0.7, 1e-3, 1e-10] {
            let a = Matrix(rows: [[1, 0], [0, 1], [0, 0]])
            let b = Matrix(rows: [[1, 0], [0, cos(angle)], [0, sin(angle)]])
            let sines = try Matrix.principalAngleSines(a, b)
            #expect(abs(sines[0] / sin(angle) - 1) < 1e-6, "angle \(angle): sine \(sines[0])")
            #expect(abs(sines[1]) < 1e-12)
        }
    }
}

@Suite struct PixelNoiseTests {
    /// The closed form against 200,000 draws per pixel value (4 SE), and its limits:
    /// σ² in the middle of [0, 1] for small σ, σ²/2 at a white pixel.
    @Test func expectedSquaredErrorMatchesSimulation() {
        let noise = PixelNoise(standardDeviation: 0.3)
        var generator = RandomGenerator(seed: 6)
        for p in [0.0, 0.2, 0.5, 1.0] {
            let clean = Tensor(repeating: Float(p), shape: [200_000])
            let errors = (noise.apply(to: clean, using: &generator) - clean).squared().scalars.map(Double.init)
            let mean = errors.reduce(0, +) / Double(errors.count)
            let sd = (errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(errors.count - 1)).squareRoot()
            let expected = noise.expectedSquaredError(pixel: p)
            #expect(abs(mean - expected) < 4 * sd / Double(errors.count).squareRoot(), "p = \(p): simulated \(mean), closed form \(expected)")
        }
        let small = PixelNoise(standardDeviation: 0.01)
        #expect(abs(small.expectedSquaredError(pixel: 0.5) / 1e-4 - 1) < 1e-9)
        #expect(abs(small.expectedSquaredError(pixel: 0) / 0.5e-4 - 1) < 1e-9)
    }
}

@Suite struct AutoencoderTests {
    /// The loss is the per-pixel MSE of the reconstruction plus the weighted mean |code|.
    @Test func lossIsReconstructionErrorPlusCodePenalty() {
        var generator = RandomGenerator(seed: 7)
        let model = Autoencoder(inputSize: 6, hiddenSize: 5, codeSize: 3, codeActivation: .relu, using: &generator)
        let input = Tensor.uniform([4, 6], using: &generator), target = Tensor.uniform([4, 6], using: &generator)
        let mse = (model.decoder(model.encode(input)) - target).squared().mean().scalar
        let meanCode = model.encode(input).abs().mean().scalar
        let loss = model.loss(input: input, target: target, codePenalty: 0.3, on: Tape()).value.scalar
        #expect(abs(loss - (mse + 0.3 * meanCode)) < 1e-5)
        #expect(abs(model.loss(input: input, target: target, on: Tape()).value.scalar - mse) < 1e-6)
    }

    /// Trained by gradient descent, a bias-free linear autoencoder finds the top-k
    /// principal subspace, and its error is the discarded eigenvalues' sum over d.
    @Test func linearAutoencoderFindsThePrincipalSubspace() throws {
        let (s, data) = syntheticCovariance(d: 6, seed: 8)
        var generator = RandomGenerator(seed: 9)
        let model = LinearAutoencoder(inputSize: 6, codeSize: 2, using: &generator)
        let trainer = Trainer(label: "linear", parameters: model.parameters, steps: 3_000,
                              optimizer: Adam(parameters: model.parameters, learningRate: 0.01))
        for step in 0..<trainer.steps { try trainer.step(step) { tape in model.loss(data, on: tape) } }
        let eigen = try SymmetricEigendecomposition(s)
        let top = Matrix(rows: 6, columns: 2, elements: (0..<6).flatMap { i in [eigen.vectors[i, 5], eigen.vectors[i, 4]] })
        #expect(try Matrix.largestPrincipalAngleDegrees(model.decoderColumns, top) < 0.1)
        let discarded = eigen.values.prefix(4).reduce(0, +) / 6
        let error = Double((model.reconstruct(data) - data).squared().mean().scalar)
        #expect(abs(error / discarded - 1) < 1e-3, "error \(error) vs \(discarded)")
    }
}
