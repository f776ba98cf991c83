extension Tensor {
    /// Element-wise binary operation with NumPy broadcasting and a pullback giving the partial derivatives.
    @inline(__always)
    static func binary<Operation: ElementwiseOperation>(
        _ a: Tensor, _ b: Tensor, _ name: String, _ operation: Operation.Type,
        pullback: @escaping (_ grad: Tensor, _ a: Tensor, _ b: Tensor, _ result: Tensor) -> (Tensor?, Tensor?)
    ) -> Tensor {
        guard let shape = broadcastShape(a.shape, b.shape) else {
            preconditionFailure("\(name): shapes \(describe(a.shape)) and \(describe(b.shape)) do not broadcast")
        }
        let buffer = TensorBuffer(uninitializedCount: shape.reduce(1, *))
        broadcastBinaryLoop(a, b, shape: shape, out: buffer.pointer, operation)
        let valueA = a.detached()
        let valueB = b.detached()
        let resultValue = Tensor(shape: shape, buffer: buffer)
        return makeResult(shape: shape, buffer: buffer, inputs: [a, b]) { grad, needs in
            let (ga, gb) = pullback(grad, valueA, valueB, resultValue)
            return [
                needs[0] ? ga?.reducedToShape(valueA.shape) : nil,
                needs[1] ? gb?.reducedToShape(valueB.shape) : nil,
            ]
        }
    }

    /// Element-wise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b, "+", Addition.self) { g, _, _, _ in (g, g) }
    }

    /// Element-wise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b, "-", Subtraction.self) { g, _, _, _ in (g, -g) }
    }

    /// Element-wise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b, "*", Multiplication.self) { g, a, b, _ in (g * b, g * a) }
    }

    /// Element-wise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b, "/", Division.self) { g, a, b, _ in (g / b, -g * a / (b * b)) }
    }

    /// Adds a scalar to every element.
    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
    /// Adds a scalar to every element.
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(a) + b }
    /// Subtracts a scalar from every element.
    public static func - (a: Tensor, b: Float) -> Tensor { a + Tensor(-b) }
    /// Subtracts every element from a scalar.
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }
    /// Multiplies every element by a scalar.
    public static func * (a: Tensor, b: Float) -> Tensor { a.scaled(by: b) }
    /// Multiplies every element by a scalar.
    public static func * (a: Float, b: Tensor) -> Tensor { b.scaled(by: a) }
    /// Divides every element by a scalar.
    public static func / (a: Tensor, b: Float) -> Tensor { a.scaled(by: 1 / b) }
    /// Divides a scalar by every element.
    public static func / (a: Float, b: Tensor) -> Tensor { Tensor(a) / b }

    /// Negation.
    public static prefix func - (a: Tensor) -> Tensor { a.scaled(by: -1) }

    /// Multiplies every element by a constant.
    public func scaled(by factor: Float) -> Tensor {
        let result = mapScalars { $0 * factor }
        return Tensor.makeResult(shape: shape, buffer: result, inputs: [self]) { g, _ in [g.scaled(by: factor)] }
    }

    /// Element-wise minimum with broadcasting (the gradient goes to the smaller operand; ties go to `a`).
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
        binary(a, b, "minimum", Minimum.self) { g, a, b, _ in
            let takeB = b.lessMask(than: a)
            return (g * (1 - takeB), g * takeB)
        }
    }

    /// Element-wise maximum with broadcasting (the gradient goes to the larger operand; ties go to `a`).
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
        binary(a, b, "maximum", Maximum.self) { g, a, b, _ in
            let takeB = a.lessMask(than: b)
            return (g * (1 - takeB), g * takeB)
        }
    }

    /// Element-wise power `a^b` with broadcasting; the gradient with respect to `b` uses `log a` and is
    /// defined for positive `a`.
    public static func pow(_ a: Tensor, _ b: Tensor) -> Tensor {
        binary(a, b, "pow", Power.self) { g, a, b, r in
            (g * b * Tensor.pow(a, b - 1), g * r * a.log())
        }
    }
}

import Foundation
