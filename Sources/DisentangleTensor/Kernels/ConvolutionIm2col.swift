/// The patch ("im2col") matrix of a convolution and its adjoint ("col2im").
///
/// Row `(c * kernelHeight + kh) * kernelWidth + kw` of the patch matrix holds, for each output pixel `p` of a
/// block, the input value that kernel tap `(c, kh, kw)` meets at that pixel (zero in the padding). The forward
/// pass is `weight (C_out x patchSize) * patches`; col2im scatters a patch-shaped gradient back onto the image.
extension ConvolutionGeometry {
    /// The output columns `[lower, upper)` whose tap at horizontal kernel offset `kw` lands inside the image.
    @inline(__always)
    func validOutputColumns(kernelColumn kw: Int) -> (lower: Int, upper: Int) {
        // iw = ow * strideWidth - paddingWidth + kw must lie in 0..<inWidth.
        let lower = ceilingDivision(paddingWidth - kw, strideWidth)
        let upper = floorDivision(inWidth - 1 + paddingWidth - kw, strideWidth) + 1
        let clampedLower = min(max(lower, 0), outWidth)
        return (clampedLower, min(max(upper, clampedLower), outWidth))
    }

    /// Calls `body(offset, oh, owStart, owEnd)` for each output row that intersects `pixels`, where `offset` is the
    /// column (relative to `pixels.lowerBound`) of output pixel `(oh, owStart)`.
    @inline(__always)
    func forEachOutputRow(in pixels: Range<Int>, _ body: (Int, Int, Int, Int) -> Void) {
        guard !pixels.isEmpty else { return }
        for oh in (pixels.lowerBound / outWidth)...((pixels.upperBound - 1) / outWidth) {
            let rowStart = oh * outWidth
            let owStart = max(pixels.lowerBound, rowStart) - rowStart
            let owEnd = min(pixels.upperBound, rowStart + outWidth) - rowStart
            body(rowStart + owStart - pixels.lowerBound, oh, owStart, owEnd)
        }
    }

    /// Writes the patch matrix of one image for the output pixels `pixels` (row-major `oh * outWidth + ow`) into
    /// `columns`, whose rows are `rowStride` apart; column `j` belongs to pixel `pixels.lowerBound + j`.
    func im2col(
        image: UnsafePointer<Float>, pixels: Range<Int>, into columns: UnsafeMutablePointer<Float>, rowStride: Int
    ) {
        for c in 0..<inChannels {
            let plane = image + c * inPlane
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + kh) * kernelWidth + kw) * rowStride
                    let (validLower, validUpper) = validOutputColumns(kernelColumn: kw)
                    forEachOutputRow(in: pixels) { offset, oh, owStart, owEnd in
                        let destination = row + offset - owStart
                        let ih = oh * strideHeight - paddingHeight + kh
                        guard ih >= 0, ih < inHeight else {
                            (destination + owStart).update(repeating: 0, count: owEnd - owStart)
                            return
                        }
                        let lower = min(max(owStart, validLower), owEnd)
                        let upper = max(min(owEnd, validUpper), lower)
                        (destination + owStart).update(repeating: 0, count: lower - owStart)
                        (destination + upper).update(repeating: 0, count: owEnd - upper)
                        let source = plane + ih * inWidth - paddingWidth + kw
                        if strideWidth == 1 {
                            (destination + lower).update(from: source + lower, count: upper - lower)
                        } else {
                            for ow in lower..<upper { destination[ow] = source[ow * strideWidth] }
                        }
                    }
                }
            }
        }
    }

    /// Adds a patch-shaped gradient (laid out as ``im2col(image:pixels:into:rowStride:)`` writes it) onto the
    /// gradient of one input image: the adjoint of im2col.
    func col2im(
        _ columns: UnsafePointer<Float>, rowStride: Int, pixels: Range<Int>, addingInto image: UnsafeMutablePointer<Float>
    ) {
        for c in 0..<inChannels {
            let plane = image + c * inPlane
            for kh in 0..<kernelHeight {
                for kw in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + kh) * kernelWidth + kw) * rowStride
                    let (validLower, validUpper) = validOutputColumns(kernelColumn: kw)
                    forEachOutputRow(in: pixels) { offset, oh, owStart, owEnd in
                        let ih = oh * strideHeight - paddingHeight + kh
                        guard ih >= 0, ih < inHeight else { return }
                        let source = row + offset - owStart
                        let lower = max(owStart, validLower)
                        let upper = min(owEnd, validUpper)
                        guard lower < upper else { return }
                        let destination = plane + ih * inWidth - paddingWidth + kw
                        if strideWidth == 1 {
                            for ow in lower..<upper { destination[ow] += source[ow] }
                        } else {
                            for ow in lower..<upper { destination[ow * strideWidth] += source[ow] }
                        }
                    }
                }
            }
        }
    }
}

/// `ceil(a / b)` for `b > 0` and any sign of `a`.
@inline(__always)
private func ceilingDivision(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? (a + b - 1) / b : -((-a) / b)
}

/// `floor(a / b)` for `b > 0` and any sign of `a`.
@inline(__always)
private func floorDivision(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}
