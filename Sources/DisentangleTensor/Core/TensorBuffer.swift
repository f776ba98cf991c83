#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The contiguous, 64-byte-aligned `Float` storage behind a ``Tensor``.
///
/// A buffer is shared between tensor values until one of them is mutated (copy on write, see
/// ``Tensor/withUnsafeMutableScalars(_:)``).
@usableFromInline
final class TensorBuffer {
    @usableFromInline let count: Int
    @usableFromInline let pointer: UnsafeMutablePointer<Float>

    /// Allocates uninitialised storage for `count` scalars.
    @usableFromInline
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "a tensor cannot have \(count) elements")
        HeapPolicy.applied
        self.count = count
        pointer = _allocateCacheLineAligned(byteCount: max(count, 1) * MemoryLayout<Float>.stride)
            .bindMemory(to: Float.self, capacity: max(count, 1))
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
        _deallocateCacheLineAligned(UnsafeMutableRawPointer(pointer))
    }
}

/// The alignment of tensor storage: one cache line.
private let cacheLine = 64

/// Allocates `byteCount` bytes aligned to a cache line, from plain `malloc`.
///
/// Not `aligned_alloc`/`posix_memalign` (which is what Swift's `allocate(byteCount:alignment:)` uses for
/// alignments above 16): glibc before 2.38 rarely reuses freed memalign blocks, and a training loop that frees and
/// reallocates the same buffers every step grew its heap without bound (a 64×64 deconv VAE at two threads: 14 MB
/// live, 1.3 GB of heap after 40 steps). `malloc` of the same sizes reuses the same blocks. The block's start is
/// stored in the word before the aligned pointer.
private func _allocateCacheLineAligned(byteCount: Int) -> UnsafeMutableRawPointer {
    guard let block = malloc(byteCount + cacheLine) else {
        fatalError("out of memory allocating \(byteCount) bytes of tensor storage")
    }
    // malloc returns 16-byte-aligned blocks, so at least 16 bytes lie between `block` and `aligned`.
    let aligned = UnsafeMutableRawPointer(bitPattern: (Int(bitPattern: block) + cacheLine) & ~(cacheLine - 1))!
    aligned.storeBytes(of: block, toByteOffset: -MemoryLayout<UnsafeMutableRawPointer>.stride, as: UnsafeMutableRawPointer.self)
    return aligned
}

/// Frees storage from ``_allocateCacheLineAligned(byteCount:)``.
private func _deallocateCacheLineAligned(_ aligned: UnsafeMutableRawPointer) {
    free(aligned.load(fromByteOffset: -MemoryLayout<UnsafeMutableRawPointer>.stride, as: UnsafeMutableRawPointer.self))
}
