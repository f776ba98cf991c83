import DisentangleTensor
import Testing

/// Values and gradients of `conv2d` and `convTranspose2d` against the direct `Double` reference.
///
/// Tolerances, relative to the largest reference magnitude: values and gradients 1e-5 (Float accumulation over
/// at most a few thousand products; the worst measured is about 1e-6).
@Suite("Convolution")
struct ConvolutionTests {
    static let tolerance = 1e-5

    static let convolutionCases: [ConvolutionCase] = [
        ConvolutionCase(input: [2, 3, 7, 6], weight: [4, 3, 3, 3], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [3, 2, 9, 8], weight: [5, 2, 3, 2], stride: (2, 1), padding: (1, 2)),
        ConvolutionCase(input: [1, 4, 10, 11], weight: [3, 4, 5, 5], stride: (3, 3), padding: (2, 2), hasBias: false),
        // 1x1 kernels: im2col is skipped when a block holds a single image.
        ConvolutionCase(input: [4, 3, 6, 6], weight: [2, 3, 1, 1], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [2, 64, 40, 40], weight: [3, 64, 1, 1], stride: (1, 1), padding: (0, 0)),
        // The encoder's 4x4 stride-2 layers.
        ConvolutionCase(input: [2, 5, 8, 8], weight: [3, 5, 4, 4], stride: (2, 2), padding: (1, 1)),
        ConvolutionCase(input: [2, 3, 9, 11], weight: [4, 3, 3, 3], stride: (2, 2), padding: (2, 0)),
        // Small images grouped several per block.
        ConvolutionCase(input: [5, 2, 5, 5], weight: [3, 2, 3, 3], stride: (1, 1), padding: (1, 1)),
        // Large images split into pixel blocks.
        ConvolutionCase(input: [2, 8, 36, 36], weight: [4, 8, 3, 3], stride: (1, 1), padding: (1, 1)),
        ConvolutionCase(input: [3, 6, 38, 38], weight: [5, 6, 3, 3], stride: (1, 1), padding: (0, 0)),
        // Kernel as large as the padded input.
        ConvolutionCase(input: [2, 2, 3, 3], weight: [2, 2, 3, 3], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [3, 1, 2, 2], weight: [1, 1, 3, 3], stride: (2, 2), padding: (1, 1)),
        // Stride-1 3x3 kernels with at least 16 input channels and outputs at least 8 wide take Winograd
        // F(2x2, 3x3): odd and even sizes, several paddings, few output channels, several tile-row blocks per image.
        ConvolutionCase(input: [2, 16, 9, 9], weight: [16, 16, 3, 3], stride: (1, 1), padding: (1, 1)),
        ConvolutionCase(input: [3, 16, 12, 10], weight: [20, 16, 3, 3], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [1, 17, 5, 6], weight: [16, 17, 3, 3], stride: (1, 1), padding: (2, 2), hasBias: false),
        ConvolutionCase(input: [1, 16, 3, 8], weight: [16, 16, 3, 3], stride: (1, 1), padding: (0, 1)),
        ConvolutionCase(input: [2, 16, 10, 12], weight: [1, 16, 3, 3], stride: (1, 1), padding: (1, 1)),
        ConvolutionCase(input: [3, 20, 11, 10], weight: [3, 20, 3, 3], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [2, 24, 38, 38], weight: [16, 24, 3, 3], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [2, 16, 41, 39], weight: [16, 16, 3, 3], stride: (1, 1), padding: (1, 1)),
    ]

    static let transposedCases: [ConvolutionCase] = [
        ConvolutionCase(input: [2, 3, 5, 4], weight: [3, 4, 3, 3], stride: (1, 1), padding: (0, 0)),
        // The deconvolution decoder's 4x4 stride-2 layers.
        ConvolutionCase(input: [2, 4, 4, 4], weight: [4, 3, 4, 4], stride: (2, 2), padding: (1, 1)),
        ConvolutionCase(input: [3, 2, 3, 5], weight: [2, 2, 3, 3], stride: (2, 2), padding: (1, 1), outputPadding: (1, 1)),
        ConvolutionCase(
            input: [1, 3, 4, 3], weight: [3, 2, 2, 3], stride: (3, 2), padding: (0, 1), outputPadding: (2, 1),
            hasBias: false),
        ConvolutionCase(input: [2, 5, 6, 6], weight: [5, 4, 1, 1], stride: (1, 1), padding: (0, 0)),
        ConvolutionCase(input: [2, 16, 32, 32], weight: [16, 8, 3, 3], stride: (1, 1), padding: (1, 1)),
        ConvolutionCase(input: [2, 16, 7, 8], weight: [16, 16, 3, 3], stride: (1, 1), padding: (1, 0)),
    ]

