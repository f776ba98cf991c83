import DisentangleTensor
import DisentangleTestSupport
import Testing

@Suite("Reverse-mode automatic differentiation")
struct AutodiffTests {
    @Test func backwardAccumulatesIntoLeaves() {
        let w = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).requiringGradient()
        (w * w).sum().backward()
        #expect(w.gradient?.scalars == [2, 4, 6, 8])
        // A second backward pass accumulates.
        (w * 3).sum().backward()
        #expect(w.gradient?.scalars == [5, 7, 9, 11])
        w.setGradient(Tensor(shape: [2, 2], scalars: [1, 1, 1, 1]))
        #expect(w.gradient?.scalars == [1, 1, 1, 1])
        w.zeroGradient()
        #expect(w.gradient == nil)
    }

    @Test func reusedTensorsAccumulateGradients() {
        let x = Tensor([2, 3]).requiringGradient()
        let y = x * x + x * 4 + x.exp().log()  // d/dx = 2x + 4 + 1
        y.sum().backward()
        #expect(close(x.gradient!.scalars, [9, 11]))
    }

    @Test func gradientsOfIntermediateTensors() {
        let x = Tensor([1, 2, 3]).requiringGradient()
        let h = x * 2
        let loss = (h * h).sum()
        let g = gradients(of: loss, wrt: [h, x])
        #expect(g[0].scalars == [4, 8, 12])
        #expect(g[1].scalars == [8, 16, 24])
        // gradients(of:wrt:) leaves accumulated leaf gradients alone.
        #expect(x.gradient == nil)
    }

    @Test func unrelatedTensorsGetZeroGradients() {
        let x = Tensor([1, 2]).requiringGradient()
        let y = Tensor([3, 4]).requiringGradient()
        let g = gradients(of: (x * 2).sum(), wrt: [y])
        #expect(g[0].scalars == [0, 0])
    }

    @Test func noGradientScopeRecordsNothing() {
        let x = Tensor([1, 2]).requiringGradient()
        let y = withoutGradients { x * 2 }
        #expect(!y.requiresGradient)
        #expect((x * 2).requiresGradient)
        #expect(!(Tensor([1]) * 2).requiresGradient)
    }

    @Test func detachedStopsGradients() {
        let x = Tensor([1, 2]).requiringGradient()
        let loss = (x * x.detached()).sum()
        loss.backward()
        #expect(x.gradient?.scalars == [1, 2])
    }

    @Test func backwardReleasesTheGraph() {
        let x = Tensor([1, 2, 3]).requiringGradient()
        let hidden = (x * 2).exp()
        let loss = (hidden * x).sum()
        #expect(loss.retainedGraphOperationCount == 4)
        loss.backward()
        #expect(loss.retainedGraphOperationCount == 0)
        #expect(hidden.retainedGraphOperationCount == 0)
        let other = (x * x).sum()
        _ = gradients(of: other, wrt: [x])
        #expect(other.retainedGraphOperationCount == 0)
        #expect(withoutGradients { (x * x).sum() }.retainedGraphOperationCount == 0)
    }

    @Test func copyOnWriteKeepsRecordedValues() {
        var w = Tensor([1, 2]).requiringGradient()
        let loss = (w * w).sum()
        w.withUnsafeMutableScalars { $0[0] = 100 }
        loss.backward()
        // The product recorded the old values; the mutated copy is still the same leaf.
        #expect(w.gradient?.scalars == [2, 4])
        #expect(w.scalars == [100, 2])
    }
}
