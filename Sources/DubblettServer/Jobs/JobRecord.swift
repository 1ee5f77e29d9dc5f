import Foundation

/// Where a job is in its life.
public enum JobState: String, Codable, Sendable {
    /// Waiting for the running job to finish.
    case queued
    /// Being computed.
    case running
    /// Finished; its files can be fetched.
    case succeeded
    /// Stopped by an error (`error` says which).
    case failed
    /// Cancelled by `DELETE /v1/jobs/{id}` or by the server shutting down.
    case cancelled

    /// Whether the job will not change any more.
    var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

/// A job as the API shows it and as `DATA/jobs/<id>/job.json` stores it (no field value ever).
public struct JobRecord: Codable, Sendable, Equatable {
    /// How far a running job has come: the engine's stage and its units (bytes for `read`).
    public struct Progress: Codable, Sendable, Equatable {
        public var stage: String
        public var done: Int
        public var total: Int
    }

    /// A result file.
    public struct File: Codable, Sendable, Equatable {
        public var name: String
        public var bytes: Int
    }

    /// Why a job failed.
    public struct Failure: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    public var id: String
    public var kind: JobKind
    public var state: JobState
    /// ISO 8601 times (UTC).
    public var created: String
    public var started: String?
    public var finished: String?
    public var inputs: JobInputs
    public var options: JobOptions
    public var progress: Progress?
    /// The result files, once `succeeded`.
    public var files: [File]?
    public var error: Failure?

    enum CodingKeys: String, CodingKey {
        case id, kind, state, created, started, finished, inputs, options, progress, files, error
    }

    /// Now as an ISO 8601 string with milliseconds in UTC (`2026-12-07T17:00:00.123Z`).
    ///
    /// Formatted from the C calendar, not `ISO8601DateFormatter`: on Linux that builds an ICU formatter on
    /// every call, and with one log line per request it was a third of the server's time under load.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var t = tm()
        gmtime_r(&seconds, &t)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func put(_ value: Int, _ digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
                v %= divisor
                divisor /= 10
            }
        }
        put(Int(t.tm_year) + 1900, 4); out.append(UInt8(ascii: "-"))
        put(Int(t.tm_mon) + 1, 2); out.append(UInt8(ascii: "-"))
        put(Int(t.tm_mday), 2); out.append(UInt8(ascii: "T"))
        put(Int(t.tm_hour), 2); out.append(UInt8(ascii: ":"))
        put(Int(t.tm_min), 2); out.append(UInt8(ascii: ":"))
        put(Int(t.tm_sec), 2); out.append(UInt8(ascii: "."))
        put(Int(spec.tv_nsec) / 1_000_000, 3); out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}
