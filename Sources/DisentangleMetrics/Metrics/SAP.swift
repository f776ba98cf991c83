import DisentangleTensor

/// The separated attribute predictability score (Kumar et al. 2018) as disentanglement_lib computes it
/// (`sap_score._compute_sap`).
///
/// For discrete factors, a ``LinearSVC`` (C = 0.01, balanced class weights) is fitted for every (code, factor)
/// pair on the single code of the training rows and scored by its accuracy on the test rows. For continuous
/// factors the score is `cov(z_i, v_k)^2 / (var z_i var v_k)` on the training rows (0 where `var z_i <= 1e-12`).
/// SAP is the mean over factors of the gap between the two best codes.
public enum SAP {
    /// SAP options, defaulting to disentanglement_lib.
    public struct Options: Sendable, Equatable, Codable {
        /// Treat factors as continuous (the covariance form) instead of discrete (false).
        public var continuousFactors: Bool
        /// The classifier of the discrete form (C = 0.01, balanced class weights, tolerance 1e-4).
        public var classifier: LinearSVC.Options
        /// The seed of the generator that orders the dual coordinate descent.
        public var seed: UInt64

        /// Creates options.
        public init(continuousFactors: Bool = false, classifier: LinearSVC.Options = LinearSVC.Options(), seed: UInt64 = 0) {
            self.continuousFactors = continuousFactors
            self.classifier = classifier
            self.seed = seed
        }
    }

    /// The SAP score and the score matrix behind it.
    public struct Result: Sendable, Equatable, Codable {
        /// The mean gap between the best and second-best code over factors.
        public var score: Double
        /// The gap of each factor.
        public var perFactor: [Double]
        /// `scoreMatrix[i][k]`: how well code i alone predicts factor k.
        public var scoreMatrix: [[Double]]

        enum CodingKeys: String, CodingKey {
            case score
            case perFactor = "per_factor"
            case scoreMatrix = "score_matrix"
        }
    }

    /// Computes SAP with the first `ceil(N * trainFraction)` rows for training and the rest for testing (the test
    /// rows are unused for continuous factors).
    ///
    /// - Throws: ``MetricError`` for mismatched rows, fewer than two codes, an empty part of the split, or a
    ///   factor that is constant on the training rows.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double = 0.8,
                                options: Options = Options()) throws -> Result {
        try checkPaired(codes, factors)
        let split = try TrainTestSplit(rowCount: codes.rowCount, trainFraction: trainFraction)
        if options.continuousFactors {
            guard split.trainCount >= 2 else { throw MetricError.tooFewRows(metric: "SAP (training rows)", needed: 2, found: split.trainCount) }
        } else {
            try split.requireBothParts(metric: "SAP")
        }
        guard codes.columnCount >= 2 else {
            throw MetricError.invalidOption("SAP needs at least two code dimensions to form a gap, got \(codes.columnCount)")
        }
        let d = codes.columnCount, k = factors.columnCount
        let trainCodes = codes.rows(split.trainRows).columns()
        let trainFactors = factors.rows(split.trainRows)
        for j in 0..<k where Set(trainFactors.column(j)).count < 2 {
            throw MetricError.constantFactor(metric: "SAP", factor: j)
        }
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: k), count: d)
        if options.continuousFactors {
            for i in 0..<d {
                for j in 0..<k {
                    matrix[i][j] = continuousScore(trainCodes[i], trainFactors.column(j).map(Double.init))
                }
            }
        } else {
            let testCodes = codes.rows(split.testRows).columns()
            let testFactors = factors.rows(split.testRows)
            var generator = RandomGenerator(seed: options.seed)
            let generators = (0..<(d * k)).map { _ in generator.split() }
            var scores = [Double](repeating: 0, count: d * k)
            scores.withUnsafeMutableBufferPointer { out in
                Threading.parallelFor(d * k) { pair in
                    let i = pair / k, j = pair % k
                    var pairGenerator = generators[pair]
                    do {
                        let x = try CodeMatrix(rowCount: trainCodes[i].count, columnCount: 1, values: trainCodes[i])
                        let model = try LinearSVC.fit(features: x, labels: trainFactors.column(j),
                                                      options: options.classifier, generator: &pairGenerator)
                        let xTest = try CodeMatrix(rowCount: testCodes[i].count, columnCount: 1, values: testCodes[i])
                        out[pair] = model.accuracy(features: xTest, labels: testFactors.column(j))
                    } catch {
                        out[pair] = .nan
                    }
                }
            }
            if scores.contains(where: { $0.isNaN }) {
                throw MetricError.invalidOption("SAP classifier options are invalid: \(options.classifier)")
            }
            for i in 0..<d {
                for j in 0..<k { matrix[i][j] = scores[i * k + j] }
            }
        }
        let perFactor = (0..<k).map { j -> Double in
            let sorted = matrix.map { $0[j] }.sorted(by: >)
            return sorted[0] - sorted[1]
        }
        return Result(score: mean(perFactor), perFactor: perFactor, scoreMatrix: matrix)
    }

    /// `cov(z, v)^2 / (var z var v)` with ddof 1, or 0 where `var z <= 1e-12`.
    private static func continuousScore(_ z: [Double], _ v: [Double]) -> Double {
        let mz = mean(z), mv = mean(v)
        var czv = 0.0, czz = 0.0, cvv = 0.0
        for i in 0..<z.count {
            czv += (z[i] - mz) * (v[i] - mv)
            czz += (z[i] - mz) * (z[i] - mz)
            cvv += (v[i] - mv) * (v[i] - mv)
        }
        let scale = Double(z.count - 1)
        let covariance = czv / scale, varZ = czz / scale, varV = cvv / scale
        return varZ > 1e-12 ? covariance * covariance / (varZ * varV) : 0
    }
}

extension SAP: CodeMetric {
    /// `"sap"`.
    public static let name = "sap"
    /// A line for `--list-metrics`.
    public static let summary = "separated attribute predictability (Kumar et al. 2018), linear SVM per code and factor"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// `score`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["score": result.score]
    }
}
