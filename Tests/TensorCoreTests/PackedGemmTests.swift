import CKernels
import Foundation
import Testing
@testable import TensorCore

/// The core's own 512-bit matrix product against OpenBLAS (`Tensor.matmul`), on random shapes including every edge of
/// the 12 × 32 blocking and the narrow (n ≤ 4) dot-product path, and its fused bias and activation against the
/// separate pass. Skipped (and reported as skipped) on machines without AVX-512F.
@Suite(.enabled(if: ck_cpu_has_avx512f() != 0, "this CPU has no AVX-512F: the 512-bit matrix kernel cannot run here"))
struct PackedGemmTests {
    /// C = A·B through the packed kernel, rows [0, m) in `splits` consecutive ranges.
    static func packedProduct(_ a: Tensor, _ b: Tensor, splits: Int = 1, dropLastTerm: Bool = false,
                              bias: [Float]? = nil, activation: Int32 = -1) -> [Float] {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var packed = [Float](repeating: .nan, count: ck_gemm_packed_size(k, n))
        ck_gemm_pack_b(b.scalars, n, k, n, &packed)
        var c = [Float](repeating: .nan, count: m * n)
        let boundaries = (0...splits).map { $0 * m / splits }
        for (start, end) in zip(boundaries, boundaries.dropFirst()) {
            ck_gemm_packed_avx512(a.scalars, k, packed, &c, n, start, end, n, dropLastTerm ? k - 1 : k, bias, activation)
        }
        return c
    }

    /// The largest |C − C_BLAS| in units of the rounding bound (k + 2)·2⁻²³·Σ_p|A_ip||B_pj|, which both sums satisfy.
    static func worstRatio(_ a: Tensor, _ b: Tensor, _ c: [Float]) -> Double {
        let reference = Tensor.matmul(a, b).scalars, scale = Tensor.matmul(a.abs(), b.abs()).scalars
        let u = Double(a.shape[1] + 2) * 0x1p-23
        return zip(zip(c, reference), scale).map { pair, s in abs(Double(pair.0) - Double(pair.1)) / max(u * Double(s), 1e-30) }.max() ?? 0
    }

    @Test(arguments: [(1, 1, 1), (7, 18, 128), (12, 128, 128), (13, 129, 2), (11, 3, 64), (33, 128, 31), (64, 17, 33), (100, 64, 200),
                      (1000, 128, 128), (5, 15, 1), (9, 33, 3), (6, 16, 4), (7, 40, 5), (8, 7, 2)])
    func matchesOpenBLASWithinRounding(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        var generator = RandomGenerator(seed: UInt64(m * 1_000_003 + k * 1_009 + n))
        let a = Tensor.normal([m, k], using: &generator), b = Tensor.normal([k, n], using: &generator)
        #expect(Self.worstRatio(a, b, Self.packedProduct(a, b)) <= 1, "\(shape)")
    }

    /// How rows are split between calls (between cores) cannot change a bit, on the wide and the narrow path.
    @Test(arguments: [96, 2])
    func theRowSplitDoesNotChangeTheResult(columns: Int) {
        var generator = RandomGenerator(seed: 5)
        let a = Tensor.normal([203, 128], using: &generator), b = Tensor.normal([128, columns], using: &generator)
        let whole = Self.packedProduct(a, b), split = Self.packedProduct(a, b, splits: 7)
        #expect(zip(whole, split).allSatisfy { $0.bitPattern == $1.bitPattern })
    }

    /// The bias and activation applied to the blocks in registers give the bits of the separate pass
    /// (`ck_apply_bias` on the product), for every activation the kernel fuses and on both paths.
    @Test(arguments: [70, 3])
    func theFusedEpilogueEqualsTheSeparatePass(columns: Int) {
        var generator = RandomGenerator(seed: 8)
        let a = Tensor.normal([29, 40], using: &generator) * 3, b = Tensor.normal([40, columns], using: &generator)
        let bias = (0..<columns).map { _ in Float(generator.normalDouble()) }
        let product = Self.packedProduct(a, b)
        for function in [CK_SILU, CK_TANH, CK_SIGMOID, CK_EXP] {
            var separate = product
            for row in 0..<29 { separate.withUnsafeMutableBufferPointer { ck_apply_bias(function, 512, $0.baseAddress! + row * columns, bias, columns) } }
            let fused = Self.packedProduct(a, b, bias: bias, activation: Int32(function.rawValue))
            #expect(zip(fused, separate).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(function)")
        }
        let identity = Self.packedProduct(a, b, bias: bias), added = product.indices.map { product[$0] + bias[$0 % columns] }
        #expect(zip(identity, added).allSatisfy { $0.bitPattern == $1.bitPattern })
        // A different activation (tanh asked for, SiLU compared) is caught.
        #expect(!zip(Self.packedProduct(a, b, bias: bias, activation: Int32(CK_TANH.rawValue)),
                     Self.packedProduct(a, b, bias: bias, activation: Int32(CK_SILU.rawValue))).allSatisfy { $0.bitPattern == $1.bitPattern })
    }

    /// A kernel called with one term fewer (k − 1, which also shifts the panels) fails the rounding bound by a wide margin.
    @Test func aMissingTermIsCaught() {
        var generator = RandomGenerator(seed: 6)
        let a = Tensor.normal([40, 64], using: &generator), b = Tensor.normal([64, 40], using: &generator)
        #expect(Self.worstRatio(a, b, Self.packedProduct(a, b, dropLastTerm: true)) > 100)
    }
}
