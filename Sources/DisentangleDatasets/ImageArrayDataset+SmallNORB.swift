import DisentangleTensor
import Foundation

extension ImageArrayDataset {
    /// The factors of SmallNORB, in grid order: the object category, the instance within it, and the camera's
    /// elevation, azimuth and lighting (from `-cat.mat` and the four columns of `-info.mat`).
    public static let smallNORBFactorNames = ["category", "instance", "elevation", "azimuth", "lighting"]

    /// Loads one SmallNORB split from its `-dat.mat` file and the `-cat.mat` and `-info.mat` files beside it
    /// (e.g. `smallnorb-5x46789x9x18x6x2x96x96-training-dat.mat`): 24,300 stereo pairs of 96 x 96 grey images.
    ///
    /// The images of one camera (`camera` 0, the left one, as disentanglement_lib uses) are copied into memory
    /// (224 MB for a split). The factors are ``smallNORBFactorNames``; their values are the files' labels (azimuth
    /// 0, 2, ..., 34; instances as numbered in the split), and every combination appears once, so the split is a
    /// full grid of 5 x 5 x 9 x 18 x 6. The dataset is named `"smallnorb"`.
    ///
    /// - Throws: ``DatasetError`` naming the file and field for a missing companion file, a wrong magic, shape or
    ///   element type, truncated data, counts that disagree or labels that do not form the grid.
    public init(smallNORBAt datURL: URL, camera: Int = 0) throws {
        let path = datURL.path
        guard path.hasSuffix("-dat.mat") else {
            throw DatasetError("\(path): a SmallNORB image file's name ends in '-dat.mat' (its labels are in '-cat.mat' and '-info.mat')")
        }
        let stem = String(path.dropLast("-dat.mat".count))
        let images = try SmallNORBMatrix(contentsOf: datURL)
        let categories = try SmallNORBMatrix(contentsOf: URL(fileURLWithPath: stem + "-cat.mat"))
        let info = try SmallNORBMatrix(contentsOf: URL(fileURLWithPath: stem + "-info.mat"))
        guard images.elementType == .uint8, images.shape.count == 4, images.shape[1] == 2 else {
            throw DatasetError("\(path): images are \(images.elementType) of shape \(images.shape); expected uint8 N x 2 x height x width")
        }
        guard (0...1).contains(camera) else { throw DatasetError("\(path): camera \(camera); expected 0 or 1") }
        let count = images.shape[0]
        guard categories.shape == [count] else {
            throw DatasetError("\(categories.source): categories have shape \(categories.shape); expected [\(count)] for the \(count) image pairs")
        }
        guard info.shape == [count, 4] else {
            throw DatasetError("\(info.source): info has shape \(info.shape); expected [\(count), 4] (instance, elevation, azimuth, lighting)")
        }
        let category = try categories.integers()
        let columns = try info.integers()
        var labels = [Double]()
        labels.reserveCapacity(count * 5)
        for row in 0..<count {
            labels.append(Double(category[row]))
            for column in 0..<4 { labels.append(Double(columns[row * 4 + column])) }
        }
        let plane = images.shape[2] * images.shape[3]
        // Whole stereo pairs at a time (about 1 MiB), from which the camera's plane is copied out.
        let pairsPerPiece = max(1, (1 << 20) / (2 * plane))
        var pixels = [UInt8](repeating: 0, count: count * plane)
        var row = 0
        try pixels.withUnsafeMutableBytes { out in
            try images.bytes.pieces(
                of: images.dataOffset..<(images.dataOffset + 2 * count * plane), pieceSize: pairsPerPiece * 2 * plane
            ) { piece in
                for pair in 0..<(piece.count / (2 * plane)) {
                    out.baseAddress!.advanced(by: row * plane)
                        .copyMemory(from: piece.baseAddress! + (2 * pair + camera) * plane, byteCount: plane)
                    row += 1
                }
                return true
            }
        }
        let stored = try StoredImages(
            NumPyArray(dtype: .uint8, shape: [count, images.shape[2], images.shape[3]], bytes: pixels), layout: .nhw,
            source: "\(path) (camera \(camera))")
        try self.init(LabeledImages(name: "smallnorb", images: stored, labels: labels, factorNames: ImageArrayDataset.smallNORBFactorNames))
    }
}
