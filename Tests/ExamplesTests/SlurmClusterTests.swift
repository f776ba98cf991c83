import Foundation
import Testing

/// A study on a real Slurm cluster (Scripts/slurm/start-cluster.sh starts a one-node one; CI does): the generated
/// job-array script runs every run, each result is bit-identical to the same run done locally with
/// `study run --index`, and a task sent SIGTERM mid-run is requeued and finishes from its checkpoint.
///
/// Skipped when no cluster answers `sinfo`, except in CI (`CI=true`), where a missing cluster fails.
@Suite("Slurm cluster", .serialized)
struct SlurmClusterTests {
    /// Runs a command through `/usr/bin/env`; returns status and output.
    @discardableResult
    static func shell(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let reachable: Bool = {
        guard let result = try? shell(["sinfo", "-h", "-o", "%t"]) else { return false }
        return result.status == 0 && result.output.contains(where: \.isLetter)
    }()

    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Submits the study's script; returns the job id.
    static func submit(_ file: String, _ out: String) throws -> String {
        let slurm = try ExamplesTests.run("disentangle", ["study", "slurm", file, "--directory", out, "--cpus-per-task", "1", "--time", "00:20:00"])
        #expect(slurm.status == 0, "\(slurm.error)")
        let lines = slurm.output.split(separator: "\n")
        print(slurm.output, terminator: "")
        let command = try #require(lines.last.map(String.init))
        #expect(command.hasPrefix("sbatch '\(out)/slurm/"))
        let script = try String(contentsOfFile: String(command.dropFirst("sbatch '".count).dropLast()), encoding: .utf8)
        #expect(script.contains("#SBATCH --requeue") && script.contains("#SBATCH --signal=B:TERM@60")
                && script.contains("#SBATCH --open-mode=append"))
        let submitted = try shell(["sh", "-c", command.replacingOccurrences(of: "sbatch ", with: "sbatch --parsable ")])
        #expect(submitted.status == 0, "\(submitted.output)")
        print("submitted job \(submitted.output)", terminator: "")
        return submitted.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until no task of `job` is queued or running (at most `seconds`); a task waiting for its begin time
    /// after a requeue is started at once.
    static func wait(for job: String, seconds: Double = 900) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let queue = try shell(["squeue", "-h", "-j", job, "-o", "%i %t %r"]).output
            if queue.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            for line in queue.split(separator: "\n") where line.hasSuffix("BeginTime") {
                try shell(["scontrol", "update", "JobId=\(line.split(separator: " ")[0])", "StartTime=now"])
            }
            Thread.sleep(forTimeInterval: 1)
        }
        Issue.record("job \(job) did not finish within \(seconds) s: \(try shell(["squeue", "-j", job]).output)")
    }

    /// Runs run `index` locally at 1 thread (as the tasks do) and checks that its result and model are
    /// bit-identical to the cluster's.
    static func expectSameAsLocal(_ file: String, cluster: String, local: String, index: Int) throws {
        let run = try shell(
            [ExamplesTests.products.appendingPathComponent("disentangle").path, "study", "run", file, "--directory", local,
             "--index", String(index)], environment: ["DISENTANGLE_NUM_THREADS": "1"])
        #expect(run.status == 0, "\(run.output)")
        let ids = try FileManager.default.contentsOfDirectory(atPath: local + "/runs")
        for id in ids {
            guard let localResult = try? Data(contentsOf: URL(fileURLWithPath: "\(local)/runs/\(id)/result.json")),
                let mine = try JSONSerialization.jsonObject(with: localResult) as? [String: Any],
                mine["index"] as? Int == index
            else { continue }
            let remoteData = try Data(contentsOf: URL(fileURLWithPath: "\(cluster)/runs/\(id)/result.json"))
            let remote = try #require(try JSONSerialization.jsonObject(with: remoteData) as? [String: Any])
            #expect(remote["status"] as? String == "finished")
            for key in ["reconstruction", "kl", "step"] {
                #expect("\(remote[key] ?? "-")" == "\(mine[key] ?? "-")", "run \(index) \(key)")
            }
            #expect(remote["metrics"] as? [String: Double] == mine["metrics"] as? [String: Double], "run \(index) metrics")
            let model = "/runs/\(id)/checkpoints/latest/model.safetensors"
            let a = FileManager.default.contents(atPath: cluster + model)
            #expect(a != nil && a == FileManager.default.contents(atPath: local + model), "run \(index) model")
            return
        }
        Issue.record("run \(index) left no result in \(local)")
    }

    @Test(.enabled(if: reachable || inCI, "no Slurm cluster is reachable: start one with Scripts/slurm/start-cluster.sh"))
    func aStudyRunsOnTheClusterBitIdenticallyToLocalRuns() throws {
        try #require(Self.reachable, "CI needs the one-node Slurm cluster that .ci/run starts (Scripts/slurm/start-cluster.sh)")
        let (directory, file) = try StudyCommandTests.studyFile("""
            name: cluster
            base: {dataset: circles-32, steps: 20, batch-size: 16, print-every: 0, checkpoint-every: 10}
            axes:
              decoder: [sbd, deconv]
              beta: [1, 4]
              seeds: 2
            evaluation: {metrics: [mig], samples: 256}
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = directory.appendingPathComponent("cluster").path
        let began = Date()
        let job = try Self.submit(file, cluster)
        try Self.wait(for: job)
        print(String(format: "8 array tasks finished on the cluster in %.1f s", Date().timeIntervalSince(began)))
        let status = try ExamplesTests.run("disentangle", ["study", "status", file, "--directory", cluster])
        print(status.output, terminator: "")
        #expect(status.output.contains("finished 8, failed 0, partial 0, running 0, pending 0"), "\(status.output)")
        let aggregate = try ExamplesTests.run("disentangle", ["study", "aggregate", file, "--directory", cluster])
        #expect(aggregate.status == 0, "\(aggregate.error)")
        let csv = try String(contentsOfFile: cluster + "/results.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 9 && !csv.contains(",failed,"))
        let local = directory.appendingPathComponent("local").path
        for index in 0..<8 {
            try Self.expectSameAsLocal(file, cluster: cluster, local: local, index: index)
        }
    }

    @Test(.enabled(if: reachable || inCI, "no Slurm cluster is reachable: start one with Scripts/slurm/start-cluster.sh"))
    func aTaskStoppedBySIGTERMIsRequeuedAndFinishes() throws {
        try #require(Self.reachable, "CI needs the one-node Slurm cluster that .ci/run starts (Scripts/slurm/start-cluster.sh)")
        let (directory, file) = try StudyCommandTests.studyFile("""
            name: preempted
            base: {model: vae, encoder: mlp, decoder: mlp, dataset: circles-32, steps: 200, batch-size: 8,
                   print-every: 0, checkpoint-every: 100000}
            evaluation: {metrics: [mig], samples: 256}
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = directory.appendingPathComponent("cluster").path
        let job = try Self.submit(file, cluster)
        // Wait for training to start, then send SIGTERM to the task's batch shell, as Slurm does before preemption.
        let deadline = Date().addingTimeInterval(300)
        var logLines = 0
        while logLines < 5 && Date() < deadline {
            if let id = try? FileManager.default.contentsOfDirectory(atPath: cluster + "/runs").first,
                let text = try? String(contentsOfFile: "\(cluster)/runs/\(id)/log.jsonl", encoding: .utf8)
            {
                logLines = text.split(separator: "\n").count
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let signalled = try Self.shell(["scancel", "--batch", "--signal=TERM", "\(job)_0"])
        #expect(signalled.status == 0, "\(signalled.output)")
        try Self.wait(for: job)
        let output = try String(contentsOfFile: "\(cluster)/slurm/\(job)_0.out", encoding: .utf8)
        print(output, terminator: "")
        #expect(output.contains("SIGTERM: stopped"), "\(output)")
        #expect(output.contains("interrupted after a checkpoint: requeueing"), "\(output)")
        #expect(output.contains("resumed \(cluster)/runs/"), "\(output)")
        try Self.expectSameAsLocal(file, cluster: cluster, local: directory.appendingPathComponent("local").path, index: 0)
    }
}
