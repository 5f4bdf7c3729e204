import Foundation

/// Writes a Swift file that holds every migration's name and SQL text, in name order.
///
/// Usage: `parley-embed-migrations OUTPUT.swift 0001_initial.sql 0002_….sql`
let arguments = CommandLine.arguments.dropFirst()
guard let outputPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: parley-embed-migrations OUTPUT.swift FILE.sql...\n".utf8))
    exit(64)
}
let inputPaths = arguments.dropFirst().sorted {
    ($0 as NSString).lastPathComponent < ($1 as NSString).lastPathComponent
}

/// A Swift raw string literal with enough `#` that nothing in the SQL can end it early.
func rawLiteral(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"" + hashes) { hashes += "#" }
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}

var source = "// Generated from migrations/*.sql by parley-embed-migrations. Do not edit.\n\n"
source += "extension EmbeddedMigrations {\n    static let all: [EmbeddedMigration] = [\n"
for path in inputPaths {
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
        FileHandle.standardError.write(Data("migration file name \(name) must use only A-Z, a-z, 0-9 and _\n".utf8))
        exit(65)
    }
    let sql = try String(contentsOfFile: path, encoding: .utf8)
    source += "        EmbeddedMigration(\n            name: \"\(name)\",\n"
    source += "            sql: \(rawLiteral(sql))\n        ),\n"
}
source += "    ]\n}\n"
try source.write(toFile: outputPath, atomically: true, encoding: .utf8)
