import DisentangleTensor

/// A binary regression tree grown like scikit-learn's `DecisionTreeRegressor` with the squared-error (or,
/// equivalently for the chosen splits, Friedman-MSE) criterion and the best splitter.
///
/// At each node every feature is scanned in sorted order; candidate thresholds lie halfway between consecutive
/// values that differ by more than 1e-7, and the split maximising the Friedman improvement
/// `(n_r s_l - n_l s_r)^2 / (n_l n_r)` wins (ties between features go to the feature visited first in a random
/// order drawn from the generator, as scikit-learn's `random_state` does). A node becomes a leaf at the maximum
/// depth, below `minSamplesSplit` rows, or when its impurity is at most `Double.ulpOfOne`. Rows go left when
/// `x[feature] <= threshold`, with `x` rounded to `Float`.
public struct RegressionTree: Sendable, Equatable, Codable {
    /// Growth limits, with scikit-learn's gradient-boosting defaults.
    public struct Options: Sendable, Equatable, Codable {
        /// The maximum depth (the root has depth 0); scikit-learn's gradient boosting uses 3.
        public var maxDepth: Int
        /// The minimum number of rows a node needs to be split (2).
        public var minSamplesSplit: Int
        /// The minimum number of rows in each child (1).
        public var minSamplesLeaf: Int

        /// Creates growth limits.
        public init(maxDepth: Int = 3, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1) {
            self.maxDepth = maxDepth
            self.minSamplesSplit = minSamplesSplit
            self.minSamplesLeaf = minSamplesLeaf
        }
    }

    /// One node: a split (feature, threshold, children) or a leaf (value).
    public struct Node: Sendable, Equatable, Codable {
        /// The split feature, or -1 for a leaf.
        public var feature: Int
        /// Rows with `x[feature] <= threshold` go to `left`.
        public var threshold: Double
        /// The left child's index, or -1 for a leaf.
        public var left: Int
        /// The right child's index, or -1 for a leaf.
        public var right: Int
        /// The prediction of a leaf (the mean target of its rows unless a booster replaced it).
        public var value: Double
        /// The mean squared deviation of the node's training targets from their mean.
        public var impurity: Double
        /// The number of training rows that reached the node.
        public var rowCount: Int

        /// Whether the node is a leaf.
        public var isLeaf: Bool { feature < 0 }
    }

    /// The nodes; index 0 is the root.
    public internal(set) var nodes: [Node]
    /// The number of features the tree was grown on.
    public let featureCount: Int

    /// The leaf index a row of `featureCount` values falls into.
    public func leaf(for row: UnsafeBufferPointer<Double>) -> Int {
        var index = 0
        while nodes[index].feature >= 0 {
            let node = nodes[index]
            index = Double(Float(row[node.feature])) <= node.threshold ? node.left : node.right
        }
        return index
    }

    /// The tree's prediction for every row of `features`.
    public func predict(_ features: CodeMatrix) -> [Double] {
        features.values.withUnsafeBufferPointer { buffer in
            (0..<features.rowCount).map { i in
                nodes[leaf(for: UnsafeBufferPointer(rebasing: buffer[(i * featureCount)..<((i + 1) * featureCount)]))].value
            }
        }
    }

    /// The unnormalised impurity decrease of each feature, as scikit-learn's
    /// `tree_.compute_feature_importances(normalize=False)`: the sum over splits on the feature of
    /// `n * impurity - n_left * impurity_left - n_right * impurity_right`, divided by the root's row count.
    public func impurityDecrease() -> [Double] {
        var result = [Double](repeating: 0, count: featureCount)
        for node in nodes where !node.isLeaf {
            let l = nodes[node.left], r = nodes[node.right]
            result[node.feature] += Double(node.rowCount) * node.impurity - Double(l.rowCount) * l.impurity
                - Double(r.rowCount) * r.impurity
        }
        let root = Double(nodes[0].rowCount)
        return result.map { $0 / root }
    }

