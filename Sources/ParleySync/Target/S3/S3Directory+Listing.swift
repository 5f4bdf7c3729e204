import Foundation
import ParleyCore
import ParleyTransfer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Listing a folder with `ListObjectsV2`, page by page.
extension S3Directory {
    /// More pages than this for one folder means the store is not making progress.
    static let maximumPages = 10_000

    /// The files and folders directly under `prefix`; the folder's own marker object is listed with an empty
    /// name (it shows the folder exists). A page without a continuation token, or with one already used,
    /// continues after the last name seen (`start-after`), so a store that repeats or drops tokens cannot loop
    /// sync forever or cut a listing short.
    func listing(prefix: String, about folder: RemotePath) async throws(ParleyError) -> [RemoteEntry] {
        var entries: [String: RemoteEntry] = [:]
        var usedTokens = Set<String>()
        var next: (name: String, value: String)?
        for _ in 0..<Self.maximumPages {
            var parameters = [("list-type", "2"), ("delimiter", "/"), ("prefix", prefix)]
            if let next { parameters.append(next) }
            let response = try await send(
                "GET", key: "", query: S3Query.string(parameters), maximumBytes: 64 << 20, about: folder)
            guard response.status == 200 else { throw unexpected(response, "GET (ListObjectsV2)", folder) }
            guard let page = S3ListBucketResult.parse(response.body) else {
                throw failure(folder, "answered ListObjectsV2 with a body that is not a ListBucketResult")
            }
            let before = entries.count
            var last = ""
            for object in page.keys where object.key.hasPrefix(prefix) {
                let name = String(object.key.dropFirst(prefix.count))
                last = max(last, object.key)
                guard !name.contains("/") else { continue }
                entries[name] = RemoteEntry(name: name, kind: .file, size: object.size)
            }
            for common in page.commonPrefixes where common.hasPrefix(prefix) && common.hasSuffix("/") {
                let name = String(common.dropFirst(prefix.count).dropLast())
                // Past every key under this prefix: U+10FFFF sorts after any character a key can hold.
                last = max(last, common + "\u{10FFFF}")
                guard !name.isEmpty, !name.contains("/") else { continue }
                entries[name] = RemoteEntry(name: name, kind: .folder, size: 0)
            }
            guard page.isTruncated else { return Array(entries.values) }
            if let token = page.nextContinuationToken, !token.isEmpty, usedTokens.insert(token).inserted {
                next = ("continuation-token", token)
            } else {
                // No usable token: go on after the last name, unless this page brought nothing new.
                guard entries.count > before, !last.isEmpty else { return Array(entries.values) }
                next = ("start-after", last)
            }
        }
        throw failure(folder, "listed more than \(Self.maximumPages) pages without reaching the end")
    }
}

/// The parts of a `ListObjectsV2` answer sync reads. Untrusted XML: external entities are never resolved, and
/// elements not understood are skipped.
struct S3ListBucketResult {
    struct Object {
        var key = ""
        var size: Int64 = 0
    }

    var keys: [Object] = []
    var commonPrefixes: [String] = []
    var isTruncated = false
    var nextContinuationToken: String?

    static func parse(_ body: Data) -> S3ListBucketResult? {
        let reader = Reader()
        guard let parser = UntrustedXML.parser(for: body, namespaces: true, delegate: reader), parser.parse(),
            reader.sawResult
        else { return nil }
        return reader.result
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var result = S3ListBucketResult()
        var sawResult = false
        private var path: [String] = []
        private var object: Object?
        private var text = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            path.append(name)
            text = ""
            if name == "ListBucketResult" { sawResult = true }
            if name == "Contents", path.count == 2 { object = Object() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard text.utf8.count < 4 << 10 else { return }
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let parent = path.count >= 2 ? path[path.count - 2] : ""
            switch (parent, name) {
            case ("Contents", "Key"): object?.key = text
            case ("Contents", "Size"): object?.size = Int64(text.trimmingCharacters(in: .whitespaces)) ?? 0
            case ("ListBucketResult", "Contents"):
                if let object, !object.key.isEmpty { result.keys.append(object) }
                object = nil
            case ("CommonPrefixes", "Prefix"): result.commonPrefixes.append(text)
            case ("ListBucketResult", "IsTruncated"):
                result.isTruncated = text.trimmingCharacters(in: .whitespaces) == "true"
            case ("ListBucketResult", "NextContinuationToken"): result.nextContinuationToken = text
            default: break
            }
            path.removeLast()
            text = ""
        }
    }
}
