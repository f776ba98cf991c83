import DisentangleTensor

/// A binary classification tree grown like one tree of scikit-learn's `RandomForestClassifier`: Gini impurity on
/// weighted rows (bootstrap counts), a random subset of features tried at each node, grown until nodes are pure.
///
/// At each node features are drawn in a random order until `maxFeatures` have been drawn (features constant in the
/// node count, as in scikit-learn) and at least one that varies has been scanned; thresholds lie halfway between consecutive values that differ by more than 1e-7, and the split
/// with the smallest weighted child impurity wins (the first found on ties). A node is a leaf when it is pure, has
/// fewer than `minSamplesSplit` distinct rows, has reached `maxDepth`, or no varying feature was found. Rows go left
/// when `x[feature] <= threshold`, with `x` rounded to `Float` as scikit-learn's trees store it.
public struct ClassificationTree: Sendable, Equatable, Codable {
    /// Growth settings, with scikit-learn's forest defaults.
    public struct Options: Sendable, Equatable, Codable {
        /// Features tried per node; `nil` is scikit-learn's `"sqrt"`: `max(1, floor(sqrt(D)))`.
        public var maxFeatures: Int?
        /// The maximum depth; `nil` grows until pure.
        public var maxDepth: Int?
        /// The minimum number of distinct rows a node needs to be split (2).
        public var minSamplesSplit: Int

        /// Creates settings.
        public init(maxFeatures: Int? = nil, maxDepth: Int? = nil, minSamplesSplit: Int = 2) {
            self.maxFeatures = maxFeatures
            self.maxDepth = maxDepth
            self.minSamplesSplit = minSamplesSplit
        }
    }

    /// One node: a split (feature, threshold, children) or a leaf.
    package struct Node: Sendable, Equatable, Codable {
        /// The split feature, or -1 for a leaf.
        package var feature: Int
        /// Rows with `x[feature] <= threshold` go to `left`.
        package var threshold: Double
        /// The left child's index, or -1.
        package var left: Int
        /// The right child's index, or -1.
        package var right: Int
        /// The weighted share of each class among the node's rows.
        package var classShares: [Double]
        /// The Gini impurity of the node's rows.
        package var impurity: Double
        /// The total weight of the node's rows.
        package var weight: Double
    }

    /// The nodes; index 0 is the root.
    package let nodes: [Node]
    /// The number of features.
    package let featureCount: Int

    /// The class shares of the leaf a row falls into.
    package func classShares(for row: ArraySlice<Double>) -> [Double] {
        var index = 0
        let base = row.startIndex
        while nodes[index].feature >= 0 {
            let node = nodes[index]
            index = Double(Float(row[base + node.feature])) <= node.threshold ? node.left : node.right
        }
        return nodes[index].classShares
    }

    /// The impurity decrease of each feature normalised to sum 1 (all zeros for a single-leaf tree), as
    /// scikit-learn's `feature_importances_`.
    package func featureImportances() -> [Double] {
        var result = [Double](repeating: 0, count: featureCount)
        for node in nodes where node.feature >= 0 {
            let left = nodes[node.left], right = nodes[node.right]
            result[node.feature] += node.weight * node.impurity - left.weight * left.impurity - right.weight * right.impurity
        }
        let total = result.reduce(0, +)
        return total > 0 ? result.map { $0 / total } : result
    }

