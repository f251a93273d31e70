import CKernels

/// SiLU for training: the forward pass keeps σ(x) for the backward pass, and each pass is one sweep over memory split
/// across the cores (the score networks' hot activation; as separate operations it took five sweeps and five meetings
/// of the cores per layer). The arithmetic is exactly that of `sigmoid()` followed by x·σ and of σ·(1 + x·(1 − σ))
/// times the gradient, so the bits are the same.
extension Tensor {
    /// (x·σ(x), σ(x)).
    public func siluKeepingLogistic() -> (silu: Tensor, logistic: Tensor) {
        var logistic: Tensor?
        let silu = Tensor(shape: shape) { output in
            logistic = Tensor(shape: shape) { kept in
                scalars.withUnsafeBufferPointer { input in
                    let (x, s, y) = (input.baseAddress!, kept.baseAddress!, output.baseAddress!)
                    let bits = VectorWidth.bits
                    ParallelLoops.forEachChunk(count) { range in
                        let start = range.lowerBound
                        ck_apply(CK_SIGMOID, bits, x + start, s + start, range.count)
                        FastMath.apply(range.count, x + start, UnsafePointer(s + start), y + start) { x, s in x * s }
                    }
                }
            }
        }
        return (silu, logistic!)
    }

    /// The SiLU's backward pass: gradient · σ(x)·(1 + x·(1 − σ(x))), given x (`self`) and σ(x) from the forward pass.
    public func siluGradient(logistic: Tensor, gradient: Tensor) -> Tensor {
        require(logistic.shape == shape && gradient.shape == shape,
                "siluGradient needs equal shapes, got \(shape), \(logistic.shape) and \(gradient.shape).")
        return Tensor(shape: shape) { output in
            scalars.withUnsafeBufferPointer { input in
                logistic.scalars.withUnsafeBufferPointer { kept in
                    gradient.scalars.withUnsafeBufferPointer { incoming in
                        let (x, s, g, y) = (input.baseAddress!, kept.baseAddress!, incoming.baseAddress!, output.baseAddress!)
                        ParallelLoops.forEachChunk(count) { range in
                            let start = range.lowerBound
                            // The slope first, into the output, then the product with the gradient, while it is in cache.
                            FastMath.apply(range.count, x + start, s + start, y + start) { x, s in s * (1 + x * (1 - s)) }
                            FastMath.apply(range.count, g + start, UnsafePointer(y + start), y + start) { g, d in g * d }
                        }
                    }
                }
            }
        }
    }
}
