import Foundation

/// The value of one setting in a study: a JSON scalar.
///
/// Values keep the type the study file gave them (`4` is an integer, `4.0` a number); `RunSettings` converts
/// them when a run is resolved, so `beta: 4` and `beta: 4.0` resolve to the same run.
public enum StudyValue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A string, such as `sbd` or `circles-32`.
    case string(String)
    /// An integer, such as a seed or a step count.
    case integer(Int)
    /// A floating-point number, such as β.
    case number(Double)
    /// A Boolean.
    case boolean(Bool)
    /// No value: the setting's default (for optional settings such as `gamma`).
    case null

    /// The value as a short label for tables and plots: numbers with at most 4 significant digits.
    public var description: String {
        switch self {
        case .string(let text): return text
        case .integer(let value): return String(value)
        case .number(let value): return Self.label(value)
        case .boolean(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }

    /// The value as a number, if it is one.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    /// A number printed with at most 4 significant digits and no trailing zeros.
    static func label(_ value: Double) -> String {
        var text = String(format: "%.4g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Decodes any JSON scalar.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .boolean(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes the value as a JSON scalar.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .boolean(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
