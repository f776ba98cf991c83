/// A vertex of the recorded computation graph.
///
/// A leaf node belongs to a tensor created with ``Tensor/requiringGradient()`` and accumulates its gradient.
/// An interior node belongs to an operation's result; it holds its inputs' nodes and a pullback that maps the
/// gradient of the result to the gradients of the inputs. `backward()` releases interior nodes' inputs and
/// pullbacks as it goes, so no graph memory outlives a backward pass.
@usableFromInline
final class GradientNode {
    /// The shape of the tensor this node belongs to.
    let shape: [Int]
    /// Nodes of the inputs (parallel to the pullback's result); empty for leaves and released graphs.
    var inputs: [GradientNode?]
    /// Maps the upstream gradient and a mask of which inputs need gradients to one gradient per input.
    var pullback: ((Tensor, [Bool]) -> [Tensor?])?
    /// The accumulated gradient of a leaf.
    var gradient: Tensor?
    /// Whether this node is a leaf (a tensor the user asked gradients for).
    let isLeaf: Bool

    init(leafWithShape shape: [Int]) {
        self.shape = shape
        self.inputs = []
        self.pullback = nil
        self.isLeaf = true
    }

    init(shape: [Int], inputs: [GradientNode?], pullback: @escaping (Tensor, [Bool]) -> [Tensor?]) {
        self.shape = shape
        self.inputs = inputs
        self.pullback = pullback
        self.isLeaf = false
    }
}

/// Whether operations are currently being recorded for differentiation.
public enum GradientMode {
    /// `true` unless inside ``withoutGradients(_:)``.
    @TaskLocal public static var isEnabled: Bool = true
}

