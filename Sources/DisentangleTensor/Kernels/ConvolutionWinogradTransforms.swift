/// The tile transforms of Winograd's minimal filtering algorithm F(2x2, 3x3) (Lavin & Gray, 2016) and their
/// adjoints, for a stride-1 3x3 cross-correlation.
///
/// Each 2x2 output tile is `Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`, where `d` is the 4x4 input tile above it (tiles step
/// by 2, so neighbouring input tiles overlap by 2) and `g` the 3x3 kernel, with
///
///     Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1],  Aᵀ = [1 1 1 0; 0 1 -1 -1].
///
/// The 16 products per tile (one per transformed position ξ) become 16 matrix products over channels, 2.25x
/// fewer multiplications than direct convolution. Transformed tensors are laid out `[16][channels][tiles]` so that
/// each position's slice is a row-major `channels x tiles` GEMM operand; the transforms read and write rows of
/// tiles as contiguous streams (image rows are first split into even and odd columns), four tiles per SIMD vector.
struct WinogradTiling: Sendable {
    /// The geometry; kernel 3x3, stride 1.
    let geometry: ConvolutionGeometry
    /// Output tile rows: `ceil(outHeight / 2)`.
    let tilesHigh: Int
    /// Output tile columns: `ceil(outWidth / 2)`.
    let tilesWide: Int

    init(_ geometry: ConvolutionGeometry) {
        self.geometry = geometry
        tilesHigh = (geometry.outHeight + 1) / 2
        tilesWide = (geometry.outWidth + 1) / 2
    }

    /// Whether F(2x2, 3x3) computes this convolution and is expected to beat im2col + GEMM: a 3x3 kernel with
    /// unit stride, an output at least 8 wide (so every row holds at least four whole tiles, one vector), and at
    /// least 16 input channels. Measured single-threaded on Zen 3, forward + backward, batch 64: 1.9-2x faster
    /// at 64->64, 64->16, 64->8 and 64->1 channels, 1.4-1.6x at 16->16 and 32->32, break-even at 16->64, and
    /// 0.7-0.85x slower below 16 input channels, where the GEMMs over input channels are too shallow.
    static func applies(to g: ConvolutionGeometry) -> Bool {
        return g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideHeight == 1 && g.strideWidth == 1
            && g.inChannels >= 16 && g.outWidth >= 8
    }

    /// Length of a row split into even or odd (zero-padded) columns: one more than `tilesWide`.
    var halfWidth: Int { tilesWide + 1 }
    /// Rows of the zero-padded input the tiles cover: `2 * tilesHigh + 2`.
    var coveredRows: Int { 2 * tilesHigh + 2 }

    // MARK: Weights

    /// `U[ξ][co][ci] = (G g Gᵀ)[ξ]` for the weight `[C_out, C_in, 3, 3]`.
    func transformWeights(_ weight: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>) {
        let count = geometry.outChannels * geometry.inChannels
        for index in 0..<count {
            let g = weight + 9 * index
            let top = SIMD3(g[0], g[1], g[2])
            let middle = SIMD3(g[3], g[4], g[5])
            let bottom = SIMD3(g[6], g[7], g[8])
            // The rows of G g, then each row times Gᵀ.
            let rows = [top, 0.5 * (top + middle + bottom), 0.5 * (top - middle + bottom), bottom]
            for (i, r) in rows.enumerated() {
                u[(4 * i + 0) * count + index] = r.x
                u[(4 * i + 1) * count + index] = 0.5 * (r.x + r.y + r.z)
                u[(4 * i + 2) * count + index] = 0.5 * (r.x - r.y + r.z)
                u[(4 * i + 3) * count + index] = r.z
            }
        }
    }

