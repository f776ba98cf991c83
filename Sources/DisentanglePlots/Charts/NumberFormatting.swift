import Foundation

/// Short, human-readable renderings of numbers for tick labels, value labels and column headers.
enum NumberFormatting {
    /// `value` with about three significant digits and no trailing zeros: `2`, `-1.5`, `0.021`, `1.2e-5`,
    /// `3.4e6`. Non-finite values render as `NaN`, `inf` or `-inf`.
    static func compact(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 {
            return scientific(value, significantDigits: 2)
        }
        let integerDigits = Int(floor(log10(magnitude))) + 1
        let decimals = min(max(0, 3 - integerDigits), 4)
        return fixed(value, decimals: decimals)
    }

    /// `value` with exactly `decimals` digits after the point, trailing zeros and a bare point removed, and
    /// negative zero printed as `0`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `value` as `m e k` with `significantDigits` digits in the mantissa at most: `1.2e-5`, `3e6`.
    static func scientific(_ value: Double, significantDigits: Int) -> String {
        guard value != 0 else { return "0" }
        var exponent = Int(floor(log10(abs(value))))
        var mantissa = value / pow(10, Double(exponent))
        let rounding = pow(10, Double(significantDigits - 1))
        mantissa = (mantissa * rounding).rounded() / rounding
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return fixed(mantissa, decimals: significantDigits - 1) + "e" + String(exponent)
    }

    /// A number for an SVG attribute: at most two decimals, no trailing zeros.
    static func svg(_ value: Double) -> String {
        fixed(value, decimals: 2)
    }
}
