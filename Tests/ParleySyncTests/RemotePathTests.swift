import ParleyCore
import Testing

@testable import ParleySync

@Suite struct RemotePathTests {
    @Test func aNestedPathRoundTrips() throws {
        let path = try RemotePath(validating: "parley/devices/0b5f7c2e-4a8d/0000000000000001-0000000000000420.seg")
        #expect(path.components == ["parley", "devices", "0b5f7c2e-4a8d", "0000000000000001-0000000000000420.seg"])
        #expect(path.description == "parley/devices/0b5f7c2e-4a8d/0000000000000001-0000000000000420.seg")
        #expect(path.name == "0000000000000001-0000000000000420.seg")
        #expect(path.parent?.description == "parley/devices/0b5f7c2e-4a8d")
        #expect(try RemotePath(validating: path.description) == path)
        #expect(try RemotePath(path.components) == path)
    }

    @Test func appendingBuildsTheSamePath() throws {
        let built = try RemotePath.root.appending("parley").appending("target.json")
        #expect(built == (try RemotePath(validating: "parley/target.json")))
        #expect(built.parent?.parent == .root)
    }

    @Test func theRootHasNoComponents() throws {
        #expect(RemotePath.root.components.isEmpty)
        #expect(RemotePath.root.description == "")
        #expect(RemotePath.root.name == nil)
        #expect(RemotePath.root.parent == nil)
        #expect(try RemotePath(validating: "") == .root)
    }

    @Test func aNameOf255BytesIsAccepted() throws {
        let name = String(repeating: "x", count: 255)
        #expect(try RemotePath.root.appending(name).name == name)
    }

    @Test(arguments: [
        ("..", "could lead outside the target"),
        ("parley/../../etc/passwd", "could lead outside the target"),
        (".", "could lead outside the target"),
        ("/etc/passwd", "is absolute"),
        ("a//b", "empty name"),
        ("a/", "empty name"),
        (".hidden", "starting with \".\""),
        ("parley/.tmp-0123-head.json", "starting with \".\""),
        ("a\\b", "backslash"),
        ("parley\\..\\windows", "backslash"),
        ("a\0b", "NUL byte"),
        (String(repeating: "x", count: 256), "256 bytes"),
        ("a b", "only ASCII letters"),
        ("caf\u{e9}", "non-ASCII"),
    ])
    func unsafeTextIsRefused(text: String, rule: String) {
        let failure = ParleyErrorCapture.sync { _ = try RemotePath(validating: text) }
        #expect(failure?.reason.contains(rule) == true, "\(failure?.reason ?? "")")
        #expect(failure?.reason.hasPrefix("the path \"") == true)
    }

    @Test func theRefusalNamesTheText() {
        let failure = ParleyErrorCapture.sync { _ = try RemotePath(validating: "parley/../secret") }
        #expect(failure?.reason.contains("\"parley/../secret\"") == true)
    }

    @Test func aNulByteIsShownEscaped() {
        let failure = ParleyErrorCapture.sync { _ = try RemotePath(validating: "a\0b") }
        #expect(failure?.reason.contains("\\0") == true)
        #expect(failure?.reason.contains("\0") == false)
    }

    @Test(arguments: ["a/b", "..", ".tmp-1-x", "", "a\\b"])
    func appendingRefusesAnythingButOneName(name: String) throws {
        let folder = try RemotePath(validating: "parley")
        #expect(throws: ParleyError.self) { try folder.appending(name) }
    }

    @Test func componentsAreCheckedOneByOne() {
        #expect(throws: ParleyError.self) { try RemotePath(["parley", ".."]) }
        #expect(throws: ParleyError.self) { try RemotePath(["parley/devices"]) }
        #expect(throws: ParleyError.self) { try RemotePath([""]) }
    }
}
