import DisentangleTensor
import Testing

@Suite("Shape operations: values and gradients")
struct ShapeOpsTests {
    let x = Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])

    @Test func reshapeAndFlatten() {
        #expect(x.reshaped([3, 2]).shape == [3, 2])
        #expect(x.reshaped([-1]).shape == [6])
        #expect(x.reshaped([1, -1, 2]).shape == [1, 3, 2])
        #expect(uniform([2, 3, 4, 5]).flattened(startAxis: 1).shape == [2, 60])
        #expect(x.unsqueezed(axis: 0).shape == [1, 2, 3])
        #expect(x.unsqueezed(axis: -1).shape == [2, 3, 1])
        #expect(x.unsqueezed(axis: 1).squeezed().shape == [2, 3])
    }

    @Test func permuteAndTranspose() {
        #expect(x.transposed().scalars == [0, 3, 1, 4, 2, 5])
        let t = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
        let p = t.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        #expect(p[3, 1, 2] == t[1, 2, 3])
        #expect(p.permuted([1, 2, 0]).scalars == t.scalars)
    }

    @Test func expandConcatStack() {
        #expect(Tensor([1, 2]).expanded(to: [2, 2]).scalars == [1, 2, 1, 2])
        #expect(Tensor(shape: [2, 1], scalars: [1, 2]).expanded(to: [2, 3]).scalars == [1, 1, 1, 2, 2, 2])
        let c = Tensor.concatenate([x, Tensor(shape: [2, 1], scalars: [9, 9])], alongAxis: 1)
        #expect(c.scalars == [0, 1, 2, 9, 3, 4, 5, 9])
        #expect(Tensor.concatenate([x, x], alongAxis: 0).shape == [4, 3])
        let s = Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], alongAxis: 1)
        #expect(s.shape == [2, 2])
        #expect(s.scalars == [1, 3, 2, 4])
    }

    @Test func slicingAndIndexing() {
        #expect(x.narrowed(alongAxis: 1, start: 1, length: 2).scalars == [1, 2, 4, 5])
        let parts = x.split(sizes: [1, 2], alongAxis: 1)
        #expect(parts.map(\.shape) == [[2, 1], [2, 2]])
        let chunks = Tensor((0..<7).map(Float.init)).chunked(into: 3)
        #expect(chunks.map(\.scalars) == [[0, 1, 2], [3, 4], [5, 6]])
        #expect(x.indexSelected(alongAxis: 0, indices: [1, 1, 0]).scalars == [3, 4, 5, 3, 4, 5, 0, 1, 2])
        #expect(x.gathered(alongAxis: 1, indices: [2, 0]).scalars == [2, 3])
    }

    @Test func gradients() {
        let t = uniform([2, 3, 4], seed: 31)
        checkGradients([t]) { $0[0].reshaped([4, 6]) }
        checkGradients([t]) { $0[0].permuted([1, 2, 0]) }
        checkGradients([t]) { $0[0].transposed(0, 2) }
        checkGradients([uniform([3, 1], seed: 32)]) { $0[0].expanded(to: [2, 3, 4]) }
        checkGradients([t, uniform([2, 1, 4], seed: 33)]) { Tensor.concatenate([$0[0], $0[1]], alongAxis: 1) }
        checkGradients([t, uniform([2, 3, 4], seed: 34)]) { Tensor.stack([$0[0], $0[1]], alongAxis: 3) }
        checkGradients([t]) { $0[0].narrowed(alongAxis: 2, start: 1, length: 2) }
        checkGradients([t]) { $0[0].split(sizes: [1, 2], alongAxis: 1)[1] * 2 }
        checkGradients([t]) { $0[0].chunked(into: 2, alongAxis: 2)[0] }
        checkGradients([t]) { $0[0].indexSelected(alongAxis: 1, indices: [2, 0, 2]) }
        checkGradients([t]) { $0[0].gathered(alongAxis: 2, indices: [0, 3, 1, 2, 2, 0]) }
        checkGradients([t]) { $0[0].flattened(startAxis: 1).unsqueezed(axis: 0).squeezed(axes: [0]) }
    }
}
