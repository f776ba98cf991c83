import DisentangleMetrics
import Foundation
import Yams

extension Study {
    /// Reads a study file (YAML, or JSON, which is YAML too). See Documentation/Studies.md for the format.
    ///
    /// - Throws: ``StudyError`` naming the file, the key and the line of anything it cannot use.
    public static func load(from url: URL) throws -> Study {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw StudyError("\(url.path) cannot be read as UTF-8 text: \(error.localizedDescription)")
        }
        return try Study(yaml: text, source: url.path, defaultName: url.deletingPathExtension().lastPathComponent)
    }

    /// Parses a study from YAML or JSON text; `source` names it in errors.
    public init(yaml text: String, source: String = "study", defaultName: String = "study") throws {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw StudyError("\(source): not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw StudyError("\(source): expected a mapping with the keys name, base, axes and evaluation")
        }
        let reader = StudyFileReader(source: source)
        var name = defaultName
        var base: [String: StudyValue] = [:]
        var baseLines: [String: Int] = [:]
        var axes: [StudyAxis] = []
        var evaluation = StudyEvaluation()
        for (keyNode, value) in top {
            let key = try reader.key(keyNode)
            switch key {
            case "name": name = try reader.string(value, at: "name")
            case "base":
                for (settingNode, settingValue) in try reader.mapping(value, at: "base") {
                    let setting = try reader.key(settingNode)
                    guard base[setting] == nil else { throw reader.error(settingNode, "base.\(setting) is given twice") }
                    base[setting] = try reader.scalar(settingValue, at: "base.\(setting)")
                    baseLines[setting] = reader.line(settingNode)
                }
            case "axes": axes = try reader.axes(value)
            case "evaluation": evaluation = try reader.evaluation(value)
            default:
                throw reader.error(keyNode, "unknown key '\(key)'; a study has name, base, axes and evaluation")
            }
        }
        var setBy: [String: Int?] = [:]
        for axis in axes {
            for key in axis.keys {
                if let earlier = setBy[key] {
                    throw StudyError(
                        "\(source):\(axis.line ?? 0): axes.\(key) is already varied by the axis on line \(earlier ?? 0)")
                }
                setBy[key] = axis.line
            }
        }
        self.init(name: name, base: base, axes: axes, evaluation: evaluation, baseLines: baseLines, source: source)
    }
}

/// Turns the nodes of a study file into values, with errors naming the file, line and key.
struct StudyFileReader {
    let source: String

    func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    func error(_ node: Node, _ message: String) -> StudyError {
        StudyError("\(source):\(line(node)): \(message)")
    }

    func key(_ node: Node) throws -> String {
        guard let text = node.scalar?.string else { throw error(node, "expected a key (a plain name)") }
        return text
    }

    func mapping(_ node: Node, at path: String) throws -> Node.Mapping {
        guard let mapping = node.mapping else { throw error(node, "\(path): expected a mapping of settings") }
        return mapping
    }

    func string(_ node: Node, at path: String) throws -> String {
        guard case .string(let text) = try scalar(node, at: path) else { throw error(node, "\(path): expected a string") }
        return text
    }

    /// A scalar node as the JSON value its YAML tag says it is.
    func scalar(_ node: Node, at path: String) throws -> StudyValue {
        guard let scalar = node.scalar else {
            throw error(node, "\(path): expected a single value (a string, number, boolean or null)")
        }
        switch Tag.Name(rawValue: node.tag.description) {
        case .null: return .null
        case .bool: if let value = node.bool { return .boolean(value) }
        case .int: if let value = node.int { return .integer(value) }
        case .float:
            if let value = node.float, value.isFinite { return .number(value) }
            throw error(node, "\(path): \(scalar.string) is not a finite number")
        default: break
        }
        return .string(scalar.string)
    }

    func number(_ node: Node, at path: String) throws -> Double {
        guard let value = try scalar(node, at: path).doubleValue else { throw error(node, "\(path): expected a number") }
        return value
    }

    func count(_ node: Node, at path: String, minimum: Int) throws -> Int {
        guard case .integer(let value) = try scalar(node, at: path), value >= minimum else {
            throw error(node, "\(path): expected an integer of at least \(minimum)")
        }
        guard value <= Study.maximumRunCount else {
            throw error(node, "\(path): \(value) is more than a study's \(Study.maximumRunCount) runs")
        }
        return value
    }

