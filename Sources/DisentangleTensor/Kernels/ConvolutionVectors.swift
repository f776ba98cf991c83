/// Small SIMD building blocks shared by the convolution kernels: unaligned 4-lane loads and stores, copies and
/// additions of short rows, and splitting rows into (or merging them from) even and odd columns.
///
/// They are inlined into the loops that use them, so a row of a few dozen scalars pays no call overhead.

/// Four consecutive scalars, unaligned.
@inline(__always)
func _loadFloat4(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
}

/// Stores four consecutive scalars, unaligned.
@inline(__always)
func _storeFloat4(_ value: SIMD4<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Float>.self)
}

/// `destination[i] = source[i]` for `i < count`.
@inline(__always)
func _copyFloats(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i &+ 4 <= count {
        _storeFloat4(_loadFloat4(source + i), destination + i)
        i &+= 4
    }
    while i < count {
        destination[i] = source[i]
        i &+= 1
    }
}

/// `destination[i] += source[i]` for `i < count`.
@inline(__always)
func _addFloats(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i &+ 4 <= count {
        _storeFloat4(_loadFloat4(destination + i) + _loadFloat4(source + i), destination + i)
        i &+= 4
    }
    while i < count {
        destination[i] += source[i]
        i &+= 1
    }
}

/// `even[i] = source[2i]` and `odd[i] = source[2i + 1]` for the `count` scalars of `source` (the last `odd` is
/// left alone when `count` is odd).
@inline(__always)
func _deinterleave(
    _ source: UnsafePointer<Float>, count: Int, even: UnsafeMutablePointer<Float>, odd: UnsafeMutablePointer<Float>
) {
    let pairs = count / 2
    var i = 0
    while i &+ 4 <= pairs {
        let (a, b) = (_loadFloat4(source + 2 &* i), _loadFloat4(source + (2 &* i &+ 4)))
        _storeFloat4(SIMD4(a[0], a[2], b[0], b[2]), even + i)
        _storeFloat4(SIMD4(a[1], a[3], b[1], b[3]), odd + i)
        i &+= 4
    }
    while i < pairs {
        even[i] = source[2 &* i]
        odd[i] = source[2 &* i &+ 1]
        i &+= 1
    }
    if count % 2 == 1 {
        even[pairs] = source[2 &* pairs]
    }
}

/// `destination[2i] = even[i] + offset` and `destination[2i + 1] = odd[i] + offset` for the `count` scalars of
/// `destination`: the inverse of ``_deinterleave(_:count:even:odd:)``, plus a constant.
@inline(__always)
func _interleave(
    even: UnsafePointer<Float>, odd: UnsafePointer<Float>, count: Int, adding offset: Float,
    into destination: UnsafeMutablePointer<Float>
) {
    let pairs = count / 2
    let shift = SIMD4<Float>(repeating: offset)
    var i = 0
    while i &+ 4 <= pairs {
        let (a, b) = (_loadFloat4(even + i) + shift, _loadFloat4(odd + i) + shift)
        _storeFloat4(SIMD4(a[0], b[0], a[1], b[1]), destination + 2 &* i)
        _storeFloat4(SIMD4(a[2], b[2], a[3], b[3]), destination + (2 &* i &+ 4))
        i &+= 4
    }
    while i < pairs {
        destination[2 &* i] = even[i] + offset
        destination[2 &* i &+ 1] = odd[i] + offset
        i &+= 1
    }
    if count % 2 == 1 {
        destination[2 &* pairs] = even[pairs] + offset
    }
}
