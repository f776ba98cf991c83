import DisentanglePlots
import Testing

@Suite("XML and HTML escaping")
struct EscapingTests {
    @Test("markup characters become entities")
    func markup() {
        #expect(XMLEscaping.escape(#"<b>"Tom" & 'Jerry'</b>"#) == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        #expect(XMLEscaping.escape("&amp;") == "&amp;amp;")
    }

    @Test("forbidden control characters are replaced; tabs, newlines and Unicode survive")
    func controls() {
        #expect(XMLEscaping.escape("a\u{0}b\u{1b}c") == "a\u{fffd}b\u{fffd}c")
        #expect(XMLEscaping.escape("β-VAE\tσ²\n") == "β-VAE\tσ²\n")
    }
}
