import ArgumentParser
import Foundation
import ParleyCore

extension Parley {
    /// `parley fim`: fill in the middle between a prompt and a suffix.
    struct Fim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fim",
            abstract: "Fill in the middle: print what goes between a prompt and a suffix (code completion).")

        @OptionGroup var client: ClientOptions

        @Option(name: .long, help: "The text before the gap; - reads standard input.")
        var promptFile: String

        @Option(name: .long, help: "The text after the gap.")
        var suffixFile: String?

        @Option(name: .long, help: "Most tokens to generate.")
        var maxTokens: Int?

        @Option(name: .long, help: "Sampling temperature (0 to 2).")
        var temperature: Double?

        func run() async throws {
            var params: [String: JSONValue] = ["prompt": .string(try Self.read(promptFile))]
            if let suffixFile { params["suffix"] = .string(try Self.read(suffixFile)) }
            if let maxTokens { params["max_tokens"] = .integer(Int64(maxTokens)) }
            if let temperature { params["temperature"] = .double(temperature) }
            let result = try client.connect().call("fim.complete", params)
            if client.json { return client.printJSON(result) }
            FileHandle.standardOutput.write(Data((result["text"]?.text ?? "").utf8))
            if let usage = result["usage"], usage != .null {
                let cost = usage["cost"]?.text.map { " · $\($0)" } ?? ""
                FileHandle.standardError.write(
                    Data(Terminal.dim("\n\(usage["total_tokens"]?.int ?? 0) tokens\(cost)").appending("\n").utf8))
            }
        }

        private static func read(_ path: String) throws -> String {
            if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
