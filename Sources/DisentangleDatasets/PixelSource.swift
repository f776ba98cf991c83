/// Pixels read on demand from storage the dataset does not hold in memory, such as an HDF5 dataset read by
/// hyperslabs (`DisentangleHDF5`).
///
/// Elements are numbered in the stored order (row-major over the image array's shape). Reading must not fail for
/// elements inside `0..<elementCount`: a conformer validates its file when it is opened and reports later I/O
/// failures itself.
public protocol PixelSource: Sendable {
    /// The number of stored elements.
    var elementCount: Int { get }

    /// Writes the elements `elements` into `output` as intensities (8-bit values as `value / 255`, binary masks as
    /// 0 and 1, floating-point values as they are).
    func read(elements: Range<Int>, into output: UnsafeMutablePointer<Float>)
}
