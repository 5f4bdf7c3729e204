import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@testable import ParleyStore

/// Every search query that ever broke the query parser's promise (Fuzz/Regressions/FuzzSearchQuery): it parses
/// into an expression FTS5 reads, or is refused with a position, and a search never fails inside SQLite.
@Suite struct SearchFuzzRegressionTests {
    @Test func everyQueryTheFuzzerKeptIsSearchedOrRefusedCleanly() async throws {
        let fixture = try StoreFixture()
        _ = try await fixture.conversation(title: "fuzz", texts: ["alpha beta", "a quoted \" mark"])
        for (name, bytes) in try FuzzRegressions.inputs(of: "FuzzSearchQuery") {
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try await fixture.store.search.messages(text)
            } catch let .invalidQuery(_, _, problem) {
                #expect(!problem.contains("could not read"), "\(name): FTS5 refused the rendered expression")
            } catch {
                Issue.record("\(name): the search failed with \(error)")
            }
        }
    }
}
