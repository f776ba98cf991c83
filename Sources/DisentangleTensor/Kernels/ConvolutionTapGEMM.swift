import CDisentangleKernels

/// Strided convolutions (the encoders' and the deconvolution decoder's 4x4 stride-2 layers) as one GEMM per
/// kernel tap over shifted views of a phase-split input, with no patch matrix: no im2col, no col2im.
///
/// The zero-padded input is cut into `stride x stride` phase planes ("space to depth"; ``phaseLayout``): plane
/// `(c, rp, cp)` holds padded pixel `(y sH + rp, x sW + cp)` at `(y, x)`. A stride-`s` convolution with a `k x k`
/// kernel becomes a stride-1 convolution with a `ceil(k/s)`-square kernel over `C s²` planes, and with the planes
/// stored row-major `columns` wide (one or more spare columns past the last output), each tap `(th, tw)` reads
/// the planes shifted by the flat offset `th columns + tw`. So per tap
///
///     output[co, j]        += W_tap[co, r] planes[r, j + offset(tap)]      (forward: GEMM, K = C s²)
///     dW_tap[co, r]        += dY[co, j] planes[r, j + offset(tap)]         (weight gradient: GEMM, K = pixels)
///     dPlanes[r, j + off]  += W_tap[co, r] dY[co, j]                       (input gradient: GEMM into a shifted C)
///
/// where `j = y columns + x` runs over output rows `columns` wide; the spare columns compute values that are
/// dropped (forward) or hold zero gradient (backward), which costs `columns / outWidth` more multiply-adds than
/// im2col (1.06x for a 32-wide output) instead of writing and reading the 4x larger patch matrix. The transposed
/// convolution's forward pass is the input gradient: four 2x2 stride-1 GEMMs whose results land on the four
/// output phases, the sub-pixel formulation.
///
/// Several small images are stacked along `j` (a block), so the GEMMs stay wide. When the tap weights are small
/// (``gathersInputGradient``), the input gradient gathers every tap from a shifted view of the (zero-margined) output
/// gradient in one `cdk_small_gemm_taps`, which keeps each block of the result in registers across the taps, instead
/// of adding each tap's sgemm into a shifted C.
struct ConvolutionTapGEMM: Sendable {
    /// The geometry.
    let geometry: ConvolutionGeometry
    /// Taps per column and per row of the phase-split kernel: `ceil(k / stride)`.
    let tapsHigh: Int, tapsWide: Int
    /// The size of each phase plane of one image: the output plus `taps - 1` (and at least every input pixel).
    let rows: Int, columns: Int
    /// Images per block (stacked along the GEMMs' columns), fixed by the geometry.
    let imagesPerBlock: Int

    /// The GEMM columns a block aims for: the phase planes of a block (`C s² x columns`) stay near the L2 cache.
    static let targetColumns = 2048

    init(_ g: ConvolutionGeometry) {
        geometry = g
        tapsHigh = (g.kernelHeight + g.strideHeight - 1) / g.strideHeight
        tapsWide = (g.kernelWidth + g.strideWidth - 1) / g.strideWidth
        rows = max(g.outHeight + tapsHigh - 1, (g.inHeight + g.paddingHeight + g.strideHeight - 1) / g.strideHeight)
        columns = max(g.outWidth + tapsWide - 1, (g.inWidth + g.paddingWidth + g.strideWidth - 1) / g.strideWidth)
        imagesPerBlock = max(1, min(g.batch, Self.targetColumns / (rows * columns)))
    }

    /// Whether this formulation computes the convolution and is expected to beat im2col: a stride above 1 and at
    /// least 32 phase planes (`C s²`, the forward GEMMs' depth), so the per-tap GEMMs are not too shallow.
    static func applies(to g: ConvolutionGeometry) -> Bool {
        (g.strideHeight > 1 || g.strideWidth > 1) && g.inChannels * g.strideHeight * g.strideWidth >= 32
    }

    /// Whether the input gradient runs in `cdk_small_gemm_taps` rather than one OpenBLAS sgemm per tap: when all tap
    /// weights (`taps x C_out x planes`) fit in 64 KiB. The small kernel reads A in place, so larger weights stream
    /// from L2 at every step; measured (Zen 3, 1 thread, 2048 columns, 4 taps): planes x depth 128 x 32 71.5 against
    /// OpenBLAS's 56.8 GFLOP/s, 256 x 32 72.6 / 70.9, 128 x 64 60.2 / 69.4, 256 x 64 57.8 / 65.3.
    var gathersInputGradient: Bool { taps * tapWeights <= 16384 }

