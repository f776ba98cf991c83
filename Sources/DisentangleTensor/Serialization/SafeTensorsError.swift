/// Why a safetensors file could not be read or written.
///
/// The ``description`` names the file (when there is one), the tensor (when one is at fault) and what was
/// expected, for example `model.safetensors: tensor "fc.weight": data_offsets [0, 4096] end beyond the 2048-byte
/// data section`.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The category of a failure, for programs that react to specific problems.
    public enum Kind: String, Sendable, Equatable {
        /// The file ends before the 8-byte header length, the header or the data it declares.
        case truncated
        /// The declared header length exceeds the format's 100 MB limit.
        case headerTooLarge
        /// The header is not UTF-8 JSON, not an object, or an entry lacks or mistypes a field.
        case invalidHeader
        /// An entry's `dtype` is not one this library reads.
        case unsupportedDType
        /// An entry's shape has a negative dimension or an element count that overflows.
        case invalidShape
        /// An entry's `data_offsets` are reversed or reach beyond the data section.
        case offsetsOutOfRange
        /// An entry's byte range does not match its shape and dtype.
        case sizeMismatch
        /// Two entries' byte ranges overlap.
        case overlappingOffsets
        /// The data section has bytes no entry covers (the format forbids holes and trailing bytes).
        case incompleteBuffer
        /// A tensor name is empty or reserved (`__metadata__`).
        case invalidName
        /// The file could not be opened, read, written or renamed.
        case io
    }

    /// The category of the failure.
    public let kind: Kind
    /// The file involved, if any.
    public let file: String?
    /// The tensor at fault, if the failure concerns one.
    public let tensor: String?
    /// What was found and what was expected.
    public let reason: String

    /// Creates an error.
    public init(_ kind: Kind, file: String?, tensor: String? = nil, _ reason: String) {
        self.kind = kind
        self.file = file
        self.tensor = tensor
        self.reason = reason
    }

    /// `file: tensor "name": reason`, leaving out the parts that do not apply.
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let tensor { parts.append("tensor \"\(tensor)\"") }
        parts.append(reason)
        return parts.joined(separator: ": ")
    }
}
