import TensorCore

/// Finite-difference checks of tape gradients.
///
/// The book claims "the analytic gradient equals the finite-difference
/// gradient" many times; this is the one implementation of that check, used
/// by the tests of every operation and by chapters that verify a derivation.
public enum GradientCheck {
    /// The outcome of comparing tape gradients with central differences.
    public struct Report: CustomStringConvertible {
        /// Largest |analytic − numeric| over all input elements.
        public let maximumAbsoluteError: Double
        /// The element where the check is worst relative to its tolerance, described.
        public let worstElement: String
        /// Whether every element satisfied |a − n| ≤ absolute + relative·|n|.
        public let passed: Bool

        public var description: String {
            "gradient check \(passed ? "passed" : "FAILED"): max |analytic − numeric| = \(maximumAbsoluteError) (worst: \(worstElement))"
        }
    }

    /// Compares ∂L/∂inputs from the tape with central differences, where
    /// L = Σ wᵢ·outputᵢ for fixed pseudo-random weights w (so every component of
    /// a non-scalar output is tested, not only their sum).
    ///
    /// - Parameters:
    ///   - inputs: the points at which to differentiate.
    ///   - step: the finite-difference step h. Central differences have
    ///     truncation error O(h²) and, in Float32, rounding error ≈ 6e-8·|L|/h;
    ///     h = 1e-2 balances the two for values of order one.
    ///   - absoluteTolerance, relativeTolerance: the pass criterion
    ///     |a − n| ≤ absolute + relative·|n|. The defaults (3e-3, 1e-2) cover
    ///     both error sources above for smooth functions of O(1) inputs.
    ///   - function: builds the output from variables on the given tape.
    public static func compare(
        at inputs: [Tensor], step: Float = 1e-2,
        absoluteTolerance: Double = 3e-3, relativeTolerance: Double = 1e-2,
        seed: UInt64 = 12_345,
        _ function: (Tape, [Variable]) -> Variable
    ) -> Report {
        // The analytic gradient of L = Σ w·output.
        let tape = Tape()
        let variables = inputs.map { tape.variable($0) }
        let output = function(tape, variables)
        var generator = RandomGenerator(seed: seed)
        let weights = Tensor.uniform(output.shape, low: 0.5, high: 1.5, using: &generator)
        let analytic = tape.gradients(of: output, seed: weights, withRespectTo: variables)

        func loss(_ points: [Tensor]) -> Double {
            // Variables, not constants, so that a function which itself takes
            // gradients with respect to its inputs computes the same value here.
            let probe = Tape()
            let value = function(probe, points.map { probe.variable($0) }).value
            require(value.shape == weights.shape, "The function's output shape changed between evaluations.")
            return dot(value, weights)
        }
        return compareWithCentralDifferences(
            analytic, at: inputs, step: step, absoluteTolerance: absoluteTolerance,
            relativeTolerance: relativeTolerance, loss: loss)
    }

    /// Compares ∂L/∂θ from the tape with central differences on every element of every
    /// parameter, where `loss` builds the scalar L on the tape it is given (a fresh one for
    /// each evaluation). The parameters' values are restored afterwards. Step and tolerances
    /// as in `compare(at:…)`; the report names elements as "input i" = parameter i.
    public static func compare(
        parameters: [Parameter], step: Float = 1e-2,
        absoluteTolerance: Double = 3e-3, relativeTolerance: Double = 1e-2,
        loss: (Tape) -> Variable
    ) -> Report {
        let tape = Tape()
        let analytic = tape.gradients(of: loss(tape), for: parameters)
        let originals = parameters.map(\.value)
        defer { for (parameter, value) in zip(parameters, originals) { parameter.value = value } }
        return compareWithCentralDifferences(
            analytic, at: originals, step: step, absoluteTolerance: absoluteTolerance,
            relativeTolerance: relativeTolerance
        ) { points in
            for (parameter, value) in zip(parameters, points) { parameter.value = value }
            return Double(loss(Tape()).value.scalar)
        }
    }