    /// Phase planes: `C sH sW`, the forward GEMMs' depth.
    var planes: Int { geometry.inChannels * geometry.strideHeight * geometry.strideWidth }
    /// Taps of the phase-split kernel.
    var taps: Int { tapsHigh * tapsWide }
    /// Scalars of one image's phase plane.
    var planeImage: Int { rows * columns }
    /// Scalars of one kernel tap's weights, `C_out x planes`.
    var tapWeights: Int { geometry.outChannels * planes }

    /// The GEMM columns of a block of `images` images: every image's rows, the last one's only up to its last
    /// output row.
    func gemmColumns(images: Int) -> Int { (images - 1) * planeImage + geometry.outHeight * columns }
    /// The stride between phase planes in a block's buffer: its images plus the spare scalars the last taps read.
    func planeStride(images: Int) -> Int { images * planeImage + tapsWide - 1 }
    /// Where tap `tap`'s shifted view starts in every plane.
    func offset(tap: Int) -> Int { (tap / tapsWide) * columns + tap % tapsWide }

    /// The layout the C kernels take.
    var phaseLayout: cdk_phase_layout {
        let g = geometry
        return cdk_phase_layout(
            channels: g.inChannels, height: g.inHeight, width: g.inWidth, stride_height: g.strideHeight,
            stride_width: g.strideWidth, padding_height: g.paddingHeight, padding_width: g.paddingWidth,
            rows: rows, columns: columns)
    }

    // MARK: Weights

    /// `W_tap[tap][co][(c sH + rp) sW + cp] = weight[co][c][th sH + rp][tw sW + cp]` (zero past the kernel).
    func transformWeights(_ weight: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>) {
        result.update(repeating: 0, count: taps * tapWeights)
        forEachKernelEntry { source, destination in result[destination] = weight[source] }
    }

    /// The weight gradient `[C_out, C_in, kH, kW]` from the tap weights' gradient (the adjoint of
    /// ``transformWeights(_:into:)`` on the kernel's entries).
    func weightGradient(fromTaps tapGradient: UnsafePointer<Float>, into gradWeight: UnsafeMutablePointer<Float>) {
        forEachKernelEntry { source, destination in gradWeight[source] = tapGradient[destination] }
    }

    /// Calls `body(kernel index, tap-weight index)` for every entry of the kernel, in the kernel's order (tap
    /// weights past the kernel are not visited). Inlined, so the body is not a closure call per weight.
    @inline(__always)
    private func forEachKernelEntry(_ body: (Int, Int) -> Void) {
        let g = geometry
        let area = g.kernelHeight * g.kernelWidth, phases = g.strideHeight * g.strideWidth
        // Where kernel position p lands: the offset of its tap and of its phase plane within a channel's phases.
        var landing = [Int](repeating: 0, count: area)
        for kh in 0..<g.kernelHeight {
            for kw in 0..<g.kernelWidth {
                let tap = (kh / g.strideHeight) * tapsWide + kw / g.strideWidth
                landing[kh * g.kernelWidth + kw] =
                    tap * tapWeights + (kh % g.strideHeight) * g.strideWidth + kw % g.strideWidth
            }
        }
        landing.withUnsafeBufferPointer { landing in
            for co in 0..<g.outChannels {
                for c in 0..<g.inChannels {
                    let source = (co * g.inChannels + c) * area, destination = co * planes + c * phases
                    for p in 0..<area { body(source + p, destination + landing[p]) }
                }
            }
        }
    }

    // MARK: Blocks

    /// The images of block `index` among the blocks covering `images`.
    func block(_ index: Int, of images: Range<Int>) -> Range<Int> {
        let start = images.lowerBound + index * imagesPerBlock
        return start..<min(images.upperBound, start + imagesPerBlock)
    }

    /// The number of blocks covering `count` images.
    func blockCount(images count: Int) -> Int { (count + imagesPerBlock - 1) / imagesPerBlock }

    /// Writes the phase planes of `images` of `input` into `planes` (plane stride for the block's size), zeroing
    /// the spare scalars at the end of each plane.
    func split(_ input: UnsafePointer<Float>, images: Range<Int>, into planes: UnsafeMutablePointer<Float>) {
        let stride = planeStride(images: images.count)
        var layout = phaseLayout
        for (i, n) in images.enumerated() {
            cdk_phase_split(&layout, input + n * geometry.inImage, planes + i * planeImage, stride)
        }
        for r in 0..<self.planes {
            (planes + r * stride + images.count * planeImage).update(repeating: 0, count: tapsWide - 1)
        }
    }
}

