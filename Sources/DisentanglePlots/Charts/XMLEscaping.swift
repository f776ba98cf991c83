/// Escaping of text for XML, SVG and HTML, used for every title, label and table cell this module writes.
public enum XMLEscaping {
    /// `text` made safe for element content and for single- or double-quoted attribute values: `&`, `<`, `>`,
    /// `"` and `'` become entity references, and characters XML 1.0 forbids (control characters other than
    /// tab, line feed and carriage return, and U+FFFE/U+FFFF) become U+FFFD.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f || scalar.value == 0xfffe || scalar.value == 0xffff {
                    result += "\u{fffd}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
