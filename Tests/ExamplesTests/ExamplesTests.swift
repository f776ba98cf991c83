import DisentangleRuns
import DisentangleTensor
import Foundation
import Testing

/// Smoke tests of the executables: bad options are rejected with a message, `metrics-on-codes` scores small `.npy`
/// files, and `disentangle train` resumes an interrupted run bit-identically. This target depends on the
/// executables, so `swift test` builds them.
@Suite("Examples")
struct ExamplesTests {
    /// The directory holding the built products (the test bundle sits next to them).
    static let products: URL = {
        var url = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("sbd-vs-deconv").path), url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// Runs a built example; returns its exit status, standard output and standard error.
    static func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = products.appendingPathComponent(name)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// "step loss kl" of every line of a run's log (the timings differ between runs; these must not).
    static func loggedLosses(_ run: URL) throws -> [String] {
        try String(contentsOf: run.appendingPathComponent("log.jsonl"), encoding: .utf8).split(separator: "\n").map {
            let record = try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            return "\(record["step"] ?? "-") \(record["loss"] ?? "-") \(record["kl"] ?? "-")"
        }
    }

    @Test(arguments: [
        ("sbd-vs-deconv", ["--seeds", "0"], "--seeds must be at least 1"),
        ("sbd-vs-deconv", ["--latents", "1"], "--latents must be at least 2"),
        ("beta-vae-dsprites", ["--decoder", "mlp"], "--decoder must be deconv or sbd"),
        ("metrics-on-codes", ["a.npy", "b.npy", "--train-fraction", "1"], "--train-fraction must lie strictly between 0 and 1"),
        ("metrics-on-codes", ["/nonexistent/codes.npy", "b.npy"], "codes file /nonexistent/codes.npy does not exist"),
    ])
    func badOptionsAreRejected(example: String, arguments: [String], message: String) throws {
        let result = try Self.run(example, arguments)
        #expect(result.status != 0)
        #expect(result.error.contains(message), "\(example) \(arguments): \(result.error)")
    }

    @Test func metricsOnCodesScoresNumPyFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("examples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Two codes that follow the two factors, and one that is noise.
        var generator = RandomGenerator(seed: 1)
        var codes: [Float] = []
        var factors: [Int] = []
        for _ in 0..<400 {
            let a = generator.nextInt(below: 5)
            let b = generator.nextInt(below: 4)
            factors += [a, b]
            codes += [Float(a) + 0.1 * generator.nextFloat(), Float(b) + 0.1 * generator.nextFloat(), generator.nextFloat()]
        }
        let codesPath = directory.appendingPathComponent("codes.npy").path
        let factorsPath = directory.appendingPathComponent("factors.npy").path
        try NumPyArray(shape: [400, 3], floats: codes).write(to: URL(fileURLWithPath: codesPath))
        try NumPyArray(shape: [400, 2], integers: factors).write(to: URL(fileURLWithPath: factorsPath))

        let result = try Self.run("metrics-on-codes", [codesPath, factorsPath, "--metrics", "mig,sap"])
        #expect(result.status == 0, "\(result.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["mig", "sap"])
        let mig = try #require((json["mig"] as? [String: Any])?["score"] as? Double)
        #expect(mig > 0.8)

        try NumPyArray(shape: [3, 2], integers: [0, 1, 1, 0, 1, 1]).write(to: URL(fileURLWithPath: factorsPath))
        let mismatched = try Self.run("metrics-on-codes", [codesPath, factorsPath])
        #expect(mismatched.status != 0)
        #expect(mismatched.error.contains("\(codesPath) has 400 rows of codes but \(factorsPath) has 3 rows of factors"))
    }

    @Test func trainCommandResumesBitIdenticallyAndKeepsTheStoredStepCount() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = directory.appendingPathComponent("whole").path
        let split = directory.appendingPathComponent("split").path
        let common = ["--model", "vae", "--encoder", "mlp", "--decoder", "mlp", "--dataset", "circles-32", "--batch-size", "8",
                      "--seed", "2", "--checkpoint-every", "2", "--print-every", "0"]
        func lastLogLine(_ run: String) throws -> [String: Any] {
            let text = try String(contentsOfFile: run + "/log.jsonl", encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.count == 6, "\(run)/log.jsonl has \(lines.count) lines")
            return try #require(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
        }

        let uninterrupted = try Self.run("disentangle", ["train"] + common + ["--steps", "6", "--out", whole])
        #expect(uninterrupted.status == 0, "\(uninterrupted.error)")
        let first = try Self.run("disentangle", ["train"] + common + ["--steps", "4", "--out", split])
        #expect(first.status == 0, "\(first.error)")

        let again = try Self.run("disentangle", ["train"] + common + ["--steps", "4", "--out", split])
        #expect(again.status != 0 && again.error.contains("already holds a run"), "\(again.error)")
        let idle = try Self.run("disentangle", ["train", "--out", split, "--resume"])
        #expect(idle.status == 0 && idle.output.contains("is at step 4 of 4: nothing to train"), "\(idle.output)")
        let resumed = try Self.run("disentangle", ["train", "--out", split, "--resume", "--steps", "6"])
        #expect(resumed.status == 0 && resumed.output.contains("resumed \(split) at step 4"), "\(resumed.output) \(resumed.error)")

        let a = try lastLogLine(whole)
        let b = try lastLogLine(split)
        #expect(a["step"] as? Int == 6 && b["step"] as? Int == 6)
        for key in ["loss", "reconstruction", "kl"] {
            #expect(a[key] as? Double == b[key] as? Double, "\(key): \(a[key] ?? "-") vs \(b[key] ?? "-")")
        }
    }

    @Test func trainFlagsAreTheRunSettingsKeys() throws {
        let help = try Self.run("disentangle", ["train", "--help"])
        #expect(help.status == 0, "\(help.error)")
        // Option lines start with the flag: "  --batch-size <batch-size>".
        let flags = Set(help.output.split(separator: "\n").map { $0.drop { $0 == " " } }.filter { $0.hasPrefix("--") }
            .map { String($0.dropFirst(2).prefix { $0 != " " }) })
        var settings = RunSettings()
        settings.gamma = 1
        settings.gaussianVariance = 1
        settings.heldOut = "x=0...1"
        let keys = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as? [String: Any]).keys
        #expect(flags.subtracting(["out", "resume"]) == Set(keys))
    }

    @Test func trainCommandResumesARunStoppedBeforeItsFirstCheckpointFromStepZero() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run")
        let settings = ["--model", "vae", "--encoder", "conv", "--decoder", "deconv", "--dataset", "circles-32", "--latents", "3",
                        "--batch-size", "4", "--seed", "3", "--print-every", "0", "--steps", "3", "--out", run.path]
        let first = try Self.run("disentangle", ["train"] + settings)
        #expect(first.status == 0, "\(first.error)")
        let log = try Self.loggedLosses(run)
        #expect(log.count == 3)
        // What a run killed before its first checkpoint leaves: its configuration and log, no checkpoint.
        try FileManager.default.removeItem(at: run.appendingPathComponent("checkpoints"))
        let refused = try Self.run("disentangle", ["train"] + settings)
        #expect(refused.status != 0 && refused.error.contains("pass --resume"), "\(refused.error)")
        let resumed = try Self.run("disentangle", ["train", "--out", run.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.output.contains("\(run.path) has no checkpoint yet (stopped before its first): starting it from step 0"), "\(resumed.output)")
        #expect(try Self.loggedLosses(run) == log)
    }
}
