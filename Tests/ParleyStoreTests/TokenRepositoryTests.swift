import Foundation
import GRDB
import ParleyCore
import Testing

@testable import ParleyStore

/// Gateway tokens in the store: a token authenticates as its frontend's name until it is revoked, and only its
/// hash is stored, outside the change log (so it is never synced).
@Suite struct TokenRepositoryTests {
    let fixture: StoreFixture
    var store: ParleyStore { fixture.store }

    init() throws { fixture = try StoreFixture() }

    @Test func aTokenAuthenticatesAsItsNameUntilRevoked() async throws {
        let before = try await store.changeLog.lastSequence()
        let issued = try await store.tokens.create(name: "open-webui")
        let other = try await store.tokens.create(name: "aider")
        #expect(issued.token != other.token)
        #expect(try await store.tokens.authenticate(issued.token) == "open-webui")
        #expect(try await store.tokens.authenticate(other.token) == "aider")
        #expect(try await store.tokens.authenticate(issued.token + "x") == nil)
        #expect(try await store.tokens.authenticate("sk-not-ours") == nil)
        #expect(try await store.tokens.list().first { $0.name == "open-webui" }?.lastUsedAt != nil)

        try await store.tokens.revoke(name: "open-webui")
        #expect(try await store.tokens.authenticate(issued.token) == nil)
        #expect(try await store.tokens.authenticate(other.token) == "aider")
        #expect(try await store.changeLog.lastSequence() == before, "tokens are never in the change log")
        let hashes = try await store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT token_hash FROM gateway_token")
        }
        #expect(hashes.count == 1 && hashes[0].count == 64 && !hashes[0].contains("pk-parley"))
    }
}
