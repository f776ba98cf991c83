import Disentangle
import Foundation

/// Rendering throughput of every procedural dataset in ``DatasetCatalog``: one JSON line per dataset and thread
/// count, `{"name": "datasets.render.<dataset>", "value": images per second, "unit": "images/s", "threads": n}`.
///
/// Each measurement renders batches of 256 uniformly sampled observations (factor sampling included) for at least
/// half a second after one warm-up batch, first on one thread, then on all of ``Threading/threadCount``.
func runDatasetsBenchmarks() {
    let allThreads = Threading.threadCount
    defer { Threading.setThreadCount(allThreads) }
    for name in DatasetCatalog.names {
        // Every catalog name resolves to a dataset.
        let dataset = try! DatasetCatalog.dataset(named: name)
        for threads in Set([1, allThreads]).sorted() {
            Threading.setThreadCount(threads)
            let rate = datasetRenderingRate(dataset, batchSize: 256, minimumSeconds: 0.5)
            let size = dataset.observationShape.map(String.init).joined(separator: "x")
            print(
                "{\"name\": \"datasets.render.\(name)\", \"value\": \(Int(rate)), \"unit\": \"images/s\", "
                    + "\"threads\": \(threads), \"observation\": \"\(size)\"}")
        }
    }
}

/// Images per second rendered by `dataset.sample(count:using:)`.
private func datasetRenderingRate(_ dataset: any GroundTruthDataset, batchSize: Int, minimumSeconds: Double) -> Double {
    var generator = RandomGenerator(seed: 0)
    // Catalog datasets are procedural: their rendering never throws.
    var checksum: Float = try! dataset.sample(count: batchSize, using: &generator).observations.withUnsafeScalars { $0[0] }
    var images = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    repeat {
        let batch = try! dataset.sample(count: batchSize, using: &generator)
        checksum += batch.observations.withUnsafeScalars { $0[$0.count - 1] }
        images += batchSize
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < minimumSeconds
    // Keeps the rendering observable so the optimiser cannot drop it.
    if checksum.isNaN { print("unexpected NaN in \(dataset.name)") }
    return Double(images) / elapsed
}
