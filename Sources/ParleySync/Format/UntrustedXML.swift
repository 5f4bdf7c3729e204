import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML parser for a body a server sent (an S3 listing, a WebDAV multistatus).
///
/// Two kinds of body are refused before parsing, because FoundationXML crashes on them, so one hostile answer
/// would end the daemon: one that is not valid UTF-8 (libxml2 hands an element name of invalid bytes to
/// FoundationXML, which traps), and one with a processing instruction (`<?x?>`, whose missing data FoundationXML
/// reads as a C string). Listings never need either; only the XML declaration at the start is let through.
/// External entities are never resolved.
enum UntrustedXML {
    static func parser(for body: Data, namespaces: Bool, delegate: any XMLParserDelegate) -> XMLParser? {
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        var rest = Substring(text).drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if rest.hasPrefix("<?xml"), let end = rest.range(of: "?>"),
            rest.dropFirst(5).first.map({ $0.isWhitespace }) == true
        {
            rest = rest[end.upperBound...]
        }
        guard !rest.contains("<?") else { return nil }
        let parser = XMLParser(data: body)
        parser.shouldProcessNamespaces = namespaces
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        return parser
    }
}
