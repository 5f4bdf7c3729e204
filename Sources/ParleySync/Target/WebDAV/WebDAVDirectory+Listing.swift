import Foundation
import ParleyCore
import ParleyTransfer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Listing a folder with `PROPFIND` and reading the server's `207 Multi-Status` answer.
extension WebDAVDirectory {
    /// One listed name with its modification time (seconds since 1970), when the server gave one.
    struct ListedEntry: Sendable {
        var entry: RemoteEntry
        var modified: Double?
    }

    static let propfindBody = Data(
        (#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/>"#
            + #"<d:getcontentlength/><d:getlastmodified/></d:prop></d:propfind>"#).utf8)

    /// The entries directly inside `folder`, or nil when it does not exist.
    func listing(_ folder: RemotePath) async throws(ParleyError) -> [ListedEntry]? {
        let own = path(of: folder) + "/"
        let response = try await send(
            "PROPFIND", own, headers: ["Depth: 1", "Content-Type: application/xml; charset=utf-8"],
            body: Self.propfindBody, maximumBytes: 64 << 20, about: folder)
        switch response.status {
        case 207: break
        case 404: return nil
        default: throw unexpected(response, "PROPFIND", folder)
        }
        let responses = try WebDAVMultistatus.parse(response.body) { reason throws(ParleyError) in
            throw failure(folder, "answered PROPFIND with a body that is not WebDAV's multistatus: \(reason)")
        }
        // Servers name entries by their path, encoded as they like (Nextcloud encodes more than others): compare
        // decoded paths, and keep only the direct children of the folder asked about.
        let folderPath = Self.decodedPath(own)
        return responses.compactMap { item -> ListedEntry? in
            let decoded = Self.decodedPath(item.href)
            guard decoded != folderPath, decoded.hasPrefix(folderPath) else { return nil }
            let name = decoded.dropFirst(folderPath.count).split(separator: "/", omittingEmptySubsequences: true)
            guard name.count == 1 else { return nil }
            return ListedEntry(
                entry: RemoteEntry(
                    name: String(name[0]), kind: item.isCollection ? .folder : .file,
                    size: item.isCollection ? 0 : item.contentLength ?? 0),
                modified: item.lastModified)
        }
    }

    /// The path of an `href` (which may be a whole URL), percent-decoded, always ending in "/".
    static func decodedPath(_ href: String) -> String {
        var path = href
        if let components = URLComponents(string: href), components.host != nil {
            path = components.percentEncodedPath
        }
        path = path.removingPercentEncoding ?? path
        return path.hasSuffix("/") ? path : path + "/"
    }
}

/// The responses of a `207 Multi-Status` body: for each, its `href`, whether it is a collection, its length
/// and modification time. Untrusted XML: external entities are never resolved, and anything not understood
/// is skipped.
struct WebDAVMultistatus {
    struct Item: Sendable {
        var href = ""
        var isCollection = false
        var contentLength: Int64?
        var lastModified: Double?
    }

    static func parse(
        _ body: Data, refuse: (String) throws(ParleyError) -> Never
    ) throws(ParleyError) -> [Item] {
        let reader = Reader()
        guard let parser = UntrustedXML.parser(for: body, namespaces: true, delegate: reader) else {
            try refuse("it is not UTF-8")
        }
        guard parser.parse(), reader.sawMultistatus else {
            try refuse(parser.parserError.map { "\($0)" } ?? "no multistatus element")
        }
        return reader.items
    }

    /// Collects the items as the parser walks the elements of the DAV: namespace. Properties count only from
    /// a `propstat` whose status is 2xx; the others list properties the server does not have.
    private final class Reader: NSObject, XMLParserDelegate {
        var items: [Item] = []
        var sawMultistatus = false
        private var current: Item?
        private var pending = Item()
        private var pendingStatus = ""
        private var text = ""
        private let dates = HTTPDate()

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            guard namespaceURI == "DAV:" else { return }
            text = ""
            switch name {
            case "multistatus": sawMultistatus = true
            case "response": current = Item()
            case "propstat":
                pending = Item()
                pendingStatus = ""
            case "collection": pending.isCollection = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard text.utf8.count < 64 << 10 else { return }
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard namespaceURI == "DAV:" else { return }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch name {
            case "href": if current?.href.isEmpty == true { current?.href = value }
            case "getcontentlength": pending.contentLength = Int64(value)
            case "getlastmodified": pending.lastModified = dates.date(from: value)?.timeIntervalSince1970
            case "status": pendingStatus = value
            case "propstat":
                // "HTTP/1.1 200 OK": the code is the second word.
                let code = pendingStatus.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                if (200..<300).contains(code), var item = current {
                    item.isCollection = item.isCollection || pending.isCollection
                    item.contentLength = pending.contentLength ?? item.contentLength
                    item.lastModified = pending.lastModified ?? item.lastModified
                    current = item
                }
            case "response":
                if let current, !current.href.isEmpty { items.append(current) }
                current = nil
            default: break
            }
            text = ""
        }
    }
}