    /// Strided convolutions with at least 32 phase planes (channels x strides), which take per-tap GEMMs over
    /// phase planes (`ConvolutionTapGEMM`): kernels a multiple of the stride or not, uneven strides and paddings,
    /// inputs whose last rows no output reads, and batches cut into several blocks of stacked images.
    static let phaseSplitCases: [ConvolutionCase] = [
        ConvolutionCase(input: [2, 8, 8, 8], weight: [6, 8, 4, 4], stride: (2, 2), padding: (1, 1)),
        ConvolutionCase(input: [3, 9, 9, 11], weight: [5, 9, 3, 3], stride: (2, 2), padding: (2, 0)),
        ConvolutionCase(input: [1, 16, 7, 6], weight: [4, 16, 4, 4], stride: (2, 1), padding: (1, 2), hasBias: false),
        ConvolutionCase(input: [2, 4, 10, 11], weight: [3, 4, 5, 5], stride: (3, 3), padding: (2, 2)),
        ConvolutionCase(input: [2, 8, 12, 9], weight: [4, 8, 2, 2], stride: (2, 2), padding: (0, 0)),
        ConvolutionCase(input: [12, 16, 34, 34], weight: [8, 16, 4, 4], stride: (2, 2), padding: (1, 1)),
        // Paddings of 2 and 3 columns with odd and even widths: a stride-2 row's pixels are dealt to both column
        // phases in one pass, with the padding shifting where each phase starts.
        ConvolutionCase(input: [2, 8, 9, 13], weight: [6, 8, 4, 4], stride: (2, 2), padding: (2, 3)),
        ConvolutionCase(input: [1, 8, 6, 10], weight: [5, 8, 3, 3], stride: (2, 2), padding: (3, 2)),
        // Tap weights over 64 KiB (4 taps x 40 x 128 planes): the input gradient adds one sgemm per tap into a
        // shifted C instead of gathering the taps in one small-GEMM call (`gathersInputGradient`).
        ConvolutionCase(input: [3, 32, 10, 9], weight: [40, 32, 4, 4], stride: (2, 2), padding: (1, 1)),
    ]

    /// Transposed convolutions whose convolution has at least 32 phase planes: the sub-pixel formulation.
    static let phaseSplitTransposedCases: [ConvolutionCase] = [
        ConvolutionCase(input: [2, 8, 4, 4], weight: [8, 8, 4, 4], stride: (2, 2), padding: (1, 1)),
        ConvolutionCase(input: [3, 6, 3, 5], weight: [6, 10, 3, 3], stride: (2, 2), padding: (1, 1), outputPadding: (1, 1)),
        ConvolutionCase(input: [9, 12, 16, 16], weight: [12, 8, 4, 4], stride: (2, 2), padding: (1, 1), hasBias: false),
    ]

