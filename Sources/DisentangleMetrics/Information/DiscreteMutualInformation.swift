import Foundation
import DisentangleTensor

/// Plug-in mutual information and entropy of discrete labels, as `sklearn.metrics.mutual_info_score` computes
/// them: natural logarithm (nats), terms with magnitude below `Double.ulpOfOne` set to 0, the sum clipped at 0,
/// and 0 whenever either variable takes a single value.
public enum DiscreteMutualInformation {
    /// Dense class indices `0..<classCount` for arbitrary integer labels (classes sorted ascending).
    static func encode(_ labels: [Int]) -> (indices: [Int], classCount: Int) {
        let classes = Array(Set(labels)).sorted()
        var lookup = [Int: Int](minimumCapacity: classes.count)
        for (i, c) in classes.enumerated() { lookup[c] = i }
        return (labels.map { lookup[$0]! }, classes.count)
    }

    /// Mutual information between two label sequences of equal, non-zero length, in nats.
    public static func mutualInformation(_ a: [Int], _ b: [Int]) -> Double {
        precondition(a.count == b.count && !a.isEmpty, "mutual information needs two equally long, non-empty label arrays")
        let (x, nx) = encode(a)
        let (y, ny) = encode(b)
        return mutualInformation(encoded: x, nx, y, ny)
    }

    /// Mutual information of labels already encoded as dense indices.
    static func mutualInformation(encoded x: [Int], _ nx: Int, _ y: [Int], _ ny: Int) -> Double {
        if nx == 1 || ny == 1 { return 0 }
        var table = [Int](repeating: 0, count: nx * ny)
        for i in 0..<x.count { table[x[i] * ny + y[i]] += 1 }
        var rowSums = [Int](repeating: 0, count: nx)
        var columnSums = [Int](repeating: 0, count: ny)
        for r in 0..<nx {
            for c in 0..<ny {
                rowSums[r] += table[r * ny + c]
                columnSums[c] += table[r * ny + c]
            }
        }
        let total = Double(x.count)
        let logTotal = Foundation.log(total)
        let logRowTotal = Foundation.log(Double(rowSums.reduce(0, +)))
        let logColumnTotal = Foundation.log(Double(columnSums.reduce(0, +)))
        var sum = 0.0
        // sklearn visits the non-zero cells in row-major order (np.nonzero / sparse find on a CSR-like layout).
        for r in 0..<nx {
            for c in 0..<ny {
                let count = table[r * ny + c]
                guard count > 0 else { continue }
                let value = Double(count)
                let joint = value / total
                let outer = Double(rowSums[r] * columnSums[c])
                let logOuter = -Foundation.log(outer) + logRowTotal + logColumnTotal
                var term = joint * (Foundation.log(value) - logTotal) + joint * logOuter
                if abs(term) < Double.ulpOfOne { term = 0 }
                sum += term
            }
        }
        return max(0, sum)
    }

    /// The entropy of a label sequence in nats, computed as `mutual_info_score(v, v)`.
    public static func entropy(_ labels: [Int]) -> Double {
        mutualInformation(labels, labels)
    }

    /// The joint entropy `H(a, b)` of two equally long label sequences in nats (the entropy of the pairs).
    public static func jointEntropy(_ a: [Int], _ b: [Int]) -> Double {
        precondition(a.count == b.count && !a.isEmpty, "joint entropy needs two equally long, non-empty label arrays")
        let (x, _) = encode(a)
        let (y, ny) = encode(b)
        return entropy(zip(x, y).map { $0 * ny + $1 })
    }

    /// The matrix `m[i][k]` of mutual information between discretised code `i` and factor `k`.
    static func matrix(codeBins: [[Int]], factorColumns: [[Int]]) -> [[Double]] {
        let encodedCodes = codeBins.map(encode)
        let encodedFactors = factorColumns.map(encode)
        var result = [[Double]](repeating: [Double](repeating: 0, count: factorColumns.count), count: codeBins.count)
        result.withUnsafeMutableBufferPointer { rows in
            Threading.parallelFor(codeBins.count) { i in
                let (x, nx) = encodedCodes[i]
                rows[i] = encodedFactors.map { mutualInformation(encoded: $0.indices, $0.classCount, x, nx) }
            }
        }
        return result
    }
}
