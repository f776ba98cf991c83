import DisentangleDatasets
import DisentangleTensor
import Foundation

/// An MPI3D `.npz` archive read from a file (member `images` read in place): first with the grid inferred from
/// the image count, then, since small inputs never hold an MPI3D grid's 460,800 images, with the grid
/// `1 x ... x 1 x N` for the `N` images the member declares; then images read back.
let mpi3DFile = FileManager.default.temporaryDirectory.appendingPathComponent("disentangle-fuzz-\(getpid()).npz")

func fuzzMPI3D(_ data: Data) {
    try! data.write(to: mpi3DFile)
    _ = try? ImageArrayDataset(mpi3DArchiveAt: mpi3DFile)
    guard let archive = try? NPZArchive(contentsOf: mpi3DFile, maximumMemberSize: 1 << 22),
        let header = try? archive.header(of: "images"), let count = header.shape.first, count > 0
    else { return }
    guard let dataset = try? ImageArrayDataset(mpi3DArchiveAt: mpi3DFile, factorSizes: [1, 1, 1, 1, 1, 1, count]) else { return }
    _ = try? dataset.observations(for: dataset.factorClasses(at: [0, count - 1]))
}
