import Disentangle
import Foundation

/// Batch read speed of images stored in `.npy` files and read in place (`StoredImages(npyAt:)`): one JSON line per
/// dtype and thread count, `{"name": "stored.npy.<dtype>", "value": images per second, "unit": "images/s",
/// "threads": n}`.
///
/// The files (8,192 images of 64 x 64, 32 MiB of uint8 intensities and 128 MiB of float32) are written to the
/// temporary directory first and read once before timing, so the page cache holds them: this measures the cost
/// of the read path itself, not the disk. Each measurement reads batches of 64 random rows for at least a second.
func runStoredImagesBenchmarks() throws {
    let allThreads = Threading.threadCount
    defer { Threading.setThreadCount(allThreads) }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stored-images-benchmark-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let count = 8_192
    let shape = [count, 64, 64]
    var generator = RandomGenerator(seed: 3)
    let bytes = (0..<(count * 64 * 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    let files: [(String, NumPyArray)] = [
        ("uint8", try NumPyArray(dtype: .uint8, shape: shape, bytes: bytes)),
        ("float32", try NumPyArray(shape: shape, floats: bytes.map { Float($0) / 255 })),
    ]
    for (dtype, array) in files {
        let url = directory.appendingPathComponent("\(dtype).npy")
        try array.write(to: url)
        let images = try StoredImages(npyAt: url)
        _ = try images.observations(rows: Array(0..<count))  // warms the page cache
        for threads in Set([1, allThreads]).sorted() {
            Threading.setThreadCount(threads)
            var rows = RandomGenerator(seed: 1)
            var read = 0
            var checksum: Float = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var elapsed = 0.0
            repeat {
                let batch = (0..<64).map { _ in Int(rows.next() % UInt64(count)) }
                checksum += try images.observations(rows: batch).withUnsafeScalars { $0[$0.count - 1] }
                read += 64
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            } while elapsed < 1
            if checksum.isNaN { print("unexpected NaN in \(dtype)") }
            print(
                "{\"name\": \"stored.npy.\(dtype)\", \"value\": \(Int(Double(read) / elapsed)), \"unit\": \"images/s\", "
                    + "\"threads\": \(threads), \"observation\": \"1x64x64\"}")
        }
    }
}
