import DisentangleNN
import DisentangleTensor
import Foundation

/// Trains a ``VAE`` with Adam: seeded, resumable bit for bit, logged and checkpointed.
///
/// Each step draws a batch with the data generator, evaluates the objective with the noise generator, stops with a
/// ``TrainingError`` if the loss or any updated parameter is not finite (before anything is written), updates the
/// encoder and decoder, then the parameters the regularizer owns (`regularizer.*`, FactorVAE's discriminator) on
/// its ``Regularizer/auxiliaryLoss(for:using:)``, each part with its own Adam. With a run directory, every step
/// appends a JSON line to `log.jsonl` and checkpoints go to `checkpoints/` atomically (see `Checkpoint`), holding
/// the VAE's whole parameter tree, the optimisers' states in a tree of the same shape, the step and both
/// generators, plus the caller's `Configuration` (whatever is needed to rebuild the model). ``resume()`` restores
/// all of it through one validated path.
///
/// ```swift
/// let trainer = try Trainer(vae: vae, data: GroundTruthTrainingData(circles), options: TrainingOptions(seed: 1),
///                           configuration: spec, runDirectory: URL(fileURLWithPath: "runs/sbd"))
/// try trainer.train(until: 1000)
/// ```
public final class Trainer<Configuration: Codable & Sendable> {
    /// The model being trained.
    public let vae: VAE
    /// Where batches come from.
    public let data: any TrainingData
    /// Optimisation, logging and checkpoint settings.
    public let options: TrainingOptions
    /// The caller's description of the model, saved in checkpoints.
    public let configuration: Configuration
    /// The run directory (log and checkpoints), if any.
    public let runDirectory: URL?
    /// The optimiser of the encoder's and decoder's parameters.
    public let optimizer: Adam
    /// The optimiser of the parameters the regularizer owns (`regularizer.*`), if it owns any.
    public let regularizerOptimizer: Adam?
    /// The number of updates done so far.
    public private(set) var step: Int = 0
    /// Draws batches.
    public private(set) var dataGenerator: RandomGenerator
    /// Draws reparameterisation noise and permutations.
    public private(set) var noiseGenerator: RandomGenerator
    /// Called after every step with its record (for example to collect loss curves).
    public var onStep: ((TrainingRecord) -> Void)?
    /// Asked after every step; returning `true` ends ``train(until:)`` early, after writing a checkpoint (for
    /// example on SIGTERM).
    public var shouldStop: (() -> Bool)?

    private var startTime = Date()
    private var stepsThisSession = 0

    /// Creates a trainer at step 0; throws if the options are invalid or the data do not fit the model.
    public init(
        vae: VAE, data: any TrainingData, options: TrainingOptions, configuration: Configuration, runDirectory: URL? = nil
    ) throws {
        try options.validate()
        guard data.observationShape == vae.observationShape else {
            throw TrainingError("the data have observations of shape \(data.observationShape) but the model expects \(vae.observationShape)")
        }
        guard data.observationCount >= options.batchSize else {
            throw TrainingError("the data hold \(data.observationCount) observations, fewer than a batch of \(options.batchSize)")
        }
        self.vae = vae
        self.data = data
        self.options = options
        self.configuration = configuration
        self.runDirectory = runDirectory
        let regularizerParameters = vae.regularizer.namedParameters()
        let owned = Set(regularizerParameters.map { ObjectIdentifier($0.parameter) })
        self.optimizer = try Adam(
            parameters: vae.namedParameters().filter { !owned.contains(ObjectIdentifier($0.parameter)) },
            learningRate: options.learningRate, betas: (options.beta1, options.beta2))
        self.regularizerOptimizer = regularizerParameters.isEmpty
            ? nil
            : try Adam(
                parameters: regularizerParameters, learningRate: options.discriminatorLearningRate,
                betas: (options.discriminatorBeta1, options.discriminatorBeta2))
        var root = RandomGenerator(seed: options.seed)
        self.dataGenerator = root.split()
        self.noiseGenerator = root.split()
    }

    /// The directory checkpoints are written to.
    public var checkpointDirectory: URL? { runDirectory?.appendingPathComponent("checkpoints") }

    /// The file the JSON-lines log is appended to.
    public var logFile: URL? { runDirectory?.appendingPathComponent("log.jsonl") }

