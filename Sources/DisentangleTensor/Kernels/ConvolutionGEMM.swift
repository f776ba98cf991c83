/// Convolution forward and backward passes as im2col/col2im plus single-threaded sgemm, in cache-sized blocks
/// (``ConvolutionChunking``) spread over ``Threading/threadCount`` workers.
///
/// All pointers address contiguous NCHW (or OIHW) storage described by the geometry.
enum ConvolutionGEMM {
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
            let columns = UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * chunking.maximumColumns)
            let staging = UnsafeMutablePointer<Float>.allocate(
                capacity: chunking.imagesPerChunk > 1 ? g.outChannels * chunking.maximumColumns : 0)
            defer {
                columns.deallocate()
                staging.deallocate()
            }
            for item in (items * part / parts)..<(items * (part + 1) / parts) {
                let (images, pixels) = chunking.chunk(item, of: 0..<g.batch)
                forwardBlock(
                    g, images: images, pixels: pixels, input: input, weight: weight, bias: bias, output: output,
                    columns: columns, staging: staging)
            }
        }
    }

    /// One block of ``forward(_:input:weight:bias:output:)``.
    private static func forwardBlock(
        _ g: ConvolutionGeometry, images: Range<Int>, pixels: Range<Int>, input: UnsafePointer<Float>,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
        columns: UnsafeMutablePointer<Float>, staging: UnsafeMutablePointer<Float>
    ) {
        let width = images.count * pixels.count
        if images.count == 1 {
            let n = images.lowerBound
            let result = output + n * g.outImage + pixels.lowerBound
            let patches: UnsafePointer<Float>
            let patchStride: Int
            if g.isPointwise {
                patches = input + n * g.inImage + pixels.lowerBound
                patchStride = g.inPlane
            } else {
                g.im2col(image: input + n * g.inImage, pixels: pixels, into: columns, rowStride: width)
                patches = UnsafePointer(columns)
                patchStride = width
            }
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
        for (i, n) in images.enumerated() {
            g.im2col(image: input + n * g.inImage, pixels: pixels, into: columns + i * pixels.count, rowStride: width)
        }
        _sgemmRowMajor(
            transposeA: false, transposeB: false, m: g.outChannels, n: width, k: g.patchSize,
            a: weight, lda: g.patchSize, b: columns, ldb: width, beta: 0, c: staging, ldc: width)
        for (i, n) in images.enumerated() {
            for co in 0..<g.outChannels {
                let source = staging + co * width + i * pixels.count
                let destination = output + n * g.outImage + co * g.outPlane
                if let bias {
                    let b = bias[co]
                    for j in 0..<g.outPlane { destination[j] = source[j] + b }
                } else {
                    destination.update(from: source, count: g.outPlane)
                }
            }
        }
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
            let columns = UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * chunking.maximumColumns)
            let staging = UnsafeMutablePointer<Float>.allocate(
                capacity: chunking.imagesPerChunk > 1 ? g.outChannels * chunking.maximumColumns : 0)
            defer {
                columns.deallocate()
                staging.deallocate()
            }
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
                    columns: columns, staging: staging)
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
        into destination: BackwardDestination,
        columns: UnsafeMutablePointer<Float>, staging: UnsafeMutablePointer<Float>
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
                    (staging + co * width + i * g.outPlane).update(
                        from: gradOutput + n * g.outImage + co * g.outPlane, count: g.outPlane)
                }
            }
            upstream = UnsafePointer(staging)
            upstreamStride = width
        }
        if let gradBias = destination.gradBias {
            for co in 0..<g.outChannels {
                gradBias[co] += Double(ConvolutionKernel.sum(upstream + co * upstreamStride, count: width))
            }
        }
        if let gradWeight = destination.gradWeight, let input {
            let patches: UnsafePointer<Float>
            let patchStride: Int
            if single && g.isPointwise {
                patches = input + images.lowerBound * g.inImage + pixels.lowerBound
                patchStride = g.inPlane
            } else {
                for (i, n) in images.enumerated() {
                    g.im2col(image: input + n * g.inImage, pixels: pixels, into: columns + i * pixels.count, rowStride: width)
                }
                patches = UnsafePointer(columns)
                patchStride = width
            }
            _sgemmRowMajor(
                transposeA: false, transposeB: true, m: g.outChannels, n: g.patchSize, k: width,
                a: upstream, lda: upstreamStride, b: patches, ldb: patchStride,
                beta: accumulateWeight ? 1 : 0, c: gradWeight, ldc: g.patchSize)
        }
        if let gradInput = destination.gradInput, let weight {
            if pixels.lowerBound == 0 {
                for n in images {
                    let image = gradInput + n * g.inImage
                    if let bias = destination.gradInputBias {
                        for c in 0..<g.inChannels { (image + c * g.inPlane).update(repeating: bias[c], count: g.inPlane) }
                    } else {
                        image.update(repeating: 0, count: g.inImage)
                    }
                }
            }
            if single && g.isPointwise {
                _sgemmRowMajor(
                    transposeA: true, transposeB: false, m: g.patchSize, n: width, k: g.outChannels,
                    a: weight, lda: g.patchSize, b: upstream, ldb: upstreamStride,
                    beta: 1, c: gradInput + images.lowerBound * g.inImage + pixels.lowerBound, ldc: g.inPlane)
            } else {
                _sgemmRowMajor(
                    transposeA: true, transposeB: false, m: g.patchSize, n: width, k: g.outChannels,
                    a: weight, lda: g.patchSize, b: upstream, ldb: upstreamStride,
                    beta: 0, c: columns, ldc: width)
                for (i, n) in images.enumerated() {
                    g.col2im(
                        columns + i * pixels.count, rowStride: width, pixels: pixels,
                        addingInto: gradInput + n * g.inImage)
                }
            }
        }
    }
}