    /// Checks second derivatives: the tape's derivative of a *recorded*
    /// backward pass (`Tape.differentiableGradients`) against central
    /// differences of the ordinary first-order gradients.
    ///
    /// With G(x) = wᵀ·∂output/∂x, the gradient the differentiable backward
    /// pass records, the analytic side is ∂(uᵀG)/∂x = H·u for fixed
    /// pseudo-random weights w and u (a Hessian–vector product when the
    /// output is a scalar). The numeric side differentiates uᵀG₁(x), where G₁
    /// comes from the fast `Tensor` pullbacks, an independent implementation:
    /// so a wrong formula in a differentiable pullback is caught, as is a
    /// differentiable pullback that is right in value but wrong in its own
    /// derivative. Parameters as in `compare(at:…)`.
    public static func compareSecondDerivatives(
        at inputs: [Tensor], step: Float = 1e-2,
        absoluteTolerance: Double = 3e-3, relativeTolerance: Double = 1e-2,
        seed: UInt64 = 12_345,
        _ function: (Tape, [Variable]) -> Variable
    ) -> Report {
        let tape = Tape()
        let variables = inputs.map { tape.variable($0) }
        let output = function(tape, variables)
        var generator = RandomGenerator(seed: seed)
        let outputWeights = Tensor.uniform(output.shape, low: 0.5, high: 1.5, using: &generator)
        let gradientWeights = inputs.map { Tensor.uniform($0.shape, low: -1, high: 1, using: &generator) }
        let gradients = tape.differentiableGradients(of: output, seed: outputWeights, withRespectTo: variables)
        let weightedGradients = zip(gradients, gradientWeights).map { ($0 * $1).sum() }
        let analytic = tape.gradients(
            of: weightedGradients.dropFirst().reduce(weightedGradients[0], +), withRespectTo: variables)

        func loss(_ points: [Tensor]) -> Double {
            let probe = Tape()
            let probeVariables = points.map { probe.variable($0) }
            let probeOutput = function(probe, probeVariables)
            require(probeOutput.shape == outputWeights.shape, "The function's output shape changed between evaluations.")
            let firstOrder = probe.gradients(of: probeOutput, seed: outputWeights, withRespectTo: probeVariables)
            return zip(firstOrder, gradientWeights).reduce(0.0) { $0 + dot($1.0, $1.1) }
        }
        return compareWithCentralDifferences(
            analytic, at: inputs, step: step, absoluteTolerance: absoluteTolerance,
            relativeTolerance: relativeTolerance, loss: loss)
    }

    /// Σ aᵢbᵢ accumulated in double precision.
    static func dot(_ a: Tensor, _ b: Tensor) -> Double {
        zip(a.scalars, b.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Compares `analytic` with central differences of `loss`, element by element.
    static func compareWithCentralDifferences(
        _ analytic: [Tensor], at inputs: [Tensor], step: Float,
        absoluteTolerance: Double, relativeTolerance: Double, loss: ([Tensor]) -> Double
    ) -> Report {
        var worstRatio = -1.0
        var worstDescription = "none"
        var maximumError = 0.0
        var points = inputs
        for (inputIndex, input) in inputs.enumerated() {
            for element in 0..<input.count {
                let original = input.scalars[element]
                points[inputIndex].scalars[element] = original + step
                let plus = loss(points)
                points[inputIndex].scalars[element] = original - step
                let minus = loss(points)
                points[inputIndex].scalars[element] = original
                // Divide by the step actually taken (x ± h is rounded to Float).
                let actualStep = Double(original + step) - Double(original - step)
                let numeric = (plus - minus) / actualStep
                let exact = Double(analytic[inputIndex].scalars[element])
                let error = Swift.abs(exact - numeric)
                maximumError = Swift.max(maximumError, error)
                let ratio = error / (absoluteTolerance + relativeTolerance * Swift.abs(numeric))
                if ratio > worstRatio {
                    worstRatio = ratio
                    worstDescription = "input \(inputIndex) element \(element): analytic \(exact), numeric \(numeric)"
                }
            }
        }
        return Report(maximumAbsoluteError: maximumError, worstElement: worstDescription, passed: worstRatio <= 1)
    }
}
