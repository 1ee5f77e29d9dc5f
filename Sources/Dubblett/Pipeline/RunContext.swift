import Logging
import Synchronization

/// Where a run stands: a stage, how far it has come and, at a stage's end, a line for people.
///
/// Events come from the thread that called `Pipeline.run` (never from a worker), in stage order. A
/// stage sends `done == 0` when it starts and `done == total` when it ends; the read stage also sends
/// the bytes parsed so far. `detail` holds counts and timings only, never a field value.
public struct ProgressEvent: Sendable, Equatable, CustomStringConvertible {
    /// The stages of a run, in order.
    public enum Stage: String, Sendable, CaseIterable, Codable {
        case read, features, blocking, compare, train, score, cluster, write
    }

    /// The stage this event is about.
    public var stage: Stage
    /// Units done so far (bytes for `read`, records or pairs for the others).
    public var done: Int
    /// Units in the stage (0 when not known in advance).
    public var total: Int
    /// A line for a person (counts and timings only), or `nil`.
    public var detail: String?

    /// An event.
    public init(stage: Stage, done: Int, total: Int, detail: String? = nil) {
        self.stage = stage
        self.done = done
        self.total = total
        self.detail = detail
    }

    /// `stage done/total`, then the detail if any.
    public var description: String {
        "\(stage.rawValue) \(done)/\(total)" + (detail.map { ": \($0)" } ?? "")
    }
}

/// A flag another thread sets to stop a run; the run notices within one parallel chunk.
///
/// Cancel from any thread (a signal handler's thread, a UI, an HTTP request's task). `Pipeline.run`
/// then throws `RunCancelled` and returns no result; nothing is written by the engine.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A token that is not cancelled.
    public init() {}

    /// Asks every run holding this token to stop. Idempotent.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// A run stopped because its `CancellationToken` was cancelled; no result exists.
public struct RunCancelled: Error, Sendable, CustomStringConvertible {
    /// The stage that noticed the cancellation.
    public var stage: String

    /// An error naming the stage that noticed.
    public init(stage: String) { self.stage = stage }

    public var description: String { "the run was cancelled (during \(stage)); no result was produced" }
}

/// What a run needs from its caller besides data and settings: threads, progress, cancellation, logs.
///
/// ```swift
/// let token = CancellationToken()
/// let context = RunContext(workers: 2, cancellation: token) { event in print(event) }
/// let result = try Pipeline.run(.dedupe(InMemoryRecords(header: header, rows: rows)), context: context)
/// ```
public struct RunContext: Sendable {
    /// Worker threads for every stage (1 runs everything on the calling thread; results never depend on it).
    public var workers: Int
    /// Receives stage timings at debug level and one summary line at info; never a field value.
    public var logger: Logger
    /// Stops the run when cancelled.
    public var cancellation: CancellationToken
    /// Receives progress events on the calling thread.
    public var progress: (@Sendable (ProgressEvent) -> Void)?

    /// A context; by default all cores, a silent logger, a fresh token and no progress.
    public init(
        workers: Int = Parallel.defaultWorkers,
        logger: Logger = Logger(label: "dubblett", factory: { _ in SwiftLogNoOpLogHandler() }),
        cancellation: CancellationToken = CancellationToken(),
        progress: (@Sendable (ProgressEvent) -> Void)? = nil
    ) {
        self.workers = min(Parallel.maxWorkers, max(1, workers))
        self.logger = logger
        self.cancellation = cancellation
        self.progress = progress
    }

    /// Throws `RunCancelled` naming `stage` when the token was cancelled.
    public func checkCancellation(_ stage: ProgressEvent.Stage) throws(RunCancelled) {
        if cancellation.isCancelled { throw RunCancelled(stage: stage.rawValue) }
    }

    /// Sends an event to the progress receiver, if any.
    func emit(_ stage: ProgressEvent.Stage, done: Int, total: Int, _ detail: String? = nil) {
        progress?(ProgressEvent(stage: stage, done: done, total: total, detail: detail))
    }
}

/// The cancellation token of the run executing on the current thread, seen by `Parallel.forEachChunk`.
///
/// A task-local bound around a whole run by `Pipeline`; outside a run (tests, `validate`) it is `nil`
/// and loops are never interrupted. Worker threads do not see it: the loop reads it on the caller's
/// thread and hands it to its workers.
package enum CancellationScope {
    @TaskLocal package static var token: CancellationToken?
}
