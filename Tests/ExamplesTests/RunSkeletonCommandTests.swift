import Foundation
import Testing

/// `disentangle train` on a run killed before it wrote `config.json`: `--resume` needs the settings and then starts
/// it from step 0; without `--resume` the run starts there; neither deletes anything.
@Suite("Run skeleton command")
struct RunSkeletonCommandTests {
    static let settings = [
        "--model", "vae", "--encoder", "mlp", "--decoder", "mlp", "--dataset", "circles-32", "--latents", "3",
        "--batch-size", "4", "--seed", "4", "--print-every", "0", "--steps", "3",
    ]

    /// A directory as a run killed before writing `config.json` leaves it (its lock file, an unfinished temporary
    /// `config.json`), plus a file of the user's.
    static func skeleton(in directory: URL, _ name: String) throws -> URL {
        let run = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        try Data("4242\n".utf8).write(to: run.appendingPathComponent("lock"))
        try Data("{\"mod".utf8).write(to: run.appendingPathComponent(".config.json.tmp-4242-7"))
        try Data("mine".utf8).write(to: run.appendingPathComponent("notes.txt"))
        return run
    }

    @Test func resumeStartsARunKilledBeforeItsConfigurationFromStepZeroWhenGivenItsSettings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-skeleton-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let fresh = directory.appendingPathComponent("fresh")
        let uninterrupted = try ExamplesTests.run("disentangle", ["train"] + Self.settings + ["--out", fresh.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.error)")

        let run = try Self.skeleton(in: directory, "killed")
        let bare = try ExamplesTests.run("disentangle", ["train", "--out", run.path, "--resume"])
        #expect(bare.status != 0)
        #expect(bare.error.contains("\(run.path) has no run configuration (config.json)"), "\(bare.error)")
        #expect(bare.error.contains("with the settings it was started with"), "\(bare.error)")

        let resumed = try ExamplesTests.run("disentangle", ["train", "--out", run.path, "--resume"] + Self.settings)
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.output.contains("\(run.path) has no run configuration yet (stopped before writing config.json): "
            + "starting it from step 0 with the settings given"), "\(resumed.output)")
        #expect(try ExamplesTests.loggedLosses(run) == ExamplesTests.loggedLosses(fresh))
        #expect(try String(contentsOf: run.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
    }

    @Test func trainWithoutResumeStartsInARunKilledBeforeItsConfiguration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-skeleton-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.skeleton(in: directory, "killed")
        try Data().write(to: run.appendingPathComponent("config.json"))  // empty: written but never flushed
        let started = try ExamplesTests.run("disentangle", ["train"] + Self.settings + ["--out", run.path])
        #expect(started.status == 0, "\(started.error)")
        #expect(started.output.contains("\(run.path) holds the start of a run that stopped before writing config.json: "
            + "starting it from step 0"), "\(started.output)")
        #expect(try ExamplesTests.loggedLosses(run).count == 3)
        #expect(try String(contentsOf: run.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")

        // Output whose config.json is gone is refused by both, and left as it is.
        try FileManager.default.removeItem(at: run.appendingPathComponent("config.json"))
        let log = try Data(contentsOf: run.appendingPathComponent("log.jsonl"))
        for arguments in [["train"] + Self.settings + ["--out", run.path], ["train", "--out", run.path, "--resume"] + Self.settings] {
            let refused = try ExamplesTests.run("disentangle", arguments)
            #expect(refused.status != 0)
            #expect(refused.error.contains("holds training output (checkpoints/latest"), "\(refused.error)")
        }
        #expect(try Data(contentsOf: run.appendingPathComponent("log.jsonl")) == log)
    }
}
