import DisentangleTensor

extension GroundTruthDataset {
    /// Renders the observations for a matrix of factor classes as one `[count, channels, height, width]` tensor.
    ///
    /// Observations are rendered in parallel (`Threading.parallelRanges(_:minimumChunk:_:)`) straight into the
    /// tensor's storage. One 64-bit draw from `generator` seeds the batch's nuisance variation; observation `i` gets
    /// its own seed derived from that draw and `i`, so the result does not depend on the thread count.
    ///
    /// - Throws: ``DatasetError`` if the matrix does not fit this dataset's factors, or naming the file and the
    ///   problem if a stored observation cannot be read.
    public func observations(for factors: FactorClasses, using generator: inout RandomGenerator) throws -> Tensor {
        try validate(factors)
        return try renderBatch(classes: factors.classes, count: factors.count, nuisanceBase: generator.next())
    }

    /// Renders the observations for a matrix of factor classes with the nuisance variation of
    /// `RandomGenerator(seed: 0)`; for datasets without nuisance variation this is the only possible result.
    ///
    /// - Throws: ``DatasetError`` if the matrix does not fit this dataset's factors, or naming the file and the
    ///   problem if a stored observation cannot be read.
    public func observations(for factors: FactorClasses) throws -> Tensor {
        var generator = RandomGenerator(seed: 0)
        return try observations(for: factors, using: &generator)
    }

    /// Renders `count` observations whose classes (already validated) are the rows of `classes`.
    ///
    /// - Throws: the first error an observation's rendering threw (a stored image that cannot be read); the
    ///   partly rendered batch is dropped.
    func renderBatch(classes: [Int], count: Int, nuisanceBase: UInt64) throws -> Tensor {
        let k = factors.count
        let size = observationScalarCount
        let failure = PixelReadFailure()
        let batch = Tensor(shape: [count] + observationShape) { output in
            guard let outBase = output.baseAddress else { return }
            classes.withUnsafeBufferPointer { all in
                nonisolated(unsafe) let out = outBase
                Threading.parallelRanges(count, minimumChunk: 16) { rows in
                    for row in rows {
                        do {
                            try render(
                                classes: UnsafeBufferPointer(rebasing: all[(row * k)..<((row + 1) * k)]),
                                nuisanceSeed: nuisanceSeed(base: nuisanceBase, index: row),
                                into: UnsafeMutableBufferPointer(start: out + row * size, count: size))
                        } catch {
                            failure.record(error)
                            return
                        }
                    }
                }
            }
        }
        if let error = failure.error { throw error }
        return batch
    }
}
