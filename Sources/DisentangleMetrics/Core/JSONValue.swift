import Foundation

/// A JSON value: how metric options and results are held without knowing their types, so that a metric's
/// options can be set from a `path=value` string and its result stored beside any other metric's.
public enum JSONValue: Sendable, Equatable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number that fits in 64 bits (signed).
    case integer(Int64)
    /// A whole number above `Int64.max` (seeds).
    case unsigned(UInt64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// Decodes any JSON value.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .unsigned(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value as it is.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .unsigned(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The JSON form of an encodable value.
    ///
    /// - Throws: `EncodingError` for values JSON cannot hold (NaN, infinities).
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    /// Decodes a value of type `T` from this JSON.
    public func decoded<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }

    /// Parses a command-line value: JSON if it is JSON (`30`, `true`, `"x"`, `{"a": 1}`), else a plain string.
    public init(parsing text: String) {
        if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
            self = value
        } else {
            self = .string(text)
        }
    }

    /// This value with the value at `path` (object keys from the outside in) replaced by `newValue`.
    ///
    /// - Throws: ``MetricError/invalidOption(_:)`` naming the first key that does not exist and the keys that do.
    public func replacing(_ path: ArraySlice<String>, with newValue: JSONValue, describing whole: String) throws -> JSONValue {
        guard let key = path.first else { return newValue }
        guard case .object(var members) = self else {
            throw MetricError.invalidOption("\(whole): '\(key)' is not an option here (no further keys below this point)")
        }
        guard let member = members[key] else {
            throw MetricError.invalidOption("\(whole): no option '\(key)'; available: \(members.keys.sorted().joined(separator: ", "))")
        }
        members[key] = try member.replacing(path.dropFirst(), with: newValue, describing: whole)
        return .object(members)
    }

    /// The value as compact JSON with sorted keys.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "null"
    }
}
