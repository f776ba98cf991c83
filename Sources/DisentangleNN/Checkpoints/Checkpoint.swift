import DisentangleTensor
import Foundation

/// A training checkpoint: model parameters, optimiser state, and a JSON sidecar with the configuration,
/// step and random generator states, so that training resumes exactly where it stopped.
///
/// On disk a checkpoint is a directory of three files: `model.safetensors` (the parameters under their PyTorch
/// `state_dict` names, loadable with `model.load_state_dict(safetensors.torch.load_file(path))`),
/// `optimizer.safetensors` (see ``OptimizerState``) and `checkpoint.json`. ``write(to:keepingLast:)`` keeps them
/// under a root directory as `root/step-<step>/`, with a link `root/latest` replaced atomically, so a process
/// killed mid-save leaves the previous checkpoint intact.
///
/// ```swift
/// struct Config: Codable, Sendable { var latentSize: Int; var beta: Double }
/// try Checkpoint(model: vae, optimizer: adam, configuration: config, step: 1000,
///                generators: ["training": generator]).write(to: runDirectory)
/// // later, or in another process:
/// let checkpoint = try Checkpoint<Config>(contentsOf: runDirectory)
/// try checkpoint.restore(model: vae, optimizer: adam)
/// generator = checkpoint.generators["training"]!
/// ```
public struct Checkpoint<Configuration: Codable & Sendable> {
    /// The model parameters by dotted name.
    public var parameters: [String: Tensor]
    /// The optimiser's state, if it was saved.
    public var optimizerState: OptimizerState?
    /// The model and training configuration.
    public var configuration: Configuration
    /// The training step the checkpoint was taken at.
    public var step: Int
    /// Random generator states by name (data order, noise), for bit-exact resumption.
    public var generators: [String: RandomGenerator]

    /// Creates a checkpoint from its parts.
    public init(
        parameters: [String: Tensor], optimizerState: OptimizerState? = nil, configuration: Configuration,
        step: Int, generators: [String: RandomGenerator] = [:]
    ) {
        self.parameters = parameters
        self.optimizerState = optimizerState
        self.configuration = configuration
        self.step = step
        self.generators = generators
    }

    /// Captures a model's parameters and, optionally, an optimiser's state.
    public init(
        model: any Module, optimizer: (any Optimizer)? = nil, configuration: Configuration, step: Int,
        generators: [String: RandomGenerator] = [:]
    ) {
        self.init(
            model: model, optimizers: optimizer.map { ["": $0] } ?? [:], configuration: configuration, step: step, generators: generators)
    }

    /// Captures a model's parameters and the states of the optimisers of its parts, keyed by the name prefix of
    /// the parameters each updates (`""` for the root; see `OptimizerState.init(parts:)`).
    public init(
        model: any Module, optimizers: [String: any Optimizer], configuration: Configuration, step: Int,
        generators: [String: RandomGenerator] = [:]
    ) {
        self.init(
            parameters: model.stateDictionary(),
            optimizerState: optimizers.isEmpty ? nil : OptimizerState(parts: optimizers.mapValues { $0.exportState() }),
            configuration: configuration, step: step, generators: generators)
    }

    /// Loads the parameters into `model` and, if given, the saved state into `optimizer`; both are validated
    /// before either changes.
    ///
    /// - Throws: ``StateDictionaryError`` naming the offending tensor, or ``CheckpointError`` if an optimiser is
    ///   given but the checkpoint has no optimiser state.
    public func restore(model: any Module, optimizer: (any Optimizer)? = nil) throws {
        try restore(model: model, optimizers: optimizer.map { ["": $0] } ?? [:])
    }

    /// Loads the parameters into `model` and each part of the saved optimiser state into the optimiser of that
    /// part (keyed as in ``init(model:optimizers:configuration:step:generators:)``). Everything is validated
    /// (``validate(model:optimizers:)``) before anything changes.
    ///
    /// - Throws: ``StateDictionaryError`` naming the offending tensor, or ``CheckpointError`` if optimisers are
    ///   given but the checkpoint has no optimiser state.
    public func restore(model: any Module, optimizers: [String: any Optimizer]) throws {
        let parts = try validate(model: model, optimizers: optimizers)
        for (prefix, optimizer) in optimizers { try optimizer.importState(parts[prefix]!) }
        try model.loadStateDictionary(parameters)
    }

