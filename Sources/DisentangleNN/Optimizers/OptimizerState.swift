import DisentangleTensor
import Foundation

/// An optimiser's exported state: tensors (moment estimates, momentum buffers) and string metadata
/// (kind, hyperparameters, step counts), stored as one safetensors file in a checkpoint.
///
/// Tensor names are `<kind>.<parameter name>`, such as `exp_avg.encoder.0.weight`; metadata holds `optimizer`
/// (the optimiser's kind, e.g. `Adam`), its hyperparameters (`lr`, `betas`, ...) and per-parameter step counts
/// (`step.<parameter name>`). Floating-point hyperparameters are written with enough digits to round-trip
/// exactly.
public struct OptimizerState {
    /// State tensors by name.
    public var tensors: [String: Tensor]
    /// Hyperparameters and counters as strings.
    public var metadata: [String: String]

    /// Creates a state from tensors and metadata.
    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads a state from safetensors contents (for example a checkpoint's `optimizer.safetensors`).
    public init(_ file: SafeTensors) {
        self.init(tensors: file.tensors, metadata: file.metadata)
    }

    /// The state as safetensors contents, ready to be written.
    public var safeTensors: SafeTensors {
        SafeTensors(tensors: tensors, metadata: metadata)
    }

    /// The states of the optimisers of a module's parts as one: each part's tensor names and metadata keys are
    /// prefixed with the part's name prefix (`""` for the root, `"regularizer."` for a VAE's regularizer), so the
    /// state has the shape of the module tree.
    public init(parts: [String: OptimizerState]) {
        self.init()
        for (prefix, part) in parts {
            for (name, tensor) in part.tensors { tensors[prefix + name] = tensor }
            for (key, value) in part.metadata { metadata[prefix + key] = value }
        }
    }

    /// The parts of a state made by ``init(parts:)``, by prefix: every tensor and metadata entry goes to the longest
    /// of `prefixes` it starts with, without that prefix; a prefix with no entries gets an empty state.
    ///
    /// - Throws: ``StateDictionaryError`` naming an entry that starts with none of the prefixes.
    public func parts(prefixes: some Collection<String>) throws -> [String: OptimizerState] {
        let ordered = prefixes.sorted { $0.count > $1.count }
        var parts = Dictionary(uniqueKeysWithValues: prefixes.map { ($0, OptimizerState()) })
        func owner(of key: String) throws -> String {
            guard let prefix = ordered.first(where: { key.hasPrefix($0) }) else {
                throw StateDictionaryError(.unexpectedTensor, tensor: key, "no optimiser updates the parameters this entry belongs to")
            }
            return prefix
        }
        for (name, tensor) in tensors {
            let prefix = try owner(of: name)
            parts[prefix]!.tensors[String(name.dropFirst(prefix.count))] = tensor
        }
        for (key, value) in metadata {
            let prefix = try owner(of: key)
            parts[prefix]!.metadata[String(key.dropFirst(prefix.count))] = value
        }
        return parts
    }

    /// The metadata value for `key` as a `Double`.
    ///
    /// - Throws: ``StateDictionaryError`` of kind ``StateDictionaryError/Kind/invalidMetadata`` if it is missing
    ///   or not a number.
    func double(_ key: String) throws -> Double {
        guard let text = metadata[key] else {
            throw StateDictionaryError(.invalidMetadata, tensor: key, "the optimiser state lacks this entry")
        }
        guard let value = Double(text) else {
            throw StateDictionaryError(.invalidMetadata, tensor: key, "\"\(text)\" is not a number")
        }
        return value
    }

    /// The metadata value for `key` as a `Bool` (`true` or `false`).
    ///
    /// - Throws: ``StateDictionaryError`` of kind ``StateDictionaryError/Kind/invalidMetadata`` if it is missing
    ///   or not a Boolean.
    func bool(_ key: String) throws -> Bool {
        switch metadata[key] {
        case "true": return true
        case "false": return false
        case let text?: throw StateDictionaryError(.invalidMetadata, tensor: key, "\"\(text)\" is not true or false")
        case nil: throw StateDictionaryError(.invalidMetadata, tensor: key, "the optimiser state lacks this entry")
        }
    }

    /// Checks that the state was exported by an optimiser of the given kind.
    func expectKind(_ kind: String) throws {
        guard metadata["optimizer"] == kind else {
            throw StateDictionaryError(
                .invalidMetadata, tensor: "optimizer",
                "the state is from \(metadata["optimizer"].map { "a \($0)" } ?? "an unknown") optimiser, not \(kind)")
        }
    }

    /// The per-parameter states of `parameters`, in order: `nil` for a parameter without a `step.<name>` entry,
    /// else what `restore` builds from the parameter's name, shape and step count (reading its tensors with
    /// ``scalars(_:for:shape:)``). Every tensor in the state must be `<kind>.<name>` for one of `tensorKinds` and
    /// a restored parameter, and every `step.` entry must name a parameter.
    ///
    /// - Throws: ``StateDictionaryError`` for a malformed step count or an unexpected tensor or `step.` entry, and
    ///   whatever `restore` throws.
    func parameterStates<State>(
        for parameters: [(name: String, parameter: Parameter)], tensorKinds: [String],
        _ restore: (_ name: String, _ shape: [Int], _ step: Int) throws -> State
    ) throws -> [State?] {
        let names = parameters.map(\.name)
        var expected = Set<String>()
        let restored = try zip(parameters, steps(for: names)).map { named, step -> State? in
            guard let step else { return nil }
            for kind in tensorKinds { expected.insert(kind + "." + named.name) }
            return try restore(named.name, named.parameter.shape, step)
        }
        try rejectUnexpected(tensors: expected, parameterNames: Set(names))
        return restored
    }

    /// The per-parameter step counts, validated against the parameter names: a parameter has state exactly when
    /// `step.<name>` is present, and then the count is a positive integer.
    private func steps(for names: [String]) throws -> [Int?] {
        try names.map { name in
            let key = "step." + name
            guard let text = metadata[key] else { return nil }
            guard let count = Int(text), count > 0 else {
                throw StateDictionaryError(.invalidMetadata, tensor: key, "\"\(text)\" is not a positive step count")
            }
            return count
        }
    }

    /// The state tensor `<kind>.<name>` as scalars, checked against the parameter's shape.
    func scalars(_ kind: String, for name: String, shape: [Int]) throws -> [Float] {
        let key = kind + "." + name
        guard let tensor = tensors[key] else {
            throw StateDictionaryError(.missingTensor, tensor: key, "the optimiser state lacks this tensor")
        }
        guard tensor.shape == shape else {
            throw StateDictionaryError(.shapeMismatch, tensor: key, "shape \(tensor.shape) in the state, \(shape) for the parameter")
        }
        return tensor.scalars
    }

    /// Throws for the first tensor or `step.` entry that does not belong to one of `expected` names.
    private func rejectUnexpected(tensors expected: Set<String>, parameterNames: Set<String>) throws {
        if let extra = tensors.keys.sorted().first(where: { !expected.contains($0) }) {
            throw StateDictionaryError(.unexpectedTensor, tensor: extra, "the optimiser has no state of this name")
        }
        if let extra = metadata.keys.sorted().first(where: { $0.hasPrefix("step.") && !parameterNames.contains(String($0.dropFirst(5))) }) {
            throw StateDictionaryError(.unexpectedTensor, tensor: extra, "the optimiser has no parameter of this name")
        }
    }
}
