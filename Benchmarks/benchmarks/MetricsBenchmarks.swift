import Disentangle
import Foundation

/// The benchmark input shared with Scripts/metrics/bench_dlib.py: N rows of K dSprites-like factors and D codes,
/// drawn from a SplitMix64 stream both scripts implement, so both sides score exactly the same numbers.
///
/// Row i draws its K factors (`floor(u * size)`), then D noise values (`u1 + u2 + u3 + u4 - 2`); code j < K is
/// `2 f_j / (size_j - 1) - 1 + 0.1 * noise`, the other codes are the noise alone.
struct MetricsBenchmarkInput {
    let codes: CodeMatrix
    let factors: FactorMatrix

    init(rows n: Int = 10_000, codeCount d: Int = 10, sizes: [Int] = [3, 6, 40, 32, 32]) throws {
        var state: UInt64 = 20_240_601
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1p-53
        }
        var codes = [Float](), factors = [Int]()
        for _ in 0..<n {
            let row = sizes.map { min($0 - 1, Int(uniform() * Double($0))) }
            factors.append(contentsOf: row)
            for j in 0..<d {
                let noise = uniform() + uniform() + uniform() + uniform() - 2
                let value = j < sizes.count ? 2 * Double(row[j]) / Double(sizes[j] - 1) - 1 + 0.1 * noise : noise
                codes.append(Float(value))
            }
        }
        self.codes = try CodeMatrix(rowCount: n, columnCount: d, values: codes)
        self.factors = try FactorMatrix(rowCount: n, columnCount: sizes.count, values: factors)
    }
}

/// Times every DisentangleMetrics metric once on N = 10,000, D = 10, K = 5 with factor sizes [3, 6, 40, 32, 32]
/// (train fraction 0.8 where a metric splits), printing one JSON object per line; `metrics.<name>` selects one.
func runMetricsBenchmarks() {
    do {
        let input = try MetricsBenchmarkInput()
        let (codes, factors) = (input.codes, input.factors)
        let context = "\"n\": 10000, \"d\": 10, \"k\": 5, \"threads\": \(Threading.threadCount)"
        func time(_ name: String, _ body: () throws -> String) rethrows {
            guard isSelected("metrics.\(name)") else { return }
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print("{\"name\": \"metrics.\(name)\", \"value\": \(seconds), \"unit\": \"s\", \(context), \"result\": \(result)}")
        }
        try time("mig") { String(try MIG.evaluate(codes: codes, factors: factors).score) }
        try time("dci_gbt") {
            let r = try DCI.evaluate(codes: codes, factors: factors)
            return "{\"disentanglement\": \(r.disentanglement), \"completeness\": \(r.completeness), \"informativeness_test\": \(r.informativenessTest)}"
        }
        try time("sap") { String(try SAP.evaluate(codes: codes, factors: factors).score) }
        try time("modularity") { String(try Modularity.evaluate(codes: codes, factors: factors).score) }
        try time("explicitness") {
            let r = try Explicitness.evaluate(codes: codes, factors: factors)
            return "{\"train\": \(r.train), \"test\": \(r.test)}"
        }
        try time("irs") { String(try IRS.evaluate(codes: codes, factors: factors).score) }
        try time("unsupervised") {
            String(try UnsupervisedScores.evaluate(codes: codes).gaussianTotalCorrelation)
        }
        try time("mig_sup") { String(try MIGSup.evaluate(codes: codes, factors: factors).score) }
        try time("jemmig") { String(try JEMMIG.evaluate(codes: codes, factors: factors).score) }
        try time("dcimig") { String(try DCIMIG.evaluate(codes: codes, factors: factors).score) }
        try time("infomec") {
            let r = try InfoMEC.evaluate(codes: codes, factors: factors)
            return "{\"infom\": \(r.infoM), \"infoe\": \(r.infoE), \"infoc\": \(r.infoC)}"
        }
        try time("dci_random_forest") {
            let r = try DCI.evaluate(codes: codes, factors: factors,
                                     options: DCI.Options(estimator: .randomForest(RandomForestClassifier.Options())))
            return "{\"disentanglement\": \(r.disentanglement), \"completeness\": \(r.completeness), \"informativeness_test\": \(r.informativenessTest)}"
        }
        try time("dci_es") {
            let r = try DCIES.evaluate(codes: codes, factors: factors)
            return "{\"explicitness\": \(r.explicitness), \"size\": \(r.size)}"
        }
        try time("udr_lasso") {
            // Four "models": the benchmark codes with their columns rotated and noise of growing size added.
            var generator = RandomGenerator(seed: 1)
            let models = try (0..<4).map { m in
                try CodeMatrix(rowCount: codes.rowCount, columnCount: codes.columnCount, values: (0..<codes.values.count).map { i in
                    let row = i / codes.columnCount, column = (i % codes.columnCount + m) % codes.columnCount
                    return codes[row, column] + 0.1 * Double(m) * generator.nextNormal()
                })
            }
            let kl = [[Double]](repeating: (0..<codes.columnCount).map { $0 < 5 ? 1.0 : 0.001 }, count: 4)
            let r = try UDR.evaluate(codes: models, klDivergences: kl)
            return "\(r.modelScores)"
        }
        let sizes = [3, 6, 40, 32, 32]
        // An aligned code: factor j scaled to [-1, 1] in code j, constant extra codes.
        let representation: ([[Int]]) throws -> CodeMatrix = { batch in
            try CodeMatrix(batch.map { row -> [Double] in
                (0..<10).map { j -> Double in
                    guard j < sizes.count else { return 0.01 * Double(j) }
                    let scaled: Double = 2 * Double(row[j]) / Double(sizes[j] - 1)
                    return scaled - 1
                }
            })
        }
        try time("beta_vae_score") {
            var generator = RandomGenerator(seed: 0)
            let r = try BetaVAEScore.evaluate(factorSizes: sizes, generator: &generator, representation: representation)
            return "{\"train\": \(r.trainAccuracy), \"eval\": \(r.evalAccuracy)}"
        }
        try time("factor_vae_score") {
            var generator = RandomGenerator(seed: 0)
            let r = try FactorVAEScore.evaluate(factorSizes: sizes, generator: &generator, representation: representation)
            return "{\"train\": \(r.trainAccuracy), \"eval\": \(r.evalAccuracy)}"
        }
        try time("z_max_score") {
            var generator = RandomGenerator(seed: 0)
            let r = try ZMaxVariance.evaluate(factorSizes: sizes, generator: &generator, representation: representation)
            return "{\"train\": \(r.trainAccuracy), \"eval\": \(r.evalAccuracy)}"
        }
    } catch {
        print("{\"name\": \"metrics.error\", \"value\": 0, \"unit\": \"none\", \"error\": \"\(error)\"}")
    }
}
