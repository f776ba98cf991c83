import Foundation

/// The k-nearest-neighbour estimate of the mutual information between a continuous variable and a discrete one
/// (Ross 2014, "Mutual information between discrete and continuous data sets"), as scikit-learn's
/// `mutual_info_classif` computes it for one continuous feature (`_compute_mi_cd`), in nats.
///
/// For each point whose label occurs more than once, `r` is the distance to its k-th nearest neighbour among the
/// points with the same label (`k = min(neighbors, count - 1)`) and `m` the number of points of any label within
/// a distance strictly below `r` (the point itself included); points with a unique label are left out. The estimate
/// is `max(0, ψ(n) + <ψ(k)> - <ψ(count)> - <ψ(m)>)` with n the number of points kept. scikit-learn also adds noise
/// of relative size 1e-10 to break ties; this estimate is deterministic, so it differs only where values tie.
enum NearestNeighborMutualInformation {
    /// The estimate for `values` (one per row) and `labels` (one per row, any integers).
    static func continuousDiscrete(_ values: [Double], _ labels: [Int], neighbors: Int) -> Double {
        var rowsByLabel = [Int: [Int]]()
        for (row, label) in labels.enumerated() { rowsByLabel[label, default: []].append(row) }
        var radius = [Double](repeating: 0, count: values.count)
        var kept = [Bool](repeating: false, count: values.count)
        var digammaK = 0.0, digammaCount = 0.0, keptCount = 0
        for rows in rowsByLabel.values where rows.count > 1 {
            let k = min(neighbors, rows.count - 1)
            let sorted = rows.map { values[$0] }.sorted()
            for row in rows {
                let r = kthNeighborDistance(of: values[row], in: sorted, k: k)
                radius[row] = r > 0 ? r.nextDown : 0
                kept[row] = true
            }
            digammaK += Double(rows.count) * digamma(Double(k))
            digammaCount += Double(rows.count) * digamma(Double(rows.count))
            keptCount += rows.count
        }
        guard keptCount > 0 else { return 0 }
        let all = values.indices.filter { kept[$0] }.map { values[$0] }.sorted()
        var digammaM = 0.0
        for row in values.indices where kept[row] {
            digammaM += digamma(Double(countWithin(radius[row], of: values[row], in: all)))
        }
        let n = Double(keptCount)
        return max(0, digamma(n) + digammaK / n - digammaCount / n - digammaM / n)
    }

    /// The distance from `x` (one of the values of `sorted`) to its k-th nearest other value.
    private static func kthNeighborDistance(of x: Double, in sorted: [Double], k: Int) -> Double {
        // The position of one copy of x; its nearest neighbours are found by merging outwards.
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < x { low = mid + 1 } else { high = mid }
        }
        var left = low - 1, right = low + 1
        var distance = 0.0
        for _ in 0..<k {
            let leftDistance = left >= 0 ? x - sorted[left] : .infinity
            let rightDistance = right < sorted.count ? sorted[right] - x : .infinity
            if leftDistance <= rightDistance {
                distance = leftDistance
                left -= 1
            } else {
                distance = rightDistance
                right += 1
            }
        }
        return distance
    }

    /// The number of values of `sorted` whose squared distance to `x` is at most `radius` squared.
    private static func countWithin(_ radius: Double, of x: Double, in sorted: [Double]) -> Int {
        let r2 = radius * radius
        func first(where predicate: (Double) -> Bool) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if predicate(sorted[mid]) { high = mid } else { low = mid + 1 }
            }
            return low
        }
        let lower = first { $0 >= x || ($0 - x) * ($0 - x) <= r2 }
        let upper = first { $0 > x && ($0 - x) * ($0 - x) > r2 }
        return upper - lower
    }

    /// The digamma function ψ for x > 0: the recurrence ψ(x) = ψ(x + 1) - 1/x up to x >= 6, then the asymptotic
    /// series (error below 1e-14).
    static func digamma(_ x: Double) -> Double {
        var x = x, result = 0.0
        while x < 6 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
        return result + log(x) - 0.5 / x - series
    }
}
