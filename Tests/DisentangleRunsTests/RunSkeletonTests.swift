import DisentangleDatasets
import DisentangleModels
import DisentangleRuns
import Foundation
import Testing

/// Run directories at their edges: a run killed before it wrote `config.json` (only its `lock`, perhaps an empty
/// `config.json`), and training output whose configuration is gone.
@Suite("Run skeletons")
struct RunSkeletonTests {
    static func configuration() throws -> RunConfiguration {
        let dataset = try DatasetSource.dataset("circles-32")
        let model = VAESpecification(observationShape: dataset.observationShape, latentCount: 3, encoder: .mlp, decoder: .mlp)
        let training = TrainingOptions(batchSize: 8, learningRate: 1e-3, seed: 9, checkpointEvery: 2, printEvery: 0)
        return RunConfiguration(model: model, dataset: "circles-32", training: training, steps: 4)
    }

    static func parameters(_ run: RunDirectory) throws -> [String: [Float]] {
        try run.trainedModel().vae.stateDictionary().mapValues(\.scalars)
    }

    /// What a run killed before writing `config.json` leaves: the directory, its lock, and here also an empty
    /// `config.json` and a file of the user's.
    static func skeleton(_ name: String) throws -> RunDirectory {
        let run = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("skeleton-\(name)-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        try Data("12345\n".utf8).write(to: run.lockFile)
        try Data().write(to: run.configurationFile)
        try Data("mine".utf8).write(to: run.url.appendingPathComponent("notes.txt"))
        return run
    }

    @Test func resumingARunKilledBeforeItsConfigurationNeedsItsSettingsThenStartsFromStepZero() throws {
        let run = try Self.skeleton("resume")
        defer { try? FileManager.default.removeItem(at: run.url) }
        #expect(!run.holdsRun && run.trainingOutput.isEmpty)
        do {
            try RunTraining.resume(run) { _ in }
            Issue.record("a run without config.json was resumed without settings")
        } catch {
            #expect("\(error)".contains("has no run configuration (config.json)"), "\(error)")
            #expect("\(error)".contains("--resume"), "\(error)")
        }

        var messages: [String] = []
        let step = try RunTraining.resume(run, startingWith: try Self.configuration()) { messages.append($0) }
        #expect(step == 4)
        #expect(messages.first?.contains("starting it from step 0 with the settings given") == true, "\(messages)")
        #expect(try run.configuration() == Self.configuration())
        #expect(try String(contentsOf: run.url.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")

        let fresh = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("skeleton-fresh-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: fresh.url) }
        try RunTraining.start(try Self.configuration(), in: fresh) { _ in }
        #expect(try Self.parameters(run) == Self.parameters(fresh))
    }

    @Test func startingInARunKilledBeforeItsConfigurationKeepsTheOtherFiles() throws {
        let run = try Self.skeleton("start")
        defer { try? FileManager.default.removeItem(at: run.url) }
        #expect(try RunTraining.start(try Self.configuration(), in: run) { _ in } == 4)
        #expect(run.holdsRun)
        #expect(try String(contentsOf: run.url.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
    }

    @Test func trainingOutputWithoutAConfigurationIsNeitherStartedOverNorResumed() throws {
        let run = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("skeleton-orphan-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: run.url) }
        try RunTraining.start(try Self.configuration(), in: run) { _ in }
        try FileManager.default.removeItem(at: run.configurationFile)
        let log = try Data(contentsOf: run.logFile)
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: run.checkpointDirectory.path).sorted()
        #expect(run.trainingOutput.contains("log.jsonl") && run.trainingOutput.contains("checkpoints/latest"), "\(run.trainingOutput)")

        for attempt in [
            { try RunTraining.start(try Self.configuration(), in: run) { _ in } },
            { try RunTraining.resume(run, startingWith: try Self.configuration()) { _ in } },
        ] {
            do {
                _ = try attempt()
                Issue.record("training output without config.json was trained on")
            } catch {
                #expect("\(error)".contains("holds training output"), "\(error)")
                #expect("\(error)".contains("nothing was changed"), "\(error)")
            }
        }
        #expect(try Data(contentsOf: run.logFile) == log)
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.checkpointDirectory.path).sorted() == checkpoints)
    }
}