/// Runs `body` without recording operations for differentiation (evaluation, optimiser updates).
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
    /// Whether gradients flow to this tensor: it is a leaf that asked for them, or it was computed from one.
    public var requiresGradient: Bool { node != nil }

    /// This tensor as a new leaf of differentiation: `backward()` accumulates into its ``gradient``.
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, buffer: buffer, node: GradientNode(leafWithShape: shape))
    }

    /// The gradient accumulated by `backward()` calls, for a leaf tensor; `nil` before any.
    public var gradient: Tensor? { node?.gradient }

    /// Clears the accumulated gradient of a leaf tensor.
    public func zeroGradient() {
        node?.gradient = nil
    }

    /// Replaces the accumulated gradient of a leaf tensor (for gradient clipping or custom transforms).
    /// Traps if this is not a leaf or the shape differs.
    public func setGradient(_ newGradient: Tensor?) {
        guard let node, node.isLeaf else {
            preconditionFailure("setGradient needs a leaf tensor made with requiringGradient()")
        }
        if let newGradient {
            precondition(
                newGradient.shape == shape,
                "setGradient: gradient shape \(describe(newGradient.shape)) differs from tensor shape \(describe(shape))")
            node.gradient = newGradient.detached()
        } else {
            node.gradient = nil
        }
    }

    /// The number of recorded operations reachable from this tensor that still hold their inputs and pullbacks.
    ///
    /// It is positive after a differentiable computation and 0 once `backward()` or `gradients(of:wrt:)` has
    /// run through it: backward passes release the graph (and the intermediate values it keeps alive).
    public var retainedGraphOperationCount: Int {
        guard let root = node else { return 0 }
        var visited = Set<ObjectIdentifier>()
        var stack = [root]
        var count = 0
        while let current = stack.popLast() {
            guard visited.insert(ObjectIdentifier(current)).inserted else { continue }
            if current.pullback != nil { count += 1 }
            stack.append(contentsOf: current.inputs.compactMap { $0 })
        }
        return count
    }

    /// Creates the result of a differentiable operation.
    ///
    /// The pullback is recorded only if gradients are enabled and some input requires them; it receives the
    /// result's gradient and which inputs need gradients, and returns one gradient (or `nil`) per input.
    @usableFromInline
    static func makeResult(
        shape: [Int], buffer: TensorBuffer, inputs: [Tensor],
        pullback: @escaping (Tensor, [Bool]) -> [Tensor?]
    ) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.node != nil }) else {
            return Tensor(shape: shape, buffer: buffer)
        }
        let node = GradientNode(shape: shape, inputs: inputs.map(\.node), pullback: pullback)
        return Tensor(shape: shape, buffer: buffer, node: node)
    }

    /// Back-propagates from this scalar (one-element) tensor, accumulating gradients into every leaf it depends
    /// on, and releases the recorded graph.
    public func backward() {
        precondition(count == 1, "backward() needs a one-element tensor, got shape \(describe(shape)); pass a seed")
        backward(seed: Tensor(shape: shape, buffer: TensorBuffer(repeating: 1, count: 1)))
    }

    /// Back-propagates `seed` (the gradient of some objective with respect to this tensor), accumulating into
    /// every leaf, and releases the recorded graph.
    public func backward(seed: Tensor) {
        precondition(seed.shape == shape, "backward seed shape \(describe(seed.shape)) differs from \(describe(shape))")
        guard let root = node else { return }
        let result = Tensor.propagate(from: root, seed: seed, targets: [])
        _ = result
    }

    /// Propagates `seed` backwards from `root`; accumulates into leaves if `targets` is empty, otherwise returns
    /// the gradients reaching `targets` without touching leaves. Frees the interior graph either way.
    static func propagate(from root: GradientNode, seed: Tensor, targets: [GradientNode]) -> [ObjectIdentifier: Tensor] {
        // Topological order by iterative depth-first search.
        var order: [GradientNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(GradientNode, Int)] = [(root, 0)]
        visited.insert(ObjectIdentifier(root))
        while let (node, next) = stack.popLast() {
            if next < node.inputs.count {
                stack.append((node, next + 1))
                if let child = node.inputs[next], !visited.contains(ObjectIdentifier(child)) {
                    visited.insert(ObjectIdentifier(child))
                    stack.append((child, 0))
                }
            } else {
                order.append(node)
            }
        }
        let targetIDs = Set(targets.map(ObjectIdentifier.init))
        var gradients: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed.detached()]
        var collected: [ObjectIdentifier: Tensor] = [:]
        withoutGradients {
            for node in order.reversed() {
                let id = ObjectIdentifier(node)
                guard let upstream = gradients.removeValue(forKey: id) else {
                    node.inputs = []
                    node.pullback = nil
                    continue
                }
                if targetIDs.contains(id) { collected[id] = upstream }
                if node.isLeaf {
                    if targets.isEmpty {
                        node.gradient = node.gradient.map { $0 + upstream } ?? upstream
                    }
                    continue
                }
                guard let pullback = node.pullback else {
                    preconditionFailure("backward through a graph that an earlier backward pass already released")
                }
                let needs = node.inputs.map { $0 != nil }
                let inputGradients = pullback(upstream, needs)
                for (input, gradient) in zip(node.inputs, inputGradients) {
                    guard let input, let gradient else { continue }
                    precondition(
                        gradient.shape == input.shape,
                        "internal: gradient shape \(describe(gradient.shape)) for input \(describe(input.shape))")
                    let inputID = ObjectIdentifier(input)
                    if let existing = gradients[inputID] {
                        gradients[inputID] = existing + gradient
                    } else {
                        gradients[inputID] = gradient
                    }
                }
                node.inputs = []
                node.pullback = nil
            }
        }
        return collected
    }
}

/// The gradients of the one-element tensor `loss` with respect to each of `tensors`.
///
/// The tensors may be leaves or intermediate results. Tensors that `loss` does not depend on get zeros. Leaves'
/// accumulated ``Tensor/gradient`` values are not touched; the recorded graph is released.
public func gradients(of loss: Tensor, wrt tensors: [Tensor]) -> [Tensor] {
    precondition(loss.count == 1, "gradients(of:wrt:) needs a one-element loss, got shape \(describe(loss.shape))")
    guard let root = loss.node else {
        return tensors.map { Tensor.zeros($0.shape) }
    }
    let targets = tensors.compactMap(\.node)
    let seed = Tensor(shape: loss.shape, buffer: TensorBuffer(repeating: 1, count: 1))
    let found = Tensor.propagate(from: root, seed: seed, targets: targets)
    return tensors.map { t in
        t.node.flatMap { found[ObjectIdentifier($0)] } ?? Tensor.zeros(t.shape)
    }
}
