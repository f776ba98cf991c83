import Foundation

/// A Slurm job-array script that runs every run of a study, one array task per run.
///
/// Each task calls `disentangle study run STUDY --directory DIR --index $SLURM_ARRAY_TASK_ID` with
/// `DISENTANGLE_NUM_THREADS` set to the task's CPUs. The job asks for `--requeue` and `--signal=B:TERM@GRACE`: on
/// preemption or `GRACE` seconds before the time limit, the script forwards SIGTERM to the run, which writes a
/// checkpoint at the end of its step and exits with status 75; the script then requeues the task, which continues
/// from the checkpoint. Finished runs are skipped, so resubmitting the script only does what is missing.
public struct SlurmScript: Sendable, Equatable {
    /// The job name.
    public var jobName: String
    /// The number of array tasks (the study's run count).
    public var taskCount: Int
    /// The most tasks running at once (`%P`), or `nil` for no limit.
    public var parallelTasks: Int?
    /// The partition, or `nil` for the cluster's default.
    public var partition: String?
    /// The time limit per task (`HH:MM:SS`, `D-HH:MM:SS`, or minutes), or `nil` for the partition's default.
    public var time: String?
    /// CPUs per task (also the run's thread count).
    public var cpusPerTask: Int
    /// Memory per task (`4G`, `500M`), or `nil` for the partition's default.
    public var memory: String?
    /// Seconds before the time limit at which the run is told to stop (SIGTERM to the batch shell).
    public var graceSeconds: Int
    /// The `disentangle` executable the tasks run (an absolute path).
    public var executable: String
    /// The study file (an absolute path).
    public var studyFile: String
    /// The study directory (an absolute path).
    public var directory: String

    /// Creates the description of a script.
    public init(
        jobName: String, taskCount: Int, parallelTasks: Int? = nil, partition: String? = nil, time: String? = nil,
        cpusPerTask: Int = 1, memory: String? = nil, graceSeconds: Int = 60, executable: String, studyFile: String,
        directory: String
    ) {
        self.jobName = jobName
        self.taskCount = taskCount
        self.parallelTasks = parallelTasks
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.memory = memory
        self.graceSeconds = graceSeconds
        self.executable = executable
        self.studyFile = studyFile
        self.directory = directory
    }

    /// The job name with only letters, digits, `-`, `_` and `.`.
    public var safeJobName: String { jobName.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) } }

    /// The file the script is written to: `DIR/slurm/JOB.sbatch`.
    public var scriptPath: String { "\(directory)/slurm/\(safeJobName).sbatch" }

    /// The script's text.
    public func text() throws -> String {
        guard taskCount > 0 else { throw StudyError("the study has no runs: nothing to submit") }
        guard cpusPerTask > 0 else { throw StudyError("--cpus-per-task must be positive, got \(cpusPerTask)") }
        if let parallelTasks, parallelTasks <= 0 { throw StudyError("--parallel must be positive, got \(parallelTasks)") }
        guard graceSeconds > 0 else { throw StudyError("--grace must be positive, got \(graceSeconds)") }
        var lines = [
            "#!/bin/bash",
            "# Written by `disentangle study slurm`: one array task per run of \(studyFile).",
            "#SBATCH --job-name=\(safeJobName)",
            "#SBATCH --array=0-\(taskCount - 1)" + (parallelTasks.map { "%\($0)" } ?? ""),
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --ntasks=1",
            "#SBATCH --requeue",
            "#SBATCH --signal=B:TERM@\(graceSeconds)",
            "#SBATCH --output=\(directory)/slurm/%A_%a.out",
            "#SBATCH --open-mode=append",
        ]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        lines += [
            "",
            "export DISENTANGLE_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}\"",
            "\(Self.quoted(executable)) study run \(Self.quoted(studyFile)) --directory \(Self.quoted(directory)) \\",
            "    --index \"$SLURM_ARRAY_TASK_ID\" &",
            "child=$!",
            "# Preemption or the time limit: the run checkpoints at the end of its step and exits with status 75.",
            "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT",
            "status=0",
            "wait \"$child\" || status=$?",
            "while kill -0 \"$child\" 2>/dev/null; do status=0; wait \"$child\" || status=$?; done",
            "if [ \"$status\" -eq 75 ]; then",
            "    echo \"task $SLURM_ARRAY_TASK_ID interrupted after a checkpoint: requeueing\"",
            "    scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"",
            "fi",
            "exit \"$status\"",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    /// The command that submits the script.
    public var submitCommand: String { "sbatch \(Self.quoted(scriptPath))" }

    /// `text` in single quotes for the shell.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
