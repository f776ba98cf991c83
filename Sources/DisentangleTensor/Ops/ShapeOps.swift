extension Tensor {
    /// The same scalars with a new shape of equal element count; one dimension may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "reshape: cannot infer -1 in \(describe(newShape)) from \(describe(shape))")
            target[inferred] = count / known
        }
        precondition(
            target.allSatisfy { $0 >= 0 } && target.reduce(1, *) == count,
            "reshape: shape \(describe(shape)) (\(count) elements) cannot become \(describe(newShape))")
        if target == shape { return self }
        let original = shape
        return Tensor.makeResult(shape: target, buffer: buffer, inputs: [self]) { g, _ in [g.reshaped(original)] }
    }

    /// Collapses dimensions `startAxis...endAxis` into one.
    public func flattened(startAxis: Int = 0, endAxis: Int = -1) -> Tensor {
        guard rank > 0 else { return reshaped([1]) }
        let s = normalizedAxis(startAxis, rank: rank, "flattened")
        let e = normalizedAxis(endAxis, rank: rank, "flattened")
        precondition(s <= e, "flattened: start axis \(startAxis) is after end axis \(endAxis)")
        let middle = shape[s...e].reduce(1, *)
        return reshaped(Array(shape[..<s]) + [middle] + Array(shape[(e + 1)...]))
    }

    /// Removes the given size-1 axes, or every size-1 axis if none are given.
    public func squeezed(axes: [Int]? = nil) -> Tensor {
        let remove: Set<Int>
        if let axes {
            remove = Set(axes.map { normalizedAxis($0, rank: rank, "squeezed") })
            for a in remove {
                precondition(shape[a] == 1, "squeezed: axis \(a) of shape \(describe(shape)) has size \(shape[a])")
            }
        } else {
            remove = Set(shape.indices.filter { shape[$0] == 1 })
        }
        return reshaped(shape.indices.filter { !remove.contains($0) }.map { shape[$0] })
    }

    /// Inserts a size-1 axis at `axis` (in `-(rank+1)...rank`).
    public func unsqueezed(axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        precondition(a >= 0 && a <= rank, "unsqueezed: axis \(axis) is out of range for rank \(rank)")
        var s = shape
        s.insert(1, at: a)
        return reshaped(s)
    }

    /// Broadcasts to `target` (NumPy rules), copying; the gradient sums over the broadcast dimensions.
    public func expanded(to target: [Int]) -> Tensor {
        guard broadcastShape(shape, target) == target else {
            preconditionFailure("expanded: shape \(describe(shape)) cannot broadcast to \(describe(target))")
        }
        if target == shape { return self }
        let out = TensorBuffer(uninitializedCount: target.reduce(1, *))
        let zero = Tensor(0)
        broadcastBinaryLoop(self, zero, shape: target, out: out.pointer, FirstOperand.self)
        let original = shape
        return Tensor.makeResult(shape: target, buffer: out, inputs: [self]) { g, _ in [g.reducedToShape(original)] }
    }

    /// Reorders the axes: result axis `i` is input axis `permutation[i]`.
    public func permuted(_ permutation: [Int]) -> Tensor {
        precondition(
            permutation.count == rank && Set(permutation) == Set(0..<rank),
            "permuted: \(permutation) is not a permutation of the axes of shape \(describe(shape))")
        if permutation == Array(0..<rank) { return self }
        let newShape = permutation.map { shape[$0] }
        let inStrides = contiguousStrides(shape)
        let stridesInNewOrder = permutation.map { inStrides[$0] }
        let out = TensorBuffer(uninitializedCount: count)
        if count > 0 {
            let src = buffer.pointer
            let dst = out.pointer
            let r = rank
            let inner = newShape[r - 1]
            let innerStride = stridesInNewOrder[r - 1]
            var index = [Int](repeating: 0, count: r)
            var offset = 0
            var o = 0
            for _ in 0..<(count / Swift.max(inner, 1)) {
                var k = offset
                for j in 0..<inner {
                    dst[o + j] = src[k]
                    k += innerStride
                }
                o += inner
                var axis = r - 2
                while axis >= 0 {
                    index[axis] += 1
                    offset += stridesInNewOrder[axis]
                    if index[axis] < newShape[axis] { break }
                    offset -= stridesInNewOrder[axis] * newShape[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return Tensor.makeResult(shape: newShape, buffer: out, inputs: [self]) { g, _ in [g.permuted(inverse)] }
    }

    /// Swaps two axes (by default the last two).
    public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) -> Tensor {
        let a = normalizedAxis(axis0, rank: rank, "transposed")
        let b = normalizedAxis(axis1, rank: rank, "transposed")
        var p = Array(0..<rank)
        p.swapAt(a, b)
        return permuted(p)
    }

    /// Joins tensors along an existing axis; all other dimensions must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate needs at least one tensor")
        let first = tensors[0]
        let axis = normalizedAxis(axis, rank: first.rank, "concatenate")
        for t in tensors {
            var a = t.shape
            var b = first.shape
            precondition(a.count == b.count, "concatenate: shapes \(describe(first.shape)) and \(describe(t.shape)) differ in rank")
            a[axis] = 0
            b[axis] = 0
            precondition(a == b, "concatenate: shapes \(describe(first.shape)) and \(describe(t.shape)) differ off axis \(axis)")
        }
        var newShape = first.shape
        newShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        let out = TensorBuffer(uninitializedCount: newShape.reduce(1, *))
        let rowLength = newShape[axis] * inner
        var offset = 0
        for t in tensors {
            let chunk = t.shape[axis] * inner
            for o in 0..<outer {
                (out.pointer + o * rowLength + offset).update(from: t.buffer.pointer + o * chunk, count: chunk)
            }
            offset += chunk
        }
        let sizes = tensors.map { $0.shape[axis] }
        return makeResult(shape: newShape, buffer: out, inputs: tensors) { g, needs in
            var start = 0
            var result: [Tensor?] = []
            for (i, size) in sizes.enumerated() {
                result.append(needs[i] ? g.narrowed(alongAxis: axis, start: start, length: size) : nil)
                start += size
            }
            return result
        }
    }

    /// Stacks equally shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "stack needs at least one tensor")
        for t in tensors {
            precondition(t.shape == tensors[0].shape, "stack: shapes \(describe(tensors[0].shape)) and \(describe(t.shape)) differ")
        }
        return concatenate(tensors.map { $0.unsqueezed(axis: axis) }, alongAxis: axis)
    }

    /// The elements `start..<start+length` along `axis` (a copy).
    public func narrowed(alongAxis axis: Int, start: Int, length: Int) -> Tensor {
        let axis = normalizedAxis(axis, rank: rank, "narrowed")
        precondition(
            start >= 0 && length >= 0 && start + length <= shape[axis],
            "narrowed: range \(start)..<\(start + length) is outside axis \(axis) of shape \(describe(shape))")
        if start == 0 && length == shape[axis] { return self }
        let (outer, size, inner) = splitAround(axis)
        var newShape = shape
        newShape[axis] = length
        let out = TensorBuffer(uninitializedCount: outer * length * inner)
        for o in 0..<outer {
            (out.pointer + o * length * inner).update(
                from: buffer.pointer + (o * size + start) * inner, count: length * inner)
        }
        let original = shape
        return Tensor.makeResult(shape: newShape, buffer: out, inputs: [self]) { g, _ in
            let full = TensorBuffer(repeating: 0, count: original.reduce(1, *))
            for o in 0..<outer {
                (full.pointer + (o * size + start) * inner).update(from: g.buffer.pointer + o * length * inner, count: length * inner)
            }
            return [Tensor(shape: original, buffer: full)]
        }
    }

    /// Splits along `axis` into pieces of the given sizes (which must add up to the axis length).
    public func split(sizes: [Int], alongAxis axis: Int = 0) -> [Tensor] {
        let a = normalizedAxis(axis, rank: rank, "split")
        precondition(sizes.reduce(0, +) == shape[a], "split: sizes \(sizes) do not add up to axis \(a) of shape \(describe(shape))")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return narrowed(alongAxis: a, start: start, length: size)
        }
    }

    /// Splits along `axis` into `count` pieces as equal as possible (the first pieces get the remainder,
    /// as in `numpy.array_split`).
    public func chunked(into count: Int, alongAxis axis: Int = 0) -> [Tensor] {
        let a = normalizedAxis(axis, rank: rank, "chunked")
        precondition(count > 0, "chunked: count must be positive, got \(count)")
        let n = shape[a]
        let sizes = (0..<count).map { n / count + ($0 < n % count ? 1 : 0) }
        return split(sizes: sizes, alongAxis: a)
    }

    /// The slices at `indices` along `axis` (indices may repeat; gradients of repeats accumulate).
    public func indexSelected(alongAxis axis: Int, indices: [Int]) -> Tensor {
        let axis = normalizedAxis(axis, rank: rank, "indexSelected")
        let (outer, size, inner) = splitAround(axis)
        for i in indices {
            precondition(i >= 0 && i < size, "indexSelected: index \(i) is out of range for axis \(axis) of shape \(describe(shape))")
        }
        var newShape = shape
        newShape[axis] = indices.count
        let out = TensorBuffer(uninitializedCount: outer * indices.count * inner)
        for o in 0..<outer {
            for (j, i) in indices.enumerated() {
                (out.pointer + (o * indices.count + j) * inner).update(from: buffer.pointer + (o * size + i) * inner, count: inner)
            }
        }
        let original = shape
        return Tensor.makeResult(shape: newShape, buffer: out, inputs: [self]) { g, _ in
            let full = TensorBuffer(repeating: 0, count: original.reduce(1, *))
            for o in 0..<outer {
                for (j, i) in indices.enumerated() {
                    let dst = full.pointer + (o * size + i) * inner
                    let src = g.buffer.pointer + (o * indices.count + j) * inner
                    for k in 0..<inner { dst[k] += src[k] }
                }
            }
            return [Tensor(shape: original, buffer: full)]
        }
    }

    /// Picks one element per row along `axis`: `result[..., 0, ...] = self[..., indices[...], ...]`
    /// (PyTorch's `gather` with a size-1 index along `axis`). `indices` has one entry per position of the
    /// other axes, in row-major order.
    public func gathered(alongAxis axis: Int, indices: [Int]) -> Tensor {
        let axis = normalizedAxis(axis, rank: rank, "gathered")
        let (outer, size, inner) = splitAround(axis)
        precondition(indices.count == outer * inner, "gathered: \(indices.count) indices for \(outer * inner) positions of shape \(describe(shape))")
        for i in indices {
            precondition(i >= 0 && i < size, "gathered: index \(i) is out of range for axis \(axis) of shape \(describe(shape))")
        }
        var newShape = shape
        newShape[axis] = 1
        let out = TensorBuffer(uninitializedCount: outer * inner)
        for o in 0..<outer {
            for k in 0..<inner {
                out.pointer[o * inner + k] = buffer.pointer[(o * size + indices[o * inner + k]) * inner + k]
            }
        }
        let original = shape
        return Tensor.makeResult(shape: newShape, buffer: out, inputs: [self]) { g, _ in
            let full = TensorBuffer(repeating: 0, count: original.reduce(1, *))
            for o in 0..<outer {
                for k in 0..<inner {
                    full.pointer[(o * size + indices[o * inner + k]) * inner + k] += g.buffer.pointer[o * inner + k]
                }
            }
            return [Tensor(shape: original, buffer: full)]
        }
    }
}
