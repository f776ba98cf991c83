/// The entry points of the convolution kernels: each call picks Winograd F(2x2, 3x3) when
/// ``WinogradTiling/applies(to:)`` holds, per-tap GEMMs over a phase-split input when
/// ``ConvolutionTapGEMM/applies(to:)`` holds (strided layers), else im2col + GEMM, with identical contracts.
enum ConvolutionKernel {
    /// `output = conv(input, weight) + bias`, overwriting `output`.
    static func forward(
        _ g: ConvolutionGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>
    ) {
        if WinogradTiling.applies(to: g) {
            ConvolutionWinograd.forward(g, input: input, weight: weight, bias: bias, output: output)
        } else if ConvolutionTapGEMM.applies(to: g) {
            ConvolutionTapGEMM(g).forward(input: input, weight: weight, bias: bias, output: output)
        } else {
            ConvolutionGEMM.forward(g, input: input, weight: weight, bias: bias, output: output)
        }
    }

    /// The gradients of a convolution given the gradient of its output, each overwriting its destination:
    ///
    /// - `gradInput` (needs `weight`): the input gradient, plus `gradInputBias` per channel if given (which makes
    ///   this the forward pass of a transposed convolution with bias);
    /// - `gradWeight` (needs `input`): the weight gradient;
    /// - `gradBias`: the sum of `gradOutput` over batch and pixels, per channel.
    ///
    /// Workers own contiguous ranges of images and accumulate their own weight and bias gradients; the partial
    /// sums are added in worker order, so results are deterministic for a given thread count.
    static func backward(
        _ g: ConvolutionGeometry, gradOutput: UnsafePointer<Float>,
        input: UnsafePointer<Float>?, weight: UnsafePointer<Float>?,
        gradInput: UnsafeMutablePointer<Float>?, gradInputBias: UnsafePointer<Float>? = nil,
        gradWeight: UnsafeMutablePointer<Float>?, gradBias: UnsafeMutablePointer<Float>?
    ) {
        if WinogradTiling.applies(to: g) {
            ConvolutionWinograd.backward(
                g, gradOutput: gradOutput, input: input, weight: weight, gradInput: gradInput,
                gradInputBias: gradInputBias, gradWeight: gradWeight, gradBias: gradBias)
        } else if ConvolutionTapGEMM.applies(to: g) {
            ConvolutionTapGEMM(g).backward(
                gradOutput: gradOutput, input: input, weight: weight, gradInput: gradInput,
                gradInputBias: gradInputBias, gradWeight: gradWeight, gradBias: gradBias)
        } else {
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
