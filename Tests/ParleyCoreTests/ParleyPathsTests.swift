import Testing

@testable import ParleyCore

@Suite struct ParleyPathsTests {
    @Test func parleyHomeWins() {
        let paths = ParleyPaths(environment: ["PARLEY_HOME": "/data/p/", "XDG_DATA_HOME": "/x", "HOME": "/home/u"])
        #expect(paths.dataFolder == "/data/p")
        #expect(paths.databasePath == "/data/p/parley.sqlite")
    }

    @Test func xdgDataHomeIsNext() {
        #expect(ParleyPaths(environment: ["XDG_DATA_HOME": "/x", "HOME": "/home/u"]).dataFolder == "/x/parley")
    }

    @Test func homeIsTheFallback() {
        #expect(ParleyPaths(environment: ["HOME": "/home/u"]).dataFolder == "/home/u/.local/share/parley")
        // A relative XDG_DATA_HOME is invalid by the XDG specification and ignored.
        #expect(
            ParleyPaths(environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"]).dataFolder == "/h/.local/share/parley")
    }
}
