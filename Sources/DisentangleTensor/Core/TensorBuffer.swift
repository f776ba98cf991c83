/// The contiguous, 64-byte-aligned `Float` storage behind a ``Tensor``.
///
/// A buffer is shared between tensor values until one of them is mutated (copy on write, see
/// ``Tensor/withUnsafeMutableScalars(_:)``).
@usableFromInline
final class TensorBuffer: @unchecked Sendable {
    @usableFromInline let count: Int
    @usableFromInline let pointer: UnsafeMutablePointer<Float>

    /// Allocates uninitialised storage for `count` scalars.
    @usableFromInline
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "a tensor cannot have \(count) elements")
        HeapPolicy.applied
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Allocates storage for `count` scalars, all equal to `value`.
    @usableFromInline
    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    /// Copies `scalars` into new storage.
    @usableFromInline
    convenience init<C: Collection>(copying scalars: C) where C.Element == Float {
        self.init(uninitializedCount: scalars.count)
        var i = 0
        for s in scalars {
            pointer[i] = s
            i += 1
        }
    }

    /// A copy of this buffer.
    @usableFromInline
    func copy() -> TensorBuffer {
        let result = TensorBuffer(uninitializedCount: count)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    @usableFromInline
    var bufferPointer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }

    deinit {
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}
