import DisentangleRuns
import Foundation
import Testing

/// What a run directory stores, and that checkpoints of the older layout still load.
@Suite("Run storage")
struct RunStorageTests {
    private func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The configuration (seed included) is stored once, in `config.json`; checkpoints keep only step and state.
    @Test func configurationAndSeedAreStoredOnce() throws {
        let run = try trainedTinyRun("stored-once")
        defer { try? FileManager.default.removeItem(at: run.url) }
        let configuration = try json(run.configurationFile)
        let training = try #require(configuration["training"] as? [String: Any])
        #expect(training["seed"] as? Int == 5)

        let sidecar = try json(run.checkpointDirectory.appendingPathComponent("latest/checkpoint.json"))
        #expect(sidecar["seed"] == nil)
        #expect((sidecar["configuration"] as? [String: Any])?.isEmpty == true)
        #expect(sidecar["step"] as? Int == 3)
    }

    /// A checkpoint written before the configuration was stored once (its sidecar copies the whole configuration
    /// and the seed) still loads, to the same parameters.
    @Test func checkpointsThatCopiedTheConfigurationStillLoad() throws {
        let run = try trainedTinyRun("old-sidecar")
        defer { try? FileManager.default.removeItem(at: run.url) }
        let current = try run.trainedModel().vae.stateDictionary().mapValues(\.scalars)

        let sidecarURL = run.checkpointDirectory.appendingPathComponent("latest/checkpoint.json")
        var sidecar = try json(sidecarURL)
        sidecar["configuration"] = try json(run.configurationFile)
        sidecar["seed"] = 5
        try JSONSerialization.data(withJSONObject: sidecar, options: [.sortedKeys]).write(to: sidecarURL)

        let reloaded = try run.trainedModel()
        #expect(reloaded.step == 3)
        #expect(reloaded.vae.stateDictionary().mapValues(\.scalars) == current)
    }
}
