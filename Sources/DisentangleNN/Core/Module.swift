import DisentangleTensor

/// A component of a neural network that owns parameters and child modules, named as PyTorch names them.
///
/// A module exposes its own ``Parameter``s and its direct children, each with a local name; the extension
/// methods (``namedParameters()``, ``stateDictionary()``, ``loadStateDictionary(_:strict:)``, ...) join those
/// names with dots, following PyTorch's `state_dict` convention (`encoder.convs.0.weight`), so checkpoints
/// interoperate with PyTorch models of the same structure.
///
/// Modules are not `Sendable`: a module and its ``Parameter``s are unsynchronised reference types that training
/// mutates in place; use one from one task at a time.
///
/// Conformers are final classes. By default both lists are discovered by reflection over the stored
/// properties, in declaration order, using the property names: a `Parameter` or `Parameter?` property is a
/// parameter, an `any Module` (or concrete module, optional or not) property is a child, and an array of either
/// contributes `name.0`, `name.1`, ... (as PyTorch's `ModuleList` and `ParameterList` do). Implement
/// ``localParameters`` or ``children`` yourself to name things differently (``Sequential`` does).
///
/// ```swift
/// final class Encoder: Layer {
///     let convs: Sequential
///     let head: Linear
///     ...
///     func callAsFunction(_ x: Tensor) -> Tensor { head(convs(x).flattened(startAxis: 1)) }
/// }
/// encoder.namedParameters().map(\.name)   // ["convs.0.weight", "convs.0.bias", ..., "head.weight", "head.bias"]
/// ```
public protocol Module: AnyObject {
    /// This module's own parameters (not its children's), with local names, in a stable order.
    var localParameters: [(name: String, parameter: Parameter)] { get }

    /// This module's direct children, with local names, in a stable order.
    var children: [(name: String, module: any Module)] { get }
}

/// A module that maps one tensor to one tensor, such as a layer or a stack of layers.
public protocol Layer: Module {
    /// Applies the layer to `input`, recording the computation for differentiation when gradients are enabled.
    func callAsFunction(_ input: Tensor) -> Tensor
}

extension Module {
    /// The `Parameter` properties found by reflection (see ``Module``).
    public var localParameters: [(name: String, parameter: Parameter)] {
        ReflectedMembers(of: self).parameters
    }

    /// The module properties found by reflection (see ``Module``).
    public var children: [(name: String, module: any Module)] {
        ReflectedMembers(of: self).children
    }
}

/// The parameters and child modules among an object's stored properties.
private struct ReflectedMembers {
    var parameters: [(name: String, parameter: Parameter)] = []
    var children: [(name: String, module: any Module)] = []

    init(of object: AnyObject) {
        var mirror: Mirror? = Mirror(reflecting: object)
        var levels: [Mirror] = []
        while let current = mirror {
            levels.append(current)
            mirror = current.superclassMirror
        }
        // Superclass properties first, as they are declared first.
        for level in levels.reversed() {
            for child in level.children {
                guard let label = child.label, !label.hasPrefix("$") else { continue }
                collect(child.value, name: label)
            }
        }
    }

    private mutating func collect(_ value: Any, name: String) {
        if let parameter = value as? Parameter {
            parameters.append((name, parameter))
            return
        }
        if let module = value as? any Module {
            children.append((name, module))
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first { collect(wrapped.value, name: name) }
        case .collection:
            for (index, element) in mirror.children.enumerated() {
                let found = parameters.count + children.count
                collect(element.value, name: "\(name).\(index)")
                // An array whose first element is neither a parameter nor a module (say, [Float]) holds none.
                if index == 0 && parameters.count + children.count == found { break }
            }
        default:
            break
        }
    }
}