    /// The optimisers by the name prefix of the parameters they update, as checkpoints hold their states.
    var optimizers: [String: any Optimizer] {
        var optimizers: [String: any Optimizer] = ["": optimizer]
        if let regularizerOptimizer { optimizers[VAE.regularizerPrefix] = regularizerOptimizer }
        return optimizers
    }

    /// Restores the newest readable checkpoint in the run directory: parameters, optimiser states, step and
    /// generators. Log lines after the checkpoint's step (written by an interrupted run) are dropped, so the log
    /// continues seamlessly. Returns the restored step.
    ///
    /// Everything is validated before anything changes: if it throws, the trainer is as it was.
    ///
    /// If the latest checkpoint does not read back (a damaged disk, a truncated file), the newest older one that
    /// does is restored instead, with a warning on standard error naming what was set aside (see
    /// `Checkpoint.recoverNewest(from:)`). If the run has no checkpoint yet (it was stopped before its first),
    /// the trainer stays at step 0, the log is emptied, and 0 is returned: training starts over exactly as the
    /// first attempt did.
    @discardableResult
    public func resume() throws -> Int {
        guard let directory = checkpointDirectory else { throw TrainingError("resuming needs a run directory") }
        guard let recovered = try Checkpoint<Configuration>.recoverNewest(from: directory) else {
            guard step == 0 else { throw TrainingError("\(directory.path) holds no checkpoint to return to from step \(step)") }
            try truncateLog(after: 0)
            return 0
        }
        for failure in recovered.skipped {
            FileHandle.standardError.write(Data(
                "warning: set aside a checkpoint that does not read back (\(failure)); resuming from \(recovered.directory.path)\n".utf8))
        }
        let checkpoint = recovered.checkpoint
        guard checkpoint.optimizerState != nil else {
            throw TrainingError("the checkpoint in \(directory.path) has no optimiser state")
        }
        guard let dataState = checkpoint.generators["data"], let noiseState = checkpoint.generators["noise"] else {
            throw TrainingError("the checkpoint in \(directory.path) lacks the data and noise generator states")
        }
        try checkpoint.validate(model: vae, optimizers: optimizers)
        try truncateLog(after: checkpoint.step)
        try checkpoint.restore(model: vae, optimizers: optimizers)
        dataGenerator = dataState
        noiseGenerator = noiseState
        step = checkpoint.step
        return step
    }

    /// Trains until `finalStep` updates have been done (or ``shouldStop`` says to stop), printing progress, logging
    /// and checkpointing as configured; the last step is always checkpointed.
    public func train(until finalStep: Int) throws {
        startTime = Date()
        stepsThisSession = 0
        while step < finalStep {
            let record = try trainStep()
            if options.printEvery > 0 && (record.step % options.printEvery == 0 || record.step == finalStep) {
                printProgress(record, finalStep: finalStep)
            }
            if options.checkpointEvery > 0 && record.step % options.checkpointEvery == 0 {
                try writeCheckpoint()
            }
            if shouldStop?() == true { break }
        }
        if runDirectory != nil && (options.checkpointEvery == 0 || step % options.checkpointEvery != 0) {
            try writeCheckpoint()
        }
    }

