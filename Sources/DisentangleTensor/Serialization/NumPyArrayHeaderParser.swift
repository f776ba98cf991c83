/// A value in a `.npy` header dictionary: the only three kinds NumPy writes for plain arrays.
enum HeaderValue: Equatable {
    case string(String)
    case boolean(Bool)
    case integers([Int])
}

/// Parses the Python dictionary literal of a `.npy` header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
///
/// It accepts exactly what NumPy writes (single- or double-quoted strings, `True`/`False`, tuples of non-negative
/// integers with an optional Python 2 `L` suffix, optional trailing commas, whitespace, a final newline) and throws
/// ``NumPyArrayError`` naming the offending position for anything else, including duplicate keys.
struct HeaderDictionaryParser {
    private let bytes: [UInt8]
    private let source: String
    private var position = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// Parses the whole text as one dictionary followed only by whitespace.
    mutating func parseDictionary() throws -> [String: HeaderValue] {
        try expect(UInt8(ascii: "{"))
        var entries: [String: HeaderValue] = [:]
        skipWhitespace()
        while peek() != UInt8(ascii: "}") {
            let key = try parseString()
            try expect(UInt8(ascii: ":"))
            let value = try parseValue(for: key)
            guard entries.updateValue(value, forKey: key) == nil else {
                throw failure("key '\(key)' appears twice")
            }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
            } else if peek() != UInt8(ascii: "}") {
                throw failure("expected ',' or '}'")
            }
        }
        position += 1
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected text after the dictionary") }
        return entries
    }

    private mutating func parseValue(for key: String) throws -> HeaderValue {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "("):
            return .integers(try parseTuple(for: key))
        case UInt8(ascii: "T"):
            try expectWord("True", for: key)
            return .boolean(true)
        case UInt8(ascii: "F"):
            try expectWord("False", for: key)
            return .boolean(false)
        default:
            throw failure("value of '\(key)' is not a string, a boolean or a tuple of integers")
        }
    }

    private mutating func parseString() throws -> String {
        skipWhitespace()
        guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw failure("expected a quoted string")
        }
        position += 1
        let start = position
        while let byte = peek(), byte != quote {
            guard byte != UInt8(ascii: "\\") else { throw failure("escape sequences are not supported") }
            position += 1
        }
        guard peek() == quote else { throw failure("unterminated string") }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        return text
    }

    private mutating func parseTuple(for key: String) throws -> [Int] {
        try expect(UInt8(ascii: "("))
        var values: [Int] = []
        skipWhitespace()
        while peek() != UInt8(ascii: ")") {
            guard values.count < NumPyArrayHeader.maximumRank + 1 else {
                throw failure("'\(key)' has more than \(NumPyArrayHeader.maximumRank) entries")
            }
            values.append(try parseInteger(for: key))
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
            } else if peek() != UInt8(ascii: ")") {
                throw failure("expected ',' or ')' in '\(key)'")
            }
        }
        position += 1
        return values
    }

    private mutating func parseInteger(for key: String) throws -> Int {
        let start = position
        var value = 0
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw failure("an entry of '\(key)' is too large") }
            value = sum
            position += 1
        }
        guard position > start else { throw failure("expected a non-negative integer in '\(key)'") }
        if peek() == UInt8(ascii: "L") { position += 1 }
        return value
    }

    private mutating func expectWord(_ word: String, for key: String) throws {
        let utf8 = Array(word.utf8)
        guard bytes.count - position >= utf8.count, Array(bytes[position..<(position + utf8.count)]) == utf8 else {
            throw failure("value of '\(key)' is not a string, a boolean or a tuple of integers")
        }
        position += utf8.count
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard peek() == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { position += 1 }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private func failure(_ message: String) -> NumPyArrayError {
        NumPyArrayError.field("header", in: source, "\(message) at byte \(position) of the dictionary")
    }
}
