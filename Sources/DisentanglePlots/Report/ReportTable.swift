import Foundation

/// A table for an ``HTMLReport``: a header row and rows of text cells, such as the MIG per decoder and seed.
/// Cells that read as numbers are right-aligned with tabular digits.
public struct ReportTable: Equatable, Sendable {
    /// The column headings.
    public let header: [String]
    /// The rows; each has one cell per heading.
    public let rows: [[String]]
    /// A caption shown above the table.
    public let caption: String?

    /// Creates a table. Throws ``PlotError`` if the header is empty or a row has a different number of cells.
    public init(header: [String], rows: [[String]], caption: String? = nil) throws {
        guard !header.isEmpty else { throw PlotError("ReportTable: the header has no columns") }
        for (index, row) in rows.enumerated() where row.count != header.count {
            throw PlotError("ReportTable: row \(index) has \(row.count) cells but the header has \(header.count) columns")
        }
        self.header = header
        self.rows = rows
        self.caption = caption
    }

    /// The table as HTML, every cell escaped.
    var html: String {
        var html = "<div class=\"table-wrap\"><table>\n"
        if let caption { html += "<caption>\(XMLEscaping.escape(caption))</caption>\n" }
        html += "<thead><tr>" + header.map { "<th>\(XMLEscaping.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.map { cell in
                let numeric = Double(cell.trimmingCharacters(in: .whitespaces)) != nil
                return (numeric ? "<td class=\"num\">" : "<td>") + XMLEscaping.escape(cell) + "</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table></div>\n"
    }
}
