/// The entry points of the convolution kernels: each call picks a Winograd algorithm where
/// ``winogradAlgorithm(for:)`` names one (stride-1 3x3 layers), per-tap GEMMs over a phase-split input when
/// ``ConvolutionTapGEMM/applies(to:)`` holds (strided layers), else im2col + GEMM, with identical contracts.
enum ConvolutionKernel {
    /// The Winograd algorithms for stride-1 3x3 kernels.
    enum WinogradAlgorithm {
        /// F(2x2, 3x3): ``Winograd2x2Tiling``.
        case f2x2
        /// F(4x4, 3x3): ``Winograd4x4Tiling``.
        case f4x4
    }

    /// The Winograd algorithm for a convolution, or nil for the other kernels.
    ///
    /// Winograd needs a 3x3 kernel with unit stride; it is used with an output at least 8 wide and at least 16
    /// input channels. F(2x2) against im2col + GEMM, measured single-threaded on Zen 3, forward + backward, batch
    /// 64: 1.9-2x faster at 64->64, 64->16, 64->8 and 64->1 channels, 1.4-1.6x at 16->16 and 32->32, break-even
    /// at 16->64, and 0.7-0.85x slower below 16 input channels, where the GEMMs over input channels are too shallow.
    ///
    /// F(4x4) is chosen by default (``CPUKernels/winograd``; `DISENTANGLE_WINOGRAD=f2x2` or `off` for smaller
    /// rounding error): it was faster than F(2x2) at every geometry measured, and its error stays within
    /// `WinogradTests`' bound (about 1e-6 of `Σ |w||x|`, against 1e-7 for F(2x2)). Forward +
    /// backward GFLOP/s (direct-convolution FLOPs), 1 thread, AVX-512 (Xeon, Emerald Rapids, 2 cores shared with
    /// other work), medians of 4 alternating runs of 7 rounds, F(2x2) -> F(4x4), `in->out size/padding batch`:
    ///
    ///     64->64 38/0 b64: 161 -> 239    64->64 34/0 b64: 134 -> 212    64->64 32/1 b64: 141 -> 230
    ///     64->64 64/1 b16: 158 -> 243    64->64 16/1 b64: 127 -> 173    64->64 12/1 b64: 119 -> 134
    ///     64->64 10/0 b64:  81 -> 103    32->32 32/1 b64: 111 -> 145    16->16 32/1 b64:  71 ->  93
    ///     16->64 32/1 b64: 108 -> 144    64->3  32/1 b64:  23 ->  25    64->3  64/1 b16:  26 ->  31
    ///     64->1  32/1 b64:   7 ->   9
    static func winogradAlgorithm(
        for g: ConvolutionGeometry, choice: CPUKernels.Winograd = CPUKernels.winograd
    ) -> WinogradAlgorithm? {
        guard g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideHeight == 1 && g.strideWidth == 1
            && g.inChannels >= 16 && g.outWidth >= 8
        else { return nil }
        switch choice {
        case .f4x4: return .f4x4
        case .f2x2: return .f2x2
        case .off: return nil
        }
    }

    /// `output = conv(input, weight) + bias`, overwriting `output`; then, if `rectify`, `max(output, 0)` exactly
    /// as `Tensor.relu()` computes it: in the Winograd output transforms and the per-tap GEMMs' crop loop, by a
    /// pass over the output after im2col + GEMM.
    static func forward(
        _ g: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, rectify: Bool = false, output: UnsafeMutablePointer<Float>
    ) {
        switch winogradAlgorithm(for: g) {
        case .f2x2:
            ConvolutionWinograd.forward(
                Winograd2x2Tiling(g), input: input, weight: weight, bias: bias, rectify: rectify, output: output)
            return
        case .f4x4:
            ConvolutionWinograd.forward(
                Winograd4x4Tiling(g), input: input, weight: weight, bias: bias, rectify: rectify, output: output)
            return
        case nil where ConvolutionTapGEMM.applies(to: g):
            ConvolutionTapGEMM(g).forward(input: input, weight: weight, bias: bias, rectify: rectify, output: output)
            return
        case nil:
            ConvolutionGEMM.forward(g, input: input, weight: weight, bias: bias, output: output)
        }
        if rectify {
            // In place: cdk_relu reads and writes each element at the same index.
            Tensor.rectify(output, into: output, count: g.outputShape.reduce(1, *))
        }
    }

