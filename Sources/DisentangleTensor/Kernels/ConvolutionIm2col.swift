/// The patch ("im2col") matrix of a convolution and its adjoint ("col2im"), built from a phase-split copy of the
/// input.
///
/// Row `(c * kernelHeight + kh) * kernelWidth + kw` of the patch matrix holds, for each output pixel `p` of a
/// block, the input value that kernel tap `(c, kh, kw)` meets at that pixel (zero in the padding). The forward
/// pass is `weight (C_out x patchSize) * patches`; col2im scatters a patch-shaped gradient back onto the image.
///
/// To make every row segment a contiguous copy, the image is first copied into a *split* layout: zero-padded,
/// with each padded row stored as `strideWidth` phases (padded column `q` at phase `q % strideWidth`, index
/// `q / strideWidth`). A tap `kw` then reads output columns `ow` from phase `kw % strideWidth` at index
/// `ow + kw / strideWidth`, consecutive for consecutive `ow`, and the padding needs no bounds checks. With unit
/// stride and no padding the split layout is the image itself.
extension ConvolutionGeometry {
    /// Scalars in each phase of a split row: `ceil((inWidth + 2 paddingWidth) / strideWidth)`.
    var splitPhaseWidth: Int { (inWidth + 2 * paddingWidth + strideWidth - 1) / strideWidth }
    /// Scalars per split row (all phases).
    var splitRowLength: Int { strideWidth * splitPhaseWidth }
    /// Scalars per split channel plane.
    var splitPlane: Int { (inHeight + 2 * paddingHeight) * splitRowLength }
    /// Scalars per split image.
    var splitImage: Int { inChannels * splitPlane }
    /// Whether the split layout of an image is the image itself (unit horizontal stride, no padding).
    var splitIsIdentity: Bool { strideWidth == 1 && paddingWidth == 0 && paddingHeight == 0 }

    /// Copies one image into the split layout.
    func split(image: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>) {
        destination.update(repeating: 0, count: splitImage)
        for c in 0..<inChannels {
            for ih in 0..<inHeight {
                let source = image + (c * inHeight + ih) * inWidth
                let row = destination + c * splitPlane + (ih + paddingHeight) * splitRowLength
                if strideWidth == 1 {
                    _copyFloats(from: source, to: row + paddingWidth, count: inWidth)
                } else if strideWidth == 2 {
                    let (even, odd) = splitHalves(row)
                    _deinterleave(source, count: inWidth, even: even, odd: odd)
                } else {
                    forEachPhase { first, start in
                        var (iw, i) = (first, start)
                        while iw < inWidth {
                            row[i] = source[iw]
                            iw &+= strideWidth
                            i &+= 1
                        }
                    }
                }
            }
        }
    }

    /// For stride 2: where input columns `0, 2, 4, ...` and `1, 3, 5, ...` start in a split row.
    @inline(__always)
    private func splitHalves(_ row: UnsafeMutablePointer<Float>) -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
        // Input column 2i is padded column 2i + paddingWidth: phase paddingWidth % 2, index i + paddingWidth / 2.
        let p = paddingWidth
        return (row + (p % 2) * splitPhaseWidth + p / 2, row + ((p + 1) % 2) * splitPhaseWidth + (p + 1) / 2)
    }

    /// Calls `body(first, start)` for each phase of a split row: the phase holds input columns `first`,
    /// `first + strideWidth`, ... at consecutive places of the split row from `start` on.
    @inline(__always)
    private func forEachPhase(_ body: (_ first: Int, _ start: Int) -> Void) {
        for phase in 0..<strideWidth {
            // Input column iw sits at padded column iw + paddingWidth; the first one of this phase:
            let first = ((phase - paddingWidth) % strideWidth + strideWidth) % strideWidth
            body(first, phase * splitPhaseWidth + (first + paddingWidth) / strideWidth)
        }
    }

    /// Writes one image's gradient from its split-layout gradient, dropping the padding; each channel starts
    /// from `bias[c]` if given, else zero.
    func unsplit(
        _ source: UnsafePointer<Float>, bias: UnsafePointer<Float>?, into image: UnsafeMutablePointer<Float>
    ) {
        for c in 0..<inChannels {
            let b = bias?[c] ?? 0
            for ih in 0..<inHeight {
                let row = source + c * splitPlane + (ih + paddingHeight) * splitRowLength
                let destination = image + (c * inHeight + ih) * inWidth
                if strideWidth == 2 {
                    let (even, odd) = splitHalves(UnsafeMutablePointer(mutating: row))
                    _interleave(even: even, odd: odd, count: inWidth, adding: b, into: destination)
                    continue
                }
                forEachPhase { first, start in
                    var (iw, i) = (first, start)
                    while iw < inWidth {
                        destination[iw] = row[i] + b
                        iw &+= strideWidth
                        i &+= 1
                    }
                }
            }
        }
    }

    /// Calls `body(offset, oh, owStart, owEnd)` for each output row that intersects `pixels`, where `offset` is the
    /// column (relative to `pixels.lowerBound`) of output pixel `(oh, owStart)`.
    @inline(__always)
    private func forEachOutputRow(in pixels: Range<Int>, _ body: (Int, Int, Int, Int) -> Void) {
        guard !pixels.isEmpty else { return }
        for oh in (pixels.lowerBound / outWidth)...((pixels.upperBound - 1) / outWidth) {
            let rowStart = oh * outWidth
            let owStart = max(pixels.lowerBound, rowStart) - rowStart
            let owEnd = min(pixels.upperBound, rowStart + outWidth) - rowStart
            body(rowStart + owStart - pixels.lowerBound, oh, owStart, owEnd)
        }
    }

    /// Writes the patch matrix of one split image (see ``split(image:into:)``) for the output pixels `pixels`
    /// (row-major `oh * outWidth + ow`) into `columns`, whose rows are `rowStride` apart; column `j` belongs to
    /// pixel `pixels.lowerBound + j`.
    func im2col(
        split image: UnsafePointer<Float>, pixels: Range<Int>, into columns: UnsafeMutablePointer<Float>, rowStride: Int
    ) {
        for c in 0..<inChannels {
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + kh) * kernelWidth + kw) * rowStride
                    let tap = image + c * splitPlane + kh * splitRowLength
                        + (kw % strideWidth) * splitPhaseWidth + kw / strideWidth
                    forEachOutputRow(in: pixels) { offset, oh, owStart, owEnd in
                        _copyFloats(
                            from: tap + oh * strideHeight * splitRowLength + owStart, to: row + offset,
                            count: owEnd - owStart)
                    }
                }
            }
        }
    }

    /// Adds a patch-shaped gradient (laid out as ``im2col(split:pixels:into:rowStride:)`` writes it) onto the
    /// split-layout gradient of one image: the adjoint of im2col.
    func col2im(
        _ columns: UnsafePointer<Float>, rowStride: Int, pixels: Range<Int>, addingInto image: UnsafeMutablePointer<Float>
    ) {
        for c in 0..<inChannels {
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + kh) * kernelWidth + kw) * rowStride
                    let tap = image + c * splitPlane + kh * splitRowLength
                        + (kw % strideWidth) * splitPhaseWidth + kw / strideWidth
                    forEachOutputRow(in: pixels) { offset, oh, owStart, owEnd in
                        _addFloats(
                            from: row + offset, to: tap + oh * strideHeight * splitRowLength + owStart,
                            count: owEnd - owStart)
                    }
                }
            }
        }
    }
}
