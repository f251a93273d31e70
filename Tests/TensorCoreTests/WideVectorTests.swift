import CKernels
import Foundation
import Testing
@testable import TensorCore

/// The 512-bit kernels against the Swift SIMD8 kernels they replace: the same bits for every input, including the
/// tails of arrays whose length is not a multiple of 16 and the special values. Skipped (and reported as skipped) on
/// machines without AVX-512F.
@Suite(.enabled(if: ck_cpu_has_avx512f() != 0, "this CPU has no AVX-512F: the 512-bit kernels cannot run here"))
struct WideVectorTests {
    /// Inputs over the whole range and beyond, with the values where the kernels switch branches.
    static let inputs: [Float] = {
        var generator = RandomGenerator(seed: 22)
        var values = (0..<4_000).map { _ in Float(generator.uniformDouble() * 240 - 120) }
        values += (0..<2_000).map { _ in Float(generator.normalDouble() * 3) }
        values += [0, -0, .infinity, -.infinity, .nan, 88.72283, 88.72284, -87.33654, -87.33655, 1e-30, -1e-30,
                   .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.5, -0.5]
        return values
    }()

    static func sameBits(_ a: [Float], _ b: [Float]) -> Int {
        zip(a, b).filter { $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN) }.count
    }

    @Test(arguments: [Self.inputs.count, 1, 15, 16, 17, 33])
    func expMatchesTheSwiftKernelBitForBit(count: Int) {
        let x = Array(Self.inputs.prefix(count))
        var wide = [Float](repeating: 0, count: count), narrow = wide
        ck_exp_avx512(x, &wide, count)
        x.withUnsafeBufferPointer { source in
            narrow.withUnsafeMutableBufferPointer { FastMath.apply(count, source.baseAddress!, $0.baseAddress!, FastMath.exp) }
        }
        #expect(Self.sameBits(wide, narrow) == 0)
    }

    @Test(arguments: [Self.inputs.count, 1, 17])
    func sigmoidAndSiluMatchTheSwiftKernelsBitForBit(count: Int) {
        let x = Array(Self.inputs.prefix(count))
        for (wide, kernel) in [(ck_sigmoid_avx512, FastMath.sigmoid), (ck_silu_avx512, { (v: SIMD8<Float>) in v * FastMath.sigmoid(v) })]
            as [((UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void, (SIMD8<Float>) -> SIMD8<Float>)] {
            var viaC = [Float](repeating: 0, count: count), viaSwift = viaC
            wide(x, &viaC, count)
            x.withUnsafeBufferPointer { source in
                viaSwift.withUnsafeMutableBufferPointer { FastMath.apply(count, source.baseAddress!, $0.baseAddress!, kernel) }
            }
            #expect(Self.sameBits(viaC, viaSwift) == 0)
        }
        // And through the tensor API, which splits the work across cores.
        let tensor = Tensor(shape: [x.count], scalars: x)
        #expect(Self.sameBits(tensor.silu().scalars, tensor.mapVectorized { $0 * FastMath.sigmoid($0) }.scalars) == 0)
        #expect(Self.sameBits(tensor.exp().scalars, tensor.mapVectorized(FastMath.exp).scalars) == 0)
    }

    @Test(arguments: [Self.inputs.count, 1, 7, 16, 31, 128])
    func siluWithBiasMatchesTheSwiftKernelBitForBit(count: Int) {
        var generator = RandomGenerator(seed: 23)
        let x = Array(Self.inputs.prefix(count)), bias = (0..<count).map { _ in Float(generator.normalDouble()) }
        var wide = x, narrow = x
        ck_silu_bias_avx512(&wide, bias, count)
        bias.withUnsafeBufferPointer { b in
            narrow.withUnsafeMutableBufferPointer { row in
                FastMath.apply(count, UnsafePointer(row.baseAddress!), b.baseAddress!, row.baseAddress!) { x, b in
                    let v = x + b
                    return v * FastMath.sigmoid(v)
                }
            }
        }
        #expect(Self.sameBits(wide, narrow) == 0)
    }

    /// A kernel that differs in one operation (the reduction constant rounded differently) must be caught.
    @Test func theComparisonSeesALastBitDifference() {
        let x = Array(Self.inputs.prefix(1_000))
        var wide = [Float](repeating: 0, count: x.count)
        ck_exp_avx512(x, &wide, x.count)
        let perturbed = wide.map { $0.isFinite && $0 != 0 ? $0.nextUp : $0 }
        #expect(Self.sameBits(wide, perturbed) > 500)
    }
}