    /// Grows a tree predicting `targets` from the rows of `features`.
    ///
    /// - Throws: ``MetricError`` if the row counts differ, a target is not finite, or an option is invalid.
    public static func fit(features: CodeMatrix, targets: [Double], options: Options = Options(),
                           generator: inout RandomGenerator) throws -> RegressionTree {
        guard targets.count == features.rowCount else {
            throw MetricError.rowCountMismatch(codes: features.rowCount, factors: targets.count)
        }
        if let bad = targets.firstIndex(where: { !$0.isFinite }) {
            throw MetricError.nonFinite(input: "targets", row: bad, column: 0)
        }
        try options.validate()
        let data = PresortedFeatures(features)
        var leafOfRow = [Int32](repeating: 0, count: features.rowCount)
        return targets.withUnsafeBufferPointer { t in
            grow(data, targets: t, options: options, generator: &generator, leafOfRow: &leafOfRow)
        }
    }

    /// Grows a tree on presorted features; `leafOfRow` receives each training row's leaf index.
    ///
    /// The tree is grown level by level: at each level every feature is scanned once in sorted order, and each
    /// row updates the running left-hand statistics of the node it belongs to, so all nodes of the level are
    /// split in one pass per feature.
    static func grow(_ data: PresortedFeatures, targets: UnsafeBufferPointer<Double>, options: Options,
                     generator: inout RandomGenerator, leafOfRow: inout [Int32]) -> RegressionTree {
        let n = data.rowCount
        let d = data.featureCount
        var nodes = [Node]()
        var sum = 0.0, squares = 0.0
        for i in 0..<n {
            sum += targets[i]
            squares += targets[i] * targets[i]
        }
        let rootMean = sum / Double(n)
        nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, value: rootMean,
                          impurity: squares / Double(n) - rootMean * rootMean, rowCount: n))
        var sums = [sum]  // The target sum of every node.
        for i in 0..<n { leafOfRow[i] = 0 }
        var slotOfRow = [Int32](repeating: 0, count: n)  // The row's candidate node at this level, or -1.
        var frontier = [0]  // Node indices at the current depth.
        var depth = 0
        while depth < options.maxDepth && !frontier.isEmpty {
            let candidates = frontier.filter { index in
                let node = nodes[index]
                return node.rowCount >= options.minSamplesSplit && node.rowCount >= 2 * options.minSamplesLeaf
                    && node.impurity > Double.ulpOfOne
            }
            if candidates.isEmpty { break }
            let m = candidates.count
            var slotOfNode = [Int32](repeating: -1, count: nodes.count)
            for (s, index) in candidates.enumerated() { slotOfNode[index] = Int32(s) }
            for i in 0..<n { slotOfRow[i] = slotOfNode[Int(leafOfRow[i])] }
            let rank = (0..<m).map { _ in generator.permutation(d) }
            var featureBest = [Double](repeating: -Double.infinity, count: d * m)
            var featureThreshold = [Double](repeating: 0, count: d * m)
            var totals = [Double](repeating: 0, count: 2 * m)
            for (s, index) in candidates.enumerated() {
                totals[2 * s] = Double(nodes[index].rowCount)
                totals[2 * s + 1] = sums[index]
            }
            let minLeaf = Double(options.minSamplesLeaf)
            data.sortedValues.withUnsafeBufferPointer { values in
                data.order.withUnsafeBufferPointer { order in
                    slotOfRow.withUnsafeBufferPointer { slots in
                        totals.withUnsafeBufferPointer { totals in
                            featureBest.withUnsafeMutableBufferPointer { best in
                                featureThreshold.withUnsafeMutableBufferPointer { threshold in
                                    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 3 * m)
                                    defer { scratch.deallocate() }
                                    for f in 0..<d {
                                        scanFeature(f, n: n, m: m, values: values, order: order, slots: slots,
                                                    targets: targets, totals: totals, minLeaf: minLeaf,
                                                    scratch: scratch, best: best, threshold: threshold)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var bestFeature = [Int](repeating: -1, count: m)
            var bestThreshold = [Double](repeating: 0, count: m)
            for s in 0..<m {
                var bestImprovement = -Double.infinity
                for f in rank[s] where featureBest[f * m + s] > bestImprovement {
                    bestImprovement = featureBest[f * m + s]
                    bestThreshold[s] = featureThreshold[f * m + s]
                    bestFeature[s] = f
                }
            }
            // Create the children of every node that found a split.
            var childBase = [Int](repeating: -1, count: m)
            for s in 0..<m where bestFeature[s] >= 0 {
                let index = candidates[s]
                childBase[s] = nodes.count
                nodes[index].feature = bestFeature[s]
                nodes[index].threshold = bestThreshold[s]
                nodes[index].left = nodes.count
                nodes[index].right = nodes.count + 1
                let empty = Node(feature: -1, threshold: 0, left: -1, right: -1, value: 0, impurity: 0, rowCount: 0)
                nodes.append(empty)
                nodes.append(empty)
                sums.append(0)
                sums.append(0)
            }
            var childSum = [Double](repeating: 0, count: 2 * m)
            var childSquares = [Double](repeating: 0, count: 2 * m)
            var childCount = [Int](repeating: 0, count: 2 * m)
            for i in 0..<n {
                let s = Int(slotOfRow[i])
                guard s >= 0, bestFeature[s] >= 0 else { continue }
                let goesLeft = Double(data.values[bestFeature[s] * n + i]) <= bestThreshold[s]
                let c = 2 * s + (goesLeft ? 0 : 1)
                leafOfRow[i] = Int32(childBase[s] + (goesLeft ? 0 : 1))
                childSum[c] += targets[i]
                childSquares[c] += targets[i] * targets[i]
                childCount[c] += 1
            }
            var next = [Int]()
            for s in 0..<m where bestFeature[s] >= 0 {
                for side in 0..<2 {
                    let c = 2 * s + side
                    let count = Double(childCount[c])
                    let meanValue = childSum[c] / count
                    nodes[childBase[s] + side].rowCount = childCount[c]
                    nodes[childBase[s] + side].value = meanValue
                    nodes[childBase[s] + side].impurity = childSquares[c] / count - meanValue * meanValue
                    sums[childBase[s] + side] = childSum[c]
                    next.append(childBase[s] + side)
                }
            }
            frontier = next
            depth += 1
        }
        return RegressionTree(nodes: nodes, featureCount: d)
    }

    /// Scans feature `f` in sorted order once, updating the best split of every candidate node.
    ///
    /// `scratch` holds, per candidate node, the left count, left target sum and last value seen.
    @inline(__always)
    private static func scanFeature(
        _ f: Int, n: Int, m: Int, values: UnsafeBufferPointer<Double>, order: UnsafeBufferPointer<Int32>,
        slots: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Double>, totals: UnsafeBufferPointer<Double>,
        minLeaf: Double, scratch: UnsafeMutablePointer<Double>, best: UnsafeMutableBufferPointer<Double>,
        threshold: UnsafeMutableBufferPointer<Double>
    ) {
        let leftCount = scratch, leftSum = scratch + m, last = scratch + 2 * m
        for s in 0..<m {
            leftCount[s] = 0
            leftSum[s] = 0
            last[s] = 0
        }
        let base = f * n
        for r in 0..<n {
            let i = Int(order[base + r])
            let s = Int(slots[i])
            if s < 0 { continue }
            let v = values[base + r]
            let wl = leftCount[s]
            if wl >= minLeaf && v > last[s] + 1e-7 {
                let wr = totals[2 * s] - wl
                if wr >= minLeaf {
                    let sl = leftSum[s]
                    let diff = wr * sl - wl * (totals[2 * s + 1] - sl)
                    let proxy = diff * diff / (wl * wr)
                    if proxy > best[f * m + s] {
                        best[f * m + s] = proxy
                        var t = last[s] / 2.0 + v / 2.0
                        if t == v || !t.isFinite { t = last[s] }
                        threshold[f * m + s] = t
                    }
                }
            }
            leftCount[s] = wl + 1
            leftSum[s] += targets[i]
            last[s] = v
        }
    }
}

extension RegressionTree.Options {
    func validate() throws {
        guard maxDepth >= 1, minSamplesSplit >= 2, minSamplesLeaf >= 1 else {
            throw MetricError.invalidOption("tree needs maxDepth >= 1, minSamplesSplit >= 2, minSamplesLeaf >= 1")
        }
    }
}
