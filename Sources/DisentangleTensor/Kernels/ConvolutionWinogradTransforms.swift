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
/// tiles as contiguous streams (image rows are first split into even and odd columns), which the compiler
/// vectorises.
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
    /// unit stride and enough channels on both sides for the 16 per-position GEMMs to be efficient.
    static func applies(to g: ConvolutionGeometry) -> Bool {
        g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideHeight == 1 && g.strideWidth == 1
            && g.inChannels >= 16 && g.outChannels >= 16
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
            func row(_ i: Int) -> SIMD4<Float> {
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

    /// Scratch scalars ``transformInput(image:tileRows:into:scratch:)`` needs.
    var inputScratchCount: Int { (coveredRows) * 6 * halfWidth }

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
        // h[j]: the row transform (d B) column j of every tile, per covered row.
        let h = scratch + 2 * rows * halfWidth
        for c in 0..<g.inChannels {
            let plane = image + c * g.inPlane
            for k in 0..<rows {
                splitColumns(
                    row: plane, rowIndex: 2 * tileRows.lowerBound + k - g.paddingHeight,
                    even: even + k * halfWidth, odd: odd + k * halfWidth)
                let e = even + k * halfWidth
                let o = odd + k * halfWidth
                let h0 = h + (4 * k + 0) * tilesWide
                let h1 = h + (4 * k + 1) * tilesWide
                let h2 = h + (4 * k + 2) * tilesWide
                let h3 = h + (4 * k + 3) * tilesWide
                for t in 0..<tilesWide {
                    let (d0, d1, d2, d3) = (e[t], o[t], e[t + 1], o[t + 1])
                    h0[t] = d0 - d2
                    h1[t] = d1 + d2
                    h2[t] = d2 - d1
                    h3[t] = d1 - d3
                }
            }
            for ly in 0..<tileRows.count {
                for j in 0..<4 {
                    let r0 = h + (4 * (2 * ly) + j) * tilesWide
                    let r1 = r0 + 4 * tilesWide
                    let r2 = r1 + 4 * tilesWide
                    let r3 = r2 + 4 * tilesWide
                    let base = c * tiles + ly * tilesWide
                    let v0 = v + (0 + j) * g.inChannels * tiles + base
                    let v1 = v + (4 + j) * g.inChannels * tiles + base
                    let v2 = v + (8 + j) * g.inChannels * tiles + base
                    let v3 = v + (12 + j) * g.inChannels * tiles + base
                    for t in 0..<tilesWide {
                        v0[t] = r0[t] - r2[t]
                        v1[t] = r1[t] + r2[t]
                        v2[t] = r2[t] - r1[t]
                        v3[t] = r1[t] - r3[t]
                    }
                }
            }
        }
    }

    /// Splits input row `rowIndex` (which may lie in the zero padding) into its even and odd padded columns:
    /// `even[t]` is padded column `2t`, `odd[t]` is padded column `2t + 1`, for `t < halfWidth`.
    @inline(__always)
    private func splitColumns(
        row plane: UnsafePointer<Float>, rowIndex: Int, even: UnsafeMutablePointer<Float>,
        odd: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        guard rowIndex >= 0, rowIndex < g.inHeight else {
            even.update(repeating: 0, count: halfWidth)
            odd.update(repeating: 0, count: halfWidth)
            return
        }
        let source = plane + rowIndex * g.inWidth
        for t in 0..<halfWidth {
            let c = 2 * t - g.paddingWidth
            even[t] = c >= 0 && c < g.inWidth ? source[c] : 0
            odd[t] = c + 1 >= 0 && c + 1 < g.inWidth ? source[c + 1] : 0
        }
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
        let fullTiles = g.outWidth / 2
        for co in 0..<g.outChannels {
            let b = bias?[co] ?? 0
            let plane = image + co * g.outPlane
            for ly in 0..<tileRows.count {
                let oh = 2 * (tileRows.lowerBound + ly)
                let top = plane + oh * g.outWidth
                let bottom = oh + 1 < g.outHeight ? top + g.outWidth : nil
                let base = co * tiles + ly * tilesWide
                let stride = g.outChannels * tiles
                let p = m + base
                for t in 0..<tilesWide {
                    let m00 = p[t], m01 = p[stride + t], m02 = p[2 * stride + t], m03 = p[3 * stride + t]
                    let m10 = p[4 * stride + t], m11 = p[5 * stride + t], m12 = p[6 * stride + t], m13 = p[7 * stride + t]
                    let m20 = p[8 * stride + t], m21 = p[9 * stride + t], m22 = p[10 * stride + t], m23 = p[11 * stride + t]
                    let m30 = p[12 * stride + t], m31 = p[13 * stride + t], m32 = p[14 * stride + t], m33 = p[15 * stride + t]
                    let s00 = m00 + m10 + m20, s01 = m01 + m11 + m21, s02 = m02 + m12 + m22, s03 = m03 + m13 + m23
                    let s10 = m10 - m20 - m30, s11 = m11 - m21 - m31, s12 = m12 - m22 - m32, s13 = m13 - m23 - m33
                    let y00 = s00 + s01 + s02 + b
                    let y01 = s01 - s02 - s03 + b
                    let y10 = s10 + s11 + s12 + b
                    let y11 = s11 - s12 - s13 + b
                    top[2 * t] = y00
                    if t < fullTiles { top[2 * t + 1] = y01 }
                    if let bottom {
                        bottom[2 * t] = y10
                        if t < fullTiles { bottom[2 * t + 1] = y11 }
                    }
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
        let e0 = scratch
        let o0 = scratch + tilesWide
        let e1 = scratch + 2 * tilesWide
        let o1 = scratch + 3 * tilesWide
        for co in 0..<g.outChannels {
            let plane = image + co * g.outPlane
            for ly in 0..<tileRows.count {
                let oh = 2 * (tileRows.lowerBound + ly)
                splitOutputColumns(plane + oh * g.outWidth, even: e0, odd: o0)
                if oh + 1 < g.outHeight {
                    splitOutputColumns(plane + (oh + 1) * g.outWidth, even: e1, odd: o1)
                } else {
                    e1.update(repeating: 0, count: tilesWide)
                    o1.update(repeating: 0, count: tilesWide)
                }
                let stride = g.outChannels * tiles
                let p = dm + co * tiles + ly * tilesWide
                for t in 0..<tilesWide {
                    // Rows of A dY (4 x 2), then (A dY) Aᵀ.
                    let (y00, y01, y10, y11) = (e0[t], o0[t], e1[t], o1[t])
                    let a00 = y00, a01 = y01
                    let a10 = y00 + y10, a11 = y01 + y11
                    let a20 = y00 - y10, a21 = y01 - y11
                    let a30 = -y10, a31 = -y11
                    p[t] = a00
                    p[stride + t] = a00 + a01
                    p[2 * stride + t] = a00 - a01
                    p[3 * stride + t] = -a01
                    p[4 * stride + t] = a10
                    p[5 * stride + t] = a10 + a11
                    p[6 * stride + t] = a10 - a11
                    p[7 * stride + t] = -a11
                    p[8 * stride + t] = a20
                    p[9 * stride + t] = a20 + a21
                    p[10 * stride + t] = a20 - a21
                    p[11 * stride + t] = -a21
                    p[12 * stride + t] = a30
                    p[13 * stride + t] = a30 + a31
                    p[14 * stride + t] = a30 - a31
                    p[15 * stride + t] = -a31
                }
            }
        }
    }

    /// Splits an output row into even and odd columns, zero past the row's end, `tilesWide` each.
    @inline(__always)
    private func splitOutputColumns(
        _ row: UnsafePointer<Float>, even: UnsafeMutablePointer<Float>, odd: UnsafeMutablePointer<Float>
    ) {
        let fullTiles = geometry.outWidth / 2
        for t in 0..<fullTiles {
            even[t] = row[2 * t]
            odd[t] = row[2 * t + 1]
        }
        if fullTiles < tilesWide {
            even[fullTiles] = row[2 * fullTiles]
            odd[fullTiles] = 0
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
        scratch: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        let tiles = tileRows.count * tilesWide
        let stride = g.inChannels * tiles
        for c in 0..<g.inChannels {
            let channel = accumulator + c * coveredRows * 2 * halfWidth
            for ly in 0..<tileRows.count {
                let p = dv + c * tiles + ly * tilesWide
                // w[k][j]: the 4x4 input-tile gradient, as 16 streams over the tiles of this row.
                for t in 0..<tilesWide {
                    let v00 = p[t], v01 = p[stride + t], v02 = p[2 * stride + t], v03 = p[3 * stride + t]
                    let v10 = p[4 * stride + t], v11 = p[5 * stride + t], v12 = p[6 * stride + t], v13 = p[7 * stride + t]
                    let v20 = p[8 * stride + t], v21 = p[9 * stride + t], v22 = p[10 * stride + t], v23 = p[11 * stride + t]
                    let v30 = p[12 * stride + t], v31 = p[13 * stride + t], v32 = p[14 * stride + t], v33 = p[15 * stride + t]
                    // B applied down the columns: rows u0..u3.
                    let u00 = v00, u01 = v01, u02 = v02, u03 = v03
                    let u10 = v10 - v20 + v30, u11 = v11 - v21 + v31, u12 = v12 - v22 + v32, u13 = v13 - v23 + v33
                    let u20 = v10 + v20 - v00, u21 = v11 + v21 - v01, u22 = v12 + v22 - v02, u23 = v13 + v23 - v03
                    let u30 = -v30, u31 = -v31, u32 = -v32, u33 = -v33
                    // Then along each row.
                    scratch[t] = u00
                    scratch[tilesWide + t] = u01 - u02 + u03
                    scratch[2 * tilesWide + t] = u01 + u02 - u00
                    scratch[3 * tilesWide + t] = -u03
                    scratch[4 * tilesWide + t] = u10
                    scratch[5 * tilesWide + t] = u11 - u12 + u13
                    scratch[6 * tilesWide + t] = u11 + u12 - u10
                    scratch[7 * tilesWide + t] = -u13
                    scratch[8 * tilesWide + t] = u20
                    scratch[9 * tilesWide + t] = u21 - u22 + u23
                    scratch[10 * tilesWide + t] = u21 + u22 - u20
                    scratch[11 * tilesWide + t] = -u23
                    scratch[12 * tilesWide + t] = u30
                    scratch[13 * tilesWide + t] = u31 - u32 + u33
                    scratch[14 * tilesWide + t] = u31 + u32 - u30
                    scratch[15 * tilesWide + t] = -u33
                }
                for k in 0..<4 {
                    let row = 2 * (tileRows.lowerBound + ly) + k
                    let even = channel + row * 2 * halfWidth
                    let odd = even + halfWidth
                    let w0 = scratch + (4 * k) * tilesWide
                    let w1 = w0 + tilesWide
                    let w2 = w1 + tilesWide
                    let w3 = w2 + tilesWide
                    for t in 0..<tilesWide {
                        even[t] += w0[t]
                        odd[t] += w1[t]
                    }
                    for t in 0..<tilesWide {
                        even[t + 1] += w2[t]
                        odd[t + 1] += w3[t]
                    }
                }
            }
        }
    }

    /// Writes one image's input gradient from its accumulator, cropping the padding; each channel starts from
    /// `bias[c]` if given, else zero.
    func finishInputGradient(
        _ accumulator: UnsafePointer<Float>, bias: UnsafePointer<Float>?, into image: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        for c in 0..<g.inChannels {
            let b = bias?[c] ?? 0
            let channel = accumulator + c * coveredRows * 2 * halfWidth
            for ih in 0..<g.inHeight {
                // The covered rows and columns (2 * tiles + 2) include the whole padded input.
                let even = channel + (ih + g.paddingHeight) * 2 * halfWidth
                let odd = even + halfWidth
                let destination = image + c * g.inPlane + ih * g.inWidth
                for iw in 0..<g.inWidth {
                    let column = iw + g.paddingWidth
                    destination[iw] = (column % 2 == 0 ? even[column / 2] : odd[column / 2]) + b
                }
            }
        }
    }
}
