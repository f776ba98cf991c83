import DisentangleTensor

/// A random forest of ``ClassificationTree``s, like scikit-learn's `RandomForestClassifier()` with its defaults:
/// 100 trees, each grown on a bootstrap sample (n rows drawn with replacement, as row weights) with
/// `max(1, floor(sqrt(D)))` features tried per node, Gini impurity, grown until pure.
///
/// Predicted probabilities are the mean of the trees' leaf class shares; feature importances are the mean over
/// trees (of more than one node) of each tree's normalised impurity decrease, normalised again to sum 1. Random draws
/// come from the generator (scikit-learn's `random_state`), so values agree with scikit-learn's only in
/// distribution over seeds.
public struct RandomForestClassifier: Sendable, Equatable, Codable {
    /// Forest settings, with scikit-learn's defaults.
    public struct Options: Sendable, Equatable, Codable {
        /// The number of trees (100).
        public var treeCount: Int
        /// Whether each tree sees a bootstrap sample (true) or every row once.
        public var bootstrap: Bool
        /// How each tree grows.
        public var tree: ClassificationTree.Options

        /// Creates settings.
        public init(treeCount: Int = 100, bootstrap: Bool = true, tree: ClassificationTree.Options = ClassificationTree.Options()) {
            self.treeCount = treeCount
            self.bootstrap = bootstrap
            self.tree = tree
        }
    }

    /// The class labels, ascending.
    package let classes: [Int]
    /// The trees.
    package let trees: [ClassificationTree]
    /// The importance of each feature, summing to 1 (all zeros if no tree split).
    package let featureImportances: [Double]

    /// Fits a forest to `labels` (one per row of `features`, at least two distinct values).
    ///
    /// - Parameters:
    ///   - parallelTrees: grow trees on several threads (each tree has its own generator split from `generator`,
    ///     so the forest does not depend on the thread count).
    /// - Throws: ``MetricError`` for mismatched lengths, a single class or invalid options.
    package static func fit(features: CodeMatrix, labels: [Int], options: Options = Options(),
                           generator: inout RandomGenerator, parallelTrees: Bool = true) throws -> RandomForestClassifier {
        guard labels.count == features.rowCount else {
            throw MetricError.rowCountMismatch(codes: features.rowCount, factors: labels.count)
        }
        guard options.treeCount >= 1, options.tree.minSamplesSplit >= 2, (options.tree.maxFeatures ?? 1) >= 1,
              (options.tree.maxDepth ?? 1) >= 1 else {
            throw MetricError.invalidOption("a random forest needs treeCount >= 1, minSamplesSplit >= 2, maxFeatures >= 1 and maxDepth >= 1")
        }
        let (y, classCount) = DiscreteMutualInformation.encode(labels)
        guard classCount >= 2 else { throw MetricError.constantFactor(metric: "random forest", factor: 0) }
        let presorted = PresortedFeatures(features)
        let n = features.rowCount
        let generators = (0..<options.treeCount).map { _ in generator.split() }
        var grown = [ClassificationTree?](repeating: nil, count: options.treeCount)
        grown.withUnsafeMutableBufferPointer { out in
            let body = { (t: Int) in
                var treeGenerator = generators[t]
                var weights = [Double](repeating: options.bootstrap ? 0 : 1, count: n)
                if options.bootstrap {
                    for _ in 0..<n { weights[treeGenerator.nextInt(below: n)] += 1 }
                }
                out[t] = ClassificationTree.grow(presorted, labels: y, classCount: classCount, weights: weights,
                                                 options: options.tree, generator: &treeGenerator)
            }
            if parallelTrees { Threading.parallelFor(options.treeCount, body) } else { (0..<options.treeCount).forEach(body) }
        }
        let trees = grown.map { $0! }
        var importances = [Double](repeating: 0, count: features.columnCount)
        let splitting = trees.filter { $0.nodes.count > 1 }
        for tree in splitting {
            for (j, value) in tree.featureImportances().enumerated() { importances[j] += value / Double(splitting.count) }
        }
        let total = importances.reduce(0, +)
        if total > 0 { importances = importances.map { $0 / total } }
        return RandomForestClassifier(classes: Array(Set(labels)).sorted(), trees: trees, featureImportances: importances)
    }

    /// The mean class shares of the trees for every row, one column per class in ``classes`` order.
    package func predictProbabilities(_ features: CodeMatrix) -> [[Double]] {
        let d = features.columnCount
        return (0..<features.rowCount).map { i in
            let row = features.values[(i * d)..<((i + 1) * d)]
            var sum = [Double](repeating: 0, count: classes.count)
            for tree in trees {
                for (c, share) in tree.classShares(for: row).enumerated() { sum[c] += share }
            }
            return sum.map { $0 / Double(trees.count) }
        }
    }

    /// The predicted class of every row (the most probable; the first on ties).
    package func predict(_ features: CodeMatrix) -> [Int] {
        predictProbabilities(features).map { p in classes[p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!] }
    }

    /// The fraction of rows whose predicted class equals the label.
    package func accuracy(features: CodeMatrix, labels: [Int]) -> Double {
        let predicted = predict(features)
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
    }
}
