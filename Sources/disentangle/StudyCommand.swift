import ArgumentParser
import Disentangle
import Foundation

/// `disentangle study`: sweeps of training runs described by a study file, on this machine or a Slurm cluster.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Plan, run, follow and aggregate a study: a sweep of training runs described by one file.",
        discussion: "See Documentation/Studies.md for the study file's format.",
        subcommands: [
            StudyPlanCommand.self, StudyRunCommand.self, StudyStatusCommand.self, StudyAggregateCommand.self,
            StudySlurmCommand.self,
        ])
}

/// The study file and directory every `study` subcommand takes.
struct StudyLocation: ParsableArguments {
    @Argument(help: "The study file (YAML or JSON).")
    var file: String

    @Option(help: "The study directory (default: runs/NAME, NAME being the study's name).")
    var directory: String?

    /// The study and its directory.
    func load() throws -> (Study, StudyDirectory) {
        let study = try Study.load(from: URL(fileURLWithPath: file))
        let path = directory ?? "runs/\(study.name)"
        return (study, StudyDirectory(URL(fileURLWithPath: path).standardizedFileURL))
    }
}

/// `disentangle study plan`: the runs, their count and an estimate of their cost.
struct StudyPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "List the study's runs with their ids, status and the total training cost.")

    @OptionGroup var location: StudyLocation

    @Option(help: "Training steps timed per distinct model to estimate the cost (0: do not measure).")
    var measureSteps: Int = 3

    func run() throws {
        let (study, directory) = try location.load()
        let runs = try study.runs()
        let plan = try StudyPlan(study: study, runs: runs, directory: directory, measuringSteps: measureSteps)
        print(plan.text())
    }
}

/// `disentangle study run`: one run (`--index`) in this process, or all of them in `--jobs` processes.
struct StudyRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train and evaluate the study's runs that are not finished.",
        discussion: """
            With --index I, runs run I in this process: trains it (continuing from its checkpoint if it has one), \
            evaluates it and writes RUN/result.json; a finished run is skipped. With --jobs J (default 1), runs \
            every unfinished run in J child processes of `disentangle study run --index`, each with cores/J \
            threads. SIGTERM or SIGINT stops training at the end of the current step with a checkpoint and exits \
            with status 75; running the command again continues. A failed run is recorded in its result.json \
            (exit status 1 with --index) and does not stop the others.
            """)

    @OptionGroup var location: StudyLocation

    @Option(help: "Run only this run (0-based index from `study plan`).")
    var index: Int?

    @Option(help: "Child processes at once when running every run.")
    var jobs: Int = 1

    @Option(help: "Cores to share between the processes (default: the active processor count).")
    var cores: Int?

    func run() throws {
        let (study, directory) = try location.load()
        let runs = try study.runs()
        if let index {
            guard runs.indices.contains(index) else {
                throw ValidationError("--index \(index) is outside the study's \(runs.count) runs (0...\(runs.count - 1))")
            }
            let run = runs[index]
            let outcome = try interruptible { try StudyRunner.run(run, of: study, in: directory) }
            if case .failed = outcome { throw ExitCode.failure }
            return
        }
        Interruption.install()
        let pool = try LocalPool(
            executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(),
            studyFile: URL(fileURLWithPath: location.file).standardizedFileURL, directory: directory, jobs: jobs,
            cores: cores ?? ProcessInfo.processInfo.activeProcessorCount)
        let summary = try pool.run(runs, stopRequested: { Interruption.requested != nil }) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))  // unbuffered, for logs that are followed live
        }
        print("finished \(summary.finished), already finished \(summary.skipped), failed \(summary.failed), interrupted \(summary.interrupted)")
        if summary.interrupted > 0 || Interruption.requested != nil { throw ExitCode(Interruption.exitStatus) }
        if summary.failed > 0 { throw ExitCode.failure }
    }
}

/// `disentangle study status`: where each run stands.
struct StudyStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show each run's status (pending, running, partial, finished, failed).")

    @OptionGroup var location: StudyLocation

    func run() throws {
        let (study, directory) = try location.load()
        let runs = try study.runs()
        var counts: [String: Int] = [:]
        for run in runs {
            let status = StudyRunStatus(of: run, in: directory)
            counts[status.name, default: 0] += 1
            print("\(run.index)\t\(run.id)\t\(run.label(keys: study.axisKeys))\t\(status)")
        }
        print(["finished", "failed", "partial", "running", "pending"].map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", "))
    }
}

/// `disentangle study aggregate`: results.csv, results.json and the HTML report.
struct StudyAggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Write DIR/results.csv, DIR/results.json and DIR/report/index.html from the runs' files.")

    @OptionGroup var location: StudyLocation

    func run() throws {
        let (study, directory) = try location.load()
        let table = try StudyTable(study: study, directory: directory)
        try table.write(to: directory)
        try StudyReport(table: table, name: study.name).write(to: directory)
        let finished = table.rows.filter { $0.result != nil }.count
        print("\(finished) of \(table.rows.count) runs finished")
        print("wrote \(directory.csvFile.path)")
        print("wrote \(directory.jsonFile.path)")
        print("wrote \(directory.reportDirectory.appendingPathComponent("index.html").path)")
    }
}

/// `disentangle study slurm`: a job-array script for the study.
struct StudySlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write a Slurm job-array script (one task per run) and print the sbatch command that submits it.")

    @OptionGroup var location: StudyLocation

    @Option(help: "The partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Time limit per task, e.g. 02:00:00 (default: the partition's).")
    var time: String?

    @Option(help: "CPUs per task (and the run's threads).")
    var cpusPerTask: Int = 1

    @Option(help: "Memory per task, e.g. 4G (default: the partition's).")
    var mem: String?

    @Option(help: "The most tasks running at once (the array's %P).")
    var parallel: Int?

    @Option(help: "Seconds before the time limit at which a task is told to checkpoint and stop.")
    var grace: Int = 60

    @Option(help: "The disentangle executable the tasks run (default: this one).")
    var executable: String?

    func run() throws {
        let (study, directory) = try location.load()
        let runs = try study.runs()
        let script = SlurmScript(
            jobName: study.name, taskCount: runs.count, parallelTasks: parallel, partition: partition, time: time,
            cpusPerTask: cpusPerTask, memory: mem, graceSeconds: grace,
            executable: executable ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path,
            studyFile: URL(fileURLWithPath: location.file).standardizedFileURL.path, directory: directory.url.path)
        let text = try script.text()
        try FileManager.default.createDirectory(at: directory.slurmDirectory, withIntermediateDirectories: true)
        try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: script.scriptPath))
        print("wrote \(script.scriptPath) (\(runs.count) tasks)")
        print(script.submitCommand)
    }
}
