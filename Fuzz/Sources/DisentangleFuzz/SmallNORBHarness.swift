import DisentangleDatasets
import Foundation

/// SmallNORB binary matrices: the whole input as one matrix (`SmallNORBMatrix(data:source:)`), then split into the
/// three files of a split (`-dat.mat`, `-cat.mat`, `-info.mat`) and loaded as `ImageArrayDataset(smallNORBAt:)`
/// does. Framing: two little-endian `UInt16` lengths of the image and category files, then the three files' bytes
/// (the info file is the rest).
let smallNORBStem = FileManager.default.temporaryDirectory.appendingPathComponent("disentangle-fuzz-\(getpid())-norb").path

func fuzzSmallNORB(_ data: Data) {
    _ = try? SmallNORBMatrix(data: data, source: "fuzz.mat")
    let bytes = [UInt8](data)
    guard bytes.count >= 4 else { return }
    let datLength = Int(bytes[0]) | Int(bytes[1]) << 8
    let catLength = Int(bytes[2]) | Int(bytes[3]) << 8
    guard 4 + datLength + catLength <= bytes.count else { return }
    let dat = bytes[4..<(4 + datLength)]
    let cat = bytes[(4 + datLength)..<(4 + datLength + catLength)]
    let info = bytes[(4 + datLength + catLength)...]
    try! Data(dat).write(to: URL(fileURLWithPath: smallNORBStem + "-dat.mat"))
    try! Data(cat).write(to: URL(fileURLWithPath: smallNORBStem + "-cat.mat"))
    try! Data(info).write(to: URL(fileURLWithPath: smallNORBStem + "-info.mat"))
    for camera in [0, 1] {
        guard let dataset = try? ImageArrayDataset(smallNORBAt: URL(fileURLWithPath: smallNORBStem + "-dat.mat"), camera: camera) else { continue }
        _ = try? dataset.observations(for: dataset.factorClasses(at: [0, dataset.gridCount - 1]))
    }
}
