import DisentanglePlots
import Foundation
import Testing

@Suite("HTML report")
struct HTMLReportTests {
    /// The base64 payloads of all `data:image/png` URIs in `html`.
    func embeddedPNGs(_ html: String) -> [Data] {
        html.components(separatedBy: "data:image/png;base64,").dropFirst().compactMap { part in
            Data(base64Encoded: String(part.prefix { $0 != "\"" }))
        }
    }

    @Test("figures can show picture files next to the page by relative path, never anything outside")
    func fileFigures() throws {
        var report = HTMLReport(title: "Files")
        report.addFigures([try .file("pictures/a b.gif", width: 30, height: 20, caption: "<cycle>")])
        let html = report.html()
        #expect(html.contains("<img src=\"pictures/a%20b.gif\" width=\"30\" height=\"20\" alt=\"&lt;cycle&gt;\">"))
        for bad in ["https://example.com/a.png", "/etc/a.png", "../a.png", "a/../../b.png", "", "C:\\a.png", "a//b.png"] {
            #expect(throws: PlotError.self, "\(bad)") { try ReportFigure.file(bad, width: 1, height: 1) }
        }
        #expect(throws: PlotError.self) { try ReportFigure.file("a.png", width: 0, height: 1) }
    }

    @Test("images are embedded as decodable PNG data URIs and charts as inline SVG")
    func embedding() throws {
        var report = HTMLReport(title: "Embedding")
        let image = try testImage(width: 20, height: 10, format: .rgb, seed: 1)
        try report.addImage(image, caption: "an image")
        try report.addChart(BarChart(title: "Bars", xLabel: "x", yLabel: "y", categories: ["a"], values: [1.0]))
        let html = report.html()
        let pngs = embeddedPNGs(html)
        #expect(pngs.count == 1)
        let decoded = try DecodedPNG([UInt8](pngs[0]))
        #expect(decoded.width == 20 && decoded.pixels == image.pixels)
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"),
                "no network references besides the SVG namespace")
        #expect(!html.contains("https://"))
    }

    @Test("all text is escaped")
    func escaping() throws {
        var report = HTMLReport(title: "<script>alert(1)</script>")
        report.addHeading("a & b", level: 9)
        report.addParagraph("<b>x</b>")
        report.addCode("if a < b && c > d")
        report.addTable(try ReportTable(header: ["<th>"], rows: [["<td>"], ["0.5"]], caption: "\"cap\""))
        let html = report.html()
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<h6>a &amp; b</h6>"))
        #expect(html.contains("<p>&lt;b&gt;x&lt;/b&gt;</p>"))
        #expect(html.contains("a &lt; b &amp;&amp; c &gt; d"))
        #expect(html.contains("<th>&lt;th&gt;</th>") && html.contains("<td>&lt;td&gt;</td>"))
        #expect(html.contains("<td class=\"num\">0.5</td>"))
        #expect(html.contains("<caption>&quot;cap&quot;</caption>"))
    }

    @Test("ragged tables and empty headers throw")
    func tableErrors() {
        #expect(throws: PlotError.self) { try ReportTable(header: ["a", "b"], rows: [["1"]]) }
        #expect(throws: PlotError.self) { try ReportTable(header: [], rows: []) }
    }

    @Test("the sample report renders every building block and writes atomically")
    func sample() throws {
        let report = try SampleReport.make()
        let html = report.html()
        #expect(embeddedPNGs(html).count == 2)
        for png in embeddedPNGs(html) { _ = try DecodedPNG([UInt8](png)) }
        #expect(html.components(separatedBy: "<svg ").count - 1 == 10)
        #expect(html.contains("<table>") && html.contains("&lt;b&gt;not bold&lt;/b&gt;"))

        let environment = ProcessInfo.processInfo.environment["DISENTANGLE_PLOTS_SAMPLE_DIR"]
        let directory = environment.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("plots-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if environment == nil { try? FileManager.default.removeItem(at: directory) } }
        let url = directory.appendingPathComponent("report.html")
        try report.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == html)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
        #expect(throws: PlotError.self) { try report.write(to: directory.appendingPathComponent("no/such/dir.html")) }
    }
}
