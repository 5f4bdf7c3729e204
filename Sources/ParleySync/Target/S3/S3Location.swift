import Foundation
import ParleyCore

/// Where an S3 target is: `s3://bucket/prefix`, with the endpoint, region and addressing style worked out the
/// way the AWS tools do (`?endpoint=` and `?region=` in the URL, else `AWS_ENDPOINT_URL_S3`,
/// `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_DEFAULT_REGION`, else `~/.aws/config` for the profile, else AWS in
/// us-east-1). A custom endpoint (MinIO, Ceph RGW, SeaweedFS, R2) is addressed path-style, AWS itself
/// virtual-host style.
struct S3Location: Sendable, Equatable {
    /// `scheme://host[:port]` requests go to.
    var origin: String
    /// The path of the bucket on `origin`: `/bucket` path-style, empty virtual-host style.
    var bucketPath: String
    var bucket: String
    /// The key prefix of the target's files, without a trailing "/"; empty for the bucket's top.
    var prefix: String
    var region: String
    /// The URL without its query, and the endpoint, for messages.
    var description: String

    init(parsing text: String, environment: [String: String], profile: AWSProfile?) throws(ParleyError) {
        func refusal(_ rule: String) -> ParleyError { .invalidValue(field: "target", value: text, rule: rule) }
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "s3",
            let bucket = components.host, !bucket.isEmpty
        else {
            throw refusal("is not an S3 URL of the form s3://bucket/prefix")
        }
        guard components.user == nil, components.password == nil else {
            throw refusal(
                "holds credentials; S3 keys come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ~/.aws/credentials, "
                    + "never from the URL, which is printed and stored")
        }
        guard Self.isValidBucket(bucket) else {
            throw refusal(
                "names the bucket \(bucket.debugDescription); a bucket name has 3 to 63 lowercase letters, digits, "
                    + "dots and hyphens, and starts and ends with a letter or digit")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard item.name == "endpoint" || item.name == "region" else {
                throw refusal(
                    "has the query parameter \(item.name.debugDescription); only endpoint and region are known")
            }
            query[item.name] = item.value ?? ""
        }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !parts.contains(where: { $0 == "." || $0 == ".." }) else { throw refusal("has . or .. in its prefix") }
        self.bucket = bucket
        prefix = parts.joined(separator: "/")
        region =
            query["region"] ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? profile?.region
            ?? "us-east-1"
        guard !region.isEmpty, region.allSatisfy({ ($0.isLetter || $0.isNumber || $0 == "-") && $0.isASCII }) else {
            throw refusal("has the region \(region.debugDescription), which is not a region name such as us-east-1")
        }
        let endpoint =
            query["endpoint"] ?? environment["AWS_ENDPOINT_URL_S3"] ?? environment["AWS_ENDPOINT_URL"]
            ?? profile?.endpoint
        if let endpoint, !endpoint.isEmpty {
            origin = try Self.origin(of: endpoint, in: text)
            bucketPath = "/" + bucket
        } else {
            origin = "https://\(bucket).s3.\(region).amazonaws.com"
            bucketPath = ""
        }
        description = "s3://\(bucket)" + (prefix.isEmpty ? "" : "/" + prefix) + " at \(origin)"
    }

    /// The request path of a key: each name percent-encoded as SigV4's canonical URI wants it.
    func path(ofKey key: String) -> String {
        bucketPath + "/"
            + key.split(separator: "/", omittingEmptySubsequences: false).map {
                S3Query.encode(String($0))
            }.joined(separator: "/")
    }

    /// The key of a path inside the target.
    func key(of remote: RemotePath) -> String {
        ([prefix].filter { !$0.isEmpty } + remote.components).joined(separator: "/")
    }

    private static func origin(of endpoint: String, in text: String) throws(ParleyError) -> String {
        func refusal(_ rule: String) -> ParleyError { .invalidValue(field: "endpoint", value: endpoint, rule: rule) }
        guard let components = URLComponents(string: endpoint), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
        else {
            throw refusal("is not an endpoint URL of the form https://host[:port]")
        }
        guard components.user == nil, components.password == nil else {
            throw refusal("holds credentials, which belong in the AWS environment variables or ~/.aws/credentials")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil else {
            throw refusal("has a path or query; give the endpoint's scheme, host and port only")
        }
        let loopback = ["localhost", "::1"].contains(host.lowercased()) || host.hasPrefix("127.")
        guard scheme == "https" || loopback else {
            throw refusal(
                "uses http:// to another machine; your chats would cross the network in clear text: use https://")
        }
        let hostText = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(hostText)" + (components.port.map { ":\($0)" } ?? "")
    }

    private static func isValidBucket(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isLetterOrDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard isLetterOrDigit(bytes.first!), isLetterOrDigit(bytes.last!) else { return false }
        return bytes.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}

/// Query strings as SigV4 signs them: parameters sorted by name, names and values percent-encoded except
/// RFC 3986's unreserved characters. libcurl 7.88 signs the query exactly as it is sent, so it must be sent in
/// this form.
enum S3Query {
    static func string(_ parameters: [(String, String)]) -> String {
        parameters.sorted { $0.0 < $1.0 }.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}
