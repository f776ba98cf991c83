import DisentangleRuns
import Foundation

/// One run of a ``Study``: its place in the study, its settings and its stable identifier.
public struct StudyRun: Sendable, Equatable {
    /// The run's position in the study's expansion (the Slurm array index).
    public var index: Int
    /// A stable identifier: 16 hexadecimal digits of a hash of the resolved settings that differ from the
    /// defaults, so that neither the run's index, nor the study's other runs, nor spelling a default explicitly
    /// changes it. It names the run's directory.
    public var id: String
    /// The settings as the study file gave them (base and axes).
    public var settings: [String: StudyValue]
    /// The values the axes gave this run.
    public var axisValues: [String: StudyValue]
    /// The settings resolved through `RunSettings`.
    public var resolved: RunSettings

    /// A run; the identifier is computed from `resolved`.
    public init(index: Int, settings: [String: StudyValue], axisValues: [String: StudyValue], resolved: RunSettings) throws {
        self.index = index
        self.settings = settings
        self.axisValues = axisValues
        self.resolved = resolved
        self.id = try Self.identifier(of: resolved)
    }

    /// `key=value` pairs of the axis values, in the order of `keys`.
    public func label(keys: [String]) -> String {
        keys.compactMap { key in axisValues[key].map { "\(key)=\($0)" } }.joined(separator: " ")
    }

    /// The resolved settings that differ from the defaults, as canonical JSON (sorted keys, no spaces).
    public static func canonicalSettings(_ settings: RunSettings) throws -> String {
        let values = try flatten(settings)
        let defaults = try flatten(RunSettings())
        let differing = values.filter { defaults[$0.key] != $0.value }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(differing), as: UTF8.self)
    }

    /// The identifier of resolved settings: FNV-1a (64 bits) of ``canonicalSettings(_:)``, in hexadecimal.
    public static func identifier(of settings: RunSettings) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in try canonicalSettings(settings).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func flatten(_ settings: RunSettings) throws -> [String: StudyValue] {
        try JSONDecoder().decode([String: StudyValue].self, from: JSONEncoder().encode(settings))
    }
}
