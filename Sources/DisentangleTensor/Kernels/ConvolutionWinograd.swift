import CDisentangleKernels

/// Convolution forward and backward passes with a Winograd algorithm F(m x m, 3x3) for stride-1 3x3 kernels, one
/// driver for every ``WinogradTransforms`` (``Winograd2x2Tiling``, ``Winograd4x4Tiling``): per block of output
/// tile rows, transform, one single-threaded product over channels per transformed position, transform back. The
/// forward and input-gradient products (depth = channels) run in `cdk_small_gemm`, which reads the operands in place;
/// the weight gradient's (depth = tiles) in OpenBLAS's sgemm.
///
/// The backward pass is the exact adjoint of the forward computation: the weight gradient accumulates
/// `dM[ξ] V[ξ]ᵀ` over all tiles (a GEMM whose depth is the tile count) and maps it back with `Gᵀ · G`; the input
/// gradient is `U[ξ]ᵀ dM[ξ]` scattered back through `B · Bᵀ`. Inputs are not cached between the passes: the
/// backward pass transforms them again, which costs less than holding the larger transformed batch (4x the input
/// for F(2x2), 2.25x for F(4x4)).
enum ConvolutionWinograd {
    /// Transformed scalars per channel a block aims for (positions x tiles): enough for efficient GEMMs, few
    /// enough that the transformed block stays near the L2 cache; 256 tiles of F(2x2), 113 of F(4x4).
    static let positionBudget = 4096

    /// Output tile rows of each block of an image, split evenly.
    private static func rowBlocks<T: WinogradTransforms>(_ tiling: T) -> [Range<Int>] {
        let rowsPerBlock = max(1, positionBudget / T.positions / tiling.tilesWide)
        let count = (tiling.tilesHigh + rowsPerBlock - 1) / rowsPerBlock
        return (0..<count).map { b in (tiling.tilesHigh * b / count)..<(tiling.tilesHigh * (b + 1) / count) }
    }

    /// `output = conv(input, weight) + bias`, rectified (`max(·, 0)`, in the output transform) if `rectify`,
    /// overwriting `output`. Blocks write disjoint outputs, so the result does not depend on the thread count.
    static func forward<T: WinogradTransforms>(
        _ tiling: T, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, rectify: Bool = false, output: UnsafeMutablePointer<Float>
    ) {
        let g = tiling.geometry
        guard g.batch > 0 else { return }
        let positions = T.positions
        let blocks = rowBlocks(tiling)
        let maximumRows = blocks.map(\.count).max() ?? 0
        let maximumTiles = maximumRows * tiling.tilesWide
        // U[ξ] as [ci][co]: the product reads A by columns (`cdk_small_gemm`).
        let kernels = g.outChannels * g.inChannels
        let transposedWeights = UnsafeMutablePointer<Float>.allocate(capacity: positions * kernels)
        defer { transposedWeights.deallocate() }
        tiling.transformWeights(weight, transposed: true, into: transposedWeights)
        let items = g.batch * blocks.count
        let parts = min(Threading.threadCount, items)
        Threading.parallelFor(parts) { part in
            let v = UnsafeMutablePointer<Float>.allocate(capacity: positions * g.inChannels * maximumTiles)
            let m = UnsafeMutablePointer<Float>.allocate(capacity: positions * g.outChannels * maximumTiles)
            let scratch = UnsafeMutablePointer<Float>.allocate(
                capacity: max(tiling.inputScratchCount(tileRows: maximumRows), tiling.outputScratchCount(tileRows: maximumRows)))
            defer {
                v.deallocate()
                m.deallocate()
                scratch.deallocate()
            }
            for item in (items * part / parts)..<(items * (part + 1) / parts) {
                let n = item / blocks.count
                let rows = blocks[item % blocks.count]
                let tiles = rows.count * tiling.tilesWide
                tiling.transformInput(image: input + n * g.inImage, tileRows: rows, into: v, scratch: scratch)
                for xi in 0..<positions {
                    cdk_small_gemm(
                        g.outChannels, tiles, g.inChannels, transposedWeights + xi * kernels, g.outChannels,
                        v + xi * g.inChannels * tiles, tiles, m + xi * g.outChannels * tiles, tiles)
                }
                tiling.transformOutput(
                    m, tileRows: rows, bias: bias, rectify: rectify, into: output + n * g.outImage, scratch: scratch)
            }
        }
    }

