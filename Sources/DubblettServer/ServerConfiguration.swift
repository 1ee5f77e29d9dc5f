import Dubblett
import Foundation
import Logging

/// Everything `dubblett-server` is configured with: where it listens, where it keeps data, who may call
/// it, how much work it takes on.
///
/// Read from an optional JSON file (snake_case keys, unknown keys refused) and then overridden by
/// flags. `problems()` lists every mistake at once; the server refuses to start on any of them.
public struct ServerConfiguration: Sendable, Equatable {
    /// Address to bind (a host name or IP address); loopback by default.
    public var host = "127.0.0.1"
    /// TCP port (0 picks a free one).
    public var port = 8080
    /// Directory for uploads, job results and job metadata (created if missing).
    public var dataDirectory = "dubblett-data"
    /// Bearer tokens accepted in `Authorization: Bearer …`; required when `host` is not loopback.
    public var tokens: [String] = []
    /// Worker threads each job's engine run uses.
    public var workers = Parallel.defaultWorkers
    /// Largest JSON request body, in bytes.
    public var maxBodyBytes = 1 << 20
    /// Largest uploaded file, in bytes.
    public var maxUploadBytes = 16 << 30
    /// Jobs that may wait behind the running one; one more is answered 429.
    public var queueLength = 8
    /// Seconds a connection may stay idle (no bytes read) before it is closed.
    public var idleTimeoutSeconds = 60
    /// Log level: trace, debug, info, notice, warning, error or critical.
    public var logLevel = "info"

    /// The defaults.
    public init() {}

    /// Shortest bearer token accepted.
    public static let minimumTokenLength = 16

    /// Whether `host` names only this machine (127.0.0.0/8, ::1, localhost).
    public var bindsLoopbackOnly: Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "[::1]" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Every problem with this configuration, each naming its flag; empty when it can be used.
    public func problems() -> [String] {
        var p: [String] = []
        if host.isEmpty { p.append("--host is empty; give an address such as 127.0.0.1") }
        if !(0...65_535).contains(port) { p.append("--port must be between 0 and 65535 (got \(port))") }
        if dataDirectory.isEmpty { p.append("--data-dir is empty; name a directory") }
        if !(1...Parallel.maxWorkers).contains(workers) {
            p.append("--workers must be between 1 and \(Parallel.maxWorkers) (got \(workers))")
        }
        if !(1_024...(64 << 20)).contains(maxBodyBytes) {
            p.append("--max-body-bytes must be between 1024 and \(64 << 20) (got \(maxBodyBytes))")
        }
        if maxUploadBytes < 1_024 { p.append("--max-upload-bytes must be at least 1024 (got \(maxUploadBytes))") }
        if !(0...10_000).contains(queueLength) {
            p.append("--queue-length must be between 0 and 10000 (got \(queueLength))")
        }
        if !(1...86_400).contains(idleTimeoutSeconds) {
            p.append("--idle-timeout must be between 1 and 86400 seconds (got \(idleTimeoutSeconds))")
        }
        if Self.level(logLevel) == nil {
            p.append("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        for (i, t) in tokens.enumerated() where t.count < Self.minimumTokenLength || t.contains(where: \.isWhitespace) {
            p.append(
                "token \(i + 1) is shorter than \(Self.minimumTokenLength) characters or holds white space; "
                    + "use a long random string (e.g. `openssl rand -hex 32`)")
        }
        if tokens.isEmpty && !bindsLoopbackOnly {
            p.append(
                "--host \(host) listens beyond this machine, so bearer tokens are required: give --token-file FILE "
                    + "(one token per line), --token, or \"tokens\" in the config file")
        }
        return p
    }

    /// The swift-log level for a name.
    static func level(_ name: String) -> Logger.Level? { Logger.Level(rawValue: name.lowercased()) }
}

extension ServerConfiguration: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, tokens, workers
        case dataDirectory = "data_dir"
        case maxBodyBytes = "max_body_bytes"
        case maxUploadBytes = "max_upload_bytes"
        case queueLength = "queue_length"
        case idleTimeoutSeconds = "idle_timeout_seconds"
        case logLevel = "log_level"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ServerConfiguration()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? d.port
        dataDirectory = try c.decodeIfPresent(String.self, forKey: .dataDirectory) ?? d.dataDirectory
        tokens = try c.decodeIfPresent([String].self, forKey: .tokens) ?? d.tokens
        workers = try c.decodeIfPresent(Int.self, forKey: .workers) ?? d.workers
        maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? d.maxBodyBytes
        maxUploadBytes = try c.decodeIfPresent(Int.self, forKey: .maxUploadBytes) ?? d.maxUploadBytes
        queueLength = try c.decodeIfPresent(Int.self, forKey: .queueLength) ?? d.queueLength
        idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? d.idleTimeoutSeconds
        logLevel = try c.decodeIfPresent(String.self, forKey: .logLevel) ?? d.logLevel
    }

    /// The configuration in a JSON file: the keys of `CodingKeys`, all optional.
    /// - Throws: `ConfigurationError` naming the file and the field or byte at fault.
    public static func load(from path: String) throws -> ServerConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(message: "--config \(path): cannot read it (\(OutputPaths.plainReason(error, path: path)))")
        }
        do {
            return try JSONBody.decode(ServerConfiguration.self, from: data)
        } catch let error as APIError {
            throw ConfigurationError(message: "--config \(path): \(error.message)")
        }
    }
}

/// A configuration the server cannot start with (exit 64).
public struct ConfigurationError: Error, CustomStringConvertible {
    /// What is wrong and which flag or key to change.
    public var message: String
    public var description: String { message }
}
