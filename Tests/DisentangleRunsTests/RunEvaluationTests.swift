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
func smallEvaluationOptions(metrics: [String] = RunEvaluation.metricNames, seed: UInt64 = 11) -> RunEvaluation.Options {
    var options = RunEvaluation.Options(metrics: metrics, samples: 300, seed: seed)
    options.betaVAE = BetaVAEScore.Options(batchSize: 8, trainCount: 40, evalCount: 20)
    options.factorVAE = FactorVAEScore.Options(batchSize: 8, trainCount: 40, evalCount: 20, varianceEstimateCount: 200)
    options.suite.dci.estimator = .gradientBoosting(GradientBoostingClassifier.Options(stageCount: 5))
    return options
}

@Suite("Run evaluation")
struct RunEvaluationTests {
    @Test func evaluateWritesEveryMetricToMetricsJSONAndReadsItBack() throws {
        let run = try trainedTinyRun("evaluate")
        let result = try RunEvaluation.evaluate(run, options: smallEvaluationOptions())
        #expect(result.step == 3 && result.dataset == "circles-32")
        let stored = try RunMetrics.load(from: run.metricsFile)
        #expect(stored == result)
        for key in ["mig.score", "dci.disentanglement", "sap.score", "modularity.score", "explicitness.test", "irs.score",
                    "unsupervised.gaussian_total_correlation", "beta_vae.eval_accuracy", "factor_vae.eval_accuracy"] {
            #expect(result.scalars[key] != nil, "missing \(key)")
        }
        for (key, value) in result.scalars where !key.hasPrefix("unsupervised.") {
            #expect(value >= 0 && value <= 1, "\(key) = \(value)")
        }
        #expect(result.report.mig?.mutualInformation.count == 4)
        #expect(result.factorVAE?.trainingVotes.count == 2)  // circles: x and y
    }

    @Test func theSameSeedGivesTheSameValuesWhateverSubsetIsRequested() throws {
        let run = try trainedTinyRun("seeds")
        let all = try RunEvaluation.evaluate(run, options: smallEvaluationOptions())
        let subset = try RunEvaluation.evaluate(run, options: smallEvaluationOptions(metrics: ["factor_vae", "mig"]))
        #expect(subset.scalars["mig.score"] == all.scalars["mig.score"])
        #expect(subset.factorVAE == all.factorVAE)
        #expect(subset.scalars["dci.disentanglement"] == nil)
        let reseeded = try RunEvaluation.evaluate(run, options: smallEvaluationOptions(metrics: ["mig"], seed: 12))
        #expect(reseeded.report.mig?.mutualInformation != all.report.mig?.mutualInformation)
    }

    @Test func badRequestsThrowNamingTheProblem() throws {
        let run = try trainedTinyRun("errors")
        #expect(throws: RunError.self) { try RunEvaluation.evaluate(run, options: smallEvaluationOptions(metrics: ["jemig"])) }
        let empty = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("no-run-\(UUID().uuidString)"))
        do {
            try RunEvaluation.evaluate(empty, options: smallEvaluationOptions())
            Issue.record("evaluating a directory without a run must throw")
        } catch let error as RunError {
            #expect(error.description.contains("config.json"))
        }
        #expect(!FileManager.default.fileExists(atPath: run.metricsFile.path))
    }
}
