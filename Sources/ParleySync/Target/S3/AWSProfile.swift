import Foundation
import ParleyCore

/// S3 credentials and settings by the AWS tools' conventions: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
/// and `AWS_SESSION_TOKEN` from the environment, else the profile (`AWS_PROFILE`, else `default`) of
/// `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`); the region and endpoint of the profile in
/// `~/.aws/config` (`AWS_CONFIG_FILE`). The secret goes to libcurl only, and its description never shows it.
struct AWSProfile: Sendable, CustomStringConvertible {
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?
    var region: String?
    var endpoint: String?
    /// Where the keys came from, for messages.
    var source: String

    var description: String { "\(accessKeyID) from \(source)" }

    static func load(environment: [String: String]) throws(ParleyError) -> AWSProfile {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let name = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let configFile = environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
        let config = Self.section(name == "default" ? "default" : "profile \(name)", of: configFile)
        if let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw .invalidValue(
                    field: "AWS_SECRET_ACCESS_KEY", value: "(unset)",
                    rule: "must be set when AWS_ACCESS_KEY_ID is, for the S3 target")
            }
            return AWSProfile(
                accessKeyID: key, secretAccessKey: secret,
                sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
                region: config["region"], endpoint: config["endpoint_url"], source: "the environment")
        }
        let credentialsFile = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        let credentials = Self.section(name, of: credentialsFile)
        guard let key = credentials["aws_access_key_id"], let secret = credentials["aws_secret_access_key"] else {
            throw .invalidValue(
                field: "AWS_ACCESS_KEY_ID", value: "(unset)",
                rule: "or a [\(name)] profile with aws_access_key_id and aws_secret_access_key in "
                    + "\(credentialsFile) is needed for an S3 target")
        }
        return AWSProfile(
            accessKeyID: key, secretAccessKey: secret, sessionToken: credentials["aws_session_token"],
            region: config["region"] ?? credentials["region"],
            endpoint: config["endpoint_url"] ?? credentials["endpoint_url"],
            source: "profile \(name) of \(credentialsFile)")
    }

    /// The `key = value` lines of one `[section]` of an INI file the AWS tools write; empty when the file or
    /// the section is missing. Comments (`#`, `;`) and nested settings (indented lines) are skipped.
    static func section(_ wanted: String, of file: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: file), data.count <= 1 << 20 else { return [:] }
        var values: [String: String] = [:]
        var inSection = false
        for rawLine in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let first = rawLine.first, first != " ", first != "\t" else { continue }
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                inSection = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces) == wanted
                continue
            }
            guard inSection, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if !key.isEmpty, !value.isEmpty { values[key] = value }
        }
        return values
    }
}
