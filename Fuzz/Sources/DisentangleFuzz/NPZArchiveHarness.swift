import DisentangleDatasets
import DisentangleTensor
import Foundation

/// `.npz` (zip, zip64, stored and deflated members): the directory, every member's header and array, and the
/// dSprites layout loader on top.
func fuzzNPZArchive(_ data: Data) {
    guard let archive = try? NPZArchive(data: data, source: "fuzz.npz", maximumMemberSize: 1 << 22) else { return }
    for name in archive.names {
        _ = try? archive.header(of: name)
        _ = try? archive.array(named: name)
    }
    _ = try? ImageArrayDataset(dSpritesArchive: archive)
}
