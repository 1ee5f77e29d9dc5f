import ArgumentParser
import Dubblett
import Foundation
import Hummingbird
import Logging

/// `dubblett-server`: the HTTP backend, configured by flags and an optional JSON file.
public struct ServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dubblett-server",
        abstract: "Serve Dubblett's register care over HTTP: jobs on whole files, with progress, cancellation and streamed results.",
        discussion: """
            Another tool uploads a register (POST /v1/uploads, or a CSV body to POST /v1/jobs?kind=dedupe), queues a job (dedupe, link, validate, update, suppress), polls GET /v1/jobs/{id} for its stage and progress, and streams the result files from GET /v1/jobs/{id}/files/{name}. DELETE /v1/jobs/{id} cancels. The contract is served at /openapi.json.

            Files are uploaded streamed to disk and live in --data-dir with the jobs' results and metadata; a job may also name a file already inside --data-dir by its relative path (never an absolute path, '..' or a symbolic link out). Finished jobs survive a restart; jobs that were running when the server was killed are marked failed (interrupted).

            Security: the server listens on 127.0.0.1 by default. Listening on any other address requires bearer tokens (--token-file, one per line, at least 16 characters); without them it refuses to start (exit 64). Requests then need 'Authorization: Bearer <token>' (except /healthz and /openapi.json). Logs are one logfmt line per request on stderr (request id, method, route pattern, status, latency) and never hold a value from a record.

            Flags override the --config file, whose keys are host, port, data_dir, tokens, workers, max_body_bytes, max_upload_bytes, queue_length, idle_timeout_seconds and log_level (unknown keys are refused).

            SIGTERM or SIGINT: in-flight requests finish, the running job is cancelled, waiting jobs are marked cancelled, and the server exits 0.

            Exit codes: 0 stopped cleanly, 64 bad flags or configuration, 73 the data directory cannot be created.

            Examples:
              dubblett-server --data-dir /var/lib/dubblett
              dubblett-server --host 0.0.0.0 --port 8080 --token-file /etc/dubblett/tokens --queue-length 4
              dubblett-server --config server.json
            """)

    @Option(name: .long, help: ArgumentHelp("JSON configuration file; flags override its values.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Address to listen on (default 127.0.0.1).", valueName: "address"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("TCP port (default 8080; 0 picks a free one).", valueName: "port"))
    var port: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Directory for uploads, results and job metadata (default dubblett-data).", valueName: "dir"))
    var dataDir: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "File with the accepted bearer tokens, one per line (blank lines and # comments skipped).",
            valueName: "file"))
    var tokenFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An accepted bearer token (repeatable). Visible to other local users in the process list: prefer --token-file.",
            valueName: "token"))
    var token: [String] = []

    @Option(name: .long, help: "Worker threads per job (default: all cores).")
    var workers: Int?

    @Option(name: .long, help: ArgumentHelp("Largest JSON request body in bytes (default 1048576).", valueName: "bytes"))
    var maxBodyBytes: Int?

    @Option(name: .long, help: ArgumentHelp("Largest uploaded file in bytes (default 16 GiB).", valueName: "bytes"))
    var maxUploadBytes: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Jobs that may wait behind the running one; one more is answered 429 (default 8).", valueName: "n"))
    var queueLength: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("Seconds an idle connection is kept open (default 60).", valueName: "seconds"))
    var idleTimeout: Int?

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (default info).", valueName: "level"))
    var logLevel: String?

    public init() {}

    /// The configuration from the file and the flags.
    /// - Throws: `ConfigurationError` naming the file, flag or key.
    public func resolved() throws -> ServerConfiguration {
        var c = try config.map { try ServerConfiguration.load(from: $0) } ?? ServerConfiguration()
        if let host { c.host = host }
        if let port { c.port = port }
        if let dataDir { c.dataDirectory = dataDir }
        if let workers { c.workers = workers }
        if let maxBodyBytes { c.maxBodyBytes = maxBodyBytes }
        if let maxUploadBytes { c.maxUploadBytes = maxUploadBytes }
        if let queueLength { c.queueLength = queueLength }
        if let idleTimeout { c.idleTimeoutSeconds = idleTimeout }
        if let logLevel { c.logLevel = logLevel }
        if !token.isEmpty { c.tokens = token }
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ConfigurationError(message: "--token-file \(tokenFile): cannot read it")
            }
            c.tokens = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            if c.tokens.isEmpty { throw ConfigurationError(message: "--token-file \(tokenFile): holds no token") }
        }
        let problems = c.problems()
        if !problems.isEmpty { throw ConfigurationError(message: problems.joined(separator: "\n")) }
        return c
    }

    public func run() async throws {
        let config: ServerConfiguration
        do {
            config = try resolved()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("dubblett-server: \(error.message)\n".utf8))
            throw ExitCode(64)
        }
        let level = ServerConfiguration.level(config.logLevel) ?? .info
        let logger = Logger(label: "dubblett-server") { label in LogfmtLogHandler(label: label, level: level) }
        let app: any ApplicationProtocol
        do {
            app = try buildApplication(config, logger: logger)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("dubblett-server: \(error.message)\n".utf8))
            throw ExitCode(73)
        }
        logger.info(
            "listening",
            metadata: [
                "host": "\(config.host)", "port": "\(config.port)", "workers": "\(config.workers)",
                "auth": "\(config.tokens.isEmpty ? "none (loopback)" : "bearer")",
            ])
        try await app.runService()
    }
}
