import DisentangleDatasets
import DisentangleHDF5
import DisentangleTensor
import Foundation

/// A Shapes3D HDF5 file through our use of libhdf5 (`HDF5Dataset`, `HDF5Pixels`): opened as
/// `disentangle train --dataset FILE.h5` does, then the first and last images and the labels' grid read back.
let shapes3DFile = FileManager.default.temporaryDirectory.appendingPathComponent("disentangle-fuzz-\(getpid()).h5")

func fuzzShapes3D(_ data: Data) {
    try! data.write(to: shapes3DFile)
    guard let dataset = try? ImageArrayDataset(shapes3DAt: shapes3DFile) else { return }
    let last = dataset.gridCount - 1
    _ = try? dataset.observations(for: dataset.factorClasses(at: [0, last]))
    var generator = RandomGenerator(seed: 1)
    _ = try? dataset.sample(count: 2, using: &generator)
}
