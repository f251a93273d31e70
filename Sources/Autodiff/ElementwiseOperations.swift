import TensorCore
import Foundation

// Elementwise functions. Each pullback multiplies the incoming gradient by the
// derivative f′(x), written next to the function so the pair can be read
// together: first with tensors (training), then with variables (the
// differentiable pullback, for second derivatives).

extension Variable {
    /// Records y = f(x) whose derivative is computed from x and y by `derivative`,
    /// and, for a differentiable backward pass, by `differentiableDerivative`.
    func elementwise(
        _ value: Tensor,
        derivative: @escaping (_ input: Tensor, _ output: Tensor, _ gradient: Tensor) -> Tensor,
        differentiableDerivative: @escaping (_ input: Variable, _ output: Variable, _ gradient: Variable) -> Variable
    ) -> Variable {
        let input = self.value
        return tape.record(value, inputs: [self]) { gradient, _ in [derivative(input, value, gradient)] }
            differentiablePullback: { gradient, operation in
                [differentiableDerivative(operation.inputs[0], operation.output, gradient)]
            }
    }

    /// e^x; derivative e^x.
    public func exp() -> Variable {
        elementwise(value.exp()) { _, y, g in g * y } differentiableDerivative: { _, y, g in g * y }
    }
    /// log x; derivative 1/x.
    public func log() -> Variable {
        elementwise(value.log()) { x, _, g in g / x } differentiableDerivative: { x, _, g in g / x }
    }
    /// log(1 + x); derivative 1/(1 + x).
    public func log1p() -> Variable {
        elementwise(value.log1p()) { x, _, g in g / (x + 1) } differentiableDerivative: { x, _, g in g / (x + 1) }
    }
    /// √x; derivative 1/(2√x).
    public func sqrt() -> Variable {
        elementwise(value.sqrt()) { _, y, g in g / (y * 2) } differentiableDerivative: { _, y, g in g / (y * 2) }
    }
    /// x²; derivative 2x.
    public func squared() -> Variable {
        elementwise(value.squared()) { x, _, g in g * x * 2 } differentiableDerivative: { x, _, g in g * x * 2 }
    }
    /// |x|; derivative sign(x) (0 at 0), a constant, so the second derivative is 0.
    public func abs() -> Variable {
        elementwise(value.abs()) { x, _, g in g * x.sign() } differentiableDerivative: { x, _, g in g * x.value.sign() }
    }
    /// x^p; derivative p·x^{p−1}.
    public func pow(_ exponent: Float) -> Variable {
        elementwise(value.pow(exponent)) { x, _, g in g * x.pow(exponent - 1) * exponent }
            differentiableDerivative: { x, _, g in g * x.pow(exponent - 1) * exponent }
    }
    /// tanh x; derivative 1 − tanh² x.
    public func tanh() -> Variable {
        elementwise(value.tanh()) { _, y, g in g.zipVectorized(y) { g, y in g * (1 - y * y) } }
            differentiableDerivative: { _, y, g in g * (1 - y.squared()) }
    }
    /// σ(x); derivative σ(x)(1 − σ(x)).
    public func sigmoid() -> Variable {
        elementwise(value.sigmoid()) { _, y, g in g.zipVectorized(y) { g, y in g * y * (1 - y) } }
            differentiableDerivative: { _, y, g in g * y * (1 - y) }
    }
    /// softplus(x) = log(1 + eˣ); derivative σ(x).
    public func softplus() -> Variable {
        elementwise(value.softplus()) { x, _, g in g * x.sigmoid() } differentiableDerivative: { x, _, g in g * x.sigmoid() }
    }
    /// SiLU x·σ(x); derivative σ(x)·(1 + x·(1 − σ(x))).
    ///
    /// σ(x) is kept from the forward pass, so the backward pass needs no
    /// second exponential (this is the hot activation of every score network).
    public func silu() -> Variable {
        let input = value
        let (output, logistic) = input.siluKeepingLogistic()
        return tape.record(output, inputs: [self]) { gradient, _ in
            [input.siluGradient(logistic: logistic, gradient: gradient)]
        } differentiablePullback: { gradient, operation in
            let x = operation.inputs[0]
            let logistic = x.sigmoid()
            return [gradient * (logistic * (x * (1 - logistic) + 1))]
        }
    }
    /// ReLU max(x, 0); derivative 1 for x > 0, else 0 (a constant mask, so the
    /// second derivative is 0).
    public func relu() -> Variable {
        elementwise(value.relu()) { x, _, g in
            g.zipVectorized(x) { g, x in g.replacing(with: 0, where: x .<= 0) }
        } differentiableDerivative: { x, _, g in
            g * x.value.mapVectorized { SIMD8(repeating: 1).replacing(with: 0, where: $0 .<= 0) }
        }
    }
    /// Leaky ReLU; derivative 1 for x > 0, `slope` otherwise (a constant, as for ReLU).
    public func leakyRelu(slope: Float = 0.2) -> Variable {
        elementwise(value.leakyRelu(slope: slope)) { x, _, g in
            g.zipVectorized(x) { g, x in g.replacing(with: g * slope, where: x .<= 0) }
        } differentiableDerivative: { x, _, g in
            g * x.value.mapVectorized { SIMD8(repeating: 1).replacing(with: slope, where: $0 .<= 0) }
        }
    }
}

extension Variable: ActivationInput {}