/// The forward and backward passes of ``ConvolutionTapGEMM``, with the contracts of ``ConvolutionKernel``.
extension ConvolutionTapGEMM {
    /// `output = conv(input, weight) + bias`, rectified (`max(·, 0)` as `Tensor.relu()` computes it, in the crop
    /// loop) if `rectify`, overwriting `output`. Blocks are fixed by the geometry and write disjoint outputs, so
    /// the result does not depend on the thread count.
    func forward(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, rectify: Bool = false,
        output: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        guard g.batch > 0 else { return }
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: taps * tapWeights)
        defer { weights.deallocate() }
        transformWeights(weight, into: weights)
        let blocks = blockCount(images: g.batch)
        let parts = min(Threading.threadCount, blocks)
        Threading.parallelFor(parts) { part in
            let planeBuffer = UnsafeMutablePointer<Float>.allocate(capacity: planes * planeStride(images: imagesPerBlock))
            let result = UnsafeMutablePointer<Float>.allocate(capacity: g.outChannels * gemmColumns(images: imagesPerBlock))
            defer {
                planeBuffer.deallocate()
                result.deallocate()
            }
            for index in (blocks * part / parts)..<(blocks * (part + 1) / parts) {
                let images = block(index, of: 0..<g.batch)
                let (n, stride) = (gemmColumns(images: images.count), planeStride(images: images.count))
                split(input, images: images, into: planeBuffer)
                for tap in 0..<taps {
                    _sgemmRowMajor(
                        transposeA: false, transposeB: false, m: g.outChannels, n: n, k: planes,
                        a: weights + tap * tapWeights, lda: planes, b: planeBuffer + offset(tap: tap), ldb: stride,
                        beta: tap == 0 ? 0 : 1, c: result, ldc: n)
                }
                for (i, image) in images.enumerated() {
                    for co in 0..<g.outChannels {
                        let b = bias?[co] ?? 0
                        let source = result + co * n + i * planeImage
                        let destination = output + image * g.outImage + co * g.outPlane
                        for oh in 0..<g.outHeight {
                            let from = source + oh * columns, to = destination + oh * g.outWidth
                            if rectify {
                                for ow in 0..<g.outWidth {
                                    let value = from[ow] + b
                                    to[ow] = value > 0 ? value : 0  // cdk_relu's expression: NaN and -0 give +0
                                }
                            } else {
                                for ow in 0..<g.outWidth { to[ow] = from[ow] + b }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The gradients of the convolution given the gradient of its output, with the contract of
    /// ``ConvolutionKernel/backward(_:gradOutput:rectifiedOutput:input:weight:gradInput:gradInputBias:gradWeight:gradBias:)``
    /// (the mask by `rectifiedOutput` is applied where the output gradient is copied and summed).
    /// Workers own contiguous ranges of images; their weight and bias gradients are added in worker order.
    func backward(
        gradOutput: UnsafePointer<Float>, rectifiedOutput: UnsafePointer<Float>? = nil,
        input: UnsafePointer<Float>?, weight: UnsafePointer<Float>?,
        gradInput: UnsafeMutablePointer<Float>?, gradInputBias: UnsafePointer<Float>?,
        gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?
    ) {
        let g = geometry
        precondition(gradInput == nil || weight != nil, "internal: the input gradient needs the weight")
        precondition(gradWeight == nil || input != nil, "internal: the weight gradient needs the input")
        guard g.batch > 0 else {
            gradWeight?.update(repeating: 0, count: g.outChannels * g.patchSize)
            gradBias?.update(repeating: 0, count: g.outChannels)
            return
        }
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: gradInput == nil ? 0 : taps * tapWeights)
        if let weight, gradInput != nil { transformWeights(weight, into: weights) }
        let parts = min(Threading.threadCount, g.batch)
        let partialWeights = UnsafeMutablePointer<Float>.allocate(capacity: gradWeight == nil ? 0 : parts * taps * tapWeights)
        let partialBiases = UnsafeMutablePointer<Double>.allocate(capacity: gradBias == nil ? 0 : parts * g.outChannels)
        defer {
            weights.deallocate()
            partialWeights.deallocate()
            partialBiases.deallocate()
        }
        let layout = phaseLayout
        // The output gradient's rows have a zero margin in front (the largest tap offset) and zeros past their end up
        // to the planes' stride, so the input gradient gathers every tap from shifted views of it:
        // dPlanes[r, p] = sum over taps, co of W_tap[co, r] dY[co, p - offset(tap)].
        let margin = offset(tap: taps - 1)
        let offsets = (0..<taps).map { margin - offset(tap: $0) }
        Threading.parallelFor(parts) { part in
            let images = (g.batch * part / parts)..<(g.batch * (part + 1) / parts)
            let capacity = planes * planeStride(images: imagesPerBlock)
            let planeBuffer = UnsafeMutablePointer<Float>.allocate(capacity: gradWeight == nil ? 0 : capacity)
            let planeGradient = UnsafeMutablePointer<Float>.allocate(capacity: gradInput == nil ? 0 : capacity)
            let upstreamRow = margin + planeStride(images: imagesPerBlock)
            let upstreamRows = UnsafeMutablePointer<Float>.allocate(capacity: g.outChannels * upstreamRow)
            let upstream = upstreamRows + margin
            defer {
                planeBuffer.deallocate()
                planeGradient.deallocate()
                upstreamRows.deallocate()
            }
            let tapGradient = partialWeights + part * taps * tapWeights
            let biasSums = gradBias == nil ? nil : partialBiases + part * g.outChannels
            biasSums?.update(repeating: 0, count: g.outChannels)
            for index in 0..<blockCount(images: images.count) {
                let blockImages = block(index, of: images)
                let (n, stride) = (gemmColumns(images: blockImages.count), planeStride(images: blockImages.count))
                // The output gradient in the planes' row layout, zero in the spare columns and rows and the margins.
                upstreamRows.update(repeating: 0, count: g.outChannels * upstreamRow)
                for (i, image) in blockImages.enumerated() {
                    for co in 0..<g.outChannels {
                        let source = gradOutput + image * g.outImage + co * g.outPlane
                        let destination = upstream + co * upstreamRow + i * planeImage
                        if let mask = rectifiedOutput.map({ $0 + image * g.outImage + co * g.outPlane }) {
                            if let biasSums {
                                biasSums[co] += Double(ConvolutionKernel.maskedSum(source, mask: mask, count: g.outPlane))
                            }
                            for oh in 0..<g.outHeight {
                                let from = source + oh * g.outWidth, keep = mask + oh * g.outWidth
                                let to = destination + oh * columns
                                // cdk_relu_mask's expression.
                                for ow in 0..<g.outWidth { to[ow] = keep[ow] > 0 ? from[ow] : 0 }
                            }
                            continue
                        }
                        if let biasSums { biasSums[co] += Double(ConvolutionKernel.sum(source, count: g.outPlane)) }
                        for oh in 0..<g.outHeight {
                            _copyFloats(from: source + oh * g.outWidth, to: destination + oh * columns, count: g.outWidth)
                        }
                    }
                }
                if gradWeight != nil, let input {
                    split(input, images: blockImages, into: planeBuffer)
                    for tap in 0..<taps {
                        _sgemmRowMajor(
                            transposeA: false, transposeB: true, m: g.outChannels, n: planes, k: n,
                            a: upstream, lda: upstreamRow, b: planeBuffer + offset(tap: tap), ldb: stride,
                            beta: index == 0 ? 0 : 1, c: tapGradient + tap * tapWeights, ldc: planes)
                    }
                }
                if let gradInput {
                    if gathersInputGradient {
                        cdk_small_gemm_taps(
                            planes, stride, g.outChannels, taps, weights, tapWeights, planes, upstreamRows, offsets,
                            upstreamRow, planeGradient, stride)
                    } else {
                        planeGradient.update(repeating: 0, count: planes * stride)
                        for tap in 0..<taps {
                            _sgemmRowMajor(
                                transposeA: true, transposeB: false, m: planes, n: n, k: g.outChannels,
                                a: weights + tap * tapWeights, lda: planes, b: upstream, ldb: upstreamRow,
                                beta: 1, c: planeGradient + offset(tap: tap), ldc: stride)
                        }
                    }
                    withUnsafePointer(to: layout) { layout in
                        for (i, image) in blockImages.enumerated() {
                            cdk_phase_merge(
                                layout, planeGradient + i * planeImage, stride, gradInputBias,
                                gradInput + image * g.inImage)
                        }
                    }
                }
            }
        }
        if let gradWeight {
            for part in 1..<parts {
                let partial = partialWeights + part * taps * tapWeights
                for i in 0..<(taps * tapWeights) { partialWeights[i] += partial[i] }
            }
            weightGradient(fromTaps: partialWeights, into: gradWeight)
        }
        if let gradBias {
            for co in 0..<g.outChannels {
                var sum = 0.0
                for part in 0..<parts { sum += partialBiases[part * g.outChannels + co] }
                gradBias[co] = Float(sum)
            }
        }
    }
}
