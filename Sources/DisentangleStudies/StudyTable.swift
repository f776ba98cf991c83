import DisentangleRuns
import DisentangleTensor
import Foundation

/// Every run of a study with its resolved settings, status and results: what `disentangle study aggregate`
/// writes as `results.csv` and `results.json`, and what the report plots.
public struct StudyTable: Sendable {
    /// One run.
    public struct Row: Sendable, Codable, Equatable {
        /// The run's index in the study.
        public var index: Int
        /// The run's identifier (its directory's name).
        public var id: String
        /// pending, running, partial, finished or failed.
        public var status: String
        /// The error of a failed run.
        public var error: String?
        /// Every resolved setting (`RunSettings`, flag names as keys).
        public var settings: [String: StudyValue]
        /// The result of a finished run.
        public var result: StudyRunResult?
    }

    /// The settings the study's axes vary, in axis order.
    public var axisKeys: [String]
    /// The runs in index order.
    public var rows: [Row]

    /// Reads the status and result of every run of `study` from `directory`.
    public init(study: Study, directory: StudyDirectory) throws {
        axisKeys = study.axisKeys
        rows = try study.runs().map { run in
            let status = StudyRunStatus(of: run, in: directory)
            let result = try? StudyRunResult.load(from: directory.run(run).resultFile)
            var error: String?
            if case .failed(let message) = status { error = message }
            return Row(
                index: run.index, id: run.id, status: status.name, error: error,
                settings: try JSONDecoder().decode([String: StudyValue].self, from: JSONEncoder().encode(run.resolved)),
                result: result?.status == .finished ? result : nil)
        }
    }

    /// The names of the measured values of the finished runs (`reconstruction`, `kl`, `mig.score`, ...), sorted.
    public var measurementNames: [String] {
        Set(rows.flatMap { $0.result?.measurements.keys.map { $0 } ?? [] }).sorted()
    }

    /// The CSV header and rows: index, id, status, the axis settings, the other settings, the measurements,
    /// training and evaluation seconds, threads and error.
    public func csv() -> String {
        let settingKeys = axisKeys + Set(rows.flatMap(\.settings.keys)).subtracting(axisKeys).sorted()
        let measured = measurementNames
        var lines = [
            (["index", "id", "status"] + settingKeys + measured
                + ["training_seconds", "evaluation_seconds", "threads", "error"]).map(Self.field).joined(separator: ",")
        ]
        for row in rows {
            var fields = [String(row.index), row.id, row.status]
            fields += settingKeys.map { key in row.settings[key].map(Self.csvValue) ?? "" }
            let measurements = row.result?.measurements ?? [:]
            fields += measured.map { measurements[$0].map { String($0) } ?? "" }
            fields += [
                row.result.map { String($0.trainingSeconds) } ?? "", row.result.map { String($0.evaluationSeconds) } ?? "",
                row.result.map { String($0.threads) } ?? "", row.error ?? "",
            ]
            lines.append(fields.map(Self.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows as a JSON array, pretty-printed with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(rows)
    }

    /// Writes `results.csv` and `results.json` into `directory`, atomically.
    public func write(to directory: StudyDirectory) throws {
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        try AtomicFile.write(Data(csv().utf8), to: directory.csvFile)
        try AtomicFile.write(try json(), to: directory.jsonFile)
    }

    /// A setting's value in a CSV cell (numbers in full precision).
    private static func csvValue(_ value: StudyValue) -> String {
        switch value {
        case .number(let number): return String(number)
        case .null: return ""
        default: return value.description
        }
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