    func axes(_ node: Node) throws -> [StudyAxis] {
        var axes: [StudyAxis] = []
        for (keyNode, value) in try mapping(node, at: "axes") {
            let key = try self.key(keyNode)
            switch key {
            case "seeds":
                let count = try self.count(value, at: "axes.seeds", minimum: 1)
                axes.append(StudyAxis(key: "seed", values: (0..<count).map { .integer($0) }, line: line(keyNode)))
            case "zip":
                let groups = value.sequence.map(Array.init) ?? [value]
                for group in groups { axes.append(try zipped(group)) }
            default:
                axes.append(StudyAxis(key: key, values: try values(value, at: "axes.\(key)"), line: line(keyNode)))
            }
        }
        return axes
    }

    /// One zip group: a mapping of settings to lists of one length.
    func zipped(_ node: Node) throws -> StudyAxis {
        var keys: [String] = []
        var columns: [[StudyValue]] = []
        for (keyNode, value) in try mapping(node, at: "axes.zip") {
            let key = try self.key(keyNode)
            let column = try values(value, at: "axes.zip.\(key)")
            if let first = columns.first, first.count != column.count {
                throw error(keyNode, "axes.zip.\(key) has \(column.count) values but axes.zip.\(keys[0]) has \(first.count); zipped lists need one length")
            }
            keys.append(key)
            columns.append(column)
        }
        guard let length = columns.first?.count else { throw error(node, "axes.zip: expected at least one setting") }
        let points = (0..<length).map { i in columns.map { $0[i] } }
        return StudyAxis(keys: keys, points: points, line: line(node))
    }

    /// An axis's values: a list, `{logspace: [a, b, n]}` or `{linspace: [a, b, n]}`.
    func values(_ node: Node, at path: String) throws -> [StudyValue] {
        if let sequence = node.sequence {
            let values = try sequence.map { try scalar($0, at: path) }
            guard !values.isEmpty else { throw error(node, "\(path): the list of values is empty") }
            return values
        }
        if let mapping = node.mapping, mapping.count == 1, let (kindNode, arguments) = mapping.first {
            let kind = try key(kindNode)
            guard kind == "logspace" || kind == "linspace" else {
                throw error(kindNode, "\(path): unknown generator '\(kind)'; expected logspace or linspace")
            }
            guard let list = arguments.sequence, list.count == 3 else {
                throw error(arguments, "\(path).\(kind): expected [first, last, count]")
            }
            let first = try number(list[0], at: "\(path).\(kind)")
            let last = try number(list[1], at: "\(path).\(kind)")
            let count = try self.count(list[2], at: "\(path).\(kind) count", minimum: 1)
            if kind == "logspace" {
                guard first > 0, last > 0 else { throw error(arguments, "\(path).logspace: both ends must be positive") }
                var values = Self.spaced(log(first), log(last), count).map(exp)
                values[0] = first
                values[count - 1] = last
                return values.map { .number($0) }
            }
            return Self.spaced(first, last, count).map { .number($0) }
        }
        throw error(node, "\(path): expected a list of values, {logspace: [first, last, count]} or {linspace: [first, last, count]}")
    }

    /// `count` evenly spaced values from `first` to `last`, both included; the ends are exact.
    static func spaced(_ first: Double, _ last: Double, _ count: Int) -> [Double] {
        guard count > 1 else { return [first] }
        return (0..<count).map { i in
            i == count - 1 ? last : first + (last - first) * Double(i) / Double(count - 1)
        }
    }

    func evaluation(_ node: Node) throws -> StudyEvaluation {
        var evaluation = StudyEvaluation()
        for (keyNode, value) in try mapping(node, at: "evaluation") {
            let key = try self.key(keyNode)
            switch key {
            case "metrics":
                guard let list = value.sequence else { throw error(value, "evaluation.metrics: expected a list of metric names") }
                evaluation.metrics = try list.map { try string($0, at: "evaluation.metrics") }
                do { _ = try MetricRegistry.resolve(evaluation.metrics) } catch {
                    throw self.error(value, "evaluation.metrics: \(error)")
                }
            case "samples": evaluation.samples = try count(value, at: "evaluation.samples", minimum: 2)
            case "seed": evaluation.seed = UInt64(try count(value, at: "evaluation.seed", minimum: 0))
            default:
                throw error(keyNode, "unknown key 'evaluation.\(key)'; evaluation has metrics, samples and seed")
            }
        }
        return evaluation
    }
}
