import Foundation
import Testing

/// SIGTERM and SIGINT sent to the real `disentangle` binary: training stops after the current step with a checkpoint,
/// exits with status 75 and continues bit-identically; a second process on the same run directory is refused.
@Suite("Interruption")
struct InterruptionTests {
    /// Starts a built executable without waiting for it; its output goes to files in `directory`.
    static func start(_ arguments: [String], in directory: URL, name: String) throws -> Process {
        let process = Process()
        process.executableURL = ExamplesTests.products.appendingPathComponent("disentangle")
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("\(name).err").path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("\(name).err"))
        try process.run()
        return process
    }

    /// Waits until `file` has at least `lines` lines (or 120 s pass).
    static func waitForLines(_ file: String, _ lines: Int) throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), text.split(separator: "\n").count >= lines { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("\(file) did not reach \(lines) lines")
    }

    static func logLines(_ run: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: run + "/log.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func trainingStopsAtAStepAndContinuesBitIdentically(signal: Int32) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let interrupted = directory.appendingPathComponent("interrupted").path
        let straight = directory.appendingPathComponent("straight").path
        let common = ["--model", "vae", "--encoder", "mlp", "--decoder", "mlp", "--dataset", "circles-32", "--batch-size", "8",
                      "--seed", "5", "--checkpoint-every", "100000", "--print-every", "0"]
        let process = try Self.start(["train"] + common + ["--steps", "100000", "--out", interrupted], in: directory, name: "train")
        try Self.waitForLines(interrupted + "/log.jsonl", 3)

        let second = try ExamplesTests.run("disentangle", ["train", "--out", interrupted, "--resume"])
        #expect(second.status == 1 && second.error.contains("is in use by another process (pid \(process.processIdentifier)"),
                "\(second.error)")

        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 75)
        let message = try String(contentsOfFile: directory.appendingPathComponent("train.err").path, encoding: .utf8)
        let stopped = try Self.logLines(interrupted).count
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        #expect(message.contains("\(name): stopped \(interrupted) at step \(stopped) after writing its checkpoint"), "\(message)")

        let resumed = try ExamplesTests.run("disentangle", ["train", "--out", interrupted, "--resume", "--steps", "\(stopped + 2)"])
        #expect(resumed.status == 0 && resumed.output.contains("resumed \(interrupted) at step \(stopped)"), "\(resumed.output)\(resumed.error)")
        let reference = try ExamplesTests.run("disentangle", ["train"] + common + ["--steps", "\(stopped + 2)", "--out", straight])
        #expect(reference.status == 0, "\(reference.error)")
        let a = try Self.logLines(interrupted)
        let b = try Self.logLines(straight)
        #expect(a.count == stopped + 2 && b.count == stopped + 2)
        for key in ["loss", "reconstruction", "kl"] {
            #expect(a.last?[key] as? Double == b.last?[key] as? Double, "\(key)")
        }
        let checkpoint = "/checkpoints/latest/model.safetensors"
        let model = FileManager.default.contents(atPath: interrupted + checkpoint)
        #expect(model != nil && model == FileManager.default.contents(atPath: straight + checkpoint))
    }
}
