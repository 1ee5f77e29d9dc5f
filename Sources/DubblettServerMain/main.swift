// dubblett-server: flags are parsed here; everything else is the DubblettServer library.
import ArgumentParser
import DubblettServer
import NIOCore
import NIOPosix

// Swift concurrency runs on NIO's event loops instead of a second thread pool, so a request is not handed
// from an event-loop thread to a pool thread and back (two wake-ups per request). Work that blocks for
// longer than a match (batches, openings, jobs) already runs on Dispatch queues of its own. Measured on a
// 1 M-record register, /match with wrk -c8, other work stopped: 4,262–4,510 → 4,543–4,589 req/s, p99
// 6.5 → 5.6 ms.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
// What ArgumentParser's async entry point does (in top-level code its synchronous `main` would be chosen).
do {
    let command = try ServerCommand.parse()
    try await command.run()
} catch {
    ServerCommand.exit(withError: error)
}
