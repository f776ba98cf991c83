import DisentangleTensor
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `disentangle train` killed with SIGKILL at random moments (while starting, training, and in the middle of
/// writing checkpoints), resumed each time, ends bit-identical to a run that was never interrupted.
///
/// The first attempt dies as soon as it has logged step 1, most likely while writing its first checkpoint; every
/// fourth dies at a random time during its first half second (loading, restoring); the others once the log has advanced one step past where the attempt started, plus a random
/// fraction of a step's duration: with a checkpoint after every step, that moment falls anywhere in the step or
/// in the checkpoint being written.
@Suite("Crash consistency")
struct CrashConsistencyTests {
    static let steps = 50
    static let settings = [
        "--model", "vae", "--encoder", "conv", "--decoder", "deconv", "--dataset", "circles-32", "--latents", "3",
        "--batch-size", "4", "--seed", "5", "--checkpoint-every", "1", "--print-every", "0", "--steps", String(steps),
    ]

    /// How one attempt ended.
    enum Outcome: Equatable {
        case killed
        case exited(Int32)
    }

    /// When an attempt is killed: after a time, or once the run's log reaches a step, plus a time.
    enum KillMoment {
        case never
        case after(seconds: Double)
        case afterStep(Int, log: URL, plus: Double)
    }

    /// The step of the last complete line of a run's log (0 if there is none).
    static func loggedStep(_ log: URL) -> Int {
        guard let text = try? String(contentsOf: log, encoding: .utf8), let end = text.lastIndex(of: "\n") else { return 0 }
        guard let line = text[..<end].split(separator: "\n").last,
            let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { return 0 }
        return record["step"] as? Int ?? 0
    }

    /// Starts `disentangle`, kills it with SIGKILL at `moment` if it is still running then, and waits for it.
    static func attempt(_ arguments: [String], kill moment: KillMoment, errorLog: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = ExamplesTests.products.appendingPathComponent("disentangle")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        #expect(FileManager.default.createFile(atPath: errorLog.path, contents: nil))
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        var delay: Double?
        switch moment {
        case .never: break
        case .after(let seconds): delay = seconds
        case .afterStep(let step, let log, let plus):
            while process.isRunning && loggedStep(log) < step { usleep(1_000) }
            delay = plus
        }
        if let delay {
            let deadline = Date().addingTimeInterval(delay)
            while process.isRunning && Date() < deadline { usleep(1_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? .killed : .exited(process.terminationStatus)
    }

    @Test func runKilledAtTwentyRandomMomentsEndsBitIdenticalToAnUninterruptedOne() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = directory.appendingPathComponent("whole")
        let killed = directory.appendingPathComponent("killed")
        let errorLog = directory.appendingPathComponent("stderr.txt")

        let began = Date()
        let straight = try Self.attempt(["train"] + Self.settings + ["--out", whole.path], kill: .never, errorLog: errorLog)
        #expect(straight == .exited(0), "\((try? String(contentsOf: errorLog, encoding: .utf8)) ?? "")")
        let duration = Date().timeIntervalSince(began)
        let stepDuration = duration / Double(Self.steps)

        var generator = RandomGenerator(seed: 17)
        var kills = 0
        var resumes = 0
        var killsMidSave = 0
        var killsBeforeFirstCheckpoint = 0
        let checkpoints = killed.appendingPathComponent("checkpoints")
        while true {
            let started = FileManager.default.fileExists(atPath: killed.appendingPathComponent("config.json").path)
            let arguments = started ? ["train", "--out", killed.path, "--resume"] : ["train"] + Self.settings + ["--out", killed.path]
            if started { resumes += 1 }
            let log = killed.appendingPathComponent("log.jsonl")
            let moment: KillMoment =
                kills >= 20 ? .never
                : kills == 0 ? .afterStep(1, log: log, plus: 0)  // most likely while the first checkpoint is written
                : kills % 4 == 0 ? .after(seconds: min(0.5, 4 * stepDuration) * Double(generator.nextFloat()))  // any moment, start-up included, within a few steps
                : .afterStep(Self.loggedStep(log) + 1, log: log, plus: stepDuration * Double(generator.nextFloat()))
            let outcome = try Self.attempt(arguments, kill: moment, errorLog: errorLog)
            let errors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            if outcome == .exited(0) { break }
            try #require(outcome == .killed, "attempt \(kills + 1) (\(arguments.joined(separator: " "))) failed: \(errors)")
            kills += 1
            let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []
            if names.contains(where: { $0.hasPrefix(".") }) { killsMidSave += 1 }
            if !names.contains(where: { $0.hasPrefix("step-") }) { killsBeforeFirstCheckpoint += 1 }
            try #require(kills < 200, "the run does not advance between kills")
        }
        print("crash consistency: \(kills) SIGKILLs (\(killsMidSave) mid-checkpoint-save, \(killsBeforeFirstCheckpoint) before the first checkpoint), \(resumes) resumes, uninterrupted run \(String(format: "%.1f", duration)) s")
        #expect(kills >= 20)
        #expect(resumes >= 20)

        // Bit for bit: the final parameters and optimiser state, and every logged loss.
        for file in ["model.safetensors", "optimizer.safetensors"] {
            let a = try Data(contentsOf: whole.appendingPathComponent("checkpoints/latest/\(file)"))
            let b = try Data(contentsOf: killed.appendingPathComponent("checkpoints/latest/\(file)"))
            #expect(a == b, "\(file) differs after \(kills) kills")
        }
        let straightLosses = try ExamplesTests.loggedLosses(whole)
        #expect(straightLosses.count == Self.steps)
        #expect(try ExamplesTests.loggedLosses(killed) == straightLosses)
    }
}
