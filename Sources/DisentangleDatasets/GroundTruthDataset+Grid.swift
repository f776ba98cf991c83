extension GroundTruthDataset {
    /// The factors' names, in grid order.
    public var factorNames: [String] { factors.map(\.name) }

    /// The number of classes of each factor, in grid order.
    public var factorSizes: [Int] { factors.map(\.size) }

    /// The number of distinct observations (factor tuples) in the full grid: the product of the factor sizes.
    public var gridCount: Int { factors.reduce(1) { $0 * $1.size } }

    /// The number of scalars in one observation.
    public var observationScalarCount: Int { observationShape.reduce(1, *) }

    /// The grid index of a tuple of classes (mixed radix, last factor fastest).
    ///
    /// - Throws: ``DatasetError`` if the tuple has the wrong length or a class is out of range.
    public func index(of classes: [Int]) throws -> Int {
        try validate(FactorClasses(count: 1, factorCount: classes.count, classes: classes))
        return classes.withUnsafeBufferPointer { gridIndex(of: $0, sizes: factorSizes) }
    }

    /// The tuple of classes at a grid index.
    ///
    /// - Throws: ``DatasetError`` if `index` is outside `0..<gridCount`.
    public func classes(at index: Int) throws -> [Int] {
        guard index >= 0 && index < gridCount else {
            throw DatasetError("\(name): grid index \(index) is outside 0..<\(gridCount)")
        }
        var result = [Int](repeating: 0, count: factors.count)
        result.withUnsafeMutableBufferPointer { writeClasses(of: index, sizes: factorSizes, into: $0) }
        return result
    }

    /// The classes at many grid indices, one row per index.
    ///
    /// - Throws: ``DatasetError`` if an index is outside `0..<gridCount`.
    public func factorClasses(at indices: [Int]) throws -> FactorClasses {
        let total = gridCount
        if let bad = indices.first(where: { $0 < 0 || $0 >= total }) {
            throw DatasetError("\(name): grid index \(bad) is outside 0..<\(total)")
        }
        return classMatrix(at: indices)
    }

    /// The classes at grid indices already known to be in range.
    func classMatrix(at indices: [Int]) -> FactorClasses {
        let sizes = factorSizes
        let k = sizes.count
        var classes = [Int](repeating: 0, count: indices.count * k)
        classes.withUnsafeMutableBufferPointer { out in
            for (row, index) in indices.enumerated() {
                writeClasses(of: index, sizes: sizes, into: UnsafeMutableBufferPointer(rebasing: out[(row * k)..<((row + 1) * k)]))
            }
        }
        return FactorClasses(uncheckedCount: indices.count, factorCount: k, classes: classes)
    }

    /// The grid index of every row of a factor matrix.
    ///
    /// - Throws: ``DatasetError`` if the matrix has the wrong number of factors or a class is out of range.
    public func indices(of factors: FactorClasses) throws -> [Int] {
        try validate(factors)
        return uncheckedIndices(of: factors)
    }

    /// The grid index of every row of a factor matrix already validated against this dataset.
    func uncheckedIndices(of factors: FactorClasses) -> [Int] {
        let sizes = factorSizes
        return factors.classes.withUnsafeBufferPointer { all in
            (0..<factors.count).map { row in
                gridIndex(of: UnsafeBufferPointer(rebasing: all[(row * sizes.count)..<((row + 1) * sizes.count)]), sizes: sizes)
            }
        }
    }

    /// The physical value of every entry of a factor matrix (``Factor/values``), row-major like its classes.
    ///
    /// - Throws: ``DatasetError`` if the matrix does not fit this dataset's factors.
    public func factorValues(for factors: FactorClasses) throws -> [Double] {
        try validate(factors)
        let k = self.factors.count
        let tables = self.factors.map(\.values)
        return factors.classes.enumerated().map { tables[$0.offset % k][$0.element] }
    }

    /// Checks that a factor matrix has one column per factor and every class is in range.
    ///
    /// - Throws: ``DatasetError`` naming the dataset, the row, the factor and its valid range.
    public func validate(_ factors: FactorClasses) throws {
        guard factors.factorCount == self.factors.count else {
            throw DatasetError(
                "\(name): factor matrix has \(factors.factorCount) columns; the dataset has \(self.factors.count) "
                    + "factors (\(factorNames.joined(separator: ", ")))")
        }
        let sizes = factorSizes
        for (offset, value) in factors.classes.enumerated() where value < 0 || value >= sizes[offset % sizes.count] {
            let k = offset % sizes.count
            throw DatasetError(
                "\(name): row \(offset / sizes.count), factor '\(self.factors[k].name)': class \(value) is outside 0..<\(sizes[k])")
        }
    }
}

/// The mixed-radix grid index of `classes` (last factor fastest).
@inline(__always)
func gridIndex(of classes: UnsafeBufferPointer<Int>, sizes: [Int]) -> Int {
    var index = 0
    for k in 0..<sizes.count { index = index * sizes[k] + classes[k] }
    return index
}

/// Writes the classes of grid index `index` (last factor fastest) into `output`.
@inline(__always)
func writeClasses(of index: Int, sizes: [Int], into output: UnsafeMutableBufferPointer<Int>) {
    var rest = index
    for k in stride(from: sizes.count - 1, through: 0, by: -1) {
        output[k] = rest % sizes[k]
        rest /= sizes[k]
    }
}
