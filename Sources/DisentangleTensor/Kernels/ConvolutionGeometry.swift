/// The sizes of a 2-D cross-correlation `output = conv(input, weight)` over an NCHW batch, with PyTorch semantics.
///
/// A transposed convolution is described by the geometry of the convolution whose input gradient it is: its
/// output plays the convolution's input and its input plays the convolution's output (see
/// ``init(transposedInput:weight:stride:padding:outputPadding:)``).
struct ConvolutionGeometry: Equatable, Sendable {
    var batch: Int
    var inChannels: Int
    var inHeight: Int
    var inWidth: Int
    var outChannels: Int
    var kernelHeight: Int
    var kernelWidth: Int
    var strideHeight: Int
    var strideWidth: Int
    var paddingHeight: Int
    var paddingWidth: Int
    var outHeight: Int
    var outWidth: Int

    /// Pixels per input channel plane.
    var inPlane: Int { inHeight * inWidth }
    /// Pixels per output channel plane.
    var outPlane: Int { outHeight * outWidth }
    /// Rows of the im2col matrix (the GEMM depth of the forward pass): `inChannels * kernelHeight * kernelWidth`.
    var patchSize: Int { inChannels * kernelHeight * kernelWidth }
    /// Scalars per input image.
    var inImage: Int { inChannels * inPlane }
    /// Scalars per output image.
    var outImage: Int { outChannels * outPlane }
    /// The input shape `[batch, inChannels, inHeight, inWidth]`.
    var inputShape: [Int] { [batch, inChannels, inHeight, inWidth] }
    /// The output shape `[batch, outChannels, outHeight, outWidth]`.
    var outputShape: [Int] { [batch, outChannels, outHeight, outWidth] }
    /// Floating-point operations of the forward pass (one multiply and one add per weight per output pixel).
    var forwardFLOPs: Double { 2 * Double(batch) * Double(outChannels) * Double(patchSize) * Double(outPlane) }
    /// Whether im2col is the identity: a 1x1 kernel with unit stride and no padding.
    var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1
            && paddingHeight == 0 && paddingWidth == 0
    }

    /// Validates the shapes of a convolution and computes its geometry.
    ///
    /// - Parameters:
    ///   - input: `[N, C_in, H, W]`.
    ///   - weight: `[C_out, C_in, kH, kW]`.
    ///   - bias: `[C_out]` or `nil`.
    /// - Throws: ``TensorError`` naming the shapes when they do not fit.
    init(input: [Int], weight: [Int], bias: [Int]?, stride: (Int, Int), padding: (Int, Int)) throws(TensorError) {
        let what = "conv2d(input: \(describe(input)), weight: \(describe(weight))"
            + (bias.map { ", bias: \(describe($0))" } ?? "") + ", stride: \(stride), padding: \(padding))"
        guard input.count == 4, input.allSatisfy({ $0 >= 0 }) else {
            throw TensorError("\(what): the input must have shape [batch, channels, height, width]")
        }
        guard weight.count == 4, weight.allSatisfy({ $0 >= 1 }) else {
            throw TensorError("\(what): the weight must have shape [outChannels, inChannels, kernelHeight, kernelWidth]")
        }
        guard input[1] == weight[1] else {
            throw TensorError("\(what): the input has \(input[1]) channels but the weight expects \(weight[1])")
        }
        if let bias, bias != [weight[0]] {
            throw TensorError("\(what): the bias must have shape [\(weight[0])]")
        }
        guard stride.0 >= 1, stride.1 >= 1 else { throw TensorError("\(what): strides must be at least 1") }
        guard padding.0 >= 0, padding.1 >= 0 else { throw TensorError("\(what): padding must not be negative") }
        let paddedHeight = input[2] + 2 * padding.0
        let paddedWidth = input[3] + 2 * padding.1
        guard paddedHeight >= weight[2], paddedWidth >= weight[3] else {
            throw TensorError(
                "\(what): the padded input (\(paddedHeight)x\(paddedWidth)) is smaller than the kernel "
                    + "(\(weight[2])x\(weight[3]))")
        }
        self.init(
            batch: input[0], inChannels: input[1], inHeight: input[2], inWidth: input[3],
            outChannels: weight[0], kernelHeight: weight[2], kernelWidth: weight[3],
            strideHeight: stride.0, strideWidth: stride.1, paddingHeight: padding.0, paddingWidth: padding.1,
            outHeight: (paddedHeight - weight[2]) / stride.0 + 1, outWidth: (paddedWidth - weight[3]) / stride.1 + 1)
    }

    /// Validates the shapes of a transposed convolution and computes the geometry of the convolution it is the
    /// input gradient of.
    ///
    /// - Parameters:
    ///   - transposedInput: `[N, C_in, H, W]`.
    ///   - weight: `[C_in, C_out, kH, kW]` (PyTorch's layout for transposed convolutions).
    ///   - bias: `[C_out]` or `nil`.
    /// - Throws: ``TensorError`` naming the shapes when they do not fit, or when `outputPadding` is not smaller
    ///   than the stride.
    init(
        transposedInput input: [Int], weight: [Int], bias: [Int]?, stride: (Int, Int), padding: (Int, Int),
        outputPadding: (Int, Int)
    ) throws(TensorError) {
        let what = "convTranspose2d(input: \(describe(input)), weight: \(describe(weight))"
            + (bias.map { ", bias: \(describe($0))" } ?? "")
            + ", stride: \(stride), padding: \(padding), outputPadding: \(outputPadding))"
        guard input.count == 4, input.allSatisfy({ $0 >= 0 }) else {
            throw TensorError("\(what): the input must have shape [batch, channels, height, width]")
        }
        guard weight.count == 4, weight.allSatisfy({ $0 >= 1 }) else {
            throw TensorError("\(what): the weight must have shape [inChannels, outChannels, kernelHeight, kernelWidth]")
        }
        guard input[1] == weight[0] else {
            throw TensorError("\(what): the input has \(input[1]) channels but the weight expects \(weight[0])")
        }
        if let bias, bias != [weight[1]] {
            throw TensorError("\(what): the bias must have shape [\(weight[1])]")
        }
        guard stride.0 >= 1, stride.1 >= 1 else { throw TensorError("\(what): strides must be at least 1") }
        guard padding.0 >= 0, padding.1 >= 0 else { throw TensorError("\(what): padding must not be negative") }
        guard outputPadding.0 >= 0, outputPadding.1 >= 0, outputPadding.0 < stride.0, outputPadding.1 < stride.1 else {
            throw TensorError("\(what): output padding must be non-negative and smaller than the stride")
        }
        guard input[2] >= 1, input[3] >= 1 else {
            throw TensorError("\(what): the input must have a height and width of at least 1")
        }
        let outHeight = (input[2] - 1) * stride.0 - 2 * padding.0 + weight[2] + outputPadding.0
        let outWidth = (input[3] - 1) * stride.1 - 2 * padding.1 + weight[3] + outputPadding.1
        guard outHeight >= 1, outWidth >= 1 else {
            throw TensorError("\(what): the output would be \(outHeight)x\(outWidth); reduce the padding")
        }
        self.init(
            batch: input[0], inChannels: weight[1], inHeight: outHeight, inWidth: outWidth,
            outChannels: weight[0], kernelHeight: weight[2], kernelWidth: weight[3],
            strideHeight: stride.0, strideWidth: stride.1, paddingHeight: padding.0, paddingWidth: padding.1,
            outHeight: input[2], outWidth: input[3])
    }

    /// Creates a geometry from its sizes without validation.
    init(
        batch: Int, inChannels: Int, inHeight: Int, inWidth: Int, outChannels: Int, kernelHeight: Int,
        kernelWidth: Int, strideHeight: Int, strideWidth: Int, paddingHeight: Int, paddingWidth: Int,
        outHeight: Int, outWidth: Int
    ) {
        self.batch = batch
        self.inChannels = inChannels
        self.inHeight = inHeight
        self.inWidth = inWidth
        self.outChannels = outChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.paddingHeight = paddingHeight
        self.paddingWidth = paddingWidth
        self.outHeight = outHeight
        self.outWidth = outWidth
    }
}
