/// Convolution forward and backward passes as im2col/col2im plus single-threaded sgemm, in cache-sized blocks
/// (``ConvolutionChunking``) spread over ``Threading/threadCount`` workers.
///
/// All pointers address contiguous NCHW (or OIHW) storage described by the geometry.
enum ConvolutionGEMM {
    /// One worker's scratch memory and the image its split buffers currently hold.
    private struct Workspace {
        /// The patch matrix of a block (`patchSize x maximumColumns`), or its gradient.
        let columns: UnsafeMutablePointer<Float>
        /// A block's output (gradient) gathered into one `C_out x columns` matrix when it spans several images.
        let staging: UnsafeMutablePointer<Float>
        /// The split layout of the current input image (unused when the layout is the identity).
        let split: UnsafeMutablePointer<Float>
        /// The split-layout input gradient of the current image (unused when the layout is the identity).
        let splitGradient: UnsafeMutablePointer<Float>
        /// The image whose split layout `split` holds.
        var splitImage = -1

        init(_ g: ConvolutionGeometry, _ chunking: ConvolutionChunking, inputGradient: Bool) {
            let splitCount = g.splitIsIdentity ? 0 : g.splitImage
            columns = .allocate(capacity: g.patchSize * chunking.maximumColumns)
            staging = .allocate(capacity: chunking.imagesPerChunk > 1 ? g.outChannels * chunking.maximumColumns : 0)
            split = .allocate(capacity: splitCount)
            splitGradient = .allocate(capacity: inputGradient ? splitCount : 0)
        }

        func deallocate() {
            columns.deallocate()
            staging.deallocate()
            split.deallocate()
            splitGradient.deallocate()
        }

        /// The split layout of image `n` of `input`, splitting it unless it is already held or is the identity.
        mutating func splitInput(_ g: ConvolutionGeometry, _ input: UnsafePointer<Float>, image n: Int) -> UnsafePointer<Float> {
            if g.splitIsIdentity { return input + n * g.inImage }
            if splitImage != n {
                g.split(image: input + n * g.inImage, into: split)
                splitImage = n
            }
            return UnsafePointer(split)
        }
    }

    /// `output = conv(input, weight) + bias`, overwriting `output`.
    ///
    /// Blocks write disjoint outputs, so they are spread over the workers in a fixed grid and the result does not
    /// depend on the thread count.
    static func forward(
        _ g: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>
    ) {
        guard g.batch > 0 else { return }
        let chunking = ConvolutionChunking(g, images: g.batch)
        let items = chunking.chunkCount(images: g.batch)
        let parts = min(Threading.threadCount, items)
        Threading.parallelFor(parts) { part in
            var workspace = Workspace(g, chunking, inputGradient: false)
            defer { workspace.deallocate() }
            for item in (items * part / parts)..<(items * (part + 1) / parts) {
                let (images, pixels) = chunking.chunk(item, of: 0..<g.batch)
                forwardBlock(
                    g, images: images, pixels: pixels, input: input, weight: weight, bias: bias, output: output,
                    workspace: &workspace)
            }
        }
    }

    /// One block of ``forward(_:input:weight:bias:output:)``.
    private static func forwardBlock(
        _ g: ConvolutionGeometry, images: Range<Int>, pixels: Range<Int>, input: UnsafePointer<Float>,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
        workspace: inout Workspace
    ) {
        let width = images.count * pixels.count
        let (patches, patchStride) = patchMatrix(
            g, images: images, pixels: pixels, input: input, workspace: &workspace)
        if images.count == 1 {
            let result = output + images.lowerBound * g.outImage + pixels.lowerBound
            if let bias {
                for co in 0..<g.outChannels {
                    (result + co * g.outPlane).update(repeating: bias[co], count: width)
                }
            }
            _sgemmRowMajor(
                transposeA: false, transposeB: false, m: g.outChannels, n: width, k: g.patchSize,
                a: weight, lda: g.patchSize, b: patches, ldb: patchStride,
                beta: bias == nil ? 0 : 1, c: result, ldc: g.outPlane)
            return
        }
        _sgemmRowMajor(
            transposeA: false, transposeB: false, m: g.outChannels, n: width, k: g.patchSize,
            a: weight, lda: g.patchSize, b: patches, ldb: patchStride, beta: 0, c: workspace.staging, ldc: width)
        for (i, n) in images.enumerated() {
            for co in 0..<g.outChannels {
                let source = workspace.staging + co * width + i * pixels.count
                let destination = output + n * g.outImage + co * g.outPlane
                let b = bias?[co] ?? 0
                for j in 0..<g.outPlane { destination[j] = source[j] + b }
            }
        }
    }