    /// The gradients of a convolution given the gradient of its output, with the contract of
    /// ``ConvolutionKernel/backward(_:gradOutput:rectifiedOutput:input:weight:gradInput:gradInputBias:gradWeight:gradBias:)``:
    /// with `rectifiedOutput`, the output gradient is masked where it is read (the output-gradient transform and
    /// the bias sums).
    static func backward<T: WinogradTransforms>(
        _ tiling: T, gradOutput: UnsafePointer<Float>, rectifiedOutput: UnsafePointer<Float>? = nil,
        input: UnsafePointer<Float>?, weight: UnsafePointer<Float>?,
        gradInput: UnsafeMutablePointer<Float>?, gradInputBias: UnsafePointer<Float>?,
        gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?
    ) {
        let g = tiling.geometry
        precondition(gradInput == nil || weight != nil, "internal: the input gradient needs the weight")
        precondition(gradWeight == nil || input != nil, "internal: the weight gradient needs the input")
        let weightCount = g.outChannels * g.inChannels * 9
        guard g.batch > 0 else {
            gradWeight?.update(repeating: 0, count: weightCount)
            gradBias?.update(repeating: 0, count: g.outChannels)
            return
        }
        let positions = T.positions
        let blocks = rowBlocks(tiling)
        let maximumRows = blocks.map(\.count).max() ?? 0
        let maximumTiles = maximumRows * tiling.tilesWide
        let transformedCount = positions * g.outChannels * g.inChannels
        let transformedWeights = UnsafeMutablePointer<Float>.allocate(capacity: gradInput == nil ? 0 : transformedCount)
        if let weight, gradInput != nil {
            tiling.transformWeights(weight, transposed: false, into: transformedWeights)
        }
        let parts = min(Threading.threadCount, g.batch)
        let partialTransformedGradients = UnsafeMutablePointer<Float>.allocate(
            capacity: gradWeight == nil ? 0 : parts * transformedCount)
        let partialBiases = UnsafeMutablePointer<Double>.allocate(capacity: gradBias == nil ? 0 : parts * g.outChannels)
        defer {
            transformedWeights.deallocate()
            partialTransformedGradients.deallocate()
            partialBiases.deallocate()
        }
        let scratchCount = max(
            tiling.inputScratchCount(tileRows: maximumRows), tiling.outputGradientScratchCount(tileRows: maximumRows),
            tiling.inputGradientScratchCount(tileRows: maximumRows))
        Threading.parallelFor(parts) { part in
            let images = (g.batch * part / parts)..<(g.batch * (part + 1) / parts)
            let dm = UnsafeMutablePointer<Float>.allocate(capacity: positions * g.outChannels * maximumTiles)
            let v = UnsafeMutablePointer<Float>.allocate(capacity: positions * g.inChannels * maximumTiles)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
            let accumulator = UnsafeMutablePointer<Float>.allocate(
                capacity: gradInput == nil ? 0 : tiling.inputGradientAccumulatorCount)
            defer {
                dm.deallocate()
                v.deallocate()
                scratch.deallocate()
                accumulator.deallocate()
            }
            let du = partialTransformedGradients + part * transformedCount
            let biasSums = gradBias == nil ? nil : partialBiases + part * g.outChannels
            biasSums?.update(repeating: 0, count: g.outChannels)
            var accumulateWeight = false
            for n in images {
                let upstream = gradOutput + n * g.outImage
                let mask = rectifiedOutput.map { $0 + n * g.outImage }
                if let biasSums {
                    for co in 0..<g.outChannels {
                        let plane = co * g.outPlane
                        let sum = mask.map { ConvolutionKernel.maskedSum(upstream + plane, mask: $0 + plane, count: g.outPlane) }
                            ?? ConvolutionKernel.sum(upstream + plane, count: g.outPlane)
                        biasSums[co] += Double(sum)
                    }
                }
                guard gradWeight != nil || gradInput != nil else { continue }
                if gradInput != nil {
                    accumulator.update(repeating: 0, count: tiling.inputGradientAccumulatorCount)
                }
                for rows in blocks {
                    let tiles = rows.count * tiling.tilesWide
                    tiling.transformOutputGradient(
                        image: upstream, output: mask, tileRows: rows, into: dm, scratch: scratch)
                    if gradWeight != nil, let input {
                        tiling.transformInput(image: input + n * g.inImage, tileRows: rows, into: v, scratch: scratch)
                        for xi in 0..<positions {
                            _sgemmRowMajor(
                                transposeA: false, transposeB: true, m: g.outChannels, n: g.inChannels, k: tiles,
                                a: dm + xi * g.outChannels * tiles, lda: tiles,
                                b: v + xi * g.inChannels * tiles, ldb: tiles,
                                beta: accumulateWeight ? 1 : 0, c: du + xi * g.outChannels * g.inChannels,
                                ldc: g.inChannels)
                        }
                        accumulateWeight = true
                    }
                    if gradInput != nil {
                        for xi in 0..<positions {
                            cdk_small_gemm(
                                g.inChannels, tiles, g.outChannels, transformedWeights + xi * g.outChannels * g.inChannels,
                                g.inChannels, dm + xi * g.outChannels * tiles, tiles, v + xi * g.inChannels * tiles, tiles)
                        }
                        tiling.accumulateInputGradient(v, tileRows: rows, into: accumulator, scratch: scratch)
                    }
                }
                if let gradInput {
                    tiling.finishInputGradient(
                        accumulator, bias: gradInputBias, into: gradInput + n * g.inImage, scratch: scratch)
                }
            }
        }
        if let gradWeight {
            for part in 1..<parts {
                let partial = partialTransformedGradients + part * transformedCount
                for i in 0..<transformedCount { partialTransformedGradients[i] += partial[i] }
            }
            tiling.weightGradient(fromTransformed: partialTransformedGradients, into: gradWeight)
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
