import Foundation

/// Adam (Kingma & Ba, 2015) with bias-corrected moment estimates:
///
///   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
///   θ ← θ − η · m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
///
/// `weightDecay` > 0 gives AdamW's decoupled decay θ ← θ − ηλθ.
public final class Adam: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public private(set) var stepCount = 0
    private var firstMoments: [[Float]]
    private var secondMoments: [[Float]]

    public init(
        parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, weightDecay: Float = 0
    ) {
        require(learningRate > 0, "Adam needs a positive learning rate, got \(learningRate).")
        require((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam's betas must be in [0, 1), got \(beta1), \(beta2).")
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoments = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        secondMoments = parameters.map { [Float](repeating: 0, count: $0.value.count) }
    }

    public func step(gradients: [Tensor]) {
        checkGradients(gradients)
        stepCount += 1
        let correction1 = 1 - Float(Foundation.pow(Double(beta1), Double(stepCount)))
        let correction2 = 1 - Float(Foundation.pow(Double(beta2), Double(stepCount)))
        let stepSize = learningRate / correction1
        let (beta1, beta2, epsilon, decay) = (self.beta1, self.beta2, self.epsilon, learningRate * weightDecay)
        for index in parameters.indices {
            firstMoments[index].withUnsafeMutableBufferPointer { m in
                secondMoments[index].withUnsafeMutableBufferPointer { v in
                    gradients[index].scalars.withUnsafeBufferPointer { g in
                        parameters[index].value.scalars.withUnsafeMutableBufferPointer { theta in
                            Self.update(count: theta.count, theta: theta.baseAddress!, m: m.baseAddress!, v: v.baseAddress!,
                                        g: g.baseAddress!, beta1: beta1, beta2: beta2, epsilon: epsilon,
                                        stepSize: stepSize, correction2: correction2, decay: decay)
                        }
                    }
                }
            }
        }
    }

    /// The Adam update of one tensor, eight lanes at a time (the arithmetic is
    /// the same per element in the vector body and the scalar tail).
    private static func update(
        count: Int, theta: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
        g: UnsafePointer<Float>, beta1: Float, beta2: Float, epsilon: Float, stepSize: Float, correction2: Float, decay: Float
    ) {
        typealias Vector = SIMD8<Float>
        var i = 0
        while i + 8 <= count {
            let gradient = UnsafeRawPointer(g + i).loadUnaligned(as: Vector.self)
            var first = UnsafeRawPointer(m + i).loadUnaligned(as: Vector.self)
            var second = UnsafeRawPointer(v + i).loadUnaligned(as: Vector.self)
            var value = UnsafeRawPointer(theta + i).loadUnaligned(as: Vector.self)
            first = beta1 * first + (1 - beta1) * gradient
            second = beta2 * second + (1 - beta2) * gradient * gradient
            let denominator = (second / correction2).squareRoot() + epsilon
            value -= stepSize * first / denominator + decay * value
            UnsafeMutableRawPointer(m + i).storeBytes(of: first, as: Vector.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: second, as: Vector.self)
            UnsafeMutableRawPointer(theta + i).storeBytes(of: value, as: Vector.self)
            i += 8
        }
        while i < count {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            let denominator = (v[i] / correction2).squareRoot() + epsilon
            theta[i] -= stepSize * m[i] / denominator + decay * theta[i]
            i += 1
        }
    }
}
