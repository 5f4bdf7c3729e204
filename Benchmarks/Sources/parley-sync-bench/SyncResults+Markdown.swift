import BenchmarkCorpus
import SyncBenchSupport

extension SyncResults {
    /// The four tables (bulk, size on the target, one new message, encryption) and their notes, in Markdown.
    var markdown: String {
        var lines = bulkTable + [""] + targetTable + [""] + roundsTable + [""] + encryptionTable + [""]
        lines += notes.enumerated().map { "\($0.offset + 1). \($0.element)" }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Tables

    private var bulkTable: [String] {
        let n = Double(bulk.messages)
        let rawRate = n / rawSeconds
        func row(_ measure: String, _ seconds: Double?, rate: Bool = true) -> [String] {
            guard let seconds else { return [measure, "n/a", "", ""] }
            let parleyRate = n / seconds
            return [
                measure, NumberText.grouped(seconds, decimals: 2), rate ? NumberText.grouped(parleyRate) : "—",
                rate ? NumberText.ratio(rawRate / parleyRate) : "—",
            ]
        }
        return table(
            "Export and import of \(thousands(bulk.messages)) messages beside raw SQLite",
            header: ["measure", "seconds", "messages/s", "raw ÷ Parley"],
            rows: [
                row(
                    "raw SQLite: plain table, \(thousands(RawFloor.transactionRows)) rows/transaction (the floor)",
                    rawSeconds),
                row("export: device A's first sync run", bulk.export.seconds),
                row("… until its last segment was written", bulk.export.segmentSeconds),
                row(
                    "… after it: the pass over other devices, content hash, head.json",
                    bulk.export.afterSegmentsSeconds, rate: false),
                row("import: device B's first sync run, into an empty database", bulk.import.seconds),
                row("… until its last segment was applied", bulk.import.segmentSeconds),
                row("… after it: content hash, head.json", bulk.import.afterSegmentsSeconds, rate: false),
            ])
    }

    private var targetTable: [String] {
        let n = Double(bulk.messages)
        let bytes = Double(bulk.footprint.bytes)
        let textPerMessage = NumberText.grouped(Double(bulk.textBytes) / n, decimals: 1)
        return table(
            "Size on the target after exporting \(thousands(bulk.messages)) messages",
            header: ["measure", "value"],
            rows: [
                ["segment files", thousands(bulk.footprint.files)],
                [
                    "bytes of segment files",
                    "\(thousands(bulk.footprint.bytes)) (\(NumberText.grouped(bytes / 1_048_576, decimals: 1)) MiB)",
                ],
                ["bytes per message", NumberText.grouped(bytes / n, decimals: 1)],
                [
                    "… ÷ the message text (\(textPerMessage) UTF-8 bytes per message)",
                    NumberText.ratio(bytes / Double(bulk.textBytes)),
                ],
            ])
    }

    private var roundsTable: [String] {
        let sizes = rounds.map { NumberText.size($0.size) }
        let spread = rounds.count > 1 ? "\(sizes.last!) ÷ \(sizes.first!)" : "—"
        func row(_ measure: String, _ value: (OneMessageRounds) -> Double, decimals: Int = 2) -> [String] {
            let values = rounds.map { value($0.rounds) }
            let ratio = rounds.count > 1 ? NumberText.ratio(values.last! / values.first!) : "—"
            return [measure] + values.map { NumberText.grouped($0, decimals: decimals) } + [ratio]
        }
        return table(
            "One new message synced into a history of each size (\(options.rounds) rounds per size)",
            header: ["measure"] + sizes + [spread],
            rows: [
                row("export: device A's run, p50 (ms)", { $0.export.percentile(50) }),
                row("export p90 (ms)", { $0.export.percentile(90) }),
                row("import: device B's run, p50 (ms)", { $0.import.percentile(50) }),
                row("import p90 (ms)", { $0.import.percentile(90) }),
                row("A's segment files on the target before the rounds", { Double($0.segmentFiles) }, decimals: 0),
            ])
    }

    private var encryptionTable: [String] {
        func row(_ measure: String, _ value: (BulkMeasurement) -> Double, decimals: Int) -> [String] {
            [
                measure, NumberText.grouped(value(plain), decimals: decimals),
                NumberText.grouped(value(encrypted), decimals: decimals),
                NumberText.ratio(value(encrypted) / value(plain)),
            ]
        }
        let n = Double(plain.messages)
        return table(
            "Encryption: export and import of \(thousands(plain.messages)) messages",
            header: ["measure", "unencrypted", "encrypted", "encrypted ÷ unencrypted"],
            rows: [
                row("export: device A's first sync run (s)", { $0.export.seconds }, decimals: 2),
                row("import: device B's first sync run (s)", { $0.import.seconds }, decimals: 2),
                row("export rate (messages/s)", { n / $0.export.seconds }, decimals: 0),
                row("import rate (messages/s)", { n / $0.import.seconds }, decimals: 0),
                row("bytes per message on the target", { Double($0.footprint.bytes) / n }, decimals: 1),
                row("device B joining the target, before its import (s)", { $0.joinSeconds }, decimals: 3),
            ])
    }

    // MARK: - Notes

    private var notes: [String] {
        [
            "Each size is its own pair of databases in one scratch folder: device A is seeded with the corpus of "
                + "`parley-compare` (texts of 1–4 English-like or Chinese sentences) in conversations of "
                + "\(SyncCorpus.conversationLength) alternating user and assistant messages, "
                + "\(thousands(Seeder.batchSize)) messages per `appendBatch`, untimed. Then A joins a fresh local "
                + "target folder and its first `SyncEngine.run()` is timed (the export, with the content digest "
                + "of the whole history computed for the first time), then B, an empty database, joins it and "
                + "its first run is timed (the import). B's content hash must equal A's, or the run fails.",
            "The split of a run is taken from its progress hook: the time to the last segment written (export) "
                + "or applied (import) includes listing the folders, building, sealing and writing or reading, "
                + "checking and merging every segment; what follows it is the content hash, `head.json` and the "
                + "run's record (and, for the export, reading the other device's head).",
            "Raw SQLite: system libsqlite3 \(RawStore.version) through the C API, a fresh file, WAL, "
                + "`synchronous=NORMAL`, one prepared INSERT of (id, conversation_id, parent_id, role, "
                + "content_text, created_at) into a table whose primary key is the id (time-ordered UUIDs like "
                + "Parley's), \(thousands(RawFloor.transactionRows)) rows per transaction. Rows are made before "
                + "each transaction and only SQLite's work is timed. It has no search index, change log or "
                + "digest; B's import also indexes every message for search (Parley's Swift tokenizer), checks "
                + "every record and stamp and keeps the content digest.",
            "One new message: both devices ran once more after the import, so every timed run is a steady-state "
                + "one; then, \(options.rounds) times, A appends one message to its newest conversation, A's "
                + "run exports one segment (the message and the conversation's new head) and B's run imports it "
                + "(each run also lists the target's folders and reads the other device's head). A round "
                + "fails unless A exported and B imported exactly one segment and their content hashes match.",
            "Encryption: a separate pair at \(thousands(encrypted.messages)) messages syncs through a target "
                + "made with a passphrase file (scrypt N=2^15, r=8, p=1 once per engine; ChaCha20-Poly1305 per "
                + "file), beside the unencrypted pair of the same size; both timed as above. B derives the key when "
                + "it joins (the last row, not part of its run); A's encrypted export run derives it once too, "
                + "since creating a target does not leave the key with the engine.",
            "Everything runs in one process on one machine (databases, targets and the raw file in the same "
                + "scratch folder), so the target is a local folder: a network share or sftp/WebDAV target adds "
                + "its own transfer time.",
        ]
    }

    private func table(_ title: String, header: [String], rows: [[String]]) -> [String] {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        return ["### \(title)", "", line(header), line(header.map { _ in "---" })] + rows.map(line)
    }
}
