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

    /// Now as an ISO 8601 string with milliseconds.
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
