import Foundation

/// How a loss combines its per-element terms.
public enum LossReduction: Sendable {
    /// Keep one term per element.
    case none
    /// Sum of all terms.
    case sum
    /// Mean of all terms.
    case mean
}

extension Tensor {
    /// Applies a reduction to per-element loss terms.
    func reduced(_ reduction: LossReduction) -> Tensor {
        switch reduction {
        case .none: return self
        case .sum: return sum()
        case .mean: return mean()
        }
    }
}

/// Binary cross-entropy between Bernoulli logits and targets in [0, 1], computed stably as
/// `max(x, 0) - x * t + log(1 + e^-|x|)` (PyTorch's `binary_cross_entropy_with_logits`).
///
/// Differentiable with respect to both arguments: d/dx = sigmoid(x) - t, d/dt = -x.
public func binaryCrossEntropyWithLogits(
    logits: Tensor, targets: Tensor, reduction: LossReduction = .mean
) -> Tensor {
    guard let shape = broadcastShape(logits.shape, targets.shape), shape == logits.shape else {
        preconditionFailure(
            "binaryCrossEntropyWithLogits: targets \(describe(targets.shape)) do not broadcast to logits \(describe(logits.shape))")
    }
    let terms = Tensor.binary(logits, targets, "binaryCrossEntropyWithLogits", BinaryCrossEntropyWithLogitsTerm.self) {
        g, x, t, _ in
        (g * (x.sigmoid() - t), g * (-x))
    }
    return terms.reduced(reduction)
}

/// Cross-entropy between class logits `[n, classes]` and integer labels (one per row), i.e. the negative
/// log-softmax probability of each label.
public func crossEntropy(logits: Tensor, labels: [Int], reduction: LossReduction = .mean) -> Tensor {
    precondition(logits.rank == 2, "crossEntropy needs logits of shape [n, classes], got \(describe(logits.shape))")
    precondition(labels.count == logits.shape[0], "crossEntropy: \(labels.count) labels for logits \(describe(logits.shape))")
    let picked = logits.logSoftmax(alongAxis: 1).gathered(alongAxis: 1, indices: labels)
    return (-picked.reshaped([labels.count])).reduced(reduction)
}

/// Squared error `(prediction - target)^2`, broadcasting `target` to the prediction's shape.
public func meanSquaredError(prediction: Tensor, target: Tensor, reduction: LossReduction = .mean) -> Tensor {
    (prediction - target).squared().reduced(reduction)
}
