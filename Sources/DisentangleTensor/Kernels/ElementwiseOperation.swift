import Foundation

/// A scalar function of two floats for ``broadcastBinaryLoop(_:_:shape:out:_:)``: the loop is generic over it, so each
/// operation compiles to its own (vectorised) loop, where a closure would be called once per element.
protocol ElementwiseOperation {
    static func apply(_ a: Float, _ b: Float) -> Float
}

/// `a + b`.
enum Addition: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b }
}

/// `a - b`.
enum Subtraction: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b }
}

/// `a * b`.
enum Multiplication: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b }
}

/// `a / b`.
enum Division: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b }
}

/// The smaller operand (`a` on ties and when `b` is NaN).
enum Minimum: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { b < a ? b : a }
}

/// The larger operand (`a` on ties and when `b` is NaN).
enum Maximum: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { b > a ? b : a }
}

/// `a` raised to the power `b`.
enum Power: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { Foundation.pow(a, b) }
}

/// `a`, ignoring `b` (broadcasting a tensor by copying).
enum FirstOperand: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a }
}

/// `max(x, 0) - x t + log(1 + e^-|x|)` for a logit `x` and a target `t`: PyTorch's binary cross-entropy with logits.
enum BinaryCrossEntropyWithLogitsTerm: ElementwiseOperation {
    @inline(__always) static func apply(_ x: Float, _ t: Float) -> Float {
        Swift.max(x, 0) - x * t + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
    }
}

/// 1 where `a < b`, else 0.
enum LessThan: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a < b ? 1 : 0 }
}

/// 1 where `a <= b`, else 0.
enum LessThanOrEqual: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? 1 : 0 }
}

/// 1 where `a > b`, else 0.
enum GreaterThan: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a > b ? 1 : 0 }
}

/// 1 where `a >= b`, else 0.
enum GreaterThanOrEqual: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? 1 : 0 }
}

/// 1 where `a == b`, else 0.
enum Equal: ElementwiseOperation {
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a == b ? 1 : 0 }
}
