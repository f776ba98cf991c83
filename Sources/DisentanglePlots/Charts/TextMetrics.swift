/// Approximate text widths for laying out charts, without a font engine. The estimates follow the advance
/// widths of common sans-serif fonts and err on the wide side, so labels do not overlap.
enum TextMetrics {
    /// The estimated width of `text` at `fontSize` pixels.
    static func width(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "!", ".", ",", ":", ";", "'", "|", "I", "t", "f", "r", " ", "(", ")", "[", "]":
                ems += 0.34
            case "m", "w", "M", "W", "@", "%":
                ems += 0.9
            case "0"..."9", "-", "+", "=", "e":
                ems += 0.58
            default:
                ems += character.isUppercase ? 0.7 : 0.58
            }
        }
        return ems * fontSize
    }
}