    /// The patch matrix of a block and its row stride: the input itself for pointwise convolutions of one image,
    /// else im2col into the workspace.
    private static func patchMatrix(
        _ g: ConvolutionGeometry, images: Range<Int>, pixels: Range<Int>, input: UnsafePointer<Float>,
        workspace: inout Workspace
    ) -> (UnsafePointer<Float>, Int) {
        if images.count == 1 && g.isPointwise {
            return (input + images.lowerBound * g.inImage + pixels.lowerBound, g.inPlane)
        }
        let width = images.count * pixels.count
        for (i, n) in images.enumerated() {
            let split = workspace.splitInput(g, input, image: n)
            g.im2col(split: split, pixels: pixels, into: workspace.columns + i * pixels.count, rowStride: width)
        }
        return (UnsafePointer(workspace.columns), width)
    }

    /// The gradients of a convolution given the gradient of its output, with the contract of
    /// ``ConvolutionKernel/backward(_:gradOutput:input:weight:gradInput:gradInputBias:gradWeight:gradBias:)``.
    static func backward(
        _ g: ConvolutionGeometry, gradOutput: UnsafePointer<Float>,
        input: UnsafePointer<Float>?, weight: UnsafePointer<Float>?,
        gradInput: UnsafeMutablePointer<Float>?, gradInputBias: UnsafePointer<Float>?,
        gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?
    ) {
        precondition(gradInput == nil || weight != nil, "internal: the input gradient needs the weight")
        precondition(gradWeight == nil || input != nil, "internal: the weight gradient needs the input")
        let weightCount = g.outChannels * g.patchSize
        guard g.batch > 0 else {
            gradWeight?.update(repeating: 0, count: weightCount)
            gradBias?.update(repeating: 0, count: g.outChannels)
            return
        }
        let parts = min(Threading.threadCount, g.batch)
        let partialWeights = UnsafeMutablePointer<Float>.allocate(
            capacity: gradWeight == nil ? 0 : (parts - 1) * weightCount)
        let partialBiases = UnsafeMutablePointer<Double>.allocate(capacity: gradBias == nil ? 0 : parts * g.outChannels)
        defer {
            partialWeights.deallocate()
            partialBiases.deallocate()
        }
        Threading.parallelFor(parts) { part in
            let images = (g.batch * part / parts)..<(g.batch * (part + 1) / parts)
            let chunking = ConvolutionChunking(g, images: images.count)
            var workspace = Workspace(g, chunking, inputGradient: gradInput != nil)
            defer { workspace.deallocate() }
            let destination = BackwardDestination(
                gradInput: gradInput, gradInputBias: gradInputBias,
                gradWeight: gradWeight.map { part == 0 ? $0 : partialWeights + (part - 1) * weightCount },
                gradBias: gradBias == nil ? nil : partialBiases + part * g.outChannels)
            destination.gradBias?.update(repeating: 0, count: g.outChannels)
            for index in 0..<chunking.chunkCount(images: images.count) {
                let (blockImages, pixels) = chunking.chunk(index, of: images)
                backwardBlock(
                    g, images: blockImages, pixels: pixels, accumulateWeight: index > 0,
                    gradOutput: gradOutput, input: input, weight: weight, into: destination,
                    workspace: &workspace)
            }
        }
        if let gradWeight {
            for part in 1..<parts {
                let partial = partialWeights + (part - 1) * weightCount
                for i in 0..<weightCount { gradWeight[i] += partial[i] }
            }
        }
        if let gradBias {
            for co in 0..<g.outChannels {
                var sum = 0.0
                for part in 0..<parts { sum += partialBiases[part * g.outChannels + co] }
                gradBias[co] = Float(sum)
            }
        }
    }

    /// Where one worker of ``backward(_:gradOutput:input:weight:gradInput:gradInputBias:gradWeight:gradBias:)``
    /// writes.
    private struct BackwardDestination {
        var gradInput: UnsafeMutablePointer<Float>?
        var gradInputBias: UnsafePointer<Float>?
        var gradWeight: UnsafeMutablePointer<Float>?
        var gradBias: UnsafeMutablePointer<Double>?
    }

