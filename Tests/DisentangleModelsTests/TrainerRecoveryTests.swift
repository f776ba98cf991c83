import DisentangleModels
import DisentangleNN
import DisentangleTensor
import DisentangleTestSupport
import Foundation
import Testing

/// Resuming runs that stopped at awkward moments: before their first checkpoint, or with a damaged latest one.
@Suite("Trainer recovery")
struct TrainerRecoveryTests {
    let data: InMemoryTrainingData
    let options = TrainingOptions(batchSize: 8, learningRate: 1e-3, seed: 9, checkpointEvery: 4, printEvery: 0)

    init() throws { data = try InMemoryTrainingData(observations: toyObservations()) }

    func trainer(_ directory: URL, modelSeed: UInt64 = 2) throws -> Trainer<TestConfiguration> {
        try Trainer(
            vae: try makeVAE(seed: modelSeed) { _ in try BetaKLRegularizer(beta: 4) }, data: data, options: options,
            configuration: TestConfiguration(name: "recovery"), runDirectory: directory)
    }

    func expectSameParameters(_ a: Trainer<TestConfiguration>, _ b: Trainer<TestConfiguration>) {
        let x = a.vae.stateDictionary()
        let y = b.vae.stateDictionary()
        #expect(x.keys.sorted() == y.keys.sorted())
        for key in x.keys { #expect(x[key]!.scalars.map(\.bitPattern) == y[key]!.scalars.map(\.bitPattern), "\(key) differs") }
    }

    func loggedSteps(_ directory: URL) throws -> [Int] {
        try String(contentsOf: directory.appendingPathComponent("log.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(TrainingRecord.self, from: Data($0.utf8)).step }
    }

    @Test func runStoppedBeforeItsFirstCheckpointStartsOverFromStepZero() throws {
        let straight = try trainer(temporaryDirectory("straight"))
        try straight.train(until: 10)

        let directory = temporaryDirectory("no-checkpoint")
        let killed = try trainer(directory)
        for _ in 0..<3 { try killed.trainStep() }  // logged, but stopped before the checkpoint at step 4
        #expect(try loggedSteps(directory) == [1, 2, 3])
        // The debris of a first save that was interrupted does not count as a checkpoint.
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("checkpoints/.tmp-killed"), withIntermediateDirectories: true)

        let again = try trainer(directory)
        #expect(try again.resume() == 0)
        #expect(try loggedSteps(directory) == [])
        try again.train(until: 10)
        expectSameParameters(straight, again)
        #expect(try loggedSteps(directory) == Array(1...10))
    }

    @Test func damagedLatestCheckpointFallsBackToTheOneBefore() throws {
        let straight = try trainer(temporaryDirectory("straight"))
        try straight.train(until: 12)

        let directory = temporaryDirectory("damaged")
        let first = try trainer(directory)
        try first.train(until: 8)  // checkpoints at 4 and 8, both kept (the default keeps 2)
        let checkpoints = directory.appendingPathComponent("checkpoints")
        let sidecar = checkpoints.appendingPathComponent("step-0000000008/checkpoint.json")
        try Data("{\"format\":".utf8).write(to: sidecar)

        let second = try trainer(directory, modelSeed: 77)
        #expect(try second.resume() == 4)
        #expect(try loggedSteps(directory) == Array(1...4))
        #expect(FileManager.default.fileExists(atPath: checkpoints.appendingPathComponent("unreadable-step-0000000008").path))
        try second.train(until: 12)
        expectSameParameters(straight, second)
        #expect(try loggedSteps(directory) == Array(1...12))
    }
}