    /// The gradients of a convolution given the gradient of its output, each overwriting its destination:
    ///
    /// - `gradInput` (needs `weight`): the input gradient, plus `gradInputBias` per channel if given (which makes
    ///   this the forward pass of a transposed convolution with bias);
    /// - `gradWeight` (needs `input`): the weight gradient;
    /// - `gradBias`: the sum of `gradOutput` over batch and pixels, per channel.
    ///
    /// With `rectifiedOutput` (the convolution's output after `max(·, 0)`), `gradOutput` is first masked as
    /// `Tensor.relu()`'s pullback masks it (`rectifiedOutput > 0 ? gradOutput : 0`), which makes these the
    /// gradients of the rectified convolution: Winograd and the per-tap GEMMs mask where they read the gradient,
    /// im2col + GEMM masks into a temporary.
    ///
    /// Workers own contiguous ranges of images and accumulate their own weight and bias gradients; the partial
    /// sums are added in worker order, so results are deterministic for a given thread count.
    static func backward(
        _ g: ConvolutionGeometry, gradOutput: UnsafePointer<Float>, rectifiedOutput: UnsafePointer<Float>? = nil,
        input: UnsafePointer<Float>?, weight: UnsafePointer<Float>?,
        gradInput: UnsafeMutablePointer<Float>?, gradInputBias: UnsafePointer<Float>? = nil,
        gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?
    ) {
        let algorithm = winogradAlgorithm(for: g)
        if let rectifiedOutput, algorithm == nil, !ConvolutionTapGEMM.applies(to: g) {
            let count = g.outputShape.reduce(1, *)
            let masked = UnsafeMutablePointer<Float>.allocate(capacity: count)
            defer { masked.deallocate() }
            Tensor.maskByPositive(gradOutput, rectifiedOutput, into: masked, count: count)
            backward(
                g, gradOutput: masked, input: input, weight: weight, gradInput: gradInput,
                gradInputBias: gradInputBias, gradWeight: gradWeight, gradBias: gradBias)
            return
        }
        switch algorithm {
        case .f2x2:
            ConvolutionWinograd.backward(
                Winograd2x2Tiling(g), gradOutput: gradOutput, rectifiedOutput: rectifiedOutput, input: input,
                weight: weight, gradInput: gradInput, gradInputBias: gradInputBias, gradWeight: gradWeight,
                gradBias: gradBias)
        case .f4x4:
            ConvolutionWinograd.backward(
                Winograd4x4Tiling(g), gradOutput: gradOutput, rectifiedOutput: rectifiedOutput, input: input,
                weight: weight, gradInput: gradInput, gradInputBias: gradInputBias, gradWeight: gradWeight,
                gradBias: gradBias)
        case nil where ConvolutionTapGEMM.applies(to: g):
            ConvolutionTapGEMM(g).backward(
                gradOutput: gradOutput, rectifiedOutput: rectifiedOutput, input: input, weight: weight, gradInput: gradInput,
                gradInputBias: gradInputBias, gradWeight: gradWeight, gradBias: gradBias)
        case nil:
            ConvolutionGEMM.backward(
                g, gradOutput: gradOutput, input: input, weight: weight, gradInput: gradInput,
                gradInputBias: gradInputBias, gradWeight: gradWeight, gradBias: gradBias)
        }
    }

    /// `sums[c]` = the sum of channel `c` of an NCHW tensor over its batch and pixels (a bias gradient).
    static func channelSums(
        _ tensor: UnsafePointer<Float>, batch: Int, channels: Int, plane: Int, into sums: UnsafeMutablePointer<Float>
    ) {
        for c in 0..<channels {
            var total = 0.0
            for n in 0..<batch { total += Double(sum(tensor + (n * channels + c) * plane, count: plane)) }
            sums[c] = Float(total)
        }
    }

    /// ``sum(_:count:)`` of `row` masked by `mask` as `Tensor.relu()`'s pullback masks it (`mask > 0 ? row : 0`),
    /// adding the same values in the same order (so bit-identical to summing a masked copy).
    @inline(__always)
    static func maskedSum(_ row: UnsafePointer<Float>, mask: UnsafePointer<Float>, count: Int) -> Float {
        var partial = SIMD8<Float>(repeating: 0)
        let zero = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= count {
            let values = UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<Float>.self)
            let keep = UnsafeRawPointer(mask + i).loadUnaligned(as: SIMD8<Float>.self) .> zero
            partial += zero.replacing(with: values, where: keep)
            i += 8
        }
        var total = partial.sum()
        while i < count {
            total += mask[i] > 0 ? row[i] : 0
            i += 1
        }
        return total
    }

    /// The sum of `count` consecutive scalars, with eight interleaved partial sums.
    @inline(__always)
    static func sum(_ row: UnsafePointer<Float>, count: Int) -> Float {
        var partial = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= count {
            partial += UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = partial.sum()
        while i < count {
            total += row[i]
            i += 1
        }
        return total
    }
}
