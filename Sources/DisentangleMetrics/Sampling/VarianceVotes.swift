import DisentangleTensor

/// The majority-vote classifier shared by the FactorVAE score (Z-min variance) and the Z-max variance score.
///
/// Global variances (ddof 1) of the codes of `varianceEstimateCount` random factor vectors decide which codes are
/// active (standard deviation at least `pruneThreshold`). Each vote picks a factor k uniformly and draws a batch of
/// factor vectors in which an intervention holds either factor k fixed (Z-min) or every factor but k fixed (Z-max)
/// at the first vector's values; the active code whose local variance (ddof 1) relative to its global variance is
/// smallest (Z-min) or largest (Z-max) votes for k. Votes are indexed by the code's own index (not by its position
/// among the active codes). The classifier maps each code to the factor with most training votes (ties to the
/// lower factor); accuracy is the share of votes it gets right.
struct VarianceVotes {
    /// Which factors a vote's batch holds fixed and which code wins.
    enum Intervention {
        /// Factor k fixed, the rest random; the smallest relative variance wins (FactorVAE, Kim & Mnih 2018).
        case fixOneFactor
        /// Every factor but k fixed, k random; the largest relative variance wins (Z-max, Kim et al. 2019).
        case varyOneFactor
    }

    /// The outcome of training and evaluation votes.
    struct Outcome {
        var trainAccuracy: Double
        var evalAccuracy: Double
        var activeDimensions: Int
        var globalVariances: [Double]
        /// `trainingVotes[k][j]`: training votes of factor k for code j.
        var trainingVotes: [[Int]]
    }

    let intervention: Intervention
    let batchSize: Int
    let trainCount: Int
    let evalCount: Int
    let varianceEstimateCount: Int
    let pruneThreshold: Double

    /// Throws unless the counts and the threshold are usable; `metric` names the caller in the message.
    func validate(metric: String) throws {
        guard batchSize >= 2, trainCount >= 1, evalCount >= 1, varianceEstimateCount >= 2, pruneThreshold >= 0 else {
            throw MetricError.invalidOption("\(metric) needs batchSize >= 2, trainCount >= 1, evalCount >= 1, varianceEstimateCount >= 2 and pruneThreshold >= 0")
        }
    }

    /// Runs the votes. With no active code every accuracy is 0.
    func run(factorSizes: [Int], generator: inout RandomGenerator,
             representation: ([[Int]]) throws -> CodeMatrix) throws -> Outcome {
        var sampler = try FactorSampler(sizes: factorSizes)
        // Global variances, from representations computed in batches of 64 like disentanglement_lib.
        var rows = [[Double]]()
        var remaining = varianceEstimateCount
        while remaining > 0 {
            let count = min(64, remaining)
            let codes = try sampler.represent(sampler.sample(count, generator: &generator), representation)
            for i in 0..<count { rows.append((0..<codes.columnCount).map { codes[i, $0] }) }
            remaining -= count
        }
        let globalVariances = Self.variances(rows)
        let active = globalVariances.indices.filter { globalVariances[$0].squareRoot() >= pruneThreshold }
        let k = factorSizes.count, d = globalVariances.count
        guard !active.isEmpty else {
            return Outcome(trainAccuracy: 0, evalAccuracy: 0, activeDimensions: 0, globalVariances: globalVariances,
                           trainingVotes: [[Int]](repeating: [Int](repeating: 0, count: d), count: k))
        }
        let trainVotes = try votes(trainCount, active, globalVariances, &sampler, &generator, representation)
        let classifier = (0..<d).map { j in
            (0..<k).reduce(0) { best, factor in trainVotes[factor][j] > trainVotes[best][j] ? factor : best }
        }
        let evalVotes = try votes(evalCount, active, globalVariances, &sampler, &generator, representation)
        return Outcome(trainAccuracy: Self.accuracy(trainVotes, classifier), evalAccuracy: Self.accuracy(evalVotes, classifier),
                       activeDimensions: active.count, globalVariances: globalVariances, trainingVotes: trainVotes)
    }

    private func votes(_ count: Int, _ active: [Int], _ globalVariances: [Double], _ sampler: inout FactorSampler,
                       _ generator: inout RandomGenerator,
                       _ representation: ([[Int]]) throws -> CodeMatrix) throws -> [[Int]] {
        var result = [[Int]](repeating: [Int](repeating: 0, count: globalVariances.count), count: sampler.sizes.count)
        for _ in 0..<count {
            let k = generator.nextInt(below: sampler.sizes.count)
            var factors = sampler.sample(batchSize, generator: &generator)
            for row in 1..<factors.count {
                switch intervention {
                case .fixOneFactor:
                    factors[row][k] = factors[0][k]
                case .varyOneFactor:
                    let varying = factors[row][k]
                    factors[row] = factors[0]
                    factors[row][k] = varying
                }
            }
            let codes = try sampler.represent(factors, representation)
            let local = Self.variances((0..<codes.rowCount).map { i in (0..<codes.columnCount).map { codes[i, $0] } })
            var best = active[0]
            for j in active {
                let ratio = local[j] / globalVariances[j], bestRatio = local[best] / globalVariances[best]
                if intervention == .fixOneFactor ? ratio < bestRatio : ratio > bestRatio { best = j }
            }
            result[k][best] += 1
        }
        return result
    }

    private static func accuracy(_ votes: [[Int]], _ classifier: [Int]) -> Double {
        let total = votes.reduce(0) { $0 + $1.reduce(0, +) }
        let correct = classifier.indices.reduce(0) { $0 + votes[classifier[$1]][$1] }
        return Double(correct) / Double(total)
    }

    /// Column variances (ddof 1) of equally long rows.
    private static func variances(_ rows: [[Double]]) -> [Double] {
        let d = rows[0].count
        let n = Double(rows.count)
        return (0..<d).map { j in
            let m = rows.reduce(0) { $0 + $1[j] } / n
            return rows.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / (n - 1)
        }
    }
}
