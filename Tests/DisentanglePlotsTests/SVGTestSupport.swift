import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses `svg` as XML, recording an issue if it is not well-formed, and returns the document.
func parseSVG(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLDocument {
    let document = try XMLDocument(xmlString: svg, options: [])
    #expect(document.rootElement()?.name == "svg", sourceLocation: sourceLocation)
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), sourceLocation: sourceLocation)
    return document
}

/// All elements named `name` below `node`.
func elements(_ name: String, in document: XMLDocument) throws -> [XMLElement] {
    try document.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
}

/// The text of every `<text>` element.
func texts(in document: XMLDocument) throws -> [String] {
    try elements("text", in: document).compactMap(\.stringValue)
}

/// The numeric value of an attribute.
func number(_ element: XMLElement, _ attribute: String) -> Double {
    let node = element.attributes?.first { $0.name == attribute || $0.localName == attribute }
    return Double(node?.stringValue ?? "") ?? .nan
}
