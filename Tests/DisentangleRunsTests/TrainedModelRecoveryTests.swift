import DisentangleModels
import DisentangleRuns
import Foundation
import Testing

/// `RunDirectory.trainedModel()` (behind encode, decode, evaluate and report) falls back from a damaged newest
/// checkpoint to the newest one that reads back, as resuming does.
@Suite("Trained-model recovery")
struct TrainedModelRecoveryTests {
    @Test func aDamagedNewestCheckpointIsSetAsideForTheOlderOne() throws {
        let run = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("recover-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: run.url) }
        var configuration = try RunSkeletonTests.configuration()
        configuration.steps = 2
        try RunTraining.start(configuration, in: run) { _ in }
        let atStepTwo = try RunSkeletonTests.parameters(run)
        try RunTraining.resume(run, steps: 4) { _ in }
        #expect(try run.trainedModel().step == 4)

        // Truncate the newest checkpoint's model file, as a full disk or a lost write would.
        let newest = run.checkpointDirectory.appendingPathComponent("latest").resolvingSymlinksInPath()
        let model = newest.appendingPathComponent("model.safetensors")
        let bytes = try Data(contentsOf: model)
        try bytes.prefix(bytes.count / 2).write(to: model)

        let recovered = try run.trainedModel()
        #expect(recovered.step == 2)
        #expect(recovered.vae.stateDictionary().mapValues(\.scalars) == atStepTwo)
        let names = try FileManager.default.contentsOfDirectory(atPath: run.checkpointDirectory.path)
        #expect(names.contains("unreadable-\(newest.lastPathComponent)"), "\(names)")
    }

    @Test func aRunWithoutCheckpointsSaysSo() throws {
        let run = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("recover-none-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: run.url) }
        try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        try RunSkeletonTests.configuration().save(to: run.configurationFile)
        do {
            _ = try run.trainedModel()
            Issue.record("a run without checkpoints loaded")
        } catch {
            #expect("\(error)".contains("has no checkpoint"), "\(error)")
        }
    }
}
