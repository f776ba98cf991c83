extension Tensor {
    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor {
        full(shape, 0)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor {
        full(shape, 1)
    }

    /// A tensor whose every scalar is `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(describe(shape))")
        return Tensor(shape: shape, buffer: TensorBuffer(repeating: value, count: shape.reduce(1, *)))
    }

    /// The `n x n` identity matrix.
    public static func identity(_ n: Int) -> Tensor {
        precondition(n >= 0, "identity: size must be non-negative, got \(n)")
        return Tensor(shape: [n, n]) { out in
            for i in 0..<(n * n) { out[i] = i % (n + 1) == 0 ? 1 : 0 }
        }
    }

    /// A tensor of zeros with this tensor's shape.
    public func zerosLike() -> Tensor { Tensor.zeros(shape) }

    /// A tensor of ones with this tensor's shape.
    public func onesLike() -> Tensor { Tensor.ones(shape) }

    /// `start, start + step, ...` up to but excluding `end` (NumPy's `arange`), computed as `start + i * step`.
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) -> Tensor {
        precondition(step != 0 && step.isFinite, "arange: step must be finite and non-zero, got \(step)")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor(shape: [n]) { out in
            for i in 0..<n { out[i] = start + Float(i) * step }
        }
    }

    /// `count` evenly spaced values from `start` to `end` inclusive (NumPy's and PyTorch's `linspace`).
    ///
    /// Computed in `Double` as `start + i * (end - start) / (count - 1)`, with the last value exactly `end`.
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        precondition(count >= 0, "linspace: count must be non-negative, got \(count)")
        return Tensor(shape: [count]) { out in
            guard count > 0 else { return }
            if count == 1 {
                out[0] = start
                return
            }
            let step = (Double(end) - Double(start)) / Double(count - 1)
            for i in 0..<count { out[i] = Float(Double(start) + Double(i) * step) }
            out[count - 1] = end
        }
    }

    /// Independent normal deviates with the given mean and standard deviation.
    public static func randomNormal(
        _ shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using generator: inout RandomGenerator
    ) -> Tensor {
        Tensor(shape: shape) { out in
            for i in 0..<out.count {
                out[i] = mean + standardDeviation * Float(generator.nextNormal())
            }
        }
    }

    /// Independent uniform deviates in `[lowerBound, upperBound)`.
    public static func randomUniform(
        _ shape: [Int], lowerBound: Float = 0, upperBound: Float = 1, using generator: inout RandomGenerator
    ) -> Tensor {
        let width = upperBound - lowerBound
        return Tensor(shape: shape) { out in
            for i in 0..<out.count {
                out[i] = lowerBound + width * generator.nextFloat()
            }
        }
    }

    /// Independent Bernoulli draws: 1 with probability `probability`, else 0.
    public static func randomBernoulli(
        _ shape: [Int], probability: Float, using generator: inout RandomGenerator
    ) -> Tensor {
        precondition((0...1).contains(probability), "randomBernoulli: probability \(probability) is not in [0, 1]")
        return Tensor(shape: shape) { out in
            for i in 0..<out.count {
                out[i] = generator.nextFloat() < probability ? 1 : 0
            }
        }
    }

    /// A random permutation of `0..<count`, as a one-dimensional tensor of integral floats.
    public static func randomPermutation(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        Tensor(generator.permutation(count).map(Float.init))
    }
}
