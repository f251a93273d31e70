import CKernels
import Foundation

extension Tensor {
    /// Applies `transform` to every element.
    @inlinable
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape) { output in
            scalars.withUnsafeBufferPointer { input in
                for index in input.indices { output[index] = transform(input[index]) }
            }
        }
    }

    /// Applies a vector kernel to every element, eight at a time.
    @inlinable
    public func mapVectorized(_ kernel: (SIMD8<Float>) -> SIMD8<Float>) -> Tensor {
        Tensor(shape: shape) { output in
            scalars.withUnsafeBufferPointer { input in
                let (source, destination) = (input.baseAddress!, output.baseAddress!)
                ParallelLoops.forEachChunk(count) { range in
                    FastMath.apply(range.count, source + range.lowerBound, destination + range.lowerBound, kernel)
                }
            }
        }
    }

    /// Applies one of the core's C vector functions (`CKernels`: e^x, σ, SiLU, tanh) to every element, split across cores
    /// like `mapVectorized`, at the width `VectorWidth.bits` chooses; every width computes the bits of the Swift
    /// definitions in `FastMath`.
    public func mapKernel(_ function: ck_vector_function) -> Tensor {
        Tensor(shape: shape) { output in
            scalars.withUnsafeBufferPointer { input in
                let (source, destination) = (input.baseAddress!, output.baseAddress!)
                let bits = VectorWidth.bits
                ParallelLoops.forEachChunk(count) { range in
                    ck_apply(function, bits, source + range.lowerBound, destination + range.lowerBound, range.count)
                }
            }
        }
    }

    /// Combines this tensor with another of the *same shape* by a vector kernel.
    @inlinable
    public func zipVectorized(_ other: Tensor, _ kernel: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>) -> Tensor {
        require(shape == other.shape, "Elementwise operation needs equal shapes, got \(shape) and \(other.shape).")
        return Tensor(shape: shape) { output in
            scalars.withUnsafeBufferPointer { first in
                other.scalars.withUnsafeBufferPointer { second in
                    let (a, b, destination) = (first.baseAddress!, second.baseAddress!, output.baseAddress!)
                    ParallelLoops.forEachChunk(count) { range in
                        let offset = range.lowerBound
                        FastMath.apply(range.count, a + offset, b + offset, destination + offset, kernel)
                    }
                }
            }
        }
    }
}

/// Elementwise functions of a tensor. Each has the derivative used by
/// automatic differentiation beside it, so forward and backward stay in one place.
extension Tensor {
    /// e^x.
    public func exp() -> Tensor { mapKernel(CK_EXP) }
    /// Natural logarithm.
    public func log() -> Tensor { map { Foundation.log($0) } }
    /// log(1 + x), accurate for small x.
    public func log1p() -> Tensor { map { Foundation.log1p($0) } }
    /// Square root.
    public func sqrt() -> Tensor { mapVectorized { $0.squareRoot() } }
    /// x².
    public func squared() -> Tensor { mapVectorized { $0 * $0 } }
    /// |x|.
    public func abs() -> Tensor { map { Swift.abs($0) } }
    /// sign(x) in {-1, 0, 1}.
    public func sign() -> Tensor { map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } }
    /// x raised to a fixed power.
    public func pow(_ exponent: Float) -> Tensor { map { Foundation.pow($0, exponent) } }
    /// Elements limited to [`lower`, `upper`].
    public func clamped(_ lower: Float, _ upper: Float) -> Tensor {
        mapVectorized { $0.clamped(lowerBound: SIMD8(repeating: lower), upperBound: SIMD8(repeating: upper)) }
    }

    /// Hyperbolic tangent, as 1 − 2/(e^{2x} + 1) through the vector exponential.
    public func tanh() -> Tensor { mapKernel(CK_TANH) }
    /// Logistic sigmoid 1/(1 + e^{−x}).
    public func sigmoid() -> Tensor { mapKernel(CK_SIGMOID) }
    /// softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^{−|x|}) so it never overflows.
    public func softplus() -> Tensor {
        map { x in Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
    }
    /// SiLU (swish): x·σ(x).
    public func silu() -> Tensor { mapKernel(CK_SILU) }
    /// ReLU: max(x, 0).
    public func relu() -> Tensor { mapVectorized { $0.replacing(with: 0, where: $0 .< 0) } }
    /// Leaky ReLU: x for x > 0, slope·x otherwise.
    public func leakyRelu(slope: Float = 0.2) -> Tensor {
        mapVectorized { $0.replacing(with: $0 * slope, where: $0 .< 0) }
    }

    /// Whether every element is finite (no NaN, no ±∞).
    public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }
}

extension FastMath {
    /// σ(x) = 1/(1 + e^{−x}) for eight lanes.
    ///
    /// Below x = −87.3 the true value is under the smallest normal float; we
    /// return exactly 0 there. Otherwise 1/(1 + e^{88.7}) is a *subnormal*
    /// number, and a dead SiLU unit feeding subnormals into the next matrix
    /// product slowed a whole training run 3× (x86 handles them in microcode).
    @inlinable @inline(__always)
    public static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
        (1 / (1 + exp(-x))).replacing(with: 0, where: x .< minimumArgument)
    }

    /// tanh(x) = 1 − 2/(e^{2x} + 1) for eight lanes; for |x| < 0.0625 the
    /// series x − x³/3 + 2x⁵/15 avoids the cancellation of the first form.
    @inlinable @inline(__always)
    public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let viaExp = 1 - 2 / (exp(2 * x) + 1)
        let x2 = x * x
        let series = x * (1 + x2 * (-1.0 / 3.0 + x2 * (2.0 / 15.0)))
        return viaExp.replacing(with: series, where: (x .< 0.0625) .& (x .> -0.0625))
    }
}

extension Tensor {
    /// log σ(x) = −softplus(−x), finite for every finite x (a log-probability
    /// from a logit, without forming σ(x), which underflows to 0).
    public func logSigmoid() -> Tensor { -(-self).softplus() }
}
