import Foundation
import ParleyCore
import ParleyStore

/// Reads an export on a thread of its own and hands it over in batches: first a pass that checks the
/// structure of every document (so a truncated file is refused before anything is stored) and counts its
/// conversations, then a pass that parses and maps one conversation at a time.
struct ExportReading: Sendable {
    let source: ImportSource
    let format: ImportFormat
    /// A batch is handed over once it holds this many messages, or this many conversations.
    let batchLimits: ImportBatcher.Limits

    /// Reads everything into `handoff`; returns early, without error, when the writer cancelled.
    func run(into handoff: ImportHandoff) throws(ParleyError) {
        switch source {
        case let .sqlite(path): try readLLM(path, into: handoff)
        case let .json(documents): try readJSON(documents, into: handoff)
        }
    }

    private func readJSON(_ documents: [ImportDocument], into handoff: ImportHandoff) throws(ParleyError) {
        var total = 0
        for document in documents {
            var stream = JSONElementStream(collectsElements: false)
            _ = try Self.checked(document) {
                try document.read { chunk in try stream.feed(chunk) { _ in } }
                try stream.finish { _ in }
            }
            total += stream.elementCount
        }
        var batcher = ImportBatcher(format: format, total: total, limits: batchLimits)
        for document in documents {
            var stream = JSONElementStream()
            var index = 0
            func handle(_ bytes: [UInt8]) throws {
                batcher.add(element: bytes, item: "\(document.name)[\(index)]")
                index += 1
                if batcher.isFull, !handoff.send(batcher.take()) { throw ReadingCancelled() }
            }
            let completed = try Self.checked(document) {
                try document.read { chunk in try stream.feed(chunk, element: handle) }
                try stream.finish(element: handle)
            }
            guard completed else { return }
        }
        if !batcher.isEmpty { _ = handoff.send(batcher.take()) }
    }

    private func readLLM(_ path: String, into handoff: ImportHandoff) throws(ParleyError) {
        let name = (path as NSString).lastPathComponent
        do {
            let reader = try LLMLogsReader(path: path)
            var batcher = ImportBatcher(format: format, total: try reader.conversationCount(), limits: batchLimits)
            try reader.forEach { result in
                batcher.add(result, item: name)
                if batcher.isFull, !handoff.send(batcher.take()) { throw ReadingCancelled() }
            }
            if !batcher.isEmpty { _ = handoff.send(batcher.take()) }
        } catch is ReadingCancelled {
            return
        } catch let failure as LLMLogsFailure {
            throw ImportFormatDetector.refusal(path, failure.description)
        } catch let error as ParleyError {
            throw error
        } catch {
            throw ImportFormatDetector.refusal(path, "must be a readable llm logs.db (\(error))")
        }
    }

    /// Runs `body` over a document; false when the writer cancelled. A structural failure refuses the document.
    private static func checked(_ document: ImportDocument, _ body: () throws -> Void) throws(ParleyError) -> Bool {
        do {
            try body()
            return true
        } catch is ReadingCancelled {
            return false
        } catch let failure as JSONStreamFailure {
            throw ImportFormatDetector.refusal(document.name, "must be complete JSON (\(failure))")
        } catch let error as ParleyError {
            throw error
        } catch {
            throw ImportFormatDetector.refusal(document.name, "must be readable (\(error))")
        }
    }

    /// The writer stopped taking batches.
    struct ReadingCancelled: Error {}
}
