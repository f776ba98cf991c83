/// An activation applied by `Tensor.conv2d(_:weight:bias:stride:padding:activation:)` to the convolution's
/// output inside the convolution kernels, saving the separate passes over the output (forward) and its gradient
/// (backward) that applying it afterwards costs.
public enum ConvolutionActivation: Sendable, Hashable {
    /// No activation: the convolution plus bias.
    case identity
    /// `max(x, 0)`, bit for bit ``Tensor/relu()`` of the identity result, values and every gradient (input,
    /// weight, bias); the pullback masks the output gradient by `output > 0` as `relu()`'s does.
    case relu
}

extension Tensor {
    /// 2-D convolution (cross-correlation, as in PyTorch's `conv2d`) of an NCHW batch with square stride and
    /// padding; differentiable with respect to the input, the weight and the bias.
    ///
    /// - Parameters:
    ///   - input: `[N, C_in, H, W]`.
    ///   - weight: `[C_out, C_in, kH, kW]`.
    ///   - bias: `[C_out]`, added to every pixel of each output channel, or `nil`.
    ///   - stride: the step between kernel applications, vertically and horizontally.
    ///   - padding: zeros added on every side of the input.
    ///   - activation: applied to the result inside the convolution (``ConvolutionActivation/relu`` gives exactly
    ///     `conv2d(...).relu()`, faster).
    /// - Returns: `[N, C_out, (H + 2 padding - kH) / stride + 1, (W + 2 padding - kW) / stride + 1]`.
    ///
    /// Traps with a message naming the shapes if they do not fit; check user-supplied shapes first with
    /// ``conv2dOutputShape(input:weight:bias:stride:padding:)``.
    public static func conv2d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0,
        activation: ConvolutionActivation = .identity
    ) -> Tensor {
        conv2d(
            input, weight: weight, bias: bias, stride: (stride, stride), padding: (padding, padding),
            activation: activation)
    }

    /// 2-D convolution (cross-correlation, as in PyTorch's `conv2d`) of an NCHW batch with separate vertical and
    /// horizontal stride and padding; differentiable with respect to the input, the weight and the bias.
    ///
    /// - Parameters:
    ///   - input: `[N, C_in, H, W]`.
    ///   - weight: `[C_out, C_in, kH, kW]`.
    ///   - bias: `[C_out]`, added to every pixel of each output channel, or `nil`.
    ///   - stride: `(vertical, horizontal)` steps between kernel applications.
    ///   - padding: `(vertical, horizontal)` zeros added above and below, and left and right, of the input.
    ///   - activation: applied to the result inside the convolution (``ConvolutionActivation/relu`` gives exactly
    ///     `conv2d(...).relu()`: in the Winograd kernels' output transforms forward and their output-gradient
    ///     transforms backward; by a pass over the output and a masked copy of its gradient in the others).
    /// - Returns: `[N, C_out, (H + 2 padding.0 - kH) / stride.0 + 1, (W + 2 padding.1 - kW) / stride.1 + 1]`.
    ///
    /// Traps with a message naming the shapes if they do not fit; check user-supplied shapes first with
    /// ``conv2dOutputShape(input:weight:bias:stride:padding:)``.
    public static func conv2d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int), padding: (Int, Int),
        activation: ConvolutionActivation = .identity
    ) -> Tensor {
        let g: ConvolutionGeometry
        do {
            g = try ConvolutionGeometry(
                input: input.shape, weight: weight.shape, bias: bias?.shape, stride: stride, padding: padding)
        } catch {
            preconditionFailure(error.description)
        }
        let output = TensorBuffer(uninitializedCount: g.outputShape.reduce(1, *))
        let rectify = activation == .relu
        ConvolutionKernel.forward(
            g, input: input.buffer.pointer, weight: weight.buffer.pointer, bias: bias?.buffer.pointer,
            rectify: rectify, output: output.pointer)
        // The pullback of the rectified convolution masks by its output, as relu()'s does.
        let rectifiedOutput = rectify ? output : nil
        // The input is kept for the weight gradient only, so a frozen layer does not hold its activations.
        let inputValue = weight.requiresGradient ? input.detached() : nil
        let weightValue = weight.detached()
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        return makeResult(shape: g.outputShape, buffer: output, inputs: inputs) { gradient, needs in
            let gradInput = needs[0] ? TensorBuffer(uninitializedCount: g.inputShape.reduce(1, *)) : nil
            let gradWeight = needs[1] ? TensorBuffer(uninitializedCount: weightValue.count) : nil
            let gradBias = needs.count > 2 && needs[2] ? TensorBuffer(uninitializedCount: g.outChannels) : nil
            ConvolutionKernel.backward(
                g, gradOutput: gradient.buffer.pointer, rectifiedOutput: rectifiedOutput?.pointer,
                input: inputValue?.buffer.pointer,
                weight: weightValue.buffer.pointer, gradInput: gradInput?.pointer,
                gradWeight: gradWeight?.pointer, gradBias: gradBias?.pointer)
            let gradients = [
                gradInput.map { Tensor(shape: g.inputShape, buffer: $0) },
                gradWeight.map { Tensor(shape: weightValue.shape, buffer: $0) },
            ]
            return gradients + (inputs.count > 2 ? [gradBias.map { Tensor(shape: [g.outChannels], buffer: $0) }] : [])
        }
    }

    /// 2-D transposed convolution (PyTorch's `conv_transpose2d`, the input gradient of `conv2d`) of an NCHW batch
    /// with square stride and padding; differentiable with respect to the input, the weight and the bias.
    ///
    /// - Parameters:
    ///   - input: `[N, C_in, H, W]`.
    ///   - weight: `[C_in, C_out, kH, kW]` (PyTorch's layout for transposed convolutions).
    ///   - bias: `[C_out]`, added to every pixel of each output channel, or `nil`.
    ///   - stride: the upsampling factor.
    ///   - padding: rows and columns removed from every side of the full transposed convolution.
    ///   - outputPadding: rows and columns added at the bottom and right; must be smaller than `stride`.
    /// - Returns: `[N, C_out, (H - 1) stride - 2 padding + kH + outputPadding, (W - 1) stride - 2 padding + kW + outputPadding]`.
    ///
    /// Traps with a message naming the shapes if they do not fit; check user-supplied shapes first with
    /// ``convTranspose2dOutputShape(input:weight:bias:stride:padding:outputPadding:)``.
    public static func convTranspose2d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0,
        outputPadding: Int = 0
    ) -> Tensor {
        convTranspose2d(
            input, weight: weight, bias: bias, stride: (stride, stride), padding: (padding, padding),
            outputPadding: (outputPadding, outputPadding))
    }

    /// 2-D transposed convolution (PyTorch's `conv_transpose2d`) of an NCHW batch with separate vertical and
    /// horizontal stride, padding and output padding; differentiable with respect to the input, the weight and
    /// the bias.
    ///
    /// - Parameters:
    ///   - input: `[N, C_in, H, W]`.
    ///   - weight: `[C_in, C_out, kH, kW]` (PyTorch's layout for transposed convolutions).
    ///   - bias: `[C_out]`, added to every pixel of each output channel, or `nil`.
    ///   - stride: `(vertical, horizontal)` upsampling factors.
    ///   - padding: `(vertical, horizontal)` rows and columns removed from each side of the full result.
    ///   - outputPadding: `(vertical, horizontal)` rows and columns added at the bottom and right; each must be
    ///     smaller than the corresponding stride.
    /// - Returns: `[N, C_out, (H - 1) stride.0 - 2 padding.0 + kH + outputPadding.0, (W - 1) stride.1 - 2 padding.1 + kW + outputPadding.1]`.
    ///
    /// Traps with a message naming the shapes if they do not fit; check user-supplied shapes first with
    /// ``convTranspose2dOutputShape(input:weight:bias:stride:padding:outputPadding:)``.
    public static func convTranspose2d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int), padding: (Int, Int),
        outputPadding: (Int, Int) = (0, 0)
    ) -> Tensor {
        let g: ConvolutionGeometry
        do {
            g = try ConvolutionGeometry(
                transposedInput: input.shape, weight: weight.shape, bias: bias?.shape, stride: stride,
                padding: padding, outputPadding: outputPadding)
        } catch {
            preconditionFailure(error.description)
        }
        // The transposed convolution is the input gradient of the convolution `g` whose output has our input's shape.
        let output = TensorBuffer(uninitializedCount: g.inputShape.reduce(1, *))
        ConvolutionKernel.backward(
            g, gradOutput: input.buffer.pointer, input: nil, weight: weight.buffer.pointer,
            gradInput: output.pointer, gradInputBias: bias?.buffer.pointer, gradWeight: nil, gradBias: nil)
        // The input is kept for the weight gradient only, so a frozen layer does not hold its activations.
        let inputValue = weight.requiresGradient ? input.detached() : nil
        let weightValue = weight.detached()
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        return makeResult(shape: g.inputShape, buffer: output, inputs: inputs) { gradient, needs in
            var gradInput: TensorBuffer?
            if needs[0] {
                let buffer = TensorBuffer(uninitializedCount: g.outputShape.reduce(1, *))
                ConvolutionKernel.forward(
                    g, input: gradient.buffer.pointer, weight: weightValue.buffer.pointer, bias: nil,
                    output: buffer.pointer)
                gradInput = buffer
            }
            var gradWeight: TensorBuffer?
            if needs[1], let inputValue {
                let buffer = TensorBuffer(uninitializedCount: weightValue.count)
                ConvolutionKernel.backward(
                    g, gradOutput: inputValue.buffer.pointer, input: gradient.buffer.pointer, weight: nil,
                    gradInput: nil, gradWeight: buffer.pointer, gradBias: nil)
                gradWeight = buffer
            }
            var gradBias: TensorBuffer?
            if needs.count > 2 && needs[2] {
                let buffer = TensorBuffer(uninitializedCount: g.inChannels)
                ConvolutionKernel.channelSums(
                    gradient.buffer.pointer, batch: g.batch, channels: g.inChannels, plane: g.inPlane,
                    into: buffer.pointer)
                gradBias = buffer
            }
            let gradients = [
                gradInput.map { Tensor(shape: g.outputShape, buffer: $0) },
                gradWeight.map { Tensor(shape: weightValue.shape, buffer: $0) },
            ]
            return gradients + (inputs.count > 2 ? [gradBias.map { Tensor(shape: [g.inChannels], buffer: $0) }] : [])
        }
    }

    /// The output shape of `conv2d` for the given shapes, for layers that check user-supplied shapes before
    /// running.
    ///
    /// - Throws: ``TensorError`` naming the shapes if the input is not NCHW, the weight is not
    ///   `[C_out, C_in, kH, kW]` with the input's channel count, the bias is not `[C_out]`, a stride is below 1,
    ///   a padding is negative, or the padded input is smaller than the kernel.
    public static func conv2dOutputShape(
        input: [Int], weight: [Int], bias: [Int]? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0)
    ) throws(TensorError) -> [Int] {
        try ConvolutionGeometry(input: input, weight: weight, bias: bias, stride: stride, padding: padding).outputShape
    }

    /// The output shape of `convTranspose2d` for the given shapes, for layers that check user-supplied shapes
    /// before running.
    ///
    /// - Throws: ``TensorError`` naming the shapes if the input is not NCHW, the weight is not
    ///   `[C_in, C_out, kH, kW]` with the input's channel count, the bias is not `[C_out]`, a stride is below 1,
    ///   a padding is negative, an output padding is not smaller than its stride, or the output would be empty.
    public static func convTranspose2dOutputShape(
        input: [Int], weight: [Int], bias: [Int]? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        outputPadding: (Int, Int) = (0, 0)
    ) throws(TensorError) -> [Int] {
        try ConvolutionGeometry(
            transposedInput: input, weight: weight, bias: bias, stride: stride, padding: padding,
            outputPadding: outputPadding
        ).inputShape
    }
}
