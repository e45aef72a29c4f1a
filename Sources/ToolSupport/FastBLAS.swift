import Foundation
import NN

/// Restarts this process once with `OPENBLAS_CORETYPE` set when OpenBLAS did not recognise the
/// CPU and fell back to its generic kernels (`BLAS.recommendedCoreType`); otherwise returns.
///
/// OpenBLAS reads the variable only while it loads, before `main`, so the tools that train or
/// act call this first thing: the new process image gets the same arguments, standard streams
/// and environment plus the variable, and picks the AVX-512 or AVX2 kernels (4–6× faster
/// `sgemm` on CPUs newer than Debian's OpenBLAS). If `execv` fails, the tool runs on as it is.
public func restartWithFastBLASKernels() {
    #if os(Linux)
    guard let coreType = BLAS.recommendedCoreType else { return }
    setenv("OPENBLAS_CORETYPE", coreType, 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    #endif
}
