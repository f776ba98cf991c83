/// Pixels read on demand from storage the dataset does not hold in memory, such as an HDF5 dataset read by
/// hyperslabs (`DisentangleHDF5`).
///
/// Elements are numbered in the stored order (row-major over the image array's shape). A conformer validates its
/// file when it is opened; a read that fails later (the file was truncated or changed underneath) throws, and
/// ``StoredImages`` records it as its `readFailure` and passes it on to the batch functions, which throw it.
public protocol PixelSource: Sendable {
    /// The number of stored elements.
    var elementCount: Int { get }

    /// Writes the elements `elements` into `output` as intensities (8-bit values as `value / 255`, binary masks as
    /// 0 and 1, floating-point values as they are).
    ///
    /// - Throws: ``DatasetError`` naming the file and the problem if the elements cannot be read.
    func read(elements: Range<Int>, into output: UnsafeMutablePointer<Float>) throws
}