    /// Checks that ``restore(model:optimizers:)`` would succeed, changing nothing; returns the optimisers' parts of
    /// the saved state by prefix.
    ///
    /// - Throws: what ``restore(model:optimizers:)`` would throw.
    @discardableResult
    public func validate(model: any Module, optimizers: [String: any Optimizer] = [:]) throws -> [String: OptimizerState] {
        try model.validate(parameters, strict: true)
        guard !optimizers.isEmpty else { return [:] }
        guard let optimizerState else {
            throw CheckpointError(path: "checkpoint", "it holds no optimiser state to restore")
        }
        let parts = try optimizerState.parts(prefixes: optimizers.keys)
        for (prefix, optimizer) in optimizers { try optimizer.validateState(parts[prefix]!) }
        return parts
    }

    /// Writes the checkpoint as a new `step-<step>` directory under `root` and points `root/latest` at it,
    /// atomically; then removes all but the `keepingLast` newest step directories.
    ///
    /// - Returns: The directory the checkpoint was written to.
    /// - Throws: ``CheckpointError`` or `SafeTensorsError` if a file cannot be written.
    @discardableResult
    public func write(to root: URL, keepingLast: Int = 1) throws -> URL {
        try CheckpointDirectory.prepare(root)
        let temporary = try CheckpointDirectory.makeTemporary(in: root)
        do {
            try writeFiles(into: temporary)
            let final = try CheckpointDirectory.commit(temporary, step: step, in: root)
            try CheckpointDirectory.prune(root, keeping: keepingLast)
            return final
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes the three files into an existing directory.
    private func writeFiles(into directory: URL) throws {
        let stepText = String(step)
        try SafeTensors(tensors: parameters, metadata: ["format": "pt", "step": stepText])
            .write(to: directory.appendingPathComponent(CheckpointDirectory.modelName))
        if let optimizerState {
            var file = optimizerState.safeTensors
            file.metadata["checkpoint_step"] = stepText
            try file.write(to: directory.appendingPathComponent(CheckpointDirectory.optimizerName))
        }
        let sidecar = CheckpointSidecar(
            format: CheckpointDirectory.formatName, version: CheckpointDirectory.currentVersion,
            step: step, configuration: configuration, generators: generators,
            files: .init(model: CheckpointDirectory.modelName, optimizer: optimizerState == nil ? nil : CheckpointDirectory.optimizerName))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json: Data
        do {
            json = try encoder.encode(sidecar)
        } catch {
            throw CheckpointError(path: directory.path, "cannot encode the configuration as JSON (\(error))")
        }
        try AtomicFile.write(json, to: directory.appendingPathComponent(CheckpointDirectory.sidecarName))
    }

    /// Reads the newest checkpoint under `root` that reads back completely, for resuming a run.
    ///
    /// The checkpoint `root/latest` points at is tried first, then the other `step-*` directories from the newest
    /// step down. Each newer one that fails to read is renamed to `unreadable-step-*` (kept for inspection; later
    /// saves and pruning ignore it) and its error is returned in `skipped`, so the caller can warn.
    ///
    /// - Returns: The checkpoint, the directory it was read from and the errors of the newer checkpoints that were
    ///   set aside; `nil` if `root` holds no checkpoint at all (or does not exist).
    /// - Throws: ``CheckpointError`` listing every checkpoint's error if none reads back (nothing is renamed then).
    public static func recoverNewest(from root: URL) throws -> (checkpoint: Checkpoint, directory: URL, skipped: [String])? {
        let candidates = CheckpointDirectory.candidates(root)
        guard !candidates.isEmpty else { return nil }
        var failures: [(URL, String)] = []
        for directory in candidates {
            do {
                let checkpoint = try Checkpoint(contentsOf: directory)
                for (unreadable, _) in failures where unreadable != root {
                    try CheckpointDirectory.setAside(unreadable, in: root)
                }
                return (checkpoint, directory, failures.map(\.1))
            } catch {
                failures.append((directory, "\(error)"))
            }
        }
        throw CheckpointError(
            path: root.path, "no checkpoint reads back: " + failures.map(\.1).joined(separator: "; "))
    }

    /// The step of the checkpoint at `url` (a root or a single checkpoint directory), read from its sidecar alone:
    /// no tensor file is opened, so listing many runs' progress stays cheap.
    ///
    /// - Throws: ``CheckpointError`` if the sidecar cannot be read or has no step.
    public static func savedStep(at url: URL) throws -> Int {
        let sidecarURL = CheckpointDirectory.resolve(url).appendingPathComponent(CheckpointDirectory.sidecarName)
        do {
            return try JSONDecoder().decode(SidecarStep.self, from: Data(contentsOf: sidecarURL)).step
        } catch {
            throw CheckpointError(path: sidecarURL.path, "cannot read the step from the sidecar (\(error))")
        }
    }

    /// Reads the checkpoint at `url`: a root written by ``write(to:keepingLast:)`` (its `latest` checkpoint is
    /// read) or a single checkpoint directory.
    ///
    /// - Throws: ``CheckpointError`` for a missing or malformed sidecar, an unknown format version or files that
    ///   disagree about the step; `SafeTensorsError` for a malformed tensor file.
    public init(contentsOf url: URL) throws {
        let directory = CheckpointDirectory.resolve(url)
        let sidecarURL = directory.appendingPathComponent(CheckpointDirectory.sidecarName)
        let sidecar: CheckpointSidecar<Configuration>
        do {
            let data = try Data(contentsOf: sidecarURL)
            sidecar = try JSONDecoder().decode(CheckpointSidecar<Configuration>.self, from: data)
        } catch let error as DecodingError {
            throw CheckpointError(path: sidecarURL.path, "the sidecar does not decode (\(error))")
        } catch {
            throw CheckpointError(path: sidecarURL.path, "cannot read the sidecar (\(error.localizedDescription))")
        }
        guard sidecar.format == CheckpointDirectory.formatName,
            sidecar.version == CheckpointDirectory.currentVersion
        else {
            throw CheckpointError(
                path: sidecarURL.path,
                "format \"\(sidecar.format)\" version \(sidecar.version) is not \(CheckpointDirectory.formatName) version \(CheckpointDirectory.currentVersion)")
        }
        for name in [sidecar.files.model] + (sidecar.files.optimizer.map { [$0] } ?? []) where name.contains("/") || name.hasPrefix(".") {
            throw CheckpointError(path: sidecarURL.path, "file name \"\(name)\" must be a plain name inside the checkpoint directory")
        }
        let model = try SafeTensors(contentsOf: directory.appendingPathComponent(sidecar.files.model))
        if let saved = model.metadata["step"], saved != String(sidecar.step) {
            throw CheckpointError(path: directory.path, "the model file is from step \(saved) but the sidecar says \(sidecar.step)")
        }
        var optimizerState: OptimizerState?
        if let name = sidecar.files.optimizer {
            var file = try SafeTensors(contentsOf: directory.appendingPathComponent(name))
            if let saved = file.metadata.removeValue(forKey: "checkpoint_step"), saved != String(sidecar.step) {
                throw CheckpointError(path: directory.path, "the optimiser file is from step \(saved) but the sidecar says \(sidecar.step)")
            }
            optimizerState = OptimizerState(file)
        }
        self.init(
            parameters: model.tensors, optimizerState: optimizerState, configuration: sidecar.configuration,
            step: sidecar.step, generators: sidecar.generators)
    }
}

/// The one field of a sidecar that ``Checkpoint/savedStep(at:)`` reads.
private struct SidecarStep: Decodable {
    var step: Int
}