    /// Runs the case through the library and the reference; returns the relative errors of the output and of
    /// the input, weight and bias gradients.
    static func errors(_ c: ConvolutionCase, transposed: Bool) -> [Double] {
        let cout = transposed ? c.weight[1] : c.weight[0]
        let xs = ConvolutionReference.randomValues(c.input.reduce(1, *), seed: 11)
        let ws = ConvolutionReference.randomValues(c.weight.reduce(1, *), seed: 12)
        let bs = ConvolutionReference.randomValues(cout, seed: 13)
        let ys = ConvolutionReference.outputShape(c, transposed: transposed)
        let rs = ConvolutionReference.randomValues(ys.reduce(1, *), seed: 14)
        let reference = ConvolutionReference.evaluate(
            c, transposed: transposed, x: xs, w: ws, b: c.hasBias ? bs : nil, upstream: rs)

        let x = Tensor(shape: c.input, scalars: xs.map(Float.init)).requiringGradient()
        let w = Tensor(shape: c.weight, scalars: ws.map(Float.init)).requiringGradient()
        let b = c.hasBias ? Tensor(bs.map(Float.init)).requiringGradient() : nil
        let y = transposed
            ? Tensor.convTranspose2d(
                x, weight: w, bias: b, stride: c.stride, padding: c.padding, outputPadding: c.outputPadding)
            : Tensor.conv2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding)
        #expect(y.shape == reference.outputShape)
        let loss = (y * Tensor(shape: ys, scalars: rs.map(Float.init))).sum()
        let grads = gradients(of: loss, wrt: [x, w] + (b.map { [$0] } ?? []))
        var result = [
            ConvolutionReference.relativeError(y.scalars, reference.output),
            ConvolutionReference.relativeError(grads[0].scalars, reference.gradInput),
            ConvolutionReference.relativeError(grads[1].scalars, reference.gradWeight),
        ]
        if c.hasBias {
            result.append(ConvolutionReference.relativeError(grads[2].scalars, reference.gradBias))
        }
        return result
    }

    @Test("conv2d values and gradients match the direct reference", arguments: convolutionCases + phaseSplitCases)
    func convolution(_ c: ConvolutionCase) {
        let errors = Self.errors(c, transposed: false)
        #expect(errors.allSatisfy { $0 <= Self.tolerance }, "relative errors \(errors)")
    }

    @Test("convTranspose2d values and gradients match the direct reference", arguments: transposedCases + phaseSplitTransposedCases)
    func transposedConvolution(_ c: ConvolutionCase) {
        let errors = Self.errors(c, transposed: true)
        #expect(errors.allSatisfy { $0 <= Self.tolerance }, "relative errors \(errors)")
    }

    /// Central differences of the Float operation itself. The loss is linear in every argument, so a large step
    /// (0.25) leaves only Float rounding in the loss; tolerance 2e-3 of the largest gradient.
    @Test("gradients match central finite differences of the Float operation", arguments: [false, true])
    func finiteDifferences(transposed: Bool) {
        let c = transposed
            ? ConvolutionCase(input: [2, 2, 3, 4], weight: [2, 3, 3, 3], stride: (2, 2), padding: (1, 1), outputPadding: (1, 0))
            : ConvolutionCase(input: [2, 2, 5, 6], weight: [3, 2, 3, 3], stride: (2, 1), padding: (1, 0))
        var generator = RandomGenerator(seed: 21)
        let x = Tensor.randomNormal(c.input, using: &generator)
        let w = Tensor.randomNormal(c.weight, using: &generator)
        let b = Tensor.randomNormal([transposed ? c.weight[1] : c.weight[0]], using: &generator)
        let ys = ConvolutionReference.outputShape(c, transposed: transposed)
        let r = Tensor.randomNormal(ys, using: &generator)
        func loss(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
            let y = transposed
                ? Tensor.convTranspose2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding, outputPadding: c.outputPadding)
                : Tensor.conv2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding)
            return (y * r).sum()
        }
        let arguments = [x, w, b].map { $0.requiringGradient() }
        let analytic = gradients(of: loss(arguments[0], arguments[1], arguments[2]), wrt: arguments)
        for (k, argument) in [x, w, b].enumerated() {
            let numeric: [Float] = (0..<argument.count).map { i in
                func shifted(_ delta: Float) -> Float {
                    var values = [x, w, b]
                    values[k].withUnsafeMutableScalars { $0[i] += delta }
                    return loss(values[0], values[1], values[2]).scalar
                }
                return (shifted(0.25) - shifted(-0.25)) / 0.5
            }
            let scale = analytic[k].scalars.map(abs).max() ?? 1
            let error = zip(numeric, analytic[k].scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(error <= 2e-3 * scale, "argument \(k): error \(error), scale \(scale)")
        }
    }

    @Test("only the requested gradients are computed; the others are unaffected", arguments: [false, true])
    func partialGradients(transposed: Bool) {
        var generator = RandomGenerator(seed: 5)
        let x = Tensor.randomNormal([3, 3, 6, 5], using: &generator)
        let w = Tensor.randomNormal([3, 3, 3, 3], using: &generator)
        func loss(_ x: Tensor, _ w: Tensor) -> Tensor {
            let y = transposed
                ? Tensor.convTranspose2d(x, weight: w, stride: 2, padding: 1, outputPadding: 1)
                : Tensor.conv2d(x, weight: w, padding: 1)
            return y.squared().sum()
        }
        let (xLeaf, wLeaf) = (x.requiringGradient(), w.requiringGradient())
        let both = gradients(of: loss(xLeaf, wLeaf), wrt: [xLeaf, wLeaf])
        let weightOnly = gradients(of: loss(x, wLeaf), wrt: [wLeaf])
        let inputOnly = gradients(of: loss(xLeaf, w), wrt: [xLeaf])
        #expect(both[1].scalars == weightOnly[0].scalars)
        #expect(both[0].scalars == inputOnly[0].scalars)
    }

    @Test("results are bit-identical across runs")
    func determinism() {
        var generator = RandomGenerator(seed: 9)
        let x = Tensor.randomNormal([8, 4, 12, 12], using: &generator).requiringGradient()
        let w = Tensor.randomNormal([6, 4, 3, 3], using: &generator).requiringGradient()
        let b = Tensor.randomNormal([6], using: &generator).requiringGradient()
        func run() -> [[Float]] {
            let y = Tensor.conv2d(x, weight: w, bias: b, stride: 1, padding: 1)
            return [y.scalars] + gradients(of: y.squared().sum(), wrt: [x, w, b]).map(\.scalars)
        }
        #expect(run() == run())
    }

    @Test("concurrent calls give the same results as sequential ones")
    func concurrency() async {
        var generator = RandomGenerator(seed: 17)
        // Tensors are not Sendable (see Tensor), so each task builds its own from the shared scalars.
        let x = Tensor.randomNormal([4, 16, 10, 10], using: &generator).scalars
        let w = Tensor.randomNormal([16, 16, 3, 3], using: &generator).scalars
        let v = Tensor.randomNormal([16, 8, 4, 4], using: &generator).scalars
        @Sendable func run(_ k: Int) -> [Float] {
            let xLeaf = Tensor(shape: [4, 16, 10, 10], scalars: x).requiringGradient()
            let wLeaf = Tensor(shape: [16, 16, 3, 3], scalars: w).requiringGradient()
            let vLeaf = Tensor(shape: [16, 8, 4, 4], scalars: v).requiringGradient()
            let y = Tensor.convTranspose2d(Tensor.conv2d(xLeaf, weight: wLeaf, padding: k % 2), weight: vLeaf, stride: 2)
            return y.scalars + gradients(of: y.squared().sum(), wrt: [xLeaf, wLeaf, vLeaf]).flatMap(\.scalars)
        }
        let sequential = (0..<4).map(run)
        let concurrent = await withTaskGroup(of: (Int, [Float]).self) { group in
            for k in 0..<4 { group.addTask { (k, run(k)) } }
            var results = [[Float]](repeating: [], count: 4)
            for await (k, result) in group { results[k] = result }
            return results
        }
        #expect(sequential == concurrent)
    }

    @Test("an empty batch gives an empty output and zero parameter gradients")
    func emptyBatch() {
        let x = Tensor.zeros([0, 2, 5, 5])
        let w = Tensor.ones([3, 2, 3, 3]).requiringGradient()
        let b = Tensor.ones([3]).requiringGradient()
        let y = Tensor.conv2d(x, weight: w, bias: b)
        #expect(y.shape == [0, 3, 3, 3])
        let grads = gradients(of: y.sum(), wrt: [w, b])
        #expect(grads[0].scalars.allSatisfy { $0 == 0 } && grads[1].scalars.allSatisfy { $0 == 0 })
    }

    @Test("shape validation throws errors naming the shapes")
    func validation() throws {
        #expect(try Tensor.conv2dOutputShape(input: [2, 3, 38, 38], weight: [64, 3, 3, 3]) == [2, 64, 36, 36])
        #expect(
            try Tensor.convTranspose2dOutputShape(
                input: [2, 64, 4, 4], weight: [64, 32, 4, 4], stride: (2, 2), padding: (1, 1)) == [2, 32, 8, 8])
        do {
            _ = try Tensor.conv2dOutputShape(input: [2, 3, 8, 8], weight: [4, 5, 3, 3])
            Issue.record("a channel mismatch was accepted")
        } catch {
            #expect(error.description.contains("[2, 3, 8, 8]") && error.description.contains("[4, 5, 3, 3]"))
        }
        #expect(throws: TensorError.self) {
            try Tensor.conv2dOutputShape(input: [2, 3, 2, 2], weight: [4, 3, 3, 3])
        }
        #expect(throws: TensorError.self) {
            try Tensor.conv2dOutputShape(input: [2, 3, 8, 8], weight: [4, 3, 3, 3], bias: [3])
        }
        #expect(throws: TensorError.self) {
            try Tensor.convTranspose2dOutputShape(
                input: [1, 2, 4, 4], weight: [2, 2, 3, 3], stride: (2, 2), padding: (0, 0), outputPadding: (2, 0))
        }
        #expect(throws: TensorError.self) {
            try Tensor.convTranspose2dOutputShape(input: [1, 3, 4, 4], weight: [2, 2, 3, 3])
        }
    }
}
