import BenchmarkCorpus
import Foundation
import ParleyStore

/// `parley-seed --database PATH --messages N`: fills a new Parley store with N corpus messages (the seeded
/// corpus of `parley-compare`, 1,000 per transaction through `messages.appendBatch`), so the daemon benchmark
/// can measure a daemon serving a million stored messages without each run paying for the import.
func seed() async throws {
    var arguments = Array(CommandLine.arguments.dropFirst())[...]
    var path: String?
    var count = 1_000_000
    while let argument = arguments.popFirst() {
        switch argument {
        case "--database": path = arguments.popFirst()
        case "--messages": count = arguments.popFirst().flatMap { Int($0) } ?? -1
        default: count = -1
        }
    }
    guard let path, count > 0 else {
        FileHandle.standardError.write(Data("usage: parley-seed --database PATH [--messages N]\n".utf8))
        exit(2)
    }
    guard !FileManager.default.fileExists(atPath: path) else {
        FileHandle.standardError.write(Data("parley-seed: \(path) exists; seeding needs a new store\n".utf8))
        exit(1)
    }
    let store = try ParleyStore.open(path: path)
    let loader = ParleyLoader(store: store)
    var generator = CorpusGenerator(vocabulary: Vocabulary())
    let batchSize = 1_000
    let started = Date()
    var written = 0
    while written < count {
        let batch = generator.next(min(batchSize, count - written))
        try await loader.prepareConversations(for: batch)
        try await loader.appendBatch(batch)
        written += batch.count
        if written % 100_000 == 0 || written == count {
            let rate = Double(written) / Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("parley-seed: \(written) messages (\(Int(rate))/s)\n".utf8))
        }
    }
    try store.close()
}

do {
    try await seed()
} catch {
    FileHandle.standardError.write(Data("parley-seed failed: \(error)\n".utf8))
    exit(1)
}