    /// One block of the backward pass; `accumulateWeight` is false for a worker's first block.
    private static func backwardBlock(
        _ g: ConvolutionGeometry, images: Range<Int>, pixels: Range<Int>, accumulateWeight: Bool,
        gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>?, weight: UnsafePointer<Float>?,
        into destination: BackwardDestination, workspace: inout Workspace
    ) {
        let width = images.count * pixels.count
        let single = images.count == 1
        // The output-gradient block as a C_out x width matrix.
        let upstream: UnsafePointer<Float>
        let upstreamStride: Int
        if single {
            upstream = gradOutput + images.lowerBound * g.outImage + pixels.lowerBound
            upstreamStride = g.outPlane
        } else {
            for (i, n) in images.enumerated() {
                for co in 0..<g.outChannels {
                    (workspace.staging + co * width + i * g.outPlane).update(
                        from: gradOutput + n * g.outImage + co * g.outPlane, count: g.outPlane)
                }
            }
            upstream = UnsafePointer(workspace.staging)
            upstreamStride = width
        }
        if let gradBias = destination.gradBias {
            for co in 0..<g.outChannels {
                gradBias[co] += Double(ConvolutionKernel.sum(upstream + co * upstreamStride, count: width))
            }
        }
        if let gradWeight = destination.gradWeight, let input {
            let (patches, patchStride) = patchMatrix(
                g, images: images, pixels: pixels, input: input, workspace: &workspace)
            _sgemmRowMajor(
                transposeA: false, transposeB: true, m: g.outChannels, n: g.patchSize, k: width,
                a: upstream, lda: upstreamStride, b: patches, ldb: patchStride,
                beta: accumulateWeight ? 1 : 0, c: gradWeight, ldc: g.patchSize)
        }
        if let gradInput = destination.gradInput, let weight {
            accumulateInputGradient(
                g, images: images, pixels: pixels, upstream: upstream, upstreamStride: upstreamStride,
                weight: weight, gradInput: gradInput, bias: destination.gradInputBias, workspace: workspace)
        }
    }

    /// Adds a block's contribution `weightᵀ · upstream` to the input gradient: directly for pointwise
    /// convolutions of one image, else through col2im, in the split layout unless that is the identity. Each
    /// image's gradient starts from `bias` (or zero) at its first block and is final after its last.
    private static func accumulateInputGradient(
        _ g: ConvolutionGeometry, images: Range<Int>, pixels: Range<Int>, upstream: UnsafePointer<Float>,
        upstreamStride: Int, weight: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
        bias: UnsafePointer<Float>?, workspace: Workspace
    ) {
        let width = images.count * pixels.count
        let direct = g.splitIsIdentity
        if pixels.lowerBound == 0 && direct {
            for n in images {
                let image = gradInput + n * g.inImage
                for c in 0..<g.inChannels {
                    (image + c * g.inPlane).update(repeating: bias?[c] ?? 0, count: g.inPlane)
                }
            }
        }
        if images.count == 1 && g.isPointwise {
            _sgemmRowMajor(
                transposeA: true, transposeB: false, m: g.patchSize, n: width, k: g.outChannels,
                a: weight, lda: g.patchSize, b: upstream, ldb: upstreamStride,
                beta: 1, c: gradInput + images.lowerBound * g.inImage + pixels.lowerBound, ldc: g.inPlane)
            return
        }
        _sgemmRowMajor(
            transposeA: true, transposeB: false, m: g.patchSize, n: width, k: g.outChannels,
            a: weight, lda: g.patchSize, b: upstream, ldb: upstreamStride,
            beta: 0, c: workspace.columns, ldc: width)
        for (i, n) in images.enumerated() {
            let columns = workspace.columns + i * pixels.count
            if direct {
                g.col2im(columns, rowStride: width, pixels: pixels, addingInto: gradInput + n * g.inImage)
                continue
            }
            if pixels.lowerBound == 0 {
                workspace.splitGradient.update(repeating: 0, count: g.splitImage)
            }
            g.col2im(columns, rowStride: width, pixels: pixels, addingInto: workspace.splitGradient)
            if pixels.upperBound == g.outPlane {
                g.unsplit(workspace.splitGradient, bias: bias, into: gradInput + n * g.inImage)
            }
        }
    }
}