    /// The weight gradient `[C_out, C_in, 3, 3]` from the gradient of the transformed weights: `Gᵀ dU G`, the
    /// adjoint of ``transformWeights(_:into:)``.
    func weightGradient(fromTransformed du: UnsafePointer<Float>, into gradWeight: UnsafeMutablePointer<Float>) {
        let count = geometry.outChannels * geometry.inChannels
        for index in 0..<count {
            @inline(__always) func row(_ i: Int) -> SIMD4<Float> {
                SIMD4(du[(4 * i) * count + index], du[(4 * i + 1) * count + index],
                      du[(4 * i + 2) * count + index], du[(4 * i + 3) * count + index])
            }
            let (u0, u1, u2, u3) = (row(0), row(1), row(2), row(3))
            // The rows of Gᵀ dU, then each row times G.
            let rows = [u0 + 0.5 * (u1 + u2), 0.5 * (u1 - u2), 0.5 * (u1 + u2) + u3]
            let g = gradWeight + 9 * index
            for (i, r) in rows.enumerated() {
                g[3 * i] = r.x + 0.5 * (r.y + r.z)
                g[3 * i + 1] = 0.5 * (r.y - r.z)
                g[3 * i + 2] = 0.5 * (r.y + r.z) + r.w
            }
        }
    }

    // MARK: Input

    /// Scratch scalars ``transformInput(image:tileRows:into:scratch:)`` needs for blocks of up to `tileRows` rows.
    func inputScratchCount(tileRows: Int) -> Int { (2 * tileRows + 2) * (2 * halfWidth + 4 * tilesWide) }

    /// `V[ξ][c][t] = (Bᵀ d B)[ξ]` for the tiles of output tile rows `tileRows` of one image, `t` counting tiles
    /// row-major from the block's first tile.
    func transformInput(
        image: UnsafePointer<Float>, tileRows: Range<Int>, into v: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        let tiles = tileRows.count * tilesWide
        let rows = 2 * tileRows.count + 2
        let even = scratch
        let odd = scratch + rows * halfWidth
        // h[k][j]: column j of d B for every tile, for covered row k.
        let h = scratch + 2 * rows * halfWidth
        for c in 0..<g.inChannels {
            let plane = image + c * g.inPlane
            for k in 0..<rows {
                let e = even + k * halfWidth
                let o = odd + k * halfWidth
                splitPaddedRow(plane, row: 2 * tileRows.lowerBound + k - g.paddingHeight, even: e, odd: o)
                let h0 = h + 4 * k * tilesWide
                let (h1, h2, h3) = (h0 + tilesWide, h0 + 2 * tilesWide, h0 + 3 * tilesWide)
                forEachVector(tilesWide) { t in
                    let (e0, o0, e1, o1) = (load(e + t), load(o + t), load(e + t + 1), load(o + t + 1))
                    store(e0 - e1, h0 + t)
                    store(o0 + e1, h1 + t)
                    store(e1 - o0, h2 + t)
                    store(o0 - o1, h3 + t)
                }
            }
            for ly in 0..<tileRows.count {
                let base = c * tiles + ly * tilesWide
                for j in 0..<4 {
                    let r0 = h + (4 * (2 * ly) + j) * tilesWide
                    let (r1, r2, r3) = (r0 + 4 * tilesWide, r0 + 8 * tilesWide, r0 + 12 * tilesWide)
                    let v0 = v + j * g.inChannels * tiles + base
                    let (v1, v2, v3) = (v0 + 4 * g.inChannels * tiles, v0 + 8 * g.inChannels * tiles, v0 + 12 * g.inChannels * tiles)
                    forEachVector(tilesWide) { t in
                        let (a, b, c, d) = (load(r0 + t), load(r1 + t), load(r2 + t), load(r3 + t))
                        store(a - c, v0 + t)
                        store(b + c, v1 + t)
                        store(c - b, v2 + t)
                        store(b - d, v3 + t)
                    }
                }
            }
        }
    }

