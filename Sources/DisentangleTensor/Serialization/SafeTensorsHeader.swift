import Foundation

/// One tensor's entry in a safetensors header: its element type, shape and byte range in the data section.
struct SafeTensorsEntry: Equatable {
    /// The tensor's name.
    let name: String
    /// The element type.
    let dtype: SafeTensorsDType
    /// The shape, outermost dimension first.
    let shape: [Int]
    /// The byte range within the data section (after the header).
    let byteRange: Range<Int>
    /// The number of elements.
    let count: Int
}

/// A parsed and validated safetensors header.
struct SafeTensorsHeader {
    /// The entries, ordered by their position in the data section.
    let entries: [SafeTensorsEntry]
    /// The `__metadata__` strings, empty if the header has none.
    let metadata: [String: String]

    /// The largest header the format allows (the reference implementation's limit), so a corrupt length cannot
    /// make the reader allocate gigabytes.
    static let maximumByteCount = 100_000_000

    /// The reserved header key for free-form string metadata.
    static let metadataKey = "__metadata__"

    /// Parses the JSON header and validates every entry against a data section of `dataByteCount` bytes.
    ///
    /// - Throws: ``SafeTensorsError`` naming `file` and the offending tensor.
    init(json: Data, dataByteCount: Int, file: String?) throws {
        guard json.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == UInt8(ascii: "{") else {
            throw SafeTensorsError(.invalidHeader, file: file, "the header is not a JSON object")
        }
        let raw: RawHeader
        do {
            raw = try JSONDecoder().decode(RawHeader.self, from: json)
        } catch let error as SafeTensorsError {
            throw SafeTensorsError(error.kind, file: file, tensor: error.tensor, error.reason)
        } catch {
            throw SafeTensorsError(.invalidHeader, file: file, "the header is not valid JSON (\(Self.explain(error)))")
        }
        var entries: [SafeTensorsEntry] = []
        entries.reserveCapacity(raw.entries.count)
        for (name, field) in raw.entries {
            guard let dtype = SafeTensorsDType(rawValue: field.dtype) else {
                throw SafeTensorsError(
                    .unsupportedDType, file: file, tensor: name,
                    "dtype \"\(field.dtype)\" is not supported (expected one of "
                        + SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            var count = 1
            for dimension in field.shape {
                guard dimension >= 0 else {
                    throw SafeTensorsError(.invalidShape, file: file, tensor: name, "shape \(field.shape) has a negative dimension")
                }
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw SafeTensorsError(.invalidShape, file: file, tensor: name, "shape \(field.shape) has too many elements")
                }
                count = product
            }
            guard field.dataOffsets.count == 2 else {
                throw SafeTensorsError(
                    .invalidHeader, file: file, tensor: name,
                    "data_offsets must hold two integers [begin, end], got \(field.dataOffsets)")
            }
            let begin = field.dataOffsets[0]
            let end = field.dataOffsets[1]
            guard begin >= 0, begin <= end else {
                throw SafeTensorsError(
                    .offsetsOutOfRange, file: file, tensor: name, "data_offsets \(field.dataOffsets) are not an increasing range")
            }
            guard end <= dataByteCount else {
                throw SafeTensorsError(
                    .offsetsOutOfRange, file: file, tensor: name,
                    "data_offsets \(field.dataOffsets) end beyond the \(dataByteCount)-byte data section")
            }
            let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteCount)
            guard !overflow, byteCount == end - begin else {
                throw SafeTensorsError(
                    .sizeMismatch, file: file, tensor: name,
                    "shape \(field.shape) of \(dtype.rawValue) needs \(overflow ? "more than Int.max" : String(byteCount)) bytes, "
                        + "but data_offsets \(field.dataOffsets) cover \(end - begin)")
            }
            entries.append(SafeTensorsEntry(name: name, dtype: dtype, shape: field.shape, byteRange: begin..<end, count: count))
        }
        entries.sort { ($0.byteRange.lowerBound, $0.byteRange.upperBound, $0.name) < ($1.byteRange.lowerBound, $1.byteRange.upperBound, $1.name) }
        var covered = 0
        var previous: String?
        for entry in entries {
            if entry.byteRange.lowerBound < covered {
                throw SafeTensorsError(
                    .overlappingOffsets, file: file, tensor: entry.name,
                    "bytes \(entry.byteRange.lowerBound)..<\(entry.byteRange.upperBound) overlap tensor \"\(previous ?? "")\"")
            }
            if entry.byteRange.lowerBound > covered {
                throw SafeTensorsError(
                    .incompleteBuffer, file: file, tensor: entry.name,
                    "bytes \(covered)..<\(entry.byteRange.lowerBound) before this tensor belong to no tensor")
            }
            covered = entry.byteRange.upperBound
            previous = entry.name
        }
        guard covered == dataByteCount else {
            throw SafeTensorsError(
                .incompleteBuffer, file: file,
                "the data section has \(dataByteCount) bytes but the tensors cover only the first \(covered)")
        }
        self.entries = entries
        self.metadata = raw.metadata
    }

    /// Serialises a header for `entries` (in data order) as JSON, padded with spaces to a multiple of 8 bytes so
    /// the data section starts aligned, as the reference implementation does.
    static func encode(entries: [SafeTensorsEntry], metadata: [String: String]) -> Data {
        var json = "{"
        var first = true
        if !metadata.isEmpty {
            json += "\"\(metadataKey)\":{"
            json += metadata.sorted { $0.key < $1.key }
                .map { "\(quoted($0.key)):\(quoted($0.value))" }
                .joined(separator: ",")
            json += "}"
            first = false
        }
        for entry in entries {
            if !first { json += "," }
            first = false
            json += "\(quoted(entry.name)):{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":["
            json += entry.shape.map(String.init).joined(separator: ",")
            json += "],\"data_offsets\":[\(entry.byteRange.lowerBound),\(entry.byteRange.upperBound)]}"
        }
        json += "}"
        var data = Data(json.utf8)
        while data.count % 8 != 0 { data.append(0x20) }
        return data
    }

    /// A JSON string literal for `text`.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A short explanation of a decoding error, with the JSON path where it happened.
    private static func explain(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return String(describing: error) }
        switch decoding {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}

/// The header as decoded from JSON, before validation against the data section.
private struct RawHeader: Decodable {
    struct Field: Decodable {
        let dtype: String
        let shape: [Int]
        let dataOffsets: [Int]

        enum CodingKeys: String, CodingKey {
            case dtype, shape
            case dataOffsets = "data_offsets"
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    var entries: [(String, Field)] = []
    var metadata: [String: String] = [:]

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == SafeTensorsHeader.metadataKey {
                do {
                    metadata = try container.decode([String: String].self, forKey: key)
                } catch {
                    throw SafeTensorsError(.invalidHeader, file: nil, "__metadata__ must be an object whose values are strings")
                }
                continue
            }
            do {
                entries.append((key.stringValue, try container.decode(Field.self, forKey: key)))
            } catch {
                throw SafeTensorsError(
                    .invalidHeader, file: nil, tensor: key.stringValue,
                    "the entry must be an object with \"dtype\" (string), \"shape\" and \"data_offsets\" (arrays of integers)")
            }
        }
    }
}
