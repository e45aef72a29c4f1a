import NN

/// Facts about how the tools were built, for the `versions` of a run's `result.json`.
public enum BuildInfo {
    /// The major.minor version of the Swift compiler that built the tools, e.g. `6.3`.
    public static let swiftVersion: String = {
        #if compiler(>=6.4)
        return ">=6.4"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #elseif compiler(>=6.0)
        return "6.0"
        #else
        return "<6.0"
        #endif
    }()

    /// The kernels matrix products run on: `own AVX2` or `own AVX-512` when the
    /// package's kernel takes them (`BLAS.usesOwnKernel`), else e.g. `OpenBLAS Haswell`.
    public static var blasKernels: String {
        if BLAS.usesOwnKernel, let own = BLAS.ownKernel { return "own \(own)" }
        return BLAS.kernel == "Accelerate" ? "Accelerate" : "OpenBLAS \(BLAS.kernel)"
    }
}
