import COpenBLAS

/// Which OpenBLAS kernels and how many threads the process uses, for
/// benchmark reports. OpenBLAS picks its kernels when it loads, from the CPU
/// or from the `OPENBLAS_CORETYPE` environment variable; we respect that
/// choice (the README shows what the choice is worth on the project machine).
public enum BLASKernels {
    /// The kernel family OpenBLAS is using, e.g. "Haswell" or "Cooperlake".
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// The number of threads OpenBLAS uses for large products.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
