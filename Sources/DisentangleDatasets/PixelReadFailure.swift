import Foundation
import Synchronization

/// The first failure to read stored pixels, shared by the threads that render one batch or by every copy of the
/// ``StoredImages`` that hit it (its file was truncated or damaged after it was opened).
///
/// A batch is rendered in parallel by closures that cannot throw: each records its failure here, and the batch
/// function throws the first one afterwards (``GroundTruthDataset/observations(for:using:)``,
/// ``GroundTruthDataset/sample(count:using:)``, ``BatchSampler/next()``, ``StoredImages/observations(rows:)``).
/// In ``StoredImages`` it stays recorded: the images are not read reliably any more, and every later read throws
/// it until they are opened again.
///
/// Reading ``error`` is checked before every image, so it takes no lock while nothing was recorded.
final class PixelReadFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: DatasetError?
    /// Set (after `first`) once a failure is recorded.
    private let recorded = Atomic<Bool>(false)

    /// The first failure recorded, if any.
    var error: DatasetError? {
        guard recorded.load(ordering: .acquiring) else { return nil }
        return lock.withLock { first }
    }

    /// Records `error` unless an earlier failure was recorded.
    func record(_ error: any Error) {
        let failure = error as? DatasetError ?? DatasetError("\(error)")
        lock.withLock { if first == nil { first = failure } }
        recorded.store(true, ordering: .releasing)
    }
}
