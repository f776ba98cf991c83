import COpenBLAS
import Dispatch
import Foundation

/// How swift-disentangle uses the CPU cores.
///
/// The library owns all parallelism: OpenBLAS is always pinned to one thread, and the library splits work
/// itself (convolutions over batch chunks, large matrix products over column blocks) across ``threadCount``
/// workers with `DispatchQueue.concurrentPerform`. Two thread pools never compete for the same cores: OpenBLAS's
/// own pthreads spin-wait after every call, and a 2-thread OpenBLAS sgemm was measured to collapse when another busy
/// thread shared the cores. Because each worker's share of the work is fixed by the thread count, results are
/// bit-identical for the same seed and the same thread count.
///
/// The count defaults to the environment variable `DISENTANGLE_NUM_THREADS` if set, else to the number of active
/// processors. Change it with ``setThreadCount(_:)``.
public enum Threading {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var storedCount: Int = {
        _ = CPUKernels.blas  // OpenBLAS's kernel choice is corrected before the first BLAS call
        openblas_set_num_threads(1)
        if let text = ProcessInfo.processInfo.environment["DISENTANGLE_NUM_THREADS"], let n = Int(text), n > 0 {
            return n
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// A count for the calling task only, set by ``withThreadCount(_:_:)``.
    @TaskLocal private static var taskCount: Int?

    /// The number of worker threads the library's parallel loops use (at least 1): the calling task's own count
    /// inside ``withThreadCount(_:_:)``, else the process-wide one.
    public static var threadCount: Int {
        if let taskCount { return taskCount }
        lock.lock()
        defer { lock.unlock() }
        return storedCount
    }

    /// Runs `body` with the library's parallel loops started from this task using `count` threads (at least 1),
    /// leaving the process-wide count, and so every other task, alone: for comparing thread counts while other work
    /// runs, as tests running in parallel do.
    public static func withThreadCount<Result>(_ count: Int, _ body: () throws -> Result) rethrows -> Result {
        try $taskCount.withValue(max(1, count)) { try body() }
    }

    /// Sets the number of worker threads; values below 1 are clamped to 1.
    public static func setThreadCount(_ count: Int) {
        lock.lock()
        storedCount = max(1, count)
        lock.unlock()
        openblas_set_num_threads(1)
    }

    /// Runs `body(i)` for `i` in `0..<count`, on up to ``threadCount`` threads.
    ///
    /// `body` must only write to memory no other index writes. Runs inline when `count` or the thread count is 1.
    @inlinable
    package static func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        let threads = threadCount
        if count <= 1 || threads <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // The caller guarantees disjoint writes per index; that is what makes this sharing sound.
            nonisolated(unsafe) let shared = escapable
            DispatchQueue.concurrentPerform(iterations: count) { i in shared(i) }
        }
    }

    /// Splits `0..<total` into at most ``threadCount`` contiguous ranges of nearly equal size (at least
    /// `minimumChunk` elements each) and runs `body` on each range in parallel.
    @inlinable
    package static func parallelRanges(_ total: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        guard total > 0 else { return }
        let chunks = max(1, min(threadCount, total / max(1, minimumChunk)))
        if chunks == 1 {
            body(0..<total)
            return
        }
        parallelFor(chunks) { c in
            let start = total * c / chunks
            let end = total * (c + 1) / chunks
            body(start..<end)
        }
    }
}
