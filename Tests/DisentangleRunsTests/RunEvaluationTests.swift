import DisentangleDatasets
import DisentangleMetrics
import DisentangleModels
import DisentangleRuns
import DisentangleTensor
import Foundation
import Testing

/// A run of a small MLP VAE trained for a few steps on 32 x 32 circles, in a fresh temporary directory.
func trainedTinyRun(_ name: String) throws -> RunDirectory {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("disentangle-runs-\(name)-\(UUID().uuidString)")
    let run = RunDirectory(url)
    let dataset = try DatasetSource.dataset("circles-32")
    let model = VAESpecification(observationShape: dataset.observationShape, latentCount: 4, encoder: .mlp, decoder: .mlp)
    let training = TrainingOptions(batchSize: 16, learningRate: 1e-3, seed: 5, checkpointEvery: 0, printEvery: 0)
    try RunTraining.start(RunConfiguration(model: model, dataset: "circles-32", training: training, steps: 3), in: run) { _ in }
    return run
}

/// Small sample counts so that every metric runs in well under a second.
func smallEvaluationOptions(metrics: [String] = ["all"], seed: UInt64 = 11) throws -> RunEvaluation.Options {
    var options = RunEvaluation.Options(metrics: metrics, samples: 300, seed: seed)
    try options.suite.setOptions(BetaVAEScore.Options(batchSize: 8, trainCount: 40, evalCount: 20), for: BetaVAEScore.self)
    let votes = FactorVAEScore.Options(batchSize: 8, trainCount: 40, evalCount: 20, varianceEstimateCount: 200)
    try options.suite.setOptions(votes, for: FactorVAEScore.self)
    try options.suite.setOptions(votes, for: ZMaxVariance.self)
    try options.suite.setOptions(DCI.Options(estimator: .gradientBoosting(GradientBoostingClassifier.Options(stageCount: 5))), for: DCI.self)
    return options
}

@Suite("Run evaluation")
struct RunEvaluationTests {
    /// Labels that do not form a factor grid (five 4 x 4 images with one partial label, a committed fixture): the
    /// metrics on codes score stored images drawn with replacement; intervention metrics are refused by name.
    @Test func labelledImagesWithoutAGridAreEvaluatedOnStoredSamples() throws {
        let file = DatasetSourceTests.tests.appendingPathComponent("DisentangleDatasetsTests/Fixtures/partial_labels.npz").path
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("disentangle-runs-labelled-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let run = RunDirectory(url)
        var settings = RunSettings()
        settings.dataset = file
        settings.encoder = .mlp
        settings.decoder = .mlp
        settings.latents = 3
        settings.steps = 2
        settings.batchSize = 4
        settings.printEvery = 0
        try RunTraining.start(try settings.configuration(), in: run) { _ in }
        var messages: [String] = []
        let options = RunEvaluation.Options(metrics: ["mig", "sap"], samples: 40, seed: 3)
        let result = try RunEvaluation.evaluate(run, options: options) { messages.append($0) }
        #expect(result.scalars["mig.score"].map { (0...1).contains($0) } == true)
        #expect(result.scalars["sap.score"] != nil)
        #expect(result.evaluation.map { $0.reconstruction > 0 && $0.kl >= 0 } == true)
        #expect(try RunMetrics.load(from: run.metricsFile) == result)
        #expect(messages.contains { $0.contains("stored images") })
        // The same seed draws the same images.
        #expect(try RunEvaluation.evaluate(run, options: options) == result)
        do {
            _ = try RunEvaluation.evaluate(run, options: RunEvaluation.Options(metrics: ["mig", "beta_vae"], samples: 40))
            Issue.record("an intervention metric on labels without a grid must be refused")
        } catch let error as RunError {
            #expect(error.description.contains("beta_vae vary factors over a full grid"), "\(error)")
        }
    }

    @Test func evaluateWritesEveryMetricToMetricsJSONAndReadsItBack() throws {
        let run = try trainedTinyRun("evaluate")
        let result = try RunEvaluation.evaluate(run, options: try smallEvaluationOptions())
        #expect(result.step == 3 && result.dataset == "circles-32")
        let stored = try RunMetrics.load(from: run.metricsFile)
        #expect(stored == result)
        for key in ["mig.score", "dci.disentanglement", "sap.score", "modularity.score", "explicitness.test", "irs.score",
                    "unsupervised.gaussian_total_correlation", "mig_sup.score", "jemmig.score", "dcimig.score", "infomec.infom",
                    "beta_vae.eval_accuracy", "factor_vae.eval_accuracy", "z_max.eval_accuracy"] {
            #expect(result.scalars[key] != nil, "missing \(key)")
        }
        for (key, value) in result.scalars where !key.hasPrefix("unsupervised.") && key != "z_max.eval_accuracy_scaled" {
            #expect(value >= 0 && value <= 1, "\(key) = \(value)")
        }
        #expect(try result.report.result(MIG.self)?.mutualInformation.count == 4)
        #expect(try result.report.result(FactorVAEScore.self)?.trainingVotes.count == 2)  // circles: x and y
    }

    @Test func theSameSeedGivesTheSameValuesWhateverSubsetIsRequested() throws {
        let run = try trainedTinyRun("seeds")
        let all = try RunEvaluation.evaluate(run, options: try smallEvaluationOptions())
        let subset = try RunEvaluation.evaluate(run, options: try smallEvaluationOptions(metrics: ["factor_vae", "mig"]))
        #expect(subset.scalars["mig.score"] == all.scalars["mig.score"])
        #expect(try subset.report.result(FactorVAEScore.self) == all.report.result(FactorVAEScore.self))
        #expect(subset.scalars["dci.disentanglement"] == nil)
        let reseeded = try RunEvaluation.evaluate(run, options: try smallEvaluationOptions(metrics: ["mig"], seed: 12))
        #expect(try reseeded.report.result(MIG.self)?.mutualInformation != all.report.result(MIG.self)?.mutualInformation)
    }

    @Test func badRequestsThrowNamingTheProblem() throws {
        let run = try trainedTinyRun("errors")
        #expect(throws: MetricError.self) { try RunEvaluation.evaluate(run, options: try smallEvaluationOptions(metrics: ["jemig"])) }
        let empty = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("no-run-\(UUID().uuidString)"))
        do {
            try RunEvaluation.evaluate(empty, options: try smallEvaluationOptions())
            Issue.record("evaluating a directory without a run must throw")
        } catch let error as RunError {
            #expect(error.description.contains("config.json"))
        }
        #expect(!FileManager.default.fileExists(atPath: run.metricsFile.path))
    }
}

@Suite("Run UDR")
struct RunUDRTests {
    @Test func udrScoresEveryRunAgainstTheOthers() throws {
        let runs = try (0..<3).map { try trainedTinyRun("udr-\($0)") }
        let result = try RunUDR.evaluate(runs, options: RunUDR.Options(samples: 100, udr: UDR.Options(klThreshold: 0)))
        #expect(result.runs == runs.map { $0.url.path })
        #expect(result.udr.modelScores.count == 3 && result.klDivergences.allSatisfy { $0.count == 4 })
        #expect(result.udr.modelScores.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(throws: RunError.self) { try RunUDR.evaluate([runs[0]]) }
    }
}
