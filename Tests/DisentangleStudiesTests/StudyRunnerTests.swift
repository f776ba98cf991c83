import DisentangleDatasets
import DisentangleRuns
import Foundation
import Testing

@testable import DisentangleStudies

/// Running study runs in-process: results, idempotence, failures recorded, status, aggregation and locks.
@Suite("Study runs")
struct StudyRunnerTests {
    static let tiny = """
        name: tiny
        base: {dataset: circles-32, steps: 3, batch-size: 4, checkpoint-every: 2, print-every: 0}
        axes:
          decoder: [sbd, deconv]
        evaluation: {metrics: [mig], samples: 64}
        """

    static func temporaryDirectory() throws -> StudyDirectory {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return StudyDirectory(url)
    }

    @Test func runsFinishOnceAndAggregate() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let study = try Study(yaml: Self.tiny)
        let runs = try study.runs()
        #expect(StudyRunStatus(of: runs[0], in: directory) == .pending)
        let first = try StudyRunner.run(runs[0], of: study, in: directory) { _ in }
        guard case .finished(let result) = first else { Issue.record("expected a finished run, got \(first)"); return }
        #expect(result.step == 3)
        #expect(result.id == runs[0].id)
        #expect(result.metrics["mig.score"].map { (0...1).contains($0) } == true)
        #expect(result.reconstruction.map { $0 > 0 && $0.isFinite } == true)
        #expect(result.kl.map { $0 >= 0 && $0.isFinite } == true)
        #expect(StudyRunStatus(of: runs[0], in: directory) == .finished)
        // The study evaluates through RunEvaluation, as `disentangle evaluate` does: RUN/metrics.json is written and
        // evaluating the run again with the study's options gives the same numbers.
        let run = directory.run(runs[0])
        let stored = try RunMetrics.load(from: run.metricsFile)
        let options = RunEvaluation.Options(metrics: ["mig"], samples: 64, seed: 0)
        let recomputed = try RunEvaluation.evaluate(run, options: options)
        #expect(stored == recomputed)
        #expect(recomputed.scalars["mig.score"] == result.metrics["mig.score"])
        #expect(recomputed.evaluation?.reconstruction == result.reconstruction && recomputed.evaluation?.kl == result.kl)
        // Running it again does nothing and returns the stored result.
        let again = try StudyRunner.run(runs[0], of: study, in: directory) { _ in }
        guard case .skipped(let skipped) = again else { Issue.record("expected a skipped run, got \(again)"); return }
        #expect(skipped == result)
        let table = try StudyTable(study: study, directory: directory)
        #expect(table.rows.map(\.status) == ["finished", "pending"])
        let csv = table.csv().split(separator: "\n")
        #expect(csv.count == 3)
        #expect(csv[0].hasPrefix("index,id,status,decoder,batch-size,"))
        #expect(csv[0].contains(",kl,mig.score,reconstruction,training_seconds,"))
        #expect(csv[1].hasPrefix("0,\(runs[0].id),finished,sbd,4,"))
    }

    @Test func anInterruptedRunContinuesBitIdentically() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let study = try Study(yaml: Self.tiny)
        let run = try study.runs()[1]
        // A process that stopped after its checkpoint at step 2: the run continues from there.
        var partial = run.resolved
        partial.steps = 2
        try RunTraining.start(try partial.configuration(), in: directory.run(run)) { _ in }
        var stored = try directory.run(run).configuration()
        stored.steps = 3
        try stored.save(to: directory.run(run).configurationFile)
        #expect(StudyRunStatus(of: run, in: directory) == .partial(step: 2))
        let resumed = try StudyRunner.run(run, of: study, in: directory) { _ in }.result
        let other = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other.url) }
        let straight = try StudyRunner.run(run, of: study, in: other) { _ in }.result
        #expect(resumed.status == .finished)
        #expect(resumed.measurements == straight.measurements)
    }

    @Test func failuresAreRecordedAndTriedAgain() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        // A batch larger than circles-32's grid of 1,600 positions cannot be drawn.
        let study = try Study(yaml: "base: {dataset: circles-32, steps: 1, batch-size: 5000, print-every: 0}\n")
        let run = try study.runs()[0]
        let outcome = try StudyRunner.run(run, of: study, in: directory) { _ in }
        guard case .failed(let result) = outcome else { Issue.record("expected a failure, got \(outcome)"); return }
        #expect(result.error?.contains("fewer than a batch of 5000") == true)
        #expect(StudyRunStatus(of: run, in: directory) == .failed(error: result.error!))
        let table = try StudyTable(study: study, directory: directory)
        #expect(table.csv().contains("failed"))
        #expect(throws: Never.self) { _ = try StudyRunner.run(run, of: study, in: directory) { _ in } }
    }

    @Test func heldOutRunsAreMeasuredOnBothRegions() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let study = try Study(yaml: """
            base: {dataset: circles-32, steps: 2, batch-size: 4, print-every: 0, held-out: "x=0...19,y=0...19"}
            evaluation: {metrics: [mig], samples: 64}
            """)
        let run = try study.runs()[0]
        #expect(try run.resolved.configuration().heldOut == "x=0...19,y=0...19")
        let result = try StudyRunner.run(run, of: study, in: directory) { _ in }.result
        #expect(result.status == .finished, "\(result.error ?? "")")
        for name in ["held_out.reconstruction", "held_out.kl", "held_out.mig.score", "trained_region.reconstruction",
                     "trained_region.mig.score"] {
            #expect(result.metrics[name]?.isFinite == true, "\(name)")
        }
        let bad = try Study(yaml: "base: {dataset: circles-32, held-out: \"z=0...3\"}\n").runs()[0]
        #expect(throws: DatasetError.self) { try bad.resolved.configuration() }
    }

    @Test func aLockedRunIsRefused() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let study = try Study(yaml: Self.tiny)
        let run = try study.runs()[0]
        let lock = try RunLock(directory.run(run))
        #expect(RunLock.isHeld(directory.run(run)))
        #expect(StudyRunStatus(of: run, in: directory) == .running)
        do {
            _ = try StudyRunner.run(run, of: study, in: directory) { _ in }
            Issue.record("a second holder was allowed")
        } catch let error as RunError {
            #expect(error.description.contains("is in use by another process (pid \(getpid())"))
        }
        withExtendedLifetime(lock) {}
    }

    @Test func slurmScriptAsksForAnArrayRequeueAndASignal() throws {
        let script = SlurmScript(
            jobName: "rate distortion", taskCount: 8, parallelTasks: 2, partition: "cpu", time: "01:00:00", cpusPerTask: 2,
            memory: "2G", graceSeconds: 90, executable: "/opt/bin/disentangle", studyFile: "/s/rd.yaml", directory: "/s/rd")
        let text = try script.text()
        for line in [
            "#SBATCH --array=0-7%2", "#SBATCH --requeue", "#SBATCH --signal=B:TERM@90", "#SBATCH --partition=cpu",
            "#SBATCH --time=01:00:00", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=2G", "#SBATCH --job-name=ratedistortion",
            "'/opt/bin/disentangle' study run '/s/rd.yaml' --directory '/s/rd' \\",
            "scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"",
        ] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
        #expect(script.submitCommand == "sbatch '/s/rd/slurm/ratedistortion.sbatch'")
        #expect(throws: StudyError.self) { try SlurmScript(jobName: "x", taskCount: 0, executable: "d", studyFile: "s", directory: "d").text() }
    }

    @Test func csvFieldsAreQuotedWhenNeeded() {
        #expect(StudyTable.field("plain") == "plain")
        #expect(StudyTable.field("a,b") == "\"a,b\"")
        #expect(StudyTable.field("say \"hi\"\nthere") == "\"say \"\"hi\"\"\nthere\"")
    }
}
