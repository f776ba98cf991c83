import Foundation

/// The first failure to read stored pixels after their file was opened (it was truncated or damaged underneath),
/// shared by every copy of the ``StoredImages`` that hit it.
///
/// Rendering functions that cannot throw (``GroundTruthDataset/render(classes:nuisanceSeed:into:)``) fill the
/// pixels they could not read with NaN and record the failure here; every function that returns a batch and can
/// throw checks it afterwards (``StoredImages/observations(rows:)``,
/// ``GroundTruthDataset/observations(for:using:)``, training batches). Once recorded it stays: the images are not
/// read reliably any more and must be opened again.
final class PixelReadFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: DatasetError?

    /// The first failure recorded, if any.
    var error: DatasetError? { lock.withLock { first } }

    /// Records `error` unless an earlier failure was recorded.
    func record(_ error: any Error) {
        let failure = error as? DatasetError ?? DatasetError("\(error)")
        lock.withLock { if first == nil { first = failure } }
    }
}