    /// Grows a tree on presorted features, class indices `0..<classCount` and non-negative row weights.
    static func grow(_ features: PresortedFeatures, labels: [Int], classCount: Int, weights: [Double], options: Options,
                     generator: inout RandomGenerator) -> ClassificationTree {
        let d = features.featureCount
        let maxFeatures = min(d, max(1, options.maxFeatures ?? Int(Double(d).squareRoot())))
        // Per feature, the node's rows in ascending order of the feature; children partition it stably.
        let rootLists = (0..<d).map { f in
            (0..<features.rowCount).compactMap { r -> Int32? in
                let row = features.order[f * features.rowCount + r]
                return weights[Int(row)] > 0 ? row : nil
            }
        }
        var nodes = [Node]()
        var goesLeft = [Bool](repeating: false, count: features.rowCount)
        func shares(_ rows: [Int32]) -> (shares: [Double], weight: Double, impurity: Double) {
            var counts = [Double](repeating: 0, count: classCount)
            for row in rows { counts[labels[Int(row)]] += weights[Int(row)] }
            let total = counts.reduce(0, +)
            let p = counts.map { $0 / total }
            return (p, total, 1 - p.reduce(0) { $0 + $1 * $1 })
        }
        // Depth-first growth: a node's index, then its left subtree, then its right subtree.
        func build(_ lists: [[Int32]], depth: Int, generator: inout RandomGenerator) -> Int {
            let rows = lists[0]
            let summary = shares(rows)
            let index = nodes.count
            nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, classShares: summary.shares,
                              impurity: summary.impurity, weight: summary.weight))
            if summary.impurity <= Double.ulpOfOne || rows.count < options.minSamplesSplit
                || (options.maxDepth.map { depth >= $0 } ?? false) {
                return index
            }
            var best: (feature: Int, position: Int, threshold: Double, score: Double)?
            var order = Array(0..<d)
            // As scikit-learn: every drawn feature counts as visited, constant ones included, and drawing goes on
            // past `maxFeatures` only while no varying feature has been scanned.
            var visited = 0, scanned = 0, position = 0
            while position < d && (visited < maxFeatures || scanned == 0) {
                let pick = position + generator.nextInt(below: d - position)
                order.swapAt(position, pick)
                let f = order[position]
                position += 1
                visited += 1
                let list = lists[f]
                let values = list.map { features.columnValues[f * features.rowCount + Int($0)] }
                if values.last! <= values.first! + 1e-7 { continue }
                scanned += 1
                var left = [Double](repeating: 0, count: classCount)
                var leftWeight = 0.0
                var right = [Double](repeating: 0, count: classCount)
                for row in list { right[labels[Int(row)]] += weights[Int(row)] }
                var rightWeight = summary.weight
                for p in 1..<list.count {
                    let row = Int(list[p - 1])
                    left[labels[row]] += weights[row]
                    right[labels[row]] -= weights[row]
                    leftWeight += weights[row]
                    rightWeight -= weights[row]
                    if values[p] <= values[p - 1] + 1e-7 { continue }
                    let giniLeft = 1 - left.reduce(0) { $0 + $1 * $1 } / (leftWeight * leftWeight)
                    let giniRight = 1 - right.reduce(0) { $0 + $1 * $1 } / (rightWeight * rightWeight)
                    let score = leftWeight * giniLeft + rightWeight * giniRight
                    if best == nil || score < best!.score {
                        var threshold = values[p - 1] / 2 + values[p] / 2
                        if threshold == values[p] || !threshold.isFinite { threshold = values[p - 1] }
                        best = (f, p, threshold, score)
                    }
                }
            }
            guard let split = best else { return index }
            for row in lists[split.feature][0..<split.position] { goesLeft[Int(row)] = true }
            var leftLists = [[Int32]](), rightLists = [[Int32]]()
            for list in lists {
                leftLists.append(list.filter { goesLeft[Int($0)] })
                rightLists.append(list.filter { !goesLeft[Int($0)] })
            }
            for row in lists[split.feature][0..<split.position] { goesLeft[Int(row)] = false }
            let leftIndex = build(leftLists, depth: depth + 1, generator: &generator)
            let rightIndex = build(rightLists, depth: depth + 1, generator: &generator)
            nodes[index].feature = split.feature
            nodes[index].threshold = split.threshold
            nodes[index].left = leftIndex
            nodes[index].right = rightIndex
            return index
        }
        _ = build(rootLists, depth: 0, generator: &generator)
        return ClassificationTree(nodes: nodes, featureCount: d)
    }
}
