import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML parser for a body a server sent (an S3 listing, a WebDAV multistatus).
///
/// A body that is not valid UTF-8 is refused before parsing: libxml2 hands an element name of invalid UTF-8
/// bytes to FoundationXML, which traps on it, so one hostile answer would end the daemon. External entities are
/// never resolved.
enum UntrustedXML {
    static func parser(for body: Data, namespaces: Bool, delegate: any XMLParserDelegate) -> XMLParser? {
        guard String(validating: body, as: UTF8.self) != nil else { return nil }
        let parser = XMLParser(data: body)
        parser.shouldProcessNamespaces = namespaces
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        return parser
    }
}
