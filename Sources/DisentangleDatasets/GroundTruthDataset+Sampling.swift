import DisentangleTensor

extension GroundTruthDataset {
    /// Draws `count` factor tuples uniformly from the full grid: each factor's class is drawn independently and
    /// uniformly (row by row, factor by factor) with `generator`.
    public func sampleFactors(count: Int, using generator: inout RandomGenerator) -> FactorClasses {
        precondition(count >= 0, "sampleFactors: count must be non-negative, got \(count)")
        let sizes = factorSizes
        var classes = [Int]()
        classes.reserveCapacity(count * sizes.count)
        for _ in 0..<count {
            for size in sizes { classes.append(generator.nextInt(below: size)) }
        }
        return FactorClasses(uncheckedCount: count, factorCount: sizes.count, classes: classes)
    }

    /// Draws `count` factor tuples uniformly and renders them.
    ///
    /// The factors are drawn first, then one more draw seeds the nuisance variation (see
    /// ``observations(for:using:)``).
    ///
    /// - Throws: ``DatasetError`` naming the file and the problem if the dataset is read from files and an
    ///   observation cannot be read (the file was truncated or changed after it was opened). Procedural datasets
    ///   never throw.
    public func sample(count: Int, using generator: inout RandomGenerator) throws -> Batch {
        let factors = sampleFactors(count: count, using: &generator)
        let observations = try renderBatch(classes: factors.classes, count: count, nuisanceBase: generator.next())
        return Batch(observations: observations, factors: factors, indices: uncheckedIndices(of: factors))
    }
}
