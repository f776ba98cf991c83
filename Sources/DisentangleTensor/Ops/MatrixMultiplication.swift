extension Tensor {
    /// Matrix product over the last two axes, through `cblas_sgemm`.
    ///
    /// Shapes: `[m, k] x [k, n] -> [m, n]`; `[..., m, k] x [k, n] -> [..., m, n]` (the right matrix is shared
    /// by every leading index); `[b..., m, k] x [b..., k, n] -> [b..., m, n]` (batched, equal leading dimensions).
    /// With `transposingOther`, the right operand's last two axes are read transposed in place (`[n, k]` gives the
    /// same product as its transposed copy `[k, n]`, without the copy): a linear layer's `x Wᵀ`.
    public func matmul(_ other: Tensor, transposingOther tb: Bool = false) -> Tensor {
        let a = self
        let b = other
        let value = Tensor.matmulValue(a, transposed: false, b, transposed: tb)
        let av = a.detached()
        let bv = b.detached()
        return Tensor.makeResult(shape: value.shape, buffer: value.buffer, inputs: [a, b]) { g, needs in
            var ga: Tensor? = nil
            var gb: Tensor? = nil
            if needs[0] {
                // dA = G op(B)ᵀ
                ga = Tensor.matmulValue(g, transposed: false, bv, transposed: !tb)
            }
            if needs[1] {
                // dB = Aᵀ G, or (Aᵀ G)ᵀ = Gᵀ A when B is read transposed; a B shared across the leading indices
                // folds them into the contraction (dB = Σ Aᵢᵀ Gᵢ).
                let folded = bv.rank == 2 && av.rank > 2
                let left = folded ? av.reshaped([-1, av.shape[av.rank - 1]]) : av
                let upstream = folded ? g.reshaped([-1, g.shape[g.rank - 1]]) : g
                gb = tb
                    ? Tensor.matmulValue(upstream, transposed: true, left, transposed: false)
                    : Tensor.matmulValue(left, transposed: true, upstream, transposed: false)
            }
            return [ga, gb]
        }
    }

    /// `op(a) x op(b)` without recording gradients, where `op` optionally transposes the last two axes (read
    /// in place, no copy). `a` and `b` are both rank 2, or `b` is rank 2 and shared, or both have the same
    /// leading dimensions.
    static func matmulValue(_ a: Tensor, transposed ta: Bool, _ b: Tensor, transposed tb: Bool) -> Tensor {
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs rank >= 2 operands, got \(describe(a.shape)) and \(describe(b.shape))")
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = ta ? (ac, ar) : (ar, ac)
        let (k2, n) = tb ? (bc, br) : (br, bc)
        precondition(
            k == k2,
            "matmul: inner dimensions differ: \(describe(a.shape))\(ta ? "ᵀ" : "") x \(describe(b.shape))\(tb ? "ᵀ" : "")")
        let aBatch = Array(a.shape.dropLast(2))
        let bBatch = Array(b.shape.dropLast(2))
        let sharedRight = b.rank == 2
        precondition(
            sharedRight || aBatch == bBatch,
            "matmul: batch dimensions differ: \(describe(a.shape)) x \(describe(b.shape))")
        let batch = aBatch.reduce(1, *)
        let shape = aBatch + [m, n]
        let out = TensorBuffer(uninitializedCount: shape.reduce(1, *))
        if sharedRight && !ta {
            // Fold the leading indices into the rows: one large GEMM.
            _sgemm(
                transposeA: false, transposeB: tb, m: batch * m, n: n, k: k, alpha: 1,
                a: a.buffer.pointer, lda: ac, b: b.buffer.pointer, ldb: bc, beta: 0, c: out.pointer, ldc: n)
        } else {
            for i in 0..<batch {
                _sgemm(
                    transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 1,
                    a: a.buffer.pointer + i * ar * ac, lda: ac,
                    b: b.buffer.pointer + (sharedRight ? 0 : i * br * bc), ldb: bc,
                    beta: 0, c: out.pointer + i * m * n, ldc: n)
            }
        }
        return Tensor(shape: shape, buffer: out)
    }
}
