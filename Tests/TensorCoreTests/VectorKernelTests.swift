import CKernels
import Foundation
import Testing
@testable import TensorCore

/// The C vector functions (`CKernels`), at every width this CPU runs, against the Swift SIMD8 definitions in `FastMath`:
/// the same bits for every input, including the tails of arrays whose length is not a multiple of the width and the
/// special values. The 128-bit baseline runs everywhere; 256 and 512 bits only where the CPU has them (the others are
/// reported in the test's name, and lowered by `ck_apply` to what the CPU runs).
struct VectorKernelTests {
    /// Inputs over the whole range and beyond, with the values where the kernels switch branches.
    static let inputs: [Float] = {
        var generator = RandomGenerator(seed: 22)
        var values = (0..<4_000).map { _ in Float(generator.uniformDouble() * 240 - 120) }
        values += (0..<2_000).map { _ in Float(generator.normalDouble() * 3) }
        values += (0..<500).map { _ in Float(generator.normalDouble() * 0.05) }   // tanh's series branch
        values += [0, -0, .infinity, -.infinity, .nan, 88.72283, 88.72284, -87.33654, -87.33655, 1e-30, -1e-30, 0.0625,
                   -0.0625, Float(0.0625).nextDown, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.5, -0.5]
        return values
    }()

    /// The widths this machine runs.
    static let widths: [Int32] = [128, 256, 512].filter { $0 <= ck_cpu_vector_bits() }

    /// The Swift definitions the C functions must reproduce.
    static let definitions: [(ck_vector_function, String, (SIMD8<Float>) -> SIMD8<Float>)] = [
        (CK_EXP, "exp", FastMath.exp), (CK_SIGMOID, "sigmoid", FastMath.sigmoid),
        (CK_SILU, "silu", { $0 * FastMath.sigmoid($0) }), (CK_TANH, "tanh", FastMath.tanh),
    ]

    static func differingBits(_ a: [Float], _ b: [Float]) -> Int {
        zip(a, b).filter { $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN) }.count
    }

    @Test(arguments: Self.widths, [Self.inputs.count, 1, 3, 7, 15, 16, 17, 33])
    func everyFunctionMatchesTheSwiftDefinitionBitForBit(bits: Int32, count: Int) {
        let x = Array(Self.inputs.prefix(count))
        for (function, name, definition) in Self.definitions {
            var viaC = [Float](repeating: 0, count: count), viaSwift = viaC
            ck_apply(function, bits, x, &viaC, count)
            x.withUnsafeBufferPointer { source in
                viaSwift.withUnsafeMutableBufferPointer { FastMath.apply(count, source.baseAddress!, $0.baseAddress!, definition) }
            }
            #expect(Self.differingBits(viaC, viaSwift) == 0, "\(name) at \(bits) bits, \(count) values")
        }
    }

    @Test(arguments: Self.widths, [Self.inputs.count, 1, 7, 16, 31, 128])
    func biasAndActivationMatchTheSwiftDefinitionBitForBit(bits: Int32, count: Int) {
        var generator = RandomGenerator(seed: 23)
        let x = Array(Self.inputs.prefix(count)), bias = (0..<count).map { _ in Float(generator.normalDouble()) }
        for (function, name, definition) in Self.definitions where function != CK_EXP {
            var viaC = x, viaSwift = x
            ck_apply_bias(function, bits, &viaC, bias, count)
            bias.withUnsafeBufferPointer { b in
                viaSwift.withUnsafeMutableBufferPointer { row in
                    FastMath.apply(count, UnsafePointer(row.baseAddress!), b.baseAddress!, row.baseAddress!) { x, b in definition(x + b) }
                }
            }
            #expect(Self.differingBits(viaC, viaSwift) == 0, "\(name) with bias at \(bits) bits, \(count) values")
        }
    }

    /// Through the tensor API, which splits the work across cores at the width the machine chose.
    @Test func theTensorFunctionsUseTheKernels() {
        let tensor = Tensor(shape: [Self.inputs.count], scalars: Self.inputs)
        #expect(Self.differingBits(tensor.exp().scalars, tensor.mapVectorized(FastMath.exp).scalars) == 0)
        #expect(Self.differingBits(tensor.sigmoid().scalars, tensor.mapVectorized(FastMath.sigmoid).scalars) == 0)
        #expect(Self.differingBits(tensor.silu().scalars, tensor.mapVectorized { $0 * FastMath.sigmoid($0) }.scalars) == 0)
        #expect(Self.differingBits(tensor.tanh().scalars, tensor.mapVectorized(FastMath.tanh).scalars) == 0)
    }

    /// The width chosen never exceeds what the CPU runs.
    @Test func theChosenWidthIsOneTheCPURuns() {
        #expect([128, 256, 512].contains(VectorWidth.bits) && VectorWidth.bits <= ck_cpu_vector_bits())
    }

    /// A kernel that differs in one last bit must be caught.
    @Test func theComparisonSeesALastBitDifference() {
        let x = Array(Self.inputs.prefix(1_000))
        var viaC = [Float](repeating: 0, count: x.count)
        ck_apply(CK_EXP, VectorWidth.bits, x, &viaC, x.count)
        let perturbed = viaC.map { $0.isFinite && $0 != 0 ? $0.nextUp : $0 }
        #expect(Self.differingBits(viaC, perturbed) > 500)
    }
}
