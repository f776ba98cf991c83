import DisentangleTensor
import Foundation

extension Module {
    /// Every parameter of this module and its descendants, with dotted PyTorch-style names
    /// (`convs.0.weight`), depth first in declaration order.
    ///
    /// A parameter or module reachable along two paths (shared weights) is listed once, under the first name,
    /// as PyTorch's `named_parameters()` does.
    public func namedParameters() -> [(name: String, parameter: Parameter)] {
        var result: [(name: String, parameter: Parameter)] = []
        var seenParameters = Set<ObjectIdentifier>()
        var seenModules = Set<ObjectIdentifier>()
        func visit(_ module: any Module, prefix: String) {
            guard seenModules.insert(ObjectIdentifier(module)).inserted else { return }
            for (name, parameter) in module.localParameters where seenParameters.insert(ObjectIdentifier(parameter)).inserted {
                result.append((prefix + name, parameter))
            }
            for (name, child) in module.children {
                visit(child, prefix: prefix + name + ".")
            }
        }
        visit(self, prefix: "")
        return result
    }

    /// Every parameter of this module and its descendants, in the order of ``namedParameters()``.
    public var parameters: [Parameter] { namedParameters().map(\.parameter) }

    /// The total number of trainable scalars.
    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.parameter.count } }

    /// Clears the accumulated gradients of every parameter.
    public func zeroGradients() {
        for (_, parameter) in namedParameters() { parameter.zeroGradient() }
    }

    /// The parameter values by dotted name (detached copies that later training does not change), as PyTorch's
    /// `state_dict()`.
    public func stateDictionary() -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (name, parameter) in namedParameters() { result[name] = parameter.value.detached() }
        return result
    }

    /// Copies values into the parameters by dotted name, as PyTorch's `load_state_dict`.
    ///
    /// Everything is validated before any parameter changes: a missing name, a shape mismatch, or (with `strict`)
    /// a name the module does not have throws a ``StateDictionaryError`` naming the tensor.
    public func loadStateDictionary(_ tensors: [String: Tensor], strict: Bool = true) throws {
        try load(tensors, storedTypes: [:], strict: strict)
    }

    /// Loads the parameters from safetensors contents, checking names, shapes and element types (integer or
    /// boolean tensors are refused; F16/BF16/F64 weights are converted to `Float`).
    ///
    /// - Throws: ``StateDictionaryError`` naming the offending tensor.
    public func load(_ file: SafeTensors, strict: Bool = true) throws {
        try load(file.tensors, storedTypes: file.storedTypes, strict: strict)
    }

    /// Loads the parameters from a safetensors file (for example one saved by PyTorch with
    /// `safetensors.torch.save_file(model.state_dict(), path)`).
    ///
    /// - Throws: `SafeTensorsError` if the file is malformed, ``StateDictionaryError`` if it does not fit.
    public func load(contentsOf url: URL, strict: Bool = true) throws {
        try load(SafeTensors(contentsOf: url), strict: strict)
    }

    /// Saves the parameters to a safetensors file, atomically; PyTorch reads it with
    /// `model.load_state_dict(safetensors.torch.load_file(path))`.
    ///
    /// - Throws: `SafeTensorsError` if the file cannot be written.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try SafeTensors(tensors: stateDictionary(), metadata: metadata).write(to: url)
    }

    private func load(_ tensors: [String: Tensor], storedTypes: [String: SafeTensorsDType], strict: Bool) throws {
        let named = try validate(tensors, storedTypes: storedTypes, strict: strict)
        for (name, parameter) in named { parameter.assign(tensors[name]!) }
    }

    /// Checks that `tensors` fit this module's parameters without changing anything, and returns the named
    /// parameters.
    ///
    /// - Throws: ``StateDictionaryError`` naming the first tensor that does not fit.
    @discardableResult
    func validate(
        _ tensors: [String: Tensor], storedTypes: [String: SafeTensorsDType] = [:], strict: Bool
    ) throws -> [(name: String, parameter: Parameter)] {
        let named = namedParameters()
        for (name, parameter) in named {
            guard let tensor = tensors[name] else {
                throw StateDictionaryError(.missingTensor, tensor: name, "the model has this parameter but the tensors do not")
            }
            guard tensor.shape == parameter.shape else {
                throw StateDictionaryError(
                    .shapeMismatch, tensor: name, "shape \(tensor.shape) in the tensors, \(parameter.shape) in the model")
            }
            if let dtype = storedTypes[name], !dtype.isFloatingPoint {
                throw StateDictionaryError(
                    .dtypeMismatch, tensor: name, "stored as \(dtype.rawValue), but parameters need a floating-point type")
            }
        }
        if strict {
            let known = Set(named.map(\.name))
            if let unexpected = tensors.keys.sorted().first(where: { !known.contains($0) }) {
                throw StateDictionaryError(.unexpectedTensor, tensor: unexpected, "the model has no parameter of this name")
            }
        }
        return named
    }
}
