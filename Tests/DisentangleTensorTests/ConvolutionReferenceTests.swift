import DisentangleTensor
import Testing

/// One convolution or transposed convolution to test: shapes and hyper-parameters.
struct ConvolutionCase: CustomTestStringConvertible, Sendable {
    var input: [Int]
    var weight: [Int]
    var stride: (Int, Int)
    var padding: (Int, Int)
    var outputPadding: (Int, Int) = (0, 0)
    var hasBias = true

    var testDescription: String {
        "input \(input) weight \(weight) stride \(stride) padding \(padding) outputPadding \(outputPadding)"
            + (hasBias ? " bias" : "")
    }
}

/// Values and gradients of `L = sum(y * upstream)` for `y = conv(x, w) + b`, computed directly in `Double`.
struct ReferenceResult {
    var output: [Double]
    var outputShape: [Int]
    var loss: Double
    var gradInput: [Double]
    var gradWeight: [Double]
    var gradBias: [Double]
}

/// Direct (loop-over-every-tap) reference implementations in `Double`.
enum ConvolutionReference {
    /// The output shape of a convolution (`transposed == false`) or transposed convolution.
    static func outputShape(_ c: ConvolutionCase, transposed: Bool) -> [Int] {
        if transposed {
            return [
                c.input[0], c.weight[1],
                (c.input[2] - 1) * c.stride.0 - 2 * c.padding.0 + c.weight[2] + c.outputPadding.0,
                (c.input[3] - 1) * c.stride.1 - 2 * c.padding.1 + c.weight[3] + c.outputPadding.1,
            ]
        }
        return [
            c.input[0], c.weight[0],
            (c.input[2] + 2 * c.padding.0 - c.weight[2]) / c.stride.0 + 1,
            (c.input[3] + 2 * c.padding.1 - c.weight[3]) / c.stride.1 + 1,
        ]
    }

    /// Evaluates the convolution and, for the upstream gradient `upstream` (if given), the loss and gradients.
    static func evaluate(
        _ c: ConvolutionCase, transposed: Bool, x: [Double], w: [Double], b: [Double]?, upstream: [Double]?
    ) -> ReferenceResult {
        let ys = outputShape(c, transposed: transposed)
        var y = [Double](repeating: 0, count: ys.reduce(1, *))
        var gx = [Double](repeating: 0, count: x.count)
        var gw = [Double](repeating: 0, count: w.count)
        let (n, cin, h, wd) = (c.input[0], c.input[1], c.input[2], c.input[3])
        let (kh, kw) = (c.weight[2], c.weight[3])
        let (cout, ho, wo) = (ys[1], ys[2], ys[3])
        // Every (input pixel, kernel tap, output pixel) triple the operation connects.
        func visit(_ body: (_ xi: Int, _ wi: Int, _ yi: Int) -> Void) {
            for img in 0..<n {
                for co in 0..<cout {
                    for ci in 0..<cin {
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let wi = transposed ? ((ci * cout + co) * kh + i) * kw + j : ((co * cin + ci) * kh + i) * kw + j
                                if transposed {
                                    for ih in 0..<h {
                                        for iw in 0..<wd {
                                            let oh = ih * c.stride.0 - c.padding.0 + i
                                            let ow = iw * c.stride.1 - c.padding.1 + j
                                            guard oh >= 0, oh < ho, ow >= 0, ow < wo else { continue }
                                            body(((img * cin + ci) * h + ih) * wd + iw, wi, ((img * cout + co) * ho + oh) * wo + ow)
                                        }
                                    }
                                } else {
                                    for oh in 0..<ho {
                                        for ow in 0..<wo {
                                            let ih = oh * c.stride.0 - c.padding.0 + i
                                            let iw = ow * c.stride.1 - c.padding.1 + j
                                            guard ih >= 0, ih < h, iw >= 0, iw < wd else { continue }
                                            body(((img * cin + ci) * h + ih) * wd + iw, wi, ((img * cout + co) * ho + oh) * wo + ow)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let plane = ho * wo
        if let b {
            for i in 0..<y.count { y[i] = b[(i / plane) % cout] }
        }
        visit { xi, wi, yi in y[yi] += x[xi] * w[wi] }
        var gb = [Double](repeating: 0, count: cout)
        var loss = 0.0
        if let r = upstream {
            visit { xi, wi, yi in
                gx[xi] += r[yi] * w[wi]
                gw[wi] += r[yi] * x[xi]
            }
            for i in 0..<y.count {
                gb[(i / plane) % cout] += r[i]
                loss += r[i] * y[i]
            }
        }
        return ReferenceResult(
            output: y, outputShape: ys, loss: loss, gradInput: gx, gradWeight: gw, gradBias: gb)
    }

    /// `max |actual - expected| / max |expected|` (the error relative to the largest reference magnitude).
    static func relativeError(_ actual: [Float], _ expected: [Double]) -> Double {
        precondition(actual.count == expected.count, "\(actual.count) values, expected \(expected.count)")
        let scale = max(expected.map(abs).max() ?? 0, 1e-30)
        return zip(actual, expected).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
    }

    /// Deterministic pseudo-random values in `[-1, 1)`.
    static func randomValues(_ count: Int, seed: UInt64) -> [Double] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextDouble() * 2 - 1 }
    }
}

/// Checks the reference gradients themselves against central finite differences of the reference loss.
@Suite("Convolution reference")
struct ConvolutionReferenceTests {
    static let cases: [(ConvolutionCase, Bool)] = [
        (ConvolutionCase(input: [2, 2, 5, 4], weight: [3, 2, 3, 2], stride: (2, 1), padding: (1, 1)), false),
        (ConvolutionCase(input: [2, 2, 3, 3], weight: [2, 3, 3, 2], stride: (2, 3), padding: (1, 0), outputPadding: (1, 2)), true),
    ]

    /// Central differences with step 0.5 in `Double`: the loss is linear in each argument, so the only error is
    /// rounding (measured below 1e-12 relative).
    @Test("reference gradients match central finite differences", arguments: cases)
    func referenceGradients(_ c: ConvolutionCase, transposed: Bool) {
        let x = ConvolutionReference.randomValues(c.input.reduce(1, *), seed: 1)
        let w = ConvolutionReference.randomValues(c.weight.reduce(1, *), seed: 2)
        let cout = transposed ? c.weight[1] : c.weight[0]
        let b = ConvolutionReference.randomValues(cout, seed: 3)
        let ys = ConvolutionReference.outputShape(c, transposed: transposed)
        let r = ConvolutionReference.randomValues(ys.reduce(1, *), seed: 4)
        let exact = ConvolutionReference.evaluate(c, transposed: transposed, x: x, w: w, b: b, upstream: r)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            ConvolutionReference.evaluate(c, transposed: transposed, x: x, w: w, b: b, upstream: r).loss
        }
        func difference(_ values: [Double], _ f: ([Double]) -> Double) -> [Double] {
            (0..<values.count).map { i in
                var plus = values
                var minus = values
                plus[i] += 0.5
                minus[i] -= 0.5
                return f(plus) - f(minus)
            }
        }
        let numericX = difference(x) { loss($0, w, b) }
        let numericW = difference(w) { loss(x, $0, b) }
        let numericB = difference(b) { loss(x, w, $0) }
        for (numeric, analytic) in [(numericX, exact.gradInput), (numericW, exact.gradWeight), (numericB, exact.gradBias)] {
            let scale = analytic.map(abs).max() ?? 1
            let error = zip(numeric, analytic).map { abs($0 - $1) }.max() ?? 0
            #expect(error <= 1e-12 * scale)
        }
    }
}
