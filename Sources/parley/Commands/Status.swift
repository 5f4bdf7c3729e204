import ArgumentParser
import ParleyCore

extension Parley {
    /// `parley status`: whether the daemon answers, and what it serves.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Whether the daemon runs, and what it serves.")

        @OptionGroup var client: ClientOptions

        func run() async throws {
            let info = try client.connect().call("system.info")
            if client.json { return client.printJSON(info) }
            let counts = info["counts"]
            print(
                """
                \(Terminal.green("●")) parley daemon \(info["version"]?.text ?? "") is running (pid \(info["pid"]?.int ?? 0))
                socket           \(client.socketPath)
                database         \(info["database_path"]?.text ?? "")
                schema version   \(info["schema_version"]?.text ?? "")
                device id        \(info["device_id"]?.text ?? "")
                conversations    \(counts?["conversations"]?.int ?? 0) (+\(counts?["deleted_conversations"]?.int ?? 0) deleted)
                messages         \(counts?["messages"]?.int ?? 0)
                drafts           \(counts?["drafts"]?.int ?? 0)
                usage records    \(counts?["usage_records"]?.int ?? 0)
                subscriptions    \(info["subscriptions"]?.int ?? 0)
                """)
        }
    }
}
