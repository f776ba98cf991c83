import DisentangleNN
import DisentangleTensor
import Foundation
import Testing

/// The Adam update runs in a C kernel compiled for every SIMD level (CDisentangleKernels/Adam.c): each level must
/// give bit for bit the values of a scalar reference of PyTorch's single-tensor update, written here with Swift's
/// fused multiply-add, over steps that exercise weight decay, AMSGrad and both branches of `lerp`.
@Suite("Adam kernel", .serialized)
struct AdamKernelTests {
    /// PyTorch's update, one element at a time (the library's code before the kernel moved to C).
    static func reference(theta: [Float], gradients: [[Float]], lr: Double, betas: (Double, Double), eps: Double,
                          decay: Double, amsgrad: Bool) -> [Float] {
        var theta = theta
        var m = [Float](repeating: 0, count: theta.count), v = m, vMax = m
        for (t, g) in gradients.enumerated() {
            let step = Double(t + 1)
            let stepSize = Float(-(lr / (1 - Foundation.pow(betas.0, step))))
            let correction2 = Float((1 - Foundation.pow(betas.1, step)).squareRoot())
            let w1 = Float(1 - betas.0), beta2 = Float(betas.1), w2 = Float(1 - betas.1)
            for i in theta.indices {
                var gi = g[i]
                if decay != 0 { gi = gi.addingProduct(Float(decay), theta[i]) }
                m[i] = abs(w1) < 0.5 ? m[i].addingProduct(w1, gi - m[i]) : gi.addingProduct(w1 - 1, gi - m[i])
                v[i] = (v[i] * beta2).addingProduct(w2 * gi, gi)
                var second = v[i]
                if amsgrad {
                    vMax[i] = Swift.max(vMax[i], v[i])
                    second = vMax[i]
                }
                theta[i] = theta[i].addingProduct(stepSize, m[i] / (second.squareRoot() / correction2 + Float(eps)))
            }
        }
        return theta
    }

    @Test(arguments: [(0.9, false, 0.0), (0.5, true, 0.1), (0.3, true, 0.0)])
    func everyLevelMatchesTheScalarReferenceBitForBit(beta1: Double, amsgrad: Bool, decay: Double) throws {
        var generator = RandomGenerator(seed: 5)
        let count = 37  // not a multiple of any vector width, so the loops' tails run too
        let start = (0..<count).map { _ in Float(generator.nextNormal()) }
        let gradients = (0..<6).map { _ in (0..<count).map { _ in Float(0.3 * generator.nextNormal()) } }
        let expected = Self.reference(theta: start, gradients: gradients, lr: 0.01, betas: (beta1, 0.999), eps: 1e-8,
                                      decay: decay, amsgrad: amsgrad)
        let original = CPUKernels.simdLevel
        defer { CPUKernels.setSIMDLevel(original) }
        for level in CPUKernels.SIMDLevel.allCases where level <= CPUKernels.supportedSIMDLevel {
            CPUKernels.setSIMDLevel(level)
            let parameter = Parameter(Tensor(start))
            let model = Holder(parameter)
            let adam = try Adam(for: model, learningRate: 0.01, betas: (beta1, 0.999), epsilon: 1e-8, weightDecay: decay,
                                amsgrad: amsgrad)
            for g in gradients {
                parameter.setGradient(Tensor(g))
                adam.step()
            }
            #expect(parameter.value.scalars == expected, "level \(level.name)")
        }
    }

    /// Two threads for this task only (``Threading/withThreadCount(_:_:)``; the process-wide count would change under
    /// the tests running in parallel).
    @Test("a parameter split across two threads gets the scalar reference's values bit for bit")
    func threadSplitMatchesTheReference() throws {
        var generator = RandomGenerator(seed: 6)
        let count = 3 * (1 << 15) + 5  // three chunks' worth and a tail, so two threads each update a part
        let start = (0..<count).map { _ in Float(generator.nextNormal()) }
        let gradients = (0..<3).map { _ in (0..<count).map { _ in Float(0.3 * generator.nextNormal()) } }
        let expected = Self.reference(theta: start, gradients: gradients, lr: 0.01, betas: (0.9, 0.999), eps: 1e-8,
                                      decay: 0.1, amsgrad: true)
        let parameter = Parameter(Tensor(start))
        let adam = try Adam(for: Holder(parameter), learningRate: 0.01, betas: (0.9, 0.999), epsilon: 1e-8, weightDecay: 0.1,
                            amsgrad: true)
        Threading.withThreadCount(2) {
            for g in gradients {
                parameter.setGradient(Tensor(g))
                adam.step()
            }
        }
        #expect(parameter.value.scalars == expected)
    }
}

/// A module holding one parameter.
private final class Holder: Module {
    let p: Parameter
    init(_ p: Parameter) { self.p = p }
}
