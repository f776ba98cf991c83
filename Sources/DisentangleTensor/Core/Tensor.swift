/// An n-dimensional array of `Float`, row-major and contiguous, that can record the operations applied to it
/// for reverse-mode automatic differentiation.
///
/// `Tensor` is a value type: copies share storage until one is mutated. Images are laid out NCHW.
/// Shape mismatches inside tensor algebra are programmer errors and trap with a message naming both shapes;
/// functions that take user data validate it and throw ``TensorError``.
///
/// `Tensor` is not `Sendable`: a tensor that records computation refers to its node of the autodiff graph, which
/// `backward()` mutates without synchronisation. The library's own parallel kernels share raw storage, not tensors.
///
/// ```swift
/// var w = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).requiringGradient()
/// let loss = (w * w).sum()
/// loss.backward()
/// print(w.gradient!.scalars)   // [2, 4, 6, 8]
/// ```
public struct Tensor {
    /// The size of each dimension, outermost first. A scalar tensor has shape `[]`.
    public let shape: [Int]
    @usableFromInline var buffer: TensorBuffer
    @usableFromInline var node: GradientNode?

    @usableFromInline
    init(shape: [Int], buffer: TensorBuffer, node: GradientNode? = nil) {
        self.shape = shape
        self.buffer = buffer
        self.node = node
    }

    /// Creates a tensor of the given shape from row-major scalars. Traps if the counts disagree;
    /// use ``init(validatingShape:scalars:)`` for data from outside the program.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(describe(shape))")
        let count = shape.reduce(1, *)
        precondition(
            count == scalars.count,
            "shape \(describe(shape)) needs \(count) scalars, got \(scalars.count)")
        self.init(shape: shape, buffer: TensorBuffer(copying: scalars))
    }

    /// Creates a tensor from row-major scalars, throwing if the shape is invalid or does not match the count.
    public init(validatingShape shape: [Int], scalars: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError("shape \(describe(shape)) has a negative dimension")
        }
        let count = shape.reduce(1, *)
        guard count == scalars.count else {
            throw TensorError("shape \(describe(shape)) needs \(count) scalars, got \(scalars.count)")
        }
        self.init(shape: shape, buffer: TensorBuffer(copying: scalars))
    }

    /// Creates a one-dimensional tensor.
    public init(_ scalars: [Float]) {
        self.init(shape: [scalars.count], buffer: TensorBuffer(copying: scalars))
    }

    /// Creates a rank-0 (scalar) tensor.
    public init(_ scalar: Float) {
        self.init(shape: [], buffer: TensorBuffer(repeating: scalar, count: 1))
    }

    /// Creates a tensor of the given shape whose scalars are written by `initializer`, which receives an
    /// uninitialised buffer of `shape.reduce(1, *)` elements and must write every one of them.
    public init(shape: [Int], unsafeUninitializedScalars initializer: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(describe(shape))")
        let buffer = TensorBuffer(uninitializedCount: shape.reduce(1, *))
        try initializer(buffer.bufferPointer)
        self.init(shape: shape, buffer: buffer)
    }

    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// The total number of scalars.
    @inlinable public var count: Int { buffer.count }

    /// The scalars in row-major order.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: buffer.pointer, count: buffer.count))
    }

    /// The single scalar of a tensor with exactly one element.
    public var scalar: Float {
        precondition(count == 1, "scalar needs a tensor with one element, got shape \(describe(shape))")
        return buffer.pointer[0]
    }

    /// Reads the scalars without copying them.
    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(buffer.bufferPointer))
    }

    /// Mutates the scalars in place, copying the storage first if another tensor value shares it.
    ///
    /// The tensor keeps its identity for automatic differentiation (a parameter stays the same leaf), but
    /// operations recorded earlier keep seeing the old values, because they hold their own copy.
    public mutating func withUnsafeMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&buffer) {
            buffer = buffer.copy()
        }
        return try body(buffer.bufferPointer)
    }

    /// The scalar at a multi-dimensional index (for tests and small tensors; not for hot loops).
    public subscript(index: Int...) -> Float {
        precondition(index.count == rank, "index \(index) does not match shape \(describe(shape))")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "index \(index) is out of range for shape \(describe(shape))")
            offset = offset * shape[axis] + i
        }
        return buffer.pointer[offset]
    }

    /// A copy of this tensor's values that is detached from any recorded computation.
    public func detached() -> Tensor {
        Tensor(shape: shape, buffer: buffer)
    }
}

extension Tensor: CustomStringConvertible {
    /// A short description: the shape and, for small tensors, the scalars.
    public var description: String {
        if count <= 16 {
            return "Tensor(shape: \(describe(shape)), scalars: \(scalars))"
        }
        return "Tensor(shape: \(describe(shape)), first scalars: \(Array(scalars.prefix(8))) ...)"
    }
}

/// Row-major strides of a shape (in elements).
@inlinable
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = running
        running *= shape[axis]
    }
    return strides
}

/// Normalises a possibly negative axis, trapping with the shape in the message if it is out of range.
@inlinable
func normalizedAxis(_ axis: Int, rank: Int, _ operation: String) -> Int {
    let a = axis < 0 ? axis + rank : axis
    precondition(a >= 0 && a < max(rank, 1), "\(operation): axis \(axis) is out of range for rank \(rank)")
    return a
}
