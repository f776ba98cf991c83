#if canImport(Glibc)
import Glibc
#endif

/// How tensor storage is obtained from the C heap.
///
/// A training step allocates and frees the same large activation and gradient buffers every step. glibc serves
/// blocks above its mmap threshold (at most 32 MiB) with fresh `mmap` pages that are unmapped on `free`, so every
/// step page-faults and zeroes them again: a quarter of a 64×64 SBD training step was spent in the kernel. The
/// policy, applied once before the first tensor buffer is allocated, serves all blocks from the heap and keeps
/// freed memory for reuse instead of trimming it, so later steps reuse resident pages; freed blocks are reused,
/// not added to, so peak memory stays that of the largest step.
///
/// The policy is process-wide (it changes how every `malloc` in the process behaves) and freed memory is not
/// returned to the operating system. Set the environment variable `DISENTANGLE_HEAP_POLICY=system` before the first
/// tensor is created to keep glibc's defaults.
enum HeapPolicy {
    /// glibc's `M_TRIM_THRESHOLD` and `M_MMAP_MAX` (`malloc.h`, which the Glibc module does not export).
    private static let trimThreshold: Int32 = -1
    private static let mmapMaximum: Int32 = -4

    /// Applies the policy once (a no-op where glibc's `mallopt` is absent).
    static let applied: Void = {
        #if canImport(Glibc)
        if let choice = getenv("DISENTANGLE_HEAP_POLICY"), String(cString: choice) == "system" { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapMaximum, 0)
        _ = mallopt(trimThreshold, Int32.max)
        #endif
    }()
}
