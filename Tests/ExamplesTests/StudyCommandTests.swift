import Foundation
import Testing

/// `disentangle study` on the real binary: plan, run --jobs, status, aggregate, rerunning, and SIGTERM to a run.
@Suite("Study command")
struct StudyCommandTests {
    /// A temporary directory holding `study.yaml` with `text`.
    static func studyFile(_ text: String) throws -> (directory: URL, file: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("study-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("study.yaml").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (directory, file)
    }

    static let tiny = """
        name: tiny
        base: {encoder: mlp, model: vae, dataset: circles-32, steps: 4, batch-size: 8, print-every: 0}
        axes:
          decoder: [mlp, deconv]
        evaluation: {metrics: [mig], samples: 100}
        """

    @Test func planRunStatusAndAggregate() throws {
        let (directory, file) = try Self.studyFile(Self.tiny)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        let plan = try ExamplesTests.run("disentangle", ["study", "plan", file, "--directory", out])
        #expect(plan.status == 0, "\(plan.error)")
        #expect(plan.output.contains("2 runs (decoder (2)); 2 not finished: 8 steps, 64 images"), "\(plan.output)")
        #expect(plan.output.contains("estimated training time"), "\(plan.output)")

        let run = try ExamplesTests.run("disentangle", ["study", "run", file, "--directory", out, "--jobs", "2"])
        #expect(run.status == 0, "\(run.output) \(run.error)")
        #expect(run.output.contains("2 runs: 0 already finished, 2 to run with 2 processes of 1 threads"), "\(run.output)")
        #expect(run.output.contains("[2/2 done, 0 failed, 0 running]"), "\(run.output)")
        let status = try ExamplesTests.run("disentangle", ["study", "status", file, "--directory", out])
        #expect(status.output.contains("finished 2, failed 0, partial 0, running 0, pending 0"), "\(status.output)")

        let again = try ExamplesTests.run("disentangle", ["study", "run", file, "--directory", out, "--jobs", "2"])
        #expect(again.status == 0 && again.output.contains("2 runs: 2 already finished, 0 to run"), "\(again.output)")

        let aggregate = try ExamplesTests.run("disentangle", ["study", "aggregate", file, "--directory", out])
        #expect(aggregate.status == 0, "\(aggregate.error)")
        let csv = try String(contentsOfFile: out + "/results.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3)
        #expect(csv[1].hasPrefix("0,") && csv[1].contains(",finished,mlp,"))
        #expect(csv[2].hasPrefix("1,") && csv[2].contains(",finished,deconv,"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json"))) as? [[String: Any]])
        #expect(json.count == 2)
        let html = try String(contentsOfFile: out + "/report/index.html", encoding: .utf8)
        #expect(html.contains("<table>") && html.contains("Study tiny"))

        let outside = try ExamplesTests.run("disentangle", ["study", "run", file, "--directory", out, "--index", "2"])
        #expect(outside.status != 0 && outside.error.contains("--index 2 is outside the study's 2 runs"), "\(outside.error)")
    }

    @Test func aStudyRunStoppedBySIGTERMContinues() throws {
        let (directory, file) = try Self.studyFile(Self.tiny.replacingOccurrences(of: "steps: 4", with: "steps: 100000"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out").path
        let process = try InterruptionTests.start(
            ["study", "run", file, "--directory", out, "--index", "0"], in: directory, name: "run")
        let runs = out + "/runs"
        var log = ""
        let deadline = Date().addingTimeInterval(120)
        while log.isEmpty && Date() < deadline {
            if let id = try? FileManager.default.contentsOfDirectory(atPath: runs).first,
                let text = try? String(contentsOfFile: "\(runs)/\(id)/log.jsonl", encoding: .utf8), text.split(separator: "\n").count >= 2
            {
                log = "\(runs)/\(id)"
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 75)
        let status = try ExamplesTests.run("disentangle", ["study", "status", file, "--directory", out])
        #expect(status.output.contains("partial (step "), "\(status.output)")
        #expect(!FileManager.default.fileExists(atPath: log + "/result.json"))
    }
}
