import CKernels
import Foundation

/// Whether the core's 512-bit kernels (in the C module `CKernels`) run on this machine.
///
/// The package is compiled for a baseline every machine of its kind runs; wider code is chosen here, at run time, from
/// what the CPU reports. The 512-bit kernels compute the same bits as the Swift SIMD8 ones (each lane performs the same
/// operations in the same order), so a chapter's output does not depend on which path ran. Setting the environment
/// variable `DGM_VECTOR_BITS=256` keeps the Swift kernels, to compare the two.
public enum WideVectors {
    public static let available: Bool = ck_cpu_has_avx512f() != 0 && ProcessInfo.processInfo.environment["DGM_VECTOR_BITS"] != "256"
}
