import CKernels

/// How wide the core's C kernels (`CKernels`) run on this machine.
///
/// The package is compiled for the baseline of its architecture (any x86-64 or ARM64 CPU); wider code is chosen here,
/// at run time, from what the CPU reports: 512-bit registers with AVX-512F, 256-bit with AVX2 and FMA, otherwise the
/// baseline's 128. The vector functions compute the same bits at every width (each lane performs the operations of
/// the Swift definitions in `FastMath`, in the same order), so a chapter's output does not depend on which path ran;
/// the matrix products do depend on it (see `packedProduct`), as they depend on the BLAS kernels. The environment
/// variable `DGM_VECTOR_BITS=256` or `=128` lowers the width, to compare the paths.
public enum VectorWidth {
    /// 512, 256 or 128.
    public static let bits: Int32 = ck_vector_bits()
    /// Whether the 512-bit kernels run (the packed matrix product needs them).
    public static var has512: Bool { bits >= 512 }
}