    /// Performs one update and returns its record (also appended to the log and passed to ``onStep``).
    @discardableResult
    public func trainStep() throws -> TrainingRecord {
        let began = Date()
        let batch = try data.batch(size: options.batchSize, using: &dataGenerator)
        if let fault = Self.firstNonFinite(batch) {
            throw TrainingError(
                "step \(step + 1): observations\(fault.index) is \(fault.value) (the batch holds NaN or infinite values; "
                    + "check the data); nothing was written for this step")
        }
        try vae.validateObservations(batch)
        let objective = vae.objective(batch, step: step, datasetSize: data.observationCount, using: &noiseGenerator)
        let loss = objective.loss.scalar
        guard loss.isFinite else {
            throw TrainingError(
                "the loss became \(loss) at step \(step + 1) (reconstruction \(objective.reconstruction), KL \(objective.kl)); "
                    + "nothing was written for this step. Try a lower learning rate or check the data.")
        }
        optimizer.zeroGradients()
        objective.loss.backward()
        for (name, parameter) in vae.namedParameters() {
            if let gradient = parameter.gradient, let fault = Self.firstNonFinite(gradient) {
                throw TrainingError(
                    "the gradient of \(name) became \(fault.value) at step \(step + 1) (element \(fault.index), loss \(loss)); "
                        + "nothing was written for this step. Try a lower learning rate or check the data.")
            }
        }
        optimizer.step()
        for (name, parameter) in optimizer.namedParameters where !parameter.value.isFinite {
            throw TrainingError(
                "parameter \(name) became non-finite at step \(step + 1) (loss \(loss)); nothing was written for this step")
        }
        var diagnostics = objective.regularizerDiagnostics
        if let auxiliary = vae.regularizer.auxiliaryLoss(for: objective.regularizerInput.detached(), using: &noiseGenerator) {
            if let regularizerOptimizer {
                regularizerOptimizer.zeroGradients()
                auxiliary.penalty.backward()
                regularizerOptimizer.step()
            }
            diagnostics.merge(auxiliary.diagnostics) { _, new in new }
        }
        step += 1
        stepsThisSession += 1
        let seconds = Date().timeIntervalSince(began)
        let record = TrainingRecord(
            step: step, loss: Double(loss), reconstruction: objective.reconstruction, kl: objective.kl,
            klPerDimension: objective.klPerDimension, diagnostics: diagnostics,
            imagesPerSecond: Double(options.batchSize) / Swift.max(seconds, 1e-9),
            elapsedSeconds: Date().timeIntervalSince(startTime))
        try appendToLog(record)
        onStep?(record)
        return record
    }

    /// Writes a checkpoint of the current state to the run directory.
    public func writeCheckpoint() throws {
        guard let directory = checkpointDirectory else { return }
        try Checkpoint(
            model: vae, optimizers: optimizers, configuration: configuration, step: step,
            generators: ["data": dataGenerator, "noise": noiseGenerator]
        ).write(to: directory, keepingLast: options.keepCheckpoints)
    }

    /// The multi-index and value of the first NaN or infinite scalar of `tensor`, if any.
    static func firstNonFinite(_ tensor: Tensor) -> (index: [Int], value: Float)? {
        guard let offset = tensor.withUnsafeScalars({ $0.firstIndex { !$0.isFinite } }) else { return nil }
        var index: [Int] = []
        var rest = offset
        for size in tensor.shape.reversed() {
            index.insert(rest % size, at: 0)
            rest /= size
        }
        return (index, tensor.withUnsafeScalars { $0[offset] })
    }

    private func appendToLog(_ record: TrainingRecord) throws {
        guard let url = logFile else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(record)
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw TrainingError("cannot create the log file \(url.path)")
            }
        }
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch {
            throw TrainingError("cannot append step \(record.step) to the log \(url.path): \(Self.reason(error))")
        }
    }

    /// Rewrites the log without records after `lastStep` (atomically).
    private func truncateLog(after lastStep: Int) throws {
        guard let url = logFile, FileManager.default.fileExists(atPath: url.path) else { return }
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        var kept: [Substring] = []
        for line in text.split(separator: "\n") {
            guard let record = try? decoder.decode(TrainingRecord.self, from: Data(line.utf8)) else { continue }
            if record.step <= lastStep { kept.append(line) }
        }
        let joined = kept.map { $0 + "\n" }.joined()
        try AtomicFile.write(Data(joined.utf8), to: url)
    }

    /// The system's reason for a failed file operation (`strerror` text when there is one).
    private static func reason(_ error: any Error) -> String {
        let error = error as NSError
        let posix = error.userInfo[NSUnderlyingErrorKey] as? NSError ?? error
        guard posix.domain == NSPOSIXErrorDomain else { return error.localizedDescription }
        return String(cString: strerror(Int32(posix.code)))
    }

    private func printProgress(_ record: TrainingRecord, finalStep: Int) {
        let elapsed = Date().timeIntervalSince(startTime)
        let rate = Double(stepsThisSession * options.batchSize) / Swift.max(elapsed, 1e-9)
        let remaining = Double(finalStep - record.step) * Double(options.batchSize) / Swift.max(rate, 1e-9)
        let line = String(
            format: "step %d/%d  loss %.3f  recon %.3f  kl %.3f  %.0f img/s  ETA %@",
            record.step, finalStep, record.loss, record.reconstruction, record.kl, rate, Self.duration(remaining))
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
