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
        ("metrics-on-codes", ["/nonexistent/codes.npy", "b.npy"], "/nonexistent/codes.npy: the codes file does not exist"),
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
        #expect(mismatched.error.contains("codes have 400 rows but factors have 3"))
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

    /// `encode` and `decode` write what the output's extension names: .npy arrays, .png pictures; any other
    /// extension is an error before anything runs. `report` writes the run's page with seed 004's offsets.
    @Test func encodeDecodeAndReportOnATrainedRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run").path
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let train = try Self.run("disentangle", [
            "train", "--model", "vae", "--encoder", "mlp", "--decoder", "mlp", "--dataset", "circles-32", "--batch-size", "8",
            "--latents", "3", "--steps", "4", "--checkpoint-every", "4", "--print-every", "0", "--out", run])
        #expect(train.status == 0, "\(train.error)")
        let preview = try Self.run("disentangle", ["datasets", "preview", "circles-32", "--count", "5", "--out", path("images.npy")])
        #expect(preview.status == 0, "\(preview.error)")

        let codes = try Self.run("disentangle", ["encode", "--run", run, "--input", path("images.npy"), "--output", path("codes.npy"),
                                                 "--log-variance-output", path("logvar.png")])
        #expect(codes.status == 0, "\(codes.error)")
        #expect(try NumPyArray(contentsOf: URL(fileURLWithPath: path("codes.npy"))).shape == [5, 3])
        // A heat map: 3 latents of 16 pixels by 5 codes of 8 pixels; PNG stores the width and height at bytes 16-23.
        let heatMap = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("logvar.png"))))
        #expect(heatMap.starts(with: [0x89, 0x50, 0x4E, 0x47]) && heatMap[19] == 48 && heatMap[23] == 40)

        let images = try Self.run("disentangle", ["decode", "--run", run, "--input", path("codes.npy"), "--output", path("decoded.npy")])
        #expect(images.status == 0, "\(images.error)")
        #expect(try NumPyArray(contentsOf: URL(fileURLWithPath: path("decoded.npy"))).shape == [5, 1, 32, 32])
        let grid = try Self.run("disentangle", ["decode", "--run", run, "--input", path("codes.npy"), "--output", path("decoded.png")])
        #expect(grid.status == 0, "\(grid.error)")
        let png = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("decoded.png"))))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "decode --output .png must write a PNG")

        let unknown = try Self.run("disentangle", ["decode", "--run", run, "--input", path("codes.npy"), "--output", path("decoded.jpg")])
        #expect(unknown.status != 0 && unknown.error.contains("unknown extension 'jpg'; use .npy (the array) or .png (a picture)"), "\(unknown.error)")
        #expect(!FileManager.default.fileExists(atPath: path("decoded.jpg")))

        let report = try Self.run("disentangle", [
            "report", "--run", run, "--traversal-range", "-0.5,0.5", "--traversal-steps", "11", "--traversal-mode", "offset",
            "--samples", "32", "--animations", "1"])
        #expect(report.status == 0, "\(report.error)")
        #expect(FileManager.default.fileExists(atPath: run + "/report/index.html"))
        let badRange = try Self.run("disentangle", ["report", "--run", run, "--traversal-range", "2,-2"])
        #expect(badRange.status != 0 && badRange.error.contains("from a smaller to a larger finite value"), "\(badRange.error)")
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

    /// `sbd-vs-deconv` beyond Circles and β-VAE: FactorVAEs on colored sprites, with panels for the dataset's factors
    /// and each shown run's full report written by the same code as `disentangle report`.
    @Test func sbdVsDeconvRunsFactorVAEOnColoredSprites() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sbd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.run("sbd-vs-deconv", [
            "--dataset", "colored-sprites", "--model", "factor-vae", "--steps", "2", "--latents", "3", "--batch-size", "4",
            "--evaluation-samples", "40", "--out", directory.path])
        #expect(result.status == 0, "\(result.error)")
        let summary = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("summary.json"))) as? [String: Any])
        let runs = try #require(summary["runs"] as? [[String: Any]])
        #expect(runs.count == 2)
        let perFactor = try #require(runs[0]["mig_per_factor"] as? [String: Double])
        #expect(Set(perFactor.keys) == ["shape", "scale", "hue", "posX", "posY"])
        #expect(runs[0]["position_code"] is [String: Any] && runs[0]["mig"] is Double)
        let settings = try #require(summary["settings"] as? [String: Any])
        #expect(settings["model"] as? String == "factor-vae" && settings["evaluation_count"] as? Int == 40)
        let page = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("MIG posX") && page.contains("Latent-space geometry: posX and posY") && page.contains("Total correlation"))
        for decoder in ["sbd", "deconv"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("runs/\(decoder)-seed0/report/index.html").path))
        }
    }
}
