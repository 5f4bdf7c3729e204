import Foundation
import ParleyCore
import ParleySync
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// The S3 target against a real S3 store that checks every signature (SeaweedFS) on 127.0.0.1: listings over
/// many pages, keys from the environment or a profile, refused keys, a missing bucket, URL rules; what every
/// target does is in ``RemoteDirectoryConformanceTests``.
@Suite struct S3DirectoryTests {
    let server: S3Server
    let home = TemporaryFolder(prefix: "parley-s3-home-")

    init() throws {
        server = try S3Server()
    }

    /// The variables the AWS tools read, for this server; HOME has no ~/.aws of the machine's.
    var environment: [String: String] {
        [
            "HOME": home.path, "AWS_ACCESS_KEY_ID": server.accessKey, "AWS_SECRET_ACCESS_KEY": server.secretKey,
            "AWS_ENDPOINT_URL": server.endpoint(), "AWS_REGION": server.region,
        ]
    }

    var url: String { "s3://\(server.bucket)/sync" }

    private func target(_ url: String? = nil, environment: [String: String]? = nil) throws -> S3Directory {
        try S3Directory(url: url ?? self.url, environment: environment ?? self.environment)
    }

    private func path(_ text: String) throws -> RemotePath { try RemotePath(validating: text) }

    /// SeaweedFS pages at most 1,000 keys; with `max-keys` left to the store, 2,100 files take three pages.
    @Test func aListingOfManyPagesIsWhole() async throws {
        let target = try target()
        let names = (0..<2_100).map { String(format: "%05d.seg", $0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: names.count, by: 300) {
                group.addTask {
                    for name in names[chunk..<min(chunk + 300, names.count)] {
                        try await target.write(Data(name.utf8), to: path("parley/many/" + name), replacing: false)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await target.makeFolder(path("parley/many/sub"))
        let listed = try #require(try await target.list(path("parley/many")))
        #expect(listed.count == 2_101)
        #expect(Set(listed.filter { $0.kind == .file }.map(\.name)) == Set(names))
        #expect(listed.contains(RemoteEntry(name: "sub", kind: .folder, size: 0)))
        #expect(try #require(target.meter).reading.requests >= 2_100 + 3)
    }

    @Test func wrongKeysAreRefusedAtOnceWithoutShowingTheSecret() async throws {
        var wrong = environment
        wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-key-at-all"
        let target = try target(environment: wrong)
        let refused = await ParleyErrorCapture.async { _ = try await target.list(path("parley")) }
        #expect(refused?.reason.contains("refused the credentials") == true, "\(String(describing: refused))")
        #expect(refused?.reason.contains("SignatureDoesNotMatch") == true)
        #expect(refused?.reason.contains(server.accessKey) == true)
        #expect(refused?.reason.contains("not-the-secret") == false)
        #expect(target.meter?.reading.requests == 1, "a refusal is not retried")
    }

    @Test func aMissingBucketIsReportedNotCreated() async throws {
        let target = try target("s3://no-such-bucket/sync")
        let missing = await ParleyErrorCapture.async { _ = try await target.list(path("parley")) }
        #expect(missing?.reason.contains("does not exist") == true, "\(String(describing: missing))")
    }

    @Test func keysComeFromTheCredentialsFileOfTheProfile() async throws {
        try FileManager.default.createDirectory(atPath: home.file(".aws"), withIntermediateDirectories: true)
        let credentials = """
            [default]
            aws_access_key_id = WRONGWRONGWRONG
            aws_secret_access_key = wrong

            [work]
            aws_access_key_id = \(server.accessKey)
            aws_secret_access_key = \(server.secretKey)
            """
        try Data(credentials.utf8).write(to: URL(fileURLWithPath: home.file(".aws/credentials")))
        let config = "[profile work]\nregion = \(server.region)\nendpoint_url = \(server.endpoint())\n"
        try Data(config.utf8).write(to: URL(fileURLWithPath: home.file(".aws/config")))
        let target = try target(environment: ["HOME": home.path, "AWS_PROFILE": "work"])
        try await target.write(Data("x".utf8), to: path("parley/from-profile"), replacing: false)
        #expect(try await target.read(path("parley/from-profile"), maximumBytes: 10) == Data("x".utf8))

        let missing = ParleyErrorCapture.invalidValue {
            _ = try S3Directory(url: url, environment: ["HOME": home.path, "AWS_PROFILE": "nobody"])
        }
        #expect(missing?.field == "AWS_ACCESS_KEY_ID")
        #expect(missing?.rule.contains("[nobody]") == true)
    }

    @Test(arguments: [
        ("s3://Bad_Bucket/sync", "bucket name"), ("s3://key:secret@bucket/sync", "holds credentials"),
        ("s3://bucket/a/../b", ". or .."), ("s3://bucket/sync?endpoint=http://s3.example.com", "clear text"),
        ("s3://bucket/sync?acl=public", "only endpoint and region"), ("https://bucket/sync", "is not an S3 URL"),
    ])
    func unsafeURLsAreRefused(url: String, rule: String) throws {
        let error = ParleyErrorCapture.invalidValue {
            _ = try S3Directory(url: url, environment: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"])
        }
        #expect(error?.rule.contains(rule) == true, "\(String(describing: error))")
        #expect(error?.rule.contains("secret@") != true)
    }

}