    /// Splits row `row` of an input plane (zero if it lies in the padding) into its even and odd padded columns:
    /// `even[t]` is padded column `2t`, `odd[t]` padded column `2t + 1`, for `t < halfWidth`.
    @inline(__always)
    private func splitPaddedRow(
        _ plane: UnsafePointer<Float>, row: Int, even: UnsafeMutablePointer<Float>, odd: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        even.update(repeating: 0, count: halfWidth)
        odd.update(repeating: 0, count: halfWidth)
        guard row >= 0, row < g.inHeight else { return }
        // Input column 2i lands on padded column 2i + padding, 2i + 1 on the next one.
        let p = g.paddingWidth
        let fromEven = p % 2 == 0 ? even + p / 2 : odd + p / 2
        let fromOdd = p % 2 == 0 ? odd + p / 2 : even + (p + 1) / 2
        _deinterleave(plane + row * g.inWidth, count: g.inWidth, even: fromEven, odd: fromOdd)
    }

    // MARK: Output

    /// Writes the output tiles `Aᵀ M A` (plus `bias` per channel) of output tile rows `tileRows` of one image from
    /// `M[ξ][co][t]`.
    func transformOutput(
        _ m: UnsafePointer<Float>, tileRows: Range<Int>, bias: UnsafePointer<Float>?,
        into image: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        let tiles = tileRows.count * tilesWide
        let stride = g.outChannels * tiles
        let fullTiles = g.outWidth / 2
        for co in 0..<g.outChannels {
            let b = bias?[co] ?? 0
            let plane = image + co * g.outPlane
            for ly in 0..<tileRows.count {
                let oh = 2 * (tileRows.lowerBound + ly)
                let top = plane + oh * g.outWidth
                let bottom = oh + 1 < g.outHeight ? top + g.outWidth : nil
                let p = m + co * tiles + ly * tilesWide
                // The four outputs of tiles t..<t+4 (lanes), each a sum over the 16 transformed products.
                @inline(__always) func outputs(_ t: Int) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
                    @inline(__always) func row(_ i: Int) -> (SIMD4<Float>, SIMD4<Float>) {
                        let (m0, m1) = (load(p + (4 * i) * stride + t), load(p + (4 * i + 1) * stride + t))
                        let (m2, m3) = (load(p + (4 * i + 2) * stride + t), load(p + (4 * i + 3) * stride + t))
                        return (m0 + m1 + m2, m1 - m2 - m3)
                    }
                    let (r00, r01) = row(0)
                    let (r10, r11) = row(1)
                    let (r20, r21) = row(2)
                    let (r30, r31) = row(3)
                    let bias = SIMD4<Float>(repeating: b)
                    return (r00 + r10 + r20 + bias, r01 + r11 + r21 + bias, r10 - r20 - r30 + bias, r11 - r21 - r31 + bias)
                }
                forEachVector(fullTiles) { t in
                    let (y00, y01, y10, y11) = outputs(t)
                    storeInterleaved(y00, y01, top + 2 * t)
                    if let bottom { storeInterleaved(y10, y11, bottom + 2 * t) }
                }
                if fullTiles < tilesWide {
                    // The last tile of an odd-width output has one column; compute it with the last vector.
                    let (y00, _, y10, _) = outputs(tilesWide - 4)
                    top[2 * fullTiles] = y00[3]
                    bottom?[2 * fullTiles] = y10[3]
                }
            }
        }
    }

    // MARK: Gradients

    /// Scratch scalars ``transformOutputGradient(image:tileRows:into:scratch:)`` needs.
    var outputGradientScratchCount: Int { 4 * tilesWide }

    /// `dM[ξ][co][t] = (A dY Aᵀ)[ξ]` for the output-gradient tiles of output tile rows `tileRows` of one image:
    /// the adjoint of ``transformOutput(_:tileRows:bias:into:)``.
    func transformOutputGradient(
        image: UnsafePointer<Float>, tileRows: Range<Int>, into dm: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        let tiles = tileRows.count * tilesWide
        let stride = g.outChannels * tiles
        let (e0, o0, e1, o1) = (scratch, scratch + tilesWide, scratch + 2 * tilesWide, scratch + 3 * tilesWide)
        for co in 0..<g.outChannels {
            let plane = image + co * g.outPlane
            for ly in 0..<tileRows.count {
                let oh = 2 * (tileRows.lowerBound + ly)
                scratch.update(repeating: 0, count: 4 * tilesWide)
                _deinterleave(plane + oh * g.outWidth, count: g.outWidth, even: e0, odd: o0)
                if oh + 1 < g.outHeight {
                    _deinterleave(plane + (oh + 1) * g.outWidth, count: g.outWidth, even: e1, odd: o1)
                }
                let p = dm + co * tiles + ly * tilesWide
                forEachVector(tilesWide) { t in
                    let (y00, y01, y10, y11) = (load(e0 + t), load(o0 + t), load(e1 + t), load(o1 + t))
                    // Row i of A dY (4 x 2), times Aᵀ.
                    @inline(__always) func emit(_ i: Int, _ a: SIMD4<Float>, _ b: SIMD4<Float>) {
                        store(a, p + (4 * i) * stride + t)
                        store(a + b, p + (4 * i + 1) * stride + t)
                        store(a - b, p + (4 * i + 2) * stride + t)
                        store(-b, p + (4 * i + 3) * stride + t)
                    }
                    emit(0, y00, y01)
                    emit(1, y00 + y10, y01 + y11)
                    emit(2, y00 - y10, y01 - y11)
                    emit(3, -y10, -y11)
                }
            }
        }
    }

    /// Scalars of the per-image input-gradient accumulator: even and odd padded columns of every covered row of
    /// every input channel.
    var inputGradientAccumulatorCount: Int { geometry.inChannels * coveredRows * 2 * halfWidth }

    /// Scratch scalars ``accumulateInputGradient(_:tileRows:into:scratch:)`` needs.
    var inputGradientScratchCount: Int { 16 * tilesWide }

    /// Adds `B dV Bᵀ` for the tiles of output tile rows `tileRows` (from `dV[ξ][c][t]`) into the accumulator of
    /// one image (the adjoint of ``transformInput(image:tileRows:into:scratch:)``); overlapping tiles add up.
    func accumulateInputGradient(
        _ dv: UnsafePointer<Float>, tileRows: Range<Int>, into accumulator: UnsafeMutablePointer<Float>,
        scratch w: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        let tiles = tileRows.count * tilesWide
        let stride = g.inChannels * tiles
        for c in 0..<g.inChannels {
            let channel = accumulator + c * coveredRows * 2 * halfWidth
            for ly in 0..<tileRows.count {
                let p = dv + c * tiles + ly * tilesWide
                // w[4k + j]: entry (k, j) of the 4x4 input-tile gradient B dV Bᵀ, for every tile of this row.
                forEachVector(tilesWide) { t in
                    @inline(__always) func column(_ j: Int) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
                        let (v0, v1) = (load(p + j * stride + t), load(p + (4 + j) * stride + t))
                        let (v2, v3) = (load(p + (8 + j) * stride + t), load(p + (12 + j) * stride + t))
                        return (v0, v1 - v2 + v3, v1 + v2 - v0, -v3)  // B times column j of dV
                    }
                    // Row k of B dV, times Bᵀ.
                    @inline(__always) func emit(_ k: Int, _ u0: SIMD4<Float>, _ u1: SIMD4<Float>, _ u2: SIMD4<Float>, _ u3: SIMD4<Float>) {
                        store(u0, w + (4 * k) * tilesWide + t)
                        store(u1 - u2 + u3, w + (4 * k + 1) * tilesWide + t)
                        store(u1 + u2 - u0, w + (4 * k + 2) * tilesWide + t)
                        store(-u3, w + (4 * k + 3) * tilesWide + t)
                    }
                    let (b00, b10, b20, b30) = column(0)
                    let (b01, b11, b21, b31) = column(1)
                    let (b02, b12, b22, b32) = column(2)
                    let (b03, b13, b23, b33) = column(3)
                    emit(0, b00, b01, b02, b03)
                    emit(1, b10, b11, b12, b13)
                    emit(2, b20, b21, b22, b23)
                    emit(3, b30, b31, b32, b33)
                }
                for k in 0..<4 {
                    let even = channel + (2 * (tileRows.lowerBound + ly) + k) * 2 * halfWidth
                    let wk = w + 4 * k * tilesWide
                    // Padded column 2t gets entry (k, 0) of tile t and (k, 2) of tile t - 1; 2t + 1 gets (k, 1) and (k, 3).
                    addOverlapping(first: wk, second: wk + 2 * tilesWide, into: even)
                    addOverlapping(first: wk + tilesWide, second: wk + 3 * tilesWide, into: even + halfWidth)
                }
            }
        }
    }

    /// `destination[t] += first[t] + second[t - 1]` for `t` in `0...tilesWide` (terms outside `0..<tilesWide`
    /// are zero).
    @inline(__always)
    private func addOverlapping(
        first: UnsafePointer<Float>, second: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>
    ) {
        destination[0] += first[0]
        var t = 1
        while t + 4 <= tilesWide {
            store(load(destination + t) + load(first + t) + load(second + t - 1), destination + t)
            t += 4
        }
        while t < tilesWide {
            destination[t] += first[t] + second[t - 1]
            t += 1
        }
        destination[tilesWide] += second[tilesWide - 1]
    }

    /// Writes one image's input gradient from its accumulator, cropping the padding; each channel starts from
    /// `bias[c]` if given, else zero.
    func finishInputGradient(
        _ accumulator: UnsafePointer<Float>, bias: UnsafePointer<Float>?, into image: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        let p = g.paddingWidth
        for c in 0..<g.inChannels {
            let b = bias?[c] ?? 0
            let channel = accumulator + c * coveredRows * 2 * halfWidth
            for ih in 0..<g.inHeight {
                // The covered rows and columns (2 * tiles + 2) include the whole padded input.
                let even = channel + (ih + g.paddingHeight) * 2 * halfWidth
                let odd = even + halfWidth
                // Input column 2i is padded column 2i + padding, 2i + 1 the next one.
                let first = p % 2 == 0 ? even + p / 2 : odd + p / 2
                let second = p % 2 == 0 ? odd + p / 2 : even + (p + 1) / 2
                _interleave(
                    even: first, odd: second, count: g.inWidth, adding: b, into: image + c * g.inPlane + ih * g.inWidth)
            }
        }
    }
}

// MARK: Vector helpers

@inline(__always)
private func load(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> { _loadFloat4(pointer) }

@inline(__always)
private func store(_ value: SIMD4<Float>, _ pointer: UnsafeMutablePointer<Float>) { _storeFloat4(value, pointer) }

/// Stores `a[0], b[0], a[1], b[1], ..., a[3], b[3]`.
@inline(__always)
private func storeInterleaved(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    store(SIMD4(a[0], b[0], a[1], b[1]), pointer)
    store(SIMD4(a[2], b[2], a[3], b[3]), pointer + 4)
}

/// Calls `body(t)` for vector starts `t = 0, 4, 8, ...` covering `0..<count` (`count >= 4`), moving the last start
/// back to `count - 4` so every vector is whole. Only for bodies that compute each lane from inputs they do not
/// write (recomputing a lane is harmless).
@inline(__always)
private func forEachVector(_ count: Int, _ body: (Int) -> Void) {
    var t = 0
    while t + 4 <= count {
        body(t)
        t += 4
    }
    if t < count {
        body(count - 4)
    }
}
