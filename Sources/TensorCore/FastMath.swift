/// Vectorised elementary functions for the hot loops of the core.
///
/// glibc's scalar `expf` costs a few nanoseconds per call, and SiLU, sigmoid,
/// tanh and softplus all need one exponential per element: on the chapter-12
/// workloads that is as much time as the matrix products. These versions work
/// on eight floats at a time (the compiler lowers `SIMD8<Float>` to AVX or
/// pairs of SSE registers) with the classic Cephes polynomial, accurate to
/// about 2 ulp over the whole float range, which the tests check against
/// Foundation's `exp`.
public enum FastMath {
    @usableFromInline static let log2e: Float = 1.442_695_04
    @usableFromInline static let ln2High: Float = 0.693_359_375
    @usableFromInline static let ln2Low: Float = -2.121_944_4e-4
    @usableFromInline static let maximumArgument: Float = 88.722_83
    @usableFromInline static let minimumArgument: Float = -87.336_54

    /// e^x for eight lanes: range reduction x = n·ln2 + r with |r| ≤ ln2/2,
    /// a degree-6 polynomial for e^r, and 2^n assembled in the exponent bits.
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let underflow = x .< minimumArgument
        var clamped = x.replacing(with: maximumArgument, where: x .> maximumArgument)
        clamped = clamped.replacing(with: minimumArgument, where: underflow)
        let n = (clamped * log2e + 12_582_912) - 12_582_912  // round to nearest integer
        // Fused multiply–adds (one rounding each, and half the instructions).
        let r = clamped.addingProduct(n, SIMD8(repeating: -ln2High)).addingProduct(n, SIMD8(repeating: -ln2Low))
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = SIMD8(repeating: 1.398_199_950_7e-3).addingProduct(p, r)
        p = SIMD8(repeating: 8.333_451_907_3e-3).addingProduct(p, r)
        p = SIMD8(repeating: 4.166_579_589_4e-2).addingProduct(p, r)
        p = SIMD8(repeating: 1.666_666_545_9e-1).addingProduct(p, r)
        p = SIMD8(repeating: 5.000_000_120_1e-1).addingProduct(p, r)
        let er = (r + 1).addingProduct(p, r * r)
        // 2^n: n + 127 in the exponent field. n is within [-126, 128] after clamping;
        // we split off one factor of 2 so that n = 128 does not overflow the field.
        // n is already an integer in [-126, 128]; adding 1.5·2²³ puts it in the
        // low mantissa bits, which is much faster than a generic conversion.
        let integerN = unsafeBitCast(n + 12_582_912, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let halfN = integerN &>> 1
        let scale1 = unsafeBitCast((halfN &+ 127) &<< 23, to: SIMD8<Float>.self)
        let scale2 = unsafeBitCast((integerN &- halfN &+ 127) &<< 23, to: SIMD8<Float>.self)
        let result = er * scale1 * scale2
        return result.replacing(with: 0, where: underflow)
    }

    /// e^x for one float, through the vector kernel (same rounding as the bulk path).
    @inlinable
    public static func exp(_ x: Float) -> Float {
        exp(SIMD8<Float>(repeating: x))[0]
    }

    /// Applies a SIMD8 kernel to `count` floats from `source` into `destination`
    /// (which may alias). The tail is padded so every element goes through the
    /// same kernel and results do not depend on an element's position.
    @inlinable @inline(__always)
    public static func apply(
        _ count: Int,
        _ source: UnsafePointer<Float>,
        _ destination: UnsafeMutablePointer<Float>,
        _ kernel: (SIMD8<Float>) -> SIMD8<Float>
    ) {
        var index = 0
        while index + 8 <= count {
            let input = UnsafeRawPointer(source + index).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(destination + index).storeBytes(of: kernel(input), as: SIMD8<Float>.self)
            index += 8
        }
        if index < count {
            var input = SIMD8<Float>(repeating: 0)
            for lane in 0..<(count - index) { input[lane] = source[index + lane] }
            let output = kernel(input)
            for lane in 0..<(count - index) { destination[index + lane] = output[lane] }
        }
    }

    /// Applies a two-input SIMD8 kernel elementwise.
    @inlinable @inline(__always)
    public static func apply(
        _ count: Int,
        _ first: UnsafePointer<Float>,
        _ second: UnsafePointer<Float>,
        _ destination: UnsafeMutablePointer<Float>,
        _ kernel: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>
    ) {
        var index = 0
        while index + 8 <= count {
            let a = UnsafeRawPointer(first + index).loadUnaligned(as: SIMD8<Float>.self)
            let b = UnsafeRawPointer(second + index).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(destination + index).storeBytes(of: kernel(a, b), as: SIMD8<Float>.self)
            index += 8
        }
        if index < count {
            var a = SIMD8<Float>(repeating: 0)
            var b = SIMD8<Float>(repeating: 0)
            for lane in 0..<(count - index) {
                a[lane] = first[index + lane]
                b[lane] = second[index + lane]
            }
            let output = kernel(a, b)
            for lane in 0..<(count - index) { destination[index + lane] = output[lane] }
        }
    }
}
