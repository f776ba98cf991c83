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
    package struct Node: Sendable, Equatable, Codable {
        /// The split feature, or -1 for a leaf.
        package var feature: Int
        /// Rows with `x[feature] <= threshold` go to `left`.
        package var threshold: Double
        /// The left child's index, or -1 for a leaf.
        package var left: Int
        /// The right child's index, or -1 for a leaf.
        package var right: Int
        /// The prediction of a leaf (the mean target of its rows unless a booster replaced it).
        package var value: Double
        /// The mean squared deviation of the node's training targets from their mean.
        package var impurity: Double
        /// The number of training rows that reached the node.
        package var rowCount: Int

        /// Whether the node is a leaf.
        package var isLeaf: Bool { feature < 0 }
    }

    /// The nodes; index 0 is the root.
    package internal(set) var nodes: [Node]
    /// The number of features the tree was grown on.
    package let featureCount: Int

    /// The leaf index a row of `featureCount` values falls into.
    package func leaf(for row: UnsafeBufferPointer<Double>) -> Int {
        var index = 0
        while nodes[index].feature >= 0 {
            let node = nodes[index]
            index = Double(Float(row[node.feature])) <= node.threshold ? node.left : node.right
        }
        return index
    }

    /// The tree's prediction for every row of `features`.
    package func predict(_ features: CodeMatrix) -> [Double] {
        features.values.withUnsafeBufferPointer { buffer in
            (0..<features.rowCount).map { i in
                nodes[leaf(for: UnsafeBufferPointer(rebasing: buffer[(i * featureCount)..<((i + 1) * featureCount)]))].value
            }
        }
    }

    /// The unnormalised impurity decrease of each feature, as scikit-learn's
    /// `tree_.compute_feature_importances(normalize=False)`: the sum over splits on the feature of
    /// `n * impurity - n_left * impurity_left - n_right * impurity_right`, divided by the root's row count.
    package func impurityDecrease() -> [Double] {
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
    package static func fit(features: CodeMatrix, targets: [Double], options: Options = Options(),
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
    /// Every node owns the same contiguous segment of each feature's sorted row order, so a node's best split on a
    /// feature is one sequential scan of its segment; after a split, each feature's segment is partitioned stably
    /// (and branch-free) into the children's segments, which keeps them sorted.
    static func grow(_ data: PresortedFeatures, targets: UnsafeBufferPointer<Double>, options: Options,
                     generator: inout RandomGenerator, leafOfRow: inout [Int32]) -> RegressionTree {
        let n = data.rowCount
        let d = data.featureCount
        let order = UnsafeMutablePointer<Int32>.allocate(capacity: n * d)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * n)
        let goesRight = UnsafeMutablePointer<Int>.allocate(capacity: n)
        defer {
            order.deallocate()
            scratch.deallocate()
            goesRight.deallocate()
        }
        data.order.withUnsafeBufferPointer { order.initialize(from: $0.baseAddress!, count: n * d) }
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
        var segments = [0..<n]  // The rows of every node, as a range of each feature's sorted order.
        var frontier = [0]  // Node indices at the current depth.
        var depth = 0
        data.columnValues.withUnsafeBufferPointer { columns in
            let x = columns.baseAddress!, t = targets.baseAddress!
            while depth < options.maxDepth && !frontier.isEmpty {
                var next = [Int]()
                for index in frontier {
                    let node = nodes[index]
                    guard node.rowCount >= options.minSamplesSplit && node.rowCount >= 2 * options.minSamplesLeaf
                            && node.impurity > Double.ulpOfOne else { continue }
                    let segment = segments[index]
                    var bestProxy = -Double.infinity, bestThreshold = 0.0, bestFeature = -1
                    for f in generator.permutation(d) {
                        guard let split = scanSegment(rows: order + f * n + segment.lowerBound, column: x + f * n,
                                                      targets: t, count: segment.count, total: Double(node.rowCount),
                                                      totalSum: sums[index], minLeaf: options.minSamplesLeaf)
                        else { continue }
                        if split.proxy > bestProxy {
                            bestProxy = split.proxy
                            bestThreshold = split.threshold
                            bestFeature = f
                        }
                    }
                    guard bestFeature >= 0 else { continue }
                    // Children statistics; the left child is a prefix of the chosen feature's sorted segment.
                    var leftCount = 0
                    var leftSum = 0.0, leftSquares = 0.0, rightSum = 0.0, rightSquares = 0.0
                    let chosen = order + bestFeature * n
                    let column = x + bestFeature * n
                    for position in segment {
                        let row = Int(chosen[position])
                        let value = targets[row]
                        if column[row] > bestThreshold {
                            goesRight[row] = 1
                            rightSum += value
                            rightSquares += value * value
                        } else {
                            goesRight[row] = 0
                            leftSum += value
                            leftSquares += value * value
                            leftCount += 1
                        }
                    }
                    let rightCount = segment.count - leftCount
                    // Children at the maximum depth are never scanned: only feature 0's order, which assigns rows
                    // to leaves, needs partitioning then.
                    let partitioned = depth + 1 < options.maxDepth ? d : 1
                    for f in 0..<partitioned {
                        partition(order + f * n + segment.lowerBound, count: segment.count, goesRight: goesRight,
                                  scratch: scratch)
                    }
                    nodes[index].feature = bestFeature
                    nodes[index].threshold = bestThreshold
                    nodes[index].left = nodes.count
                    nodes[index].right = nodes.count + 1
                    let leftMean = leftSum / Double(leftCount), rightMean = rightSum / Double(rightCount)
                    nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, value: leftMean,
                                      impurity: leftSquares / Double(leftCount) - leftMean * leftMean,
                                      rowCount: leftCount))
                    nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, value: rightMean,
                                      impurity: rightSquares / Double(rightCount) - rightMean * rightMean,
                                      rowCount: rightCount))
                    sums.append(leftSum)
                    sums.append(rightSum)
                    let middle = segment.lowerBound + leftCount
                    segments.append(segment.lowerBound..<middle)
                    segments.append(middle..<segment.upperBound)
                    next.append(nodes.count - 2)
                    next.append(nodes.count - 1)
                }
                frontier = next
                depth += 1
            }
        }
        for (index, node) in nodes.enumerated() where node.isLeaf {
            for position in segments[index] { leafOfRow[Int(order[position])] = Int32(index) }
        }
        return RegressionTree(nodes: nodes, featureCount: d)
    }

    /// Stable, branch-free partition of `count` row indices: rows with `goesRight[row] == 0` first.
    @inline(__always)
    private static func partition(_ rows: UnsafeMutablePointer<Int32>, count: Int, goesRight: UnsafeMutablePointer<Int>,
                                  scratch: UnsafeMutablePointer<Int32>) {
        var left = 0, right = 0
        let rightBuffer = scratch + count
        for k in 0..<count {
            let row = rows[k]
            let isRight = goesRight[Int(row)]
            scratch[left] = row
            rightBuffer[right] = row
            left += 1 - isRight
            right += isRight
        }
        (rows).update(from: scratch, count: left)
        (rows + left).update(from: rightBuffer, count: right)
    }

    /// The best split of one node on one feature: the largest Friedman improvement proxy
    /// `(n_r s_l - n_l s_r)^2 / (n_l n_r)` over cut points between sorted values more than 1e-7 apart (the first
    /// one among equals), or `nil` if the node cannot be split on the feature.
    @inline(__always)
    private static func scanSegment(rows: UnsafePointer<Int32>, column: UnsafePointer<Double>,
                                    targets: UnsafePointer<Double>, count: Int, total: Double, totalSum: Double,
                                    minLeaf: Int) -> (proxy: Double, threshold: Double)? {
        var bestNumerator = -1.0, bestDenominator = 1.0
        var threshold = 0.0
        var found = false
        var leftSum = targets[Int(rows[0])]
        var last = column[Int(rows[0])]
        for r in 1..<count {
            let row = Int(rows[r])
            let v = column[row]
            if v > last + 1e-7 && r >= minLeaf && count - r >= minLeaf {
                let wl = Double(r)
                let wr = total - wl
                let diff = wr * leftSum - wl * (totalSum - leftSum)
                let numerator = diff * diff
                let denominator = wl * wr
                if numerator * bestDenominator > bestNumerator * denominator {
                    bestNumerator = numerator
                    bestDenominator = denominator
                    var t = last / 2.0 + v / 2.0
                    if t == v || !t.isFinite { t = last }
                    threshold = t
                    found = true
                }
            }
            leftSum += targets[row]
            last = v
        }
        return found ? (bestNumerator / bestDenominator, threshold) : nil
    }
}

extension RegressionTree.Options {
    func validate() throws {
        guard maxDepth >= 1, minSamplesSplit >= 2, minSamplesLeaf >= 1 else {
            throw MetricError.invalidOption("tree needs maxDepth >= 1, minSamplesSplit >= 2, minSamplesLeaf >= 1")
        }
    }
}
