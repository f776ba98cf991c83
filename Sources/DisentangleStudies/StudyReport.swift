import DisentanglePlots
import Foundation

/// The HTML report of a study: rate-distortion curves, metrics against the swept setting and a table of every run.
///
/// The swept setting is `beta` if an axis varies it, else the first other numeric axis (not `seed`); the groups
/// (one curve each) are the combinations of the remaining axes, and seeds are the replicas. With `beta` swept and
/// the reconstruction and KL measured, the report has the paper's two rate-distortion plots, NLL against KL and
/// NLL against MIG (mean ± one standard deviation over replicas, β = 1 hollow), then each metric against the swept
/// setting (every replica as a dot, medians joined).
public struct StudyReport {
    /// The aggregated runs.
    public let table: StudyTable
    /// The study's name, the report's title.
    public let name: String

    /// The report of `table`.
    public init(table: StudyTable, name: String) {
        self.table = table
        self.name = name
    }

    /// The setting drawn along x: `beta` if varied, else the first numeric varied setting other than `seed`.
    public var sweptKey: String? {
        let candidates = table.axisKeys.filter { key in
            key != "seed" && table.rows.allSatisfy { $0.settings[key]?.doubleValue != nil }
        }
        return candidates.contains("beta") ? "beta" : candidates.first
    }

    /// The varied settings that tell groups apart.
    public var groupKeys: [String] { table.axisKeys.filter { $0 != "seed" && $0 != sweptKey } }

    /// The report as a page.
    public func html() throws -> HTMLReport {
        var report = HTMLReport(title: "Study \(name)")
        let finished = table.rows.filter { $0.result != nil }
        let failed = table.rows.filter { $0.status == "failed" }.count
        report.addParagraph(
            "\(table.rows.count) runs: \(finished.count) finished, \(failed) failed, "
                + "\(table.rows.count - finished.count - failed) not finished. Axes: "
                + (table.axisKeys.isEmpty ? "none" : table.axisKeys.joined(separator: ", ")) + ".")
        if let swept = sweptKey, !finished.isEmpty {
            let measured = table.measurementNames
            var figures: [ReportFigure] = []
            if measured.contains("reconstruction") && measured.contains("kl") {
                figures.append(try .chart(chart(x: "kl", y: "reconstruction", by: swept, xLabel: "KL (nats)",
                                                yLabel: "reconstruction NLL (nats)", title: "NLL vs KL"),
                                          caption: "Rate-distortion: one curve per group over \(swept)"))
            }
            if measured.contains("reconstruction") && measured.contains("mig.score") {
                figures.append(try .chart(chart(x: "mig.score", y: "reconstruction", by: swept, xLabel: "MIG",
                                                yLabel: "reconstruction NLL (nats)", title: "NLL vs MIG"),
                                          caption: "Reconstruction against disentanglement"))
            }
            if !figures.isEmpty {
                report.addHeading("Rate-distortion")
                report.addFigures(figures)
            }
            report.addHeading("Measurements against \(swept)")
            report.addFigures(try measured.map { name in
                var chart = chart(x: swept, y: name, by: swept, xLabel: swept, yLabel: name, title: "\(name) vs \(swept)")
                chart.center = .median
                if table.rows.allSatisfy({ ($0.settings[swept]?.doubleValue ?? 0) > 0 }) { chart.xScale = .logarithmic }
                return try .chart(chart, caption: "each replica a dot; medians joined")
            })
        }
        report.addHeading("Runs")
        report.addTable(try runTable())
        return report
    }

    /// Writes `report/index.html` into the study directory.
    public func write(to directory: StudyDirectory) throws {
        try FileManager.default.createDirectory(at: directory.reportDirectory, withIntermediateDirectories: true)
        try html().write(to: directory.reportDirectory.appendingPathComponent("index.html"))
    }

    /// A chart of measurement (or setting) `y` against `x`, one series per group, one level per value of `swept`.
    func chart(x: String, y: String, by swept: String, xLabel: String, yLabel: String, title: String) -> ReplicateChart {
        var groups: [String: [Double: [(Double, Double)]]] = [:]
        var groupOrder: [String] = []
        for row in table.rows {
            guard let result = row.result, let level = row.settings[swept]?.doubleValue,
                let xValue = value(x, row: row, result: result), let yValue = value(y, row: row, result: result)
            else { continue }
            let group = groupKeys.map { "\($0)=\(row.settings[$0]?.description ?? "")" }.joined(separator: " ")
            if groups[group] == nil { groupOrder.append(group) }
            groups[group, default: [:]][level, default: []].append((xValue, yValue))
        }
        let series = groupOrder.map { group in
            ReplicateSeries(name: group.isEmpty ? "all runs" : group, levels: groups[group]!.keys.sorted().map { level in
                let points = groups[group]![level]!
                return .init(x: points.map(\.0), y: points.map(\.1), isMarked: swept == "beta" && level == 1)
            })
        }
        return ReplicateChart(title: title, xLabel: xLabel, yLabel: yLabel, series: series)
    }

    private func value(_ name: String, row: StudyTable.Row, result: StudyRunResult) -> Double? {
        result.measurements[name] ?? row.settings[name]?.doubleValue
    }

    /// One row per run: index, id, the axis values, status, and every measurement with 4 significant digits.
    func runTable() throws -> ReportTable {
        let measured = table.measurementNames
        let rows = table.rows.map { row in
            [String(row.index), row.id] + table.axisKeys.map { row.settings[$0]?.description ?? "" }
                + [row.status == "failed" ? "failed: \(row.error ?? "")" : row.status]
                + measured.map { name in row.result?.measurements[name].map { StudyValue.label($0) } ?? "" }
        }
        return try ReportTable(header: ["index", "id"] + table.axisKeys + ["status"] + measured, rows: rows)
    }
}
