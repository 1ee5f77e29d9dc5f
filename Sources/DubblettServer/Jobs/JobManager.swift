import Dubblett
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The job queue: accepts jobs up to a bound, runs one at a time on a thread of its own, keeps every
/// job's metadata in `DATA/jobs/<id>/job.json`, and stops cleanly on graceful shutdown.
///
/// A `Service` in the application's `ServiceGroup`: the HTTP server is shut down first (in-flight
/// requests drain), then `run()` cancels the running job through its `CancellationToken`, marks the
/// waiting ones cancelled and returns. Jobs found queued or running at start-up (the server was killed)
/// become `failed` with code `interrupted`; finished jobs are served as they were.
final class JobManager: Service, Sendable {
    private struct Entry {
        var record: JobRecord
        let token = CancellationToken()
        var paths: JobRunner.Paths?
    }

    private struct State {
        var jobs: [String: Entry] = [:]
        var queue: [String] = []
        var running: String?
        var stopping = false
        /// Seconds the jobs finished since start-up took, for `Retry-After`.
        var durations: [Double] = []
    }

    let data: DataDirectory
    let workers: Int
    let queueLength: Int
    let logger: Logger
    private let state = Mutex(State())
    /// Serialises writes of `job.json` so the last write holds the latest state.
    private let persistLock = Mutex(())
    private let wakeStream: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(data: DataDirectory, workers: Int, queueLength: Int, logger: Logger) {
        self.data = data
        self.workers = workers
        self.queueLength = queueLength
        self.logger = logger
        (wakeStream, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        loadJobs()
    }

    // MARK: - Requests

    /// Whether one more job would be accepted now.
    func hasRoom() throws(APIError) {
        let (full, retry) = state.withLock { s in (s.queue.count + (s.running == nil ? 0 : 1) > queueLength, retryAfter(s)) }
        if full { throw Self.queueFull(retry) }
        if state.withLock({ $0.stopping }) {
            throw APIError(.serviceUnavailable, "shutting_down", "the server is shutting down; submit the job again later")
        }
    }

    /// Queues a job whose inputs were checked and resolved.
    /// - Throws: `APIError` 429 with `Retry-After` when the queue is full, 503 while shutting down.
    func submit(_ request: JobRequest, paths: JobRunner.Paths) throws(APIError) -> JobRecord {
        let id = DataDirectory.newID("j_")
        let record = JobRecord(
            id: id, kind: request.kind, state: .queued, created: JobRecord.now(), inputs: request.inputs,
            options: request.options)
        let outcome: Result<Void, APIError> = state.withLock { s in
            if s.stopping {
                return .failure(APIError(
                    .serviceUnavailable, "shutting_down", "the server is shutting down; submit the job again later"))
            }
            if s.queue.count + (s.running == nil ? 0 : 1) > queueLength { return .failure(Self.queueFull(retryAfter(s))) }
            s.jobs[id] = Entry(record: record, paths: paths)
            s.queue.append(id)
            return .success(())
        }
        try outcome.get()
        do {
            try FileManager.default.createDirectory(atPath: data.jobs + "/" + id, withIntermediateDirectories: true)
        } catch {
            state.withLock { s in
                s.jobs[id] = nil
                s.queue.removeAll { $0 == id }
            }
            throw APIError(.internalServerError, "storage_error", "the job could not be stored in the data directory")
        }
        persist(id)
        logger.info("job queued", metadata: ["job_id": "\(id)", "kind": "\(request.kind.rawValue)"])
        wake.yield()
        return record
    }

    /// The job with `id`, or `nil`.
    func job(_ id: String) -> JobRecord? { state.withLock { $0.jobs[id]?.record } }

    /// Every job, newest first.
    func all() -> [JobRecord] {
        state.withLock { s in s.jobs.values.map(\.record) }.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
    }

    /// Cancels a queued or running job (a running one stops within one parallel chunk of the engine), or
    /// removes a finished job and its files. Returns the job as it is now, or `nil` for an unknown id.
    func cancelOrRemove(_ id: String) -> (JobRecord, removed: Bool)? {
        let found: (JobRecord, Bool)? = state.withLock { s in
            guard var entry = s.jobs[id] else { return nil }
            switch entry.record.state {
            case .queued:
                s.queue.removeAll { $0 == id }
                entry.record.state = .cancelled
                entry.record.finished = JobRecord.now()
                entry.record.error = .init(code: "cancelled", message: "cancelled before it started")
                s.jobs[id] = entry
                return (entry.record, false)
            case .running:
                entry.token.cancel()
                return (entry.record, false)
            case .succeeded, .failed, .cancelled:
                s.jobs[id] = nil
                return (entry.record, true)
            }
        }
        guard let (record, removed) = found else { return nil }
        if removed {
            try? FileManager.default.removeItem(atPath: data.jobs + "/" + id)
        } else {
            persist(id)
        }
        logger.info(
            removed ? "job removed" : "job cancel requested", metadata: ["job_id": "\(id)", "state": "\(record.state.rawValue)"])
        return (record, removed)
    }

    /// The real path of a result file of a succeeded job, or an `APIError` 404/409.
    func resultFile(job id: String, name: String) throws(APIError) -> (path: String, bytes: Int) {
        guard let record = job(id) else { throw .noSuchJob(id) }
        guard record.state == .succeeded else {
            throw APIError(
                .conflict, "job_not_finished",
                "the job is \(record.state.rawValue); its files can be fetched once it has succeeded")
        }
        guard let file = record.files?.first(where: { $0.name == name }) else {
            throw APIError(
                .notFound, "file_not_found",
                "path parameter 'name' is not a file of this job; its files are: "
                    + (record.files ?? []).map(\.name).joined(separator: ", "))
        }
        return (data.jobs + "/" + id + "/result/" + file.name, file.bytes)
    }

    static func queueFull(_ seconds: Int) -> APIError {
        APIError(
            .tooManyRequests, "queue_full",
            "the job queue is full (server option --queue-length); retry after \(seconds) seconds",
            headers: [.retryAfter: String(seconds)])
    }

    /// Seconds until a slot is likely free: the mean job time so far times the jobs ahead, 1 to 3600.
    private func retryAfter(_ s: State) -> Int {
        let mean = s.durations.isEmpty ? 5 : s.durations.reduce(0, +) / Double(s.durations.count)
        return Int(min(3600, max(1, (mean * Double(s.queue.count + 1)).rounded(.up))))
    }

    // MARK: - Running

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                for await _ in wakeStream {
                    while let next = takeNext() {
                        await execute(next.id, next.paths, next.token)
                    }
                    if state.withLock({ $0.stopping }) { break }
                }
            } onCancel: {
                self.stop()
            }
        } onGracefulShutdown: {
            self.stop()
        }
        logger.info("job queue stopped")
    }

    /// Stops taking jobs: cancels the running one and every waiting one. Idempotent.
    func stop() {
        let cancelled: [String] = state.withLock { s in
            guard !s.stopping else { return [] }
            s.stopping = true
            if let r = s.running { s.jobs[r]?.token.cancel() }
            let waiting = s.queue
            s.queue = []
            for id in waiting {
                s.jobs[id]?.record.state = .cancelled
                s.jobs[id]?.record.finished = JobRecord.now()
                s.jobs[id]?.record.error = .init(code: "shutdown", message: "the server shut down before the job started")
            }
            return waiting
        }
        for id in cancelled { persist(id) }
        wake.finish()
    }

    private func takeNext() -> (id: String, paths: JobRunner.Paths, token: CancellationToken)? {
        let next: (String, JobRunner.Paths, CancellationToken)? = state.withLock { s in
            guard !s.stopping, !s.queue.isEmpty else { return nil }
            let id = s.queue.removeFirst()
            guard var entry = s.jobs[id], let paths = entry.paths else { return nil }
            entry.record.state = .running
            entry.record.started = JobRecord.now()
            s.jobs[id] = entry
            s.running = id
            return (id, paths, entry.token)
        }
        guard let next else { return nil }
        persist(next.0)
        return (next.0, next.1, next.2)
    }

    /// Runs a job on a new thread (8 MB stack) and records its outcome.
    private func execute(_ id: String, _ paths: JobRunner.Paths, _ token: CancellationToken) async {
        guard let record = job(id) else { return }
        var jobLogger = logger
        jobLogger[metadataKey: "job_id"] = "\(id)"
        let runner = JobRunner(
            kind: record.kind, paths: paths, inputs: record.inputs, options: record.options, workers: workers,
            token: token, logger: jobLogger,
            progress: { [weak self] stage, done, total in
                self?.state.withLock { s in s.jobs[id]?.record.progress = .init(stage: stage, done: done, total: total) }
            })
        let resultDirectory = data.jobs + "/" + id + "/result"
        let clock = ContinuousClock(), start = clock.now
        jobLogger.info("job started", metadata: ["kind": "\(record.kind.rawValue)"])
        let outcome: Result<[JobRecord.File], any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { try runner.run(resultDirectory: resultDirectory) })
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let final: JobRecord? = state.withLock { s in
            guard var entry = s.jobs[id] else { return nil }
            entry.record.finished = JobRecord.now()
            switch outcome {
            case .success(let files):
                entry.record.state = .succeeded
                entry.record.files = files
            case .failure(let error):
                if token.isCancelled || error is RunCancelled {
                    entry.record.state = .cancelled
                    entry.record.error = .init(
                        code: s.stopping ? "shutdown" : "cancelled",
                        message: s.stopping ? "the server shut down while the job ran" : "cancelled while running")
                } else {
                    entry.record.state = .failed
                    entry.record.error = describe(error)
                }
            }
            s.jobs[id] = entry
            s.running = nil
            s.durations.append(seconds)
            if s.durations.count > 20 { s.durations.removeFirst() }
            return entry.record
        }
        persist(id)
        if let final {
            jobLogger.info(
                "job finished",
                metadata: [
                    "state": "\(final.state.rawValue)", "seconds": "\(String(format: "%.3f", seconds))",
                    "error_code": "\(final.error?.code ?? "-")",
                ])
        }
    }

    /// A failed job's error: a stable code and the engine's message (files named relative to the data
    /// directory; engine messages name files, lines and columns, never a value).
    private func describe(_ error: any Error) -> JobRecord.Failure {
        let message = String(describing: error).replacingOccurrences(of: data.root + "/", with: "")
        switch error {
        case is ReadError: return .init(code: "unreadable_input", message: message)
        case is SettingsError: return .init(code: "invalid_settings", message: message)
        case is CareError: return .init(code: "unusable_input", message: message)
        case is AtomicFileError, is OutputLocationError: return .init(code: "storage_error", message: message)
        default: return .init(code: "job_failed", message: message)
        }
    }

    // MARK: - Persistence

    /// Writes the job's current record to `DATA/jobs/<id>/job.json` atomically.
    private func persist(_ id: String) {
        persistLock.withLock { _ in
            guard let record = job(id) else { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                let w = try AtomicFileWriter(path: data.jobs + "/" + id + "/job.json")
                w.write(Array(try encoder.encode(record)))
                try w.commit()
            } catch {
                logger.error("cannot store job metadata", metadata: ["job_id": "\(id)", "error": "\(error)"])
            }
        }
    }

    /// Reads every `job.json`; a job that was queued or running when the server stopped becomes `failed`.
    private func loadJobs() {
        let fm = FileManager.default
        var interrupted: [String] = []
        for id in (try? fm.contentsOfDirectory(atPath: data.jobs)) ?? [] where DataDirectory.isID(id[...], prefix: "j_") {
            guard let bytes = fm.contents(atPath: data.jobs + "/" + id + "/job.json"),
                  var record = try? JSONDecoder().decode(JobRecord.self, from: bytes), record.id == id
            else { continue }
            if !record.state.isFinal {
                record.state = .failed
                record.finished = JobRecord.now()
                record.progress = nil
                record.error = .init(code: "interrupted", message: "the server stopped before this job finished; submit it again")
                interrupted.append(id)
            }
            state.withLock { $0.jobs[id] = Entry(record: record) }
        }
        for id in interrupted { persist(id) }
        if !interrupted.isEmpty { logger.notice("jobs interrupted by a restart", metadata: ["count": "\(interrupted.count)"]) }
    }
}
