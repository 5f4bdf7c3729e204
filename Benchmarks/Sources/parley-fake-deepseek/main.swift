import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `parley-fake-deepseek [--port 0] [--threads N]`: a stand-in for the DeepSeek chat API on 127.0.0.1 for
/// `completion-bench.sh`. It answers every `POST …/chat/completions` with a stream shaped by the request's last
/// user message (see `StreamShape`), each delta stamped with its send time, so the same stream can be read
/// through the daemon and straight from `curl` and both measured alike. Prints its base URL on one line, then
/// serves until it is killed.
let usage = "usage: parley-fake-deepseek [--port 0] [--threads N]"
var port = 0
var threads = System.coreCount
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    guard ["--port", "--threads"].contains(argument), let value = arguments.popFirst().flatMap({ Int($0) }),
        value >= 0
    else {
        FileHandle.standardError.write(Data("parley-fake-deepseek: bad argument \(argument)\n\(usage)\n".utf8))
        exit(2)
    }
    if argument == "--port" { port = value } else { threads = max(value, 1) }
}

let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup(numberOfThreads: threads))
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .serverChannelOption(.backlog, value: 256)
    // Each delta leaves in its own segment as soon as it is written, as a token from the real API does.
    .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(StreamingChatHandler())
        }
    }
do {
    let channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
    FileHandle.standardOutput.write(Data("http://127.0.0.1:\(channel.localAddress?.port ?? port)\n".utf8))
    try channel.closeFuture.wait()
} catch {
    FileHandle.standardError.write(Data("parley-fake-deepseek: \(error)\n".utf8))
    exit(1)
}
