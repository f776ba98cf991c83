import DisentangleTensor

/// An endless, reproducible stream of rendered batches from a ``GroundTruthDataset``.
///
/// Two orders:
/// - ``Order/shuffled``: epochs over a finite set of grid indices (the full grid, or e.g. the train part of a
///   ``DatasetSplit``), each epoch in a fresh seeded random order, without replacement. Batches keep their size
///   across epoch boundaries: a batch that reaches the end of an epoch continues with the next epoch's order.
/// - ``Order/uniform``: independent uniform draws with replacement, from the full grid (each factor drawn
///   uniformly) or from the given indices.
///
/// All randomness comes from the sampler's own `RandomGenerator`, so two samplers built with equal generators
/// yield identical batches, whatever the thread count.
///
/// ```swift
/// var sampler = try BatchSampler(dataset: DSprites(), batchSize: 64, generator: RandomGenerator(seed: 1))
/// let batch = try sampler.next()      // batch.observations: [64, 1, 64, 64]
/// ```
public struct BatchSampler: Sendable {
    /// How the sampler walks over the dataset.
    public enum Order: String, Sendable, CaseIterable {
        /// Seeded random permutations, epoch after epoch (sampling without replacement).
        case shuffled
        /// Independent uniform draws (sampling with replacement).
        case uniform
    }

    /// The dataset the batches come from.
    public let dataset: any GroundTruthDataset
    /// The number of observations per batch.
    public let batchSize: Int
    /// How the sampler walks over the dataset.
    public let order: Order
    /// The number of epochs completed so far (always 0 in ``Order/uniform`` order).
    public private(set) var epoch = 0

    private let pool: [Int]?
    private var generator: RandomGenerator
    private var permutation: [Int] = []
    private var position = 0

    /// The largest grid that ``Order/shuffled`` order enumerates; larger grids need ``Order/uniform``.
    public static let maximumShuffledCount = 1 << 31

    /// Creates a sampler.
    ///
    /// - Parameters:
    ///   - dataset: the dataset to render.
    ///   - batchSize: observations per batch (positive).
    ///   - order: shuffled epochs (default) or uniform draws.
    ///   - indices: the grid indices to draw from (e.g. ``DatasetSplit/train``); `nil` means the full grid.
    ///   - generator: the source of all randomness; pass a `split()` of your own generator to keep streams apart.
    /// - Throws: ``DatasetError`` if the batch size is not positive, `indices` is empty or out of range, or the grid
    ///   is too large to shuffle.
    public init(
        dataset: any GroundTruthDataset, batchSize: Int, order: Order = .shuffled, indices: [Int]? = nil,
        generator: RandomGenerator
    ) throws {
        guard batchSize > 0 else {
            throw DatasetError("\(dataset.name): batch size must be positive, got \(batchSize)")
        }
        if let indices {
            guard !indices.isEmpty else { throw DatasetError("\(dataset.name): the index set to sample from is empty") }
            let total = dataset.gridCount
            if let bad = indices.first(where: { $0 < 0 || $0 >= total }) {
                throw DatasetError("\(dataset.name): grid index \(bad) is outside 0..<\(total)")
            }
        } else if order == .shuffled && dataset.gridCount > BatchSampler.maximumShuffledCount {
            throw DatasetError(
                "\(dataset.name): \(dataset.gridCount) grid points are too many to shuffle; use uniform order")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.order = order
        self.pool = indices
        self.generator = generator
    }

    /// Renders the next batch.
    ///
    /// - Throws: ``DatasetError`` naming the file and the problem if the dataset is read from files and an
    ///   observation cannot be read (the file was truncated or changed after it was opened). The sampler has moved
    ///   past the batch all the same, as ``skip(_:)`` would. Procedural datasets never throw.
    public mutating func next() throws -> Batch {
        let indices = order == .shuffled ? nextShuffledIndices() : nextUniformIndices()
        let factors = dataset.classMatrix(at: indices)
        let observations = try dataset.renderBatch(classes: factors.classes, count: batchSize, nuisanceBase: generator.next())
        return Batch(observations: observations, factors: factors, indices: indices)
    }

    /// Advances past `count` batches exactly as `count` calls of ``next()`` would, without rendering them: a
    /// training run resumed at step `k` calls `skip(k)` on a sampler built like the original to continue its stream.
    public mutating func skip(_ count: Int) {
        for _ in 0..<max(0, count) {
            _ = order == .shuffled ? nextShuffledIndices() : nextUniformIndices()
            _ = generator.next()
        }
    }

    private mutating func nextShuffledIndices() -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(batchSize)
        while result.count < batchSize {
            if position == permutation.count {
                if !permutation.isEmpty { epoch += 1 }
                let count = pool?.count ?? dataset.gridCount
                permutation = generator.permutation(count)
                if let pool { permutation = permutation.map { pool[$0] } }
                position = 0
            }
            let take = min(batchSize - result.count, permutation.count - position)
            result += permutation[position..<(position + take)]
            position += take
        }
        return result
    }

    private mutating func nextUniformIndices() -> [Int] {
        if let pool {
            return (0..<batchSize).map { _ in pool[generator.nextInt(below: pool.count)] }
        }
        return dataset.uncheckedIndices(of: dataset.sampleFactors(count: batchSize, using: &generator))
    }
}
