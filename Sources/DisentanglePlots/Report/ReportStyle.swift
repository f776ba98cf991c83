/// The stylesheet embedded in every ``HTMLReport``: a readable single column, figure cards that wrap side by
/// side, pixel-sharp images, and striped tables. No web fonts or other network resources.
enum ReportStyle {
    /// The CSS text.
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f6f7f9; color: #1f2937;
          font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 32px 28px 48px; }
        h1 { font-size: 28px; line-height: 1.25; margin: 0 0 8px; }
        h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid #e5e7eb; }
        h3 { font-size: 16px; margin: 24px 0 8px; }
        h4, h5, h6 { font-size: 15px; margin: 18px 0 6px; }
        p { margin: 8px 0 12px; max-width: 80ch; }
        pre { background: #111827; color: #e5e7eb; padding: 12px 14px; border-radius: 8px; overflow-x: auto;
          font: 13px/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        .figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; margin: 14px 0 18px; }
        figure { margin: 0; padding: 12px; background: #ffffff; border: 1px solid #e5e7eb; border-radius: 10px;
          box-shadow: 0 1px 2px rgba(0, 0, 0, 0.04); min-width: 0; }
        figure svg, figure img { display: block; max-width: 100%; height: auto; }
        figure img { image-rendering: pixelated; image-rendering: crisp-edges; }
        figcaption { margin-top: 8px; font-size: 13px; color: #4b5563; max-width: 60ch; }
        .table-wrap { overflow-x: auto; margin: 14px 0 18px; }
        table { border-collapse: collapse; background: #ffffff; border: 1px solid #e5e7eb; border-radius: 10px;
          font-size: 14px; }
        caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 8px; }
        th, td { padding: 7px 14px; text-align: left; border-bottom: 1px solid #eef0f3; }
        th { background: #f3f4f6; font-weight: 600; border-bottom: 1px solid #d1d5db; }
        tbody tr:nth-child(even) td { background: #fafbfc; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        footer { margin-top: 40px; font-size: 12px; color: #6b7280; }
        """
}
