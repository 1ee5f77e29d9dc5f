import Dubblett
import Foundation
import Hummingbird
import Logging

/// The application with its routes, middleware and job queue, ready to run or to test in-process.
///
/// - Throws: `ConfigurationError` when the configuration has problems or the data directory cannot be
///   created.
public func buildApplication(_ config: ServerConfiguration, logger: Logger) throws -> some ApplicationProtocol {
    let problems = config.problems()
    if !problems.isEmpty { throw ConfigurationError(message: problems.joined(separator: "\n")) }
    let data = try DataDirectory(path: config.dataDirectory)
    let jobs = JobManager(data: data, workers: config.workers, queueLength: config.queueLength, logger: logger)
    let registers = try RegisterHost(data: data, workers: config.workers)
    let api = ServerAPI(config: config, data: data, jobs: jobs, registers: registers, logger: logger,
        shelf: RegisterShelf(host: registers))
    let router = api.buildRouter()
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(config.idleTimeoutSeconds)))),
        configuration: .init(
            address: .hostname(config.host, port: config.port), serverName: "dubblett-server", backlog: 1024),
        services: [jobs],
        logger: logger)
}

/// The routes of the API and their handlers.
struct ServerAPI: Sendable {
    let config: ServerConfiguration
    let data: DataDirectory
    let jobs: JobManager
    let registers: RegisterHost
    let logger: Logger
    let fileIO = FileIO()
    /// The review routes' view of the same open registers.
    let shelf: RegisterShelf

    typealias Context = BasicRequestContext

    /// Every operation the router serves, as (method, path pattern); the OpenAPI test compares it with
    /// the document.
    static let operations: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/healthz"), (.get, "/openapi.json"), (.post, "/v1/uploads"), (.post, "/v1/jobs"), (.get, "/v1/jobs"),
        (.get, "/v1/jobs/{id}"), (.delete, "/v1/jobs/{id}"), (.get, "/v1/jobs/{id}/files/{name}"),
    ] + RegisterRoutes.operations + reviewOperations

    func buildRouter() -> Router<Context> {
        let router = Router(context: Context.self)
        // Order matters: middleware applies to the routes added after it.
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: ErrorMiddleware(logger: logger))
        router.add(middleware: BearerAuthMiddleware(tokens: config.tokens))
        for (method, path) in Self.operations {
            router.on(RouterPath(path), method: method) { request, context in
                try await handle(method, path, request, context)
            }
        }
        return router
    }

    /// Dispatches an operation of `operations` to its handler.
    private func handle(_ method: HTTPRequest.Method, _ path: String, _ request: Request, _ context: Context)
        async throws -> Response
    {
        switch (method, path) {
        case (.get, "/healthz"): return Self.json(["status": "ok"])
        case (.get, "/openapi.json"):
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPI.document)))
        case (.post, "/v1/uploads"): return try await upload(request, context)
        case (.post, "/v1/jobs"): return try await createJob(request, context)
        case (.get, "/v1/jobs"): return Self.json(JobList(jobs: jobs.all()))
        case (.get, "/v1/jobs/{id}"):
            let id = try jobID(context)
            guard let record = jobs.job(id) else { throw APIError.noSuchJob(id) }
            return Self.json(record)
        case (.delete, "/v1/jobs/{id}"):
            let id = try jobID(context)
            guard let (record, removed) = jobs.cancelOrRemove(id) else { throw APIError.noSuchJob(id) }
            if removed { return Response(status: .noContent) }
            return Self.json(record, status: record.state == .running ? .accepted : .ok)
        case (.get, "/v1/jobs/{id}/files/{name}"): return try await resultFile(request, context)
        case (_, let p) where p.hasPrefix("/v1/registers/") && !p.contains("/review"):
            return try await handleRegister(method, path, request, context)
        default:
            if let response = try await handleReview(method, path, request, context) { return response }
            throw HTTPError(.notFound)
        }
    }

    // MARK: - Handlers

    /// `POST /v1/uploads`: the body is a file, streamed to disk.
    private func upload(_ request: Request, _ context: Context) async throws -> Response {
        try rejectQuery(request, allowed: [])
        let received = try await Upload.receive(
            request, into: data, limit: config.maxUploadBytes, fileIO: fileIO, context: context)
        return Self.json(received, status: .created)
    }

    /// `POST /v1/jobs`: a JSON job request, or (`?kind=dedupe|validate` with a CSV body) an upload and its
    /// job in one request.
    private func createJob(_ request: Request, _ context: Context) async throws -> Response {
        let type = request.headers[.contentType]?.lowercased() ?? "application/json"
        let job: JobRequest
        var uploaded: String?
        if type.hasPrefix("application/json") {
            try rejectQuery(request, allowed: [])
            job = try await JSONBody.decode(JobRequest.self, from: request, limit: config.maxBodyBytes)
        } else if type.hasPrefix("text/csv") || type.hasPrefix("application/octet-stream") || type.hasPrefix("text/plain") {
            try rejectQuery(request, allowed: ["kind"])
            let oneFile = JobKind.allCases.filter(\.takesOneFile).map(\.rawValue)
            guard let name = request.uri.queryParameters["kind"].map(String.init),
                  let kind = JobKind(rawValue: name), kind.takesOneFile
            else {
                throw APIError.invalidField(
                    "kind", "query parameter required with a file body: one of " + oneFile.joined(separator: ", ")
                        + " (other kinds take a JSON body naming uploaded files)")
            }
            // No upload is accepted when its job would be refused.
            try jobs.hasRoom()
            let received = try await Upload.receive(
                request, into: data, limit: config.maxUploadBytes, fileIO: fileIO, context: context)
            uploaded = received.path
            job = JobRequest(kind: kind, inputs: JobInputs(register: received.path))
        } else {
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type",
                "header 'Content-Type' must be application/json (a job request) or text/csv (a file with ?kind=)")
        }
        do {
            try job.check()
            let paths = try resolve(job.inputs)
            let record = try jobs.submit(job, paths: paths)
            return Self.json(record, status: .accepted, headers: [.location: "/v1/jobs/" + record.id])
        } catch {
            if let uploaded { try? FileManager.default.removeItem(atPath: data.root + "/" + uploaded) }
            throw error
        }
    }

    /// `GET /v1/jobs/{id}/files/{name}`: a result file, streamed from disk.
    private func resultFile(_ request: Request, _ context: Context) async throws -> Response {
        let id = try jobID(context)
        let name = context.parameters.get("name") ?? ""
        let (path, bytes) = try jobs.resultFile(job: id, name: name)
        let body = try await fileIO.loadFile(path: path, context: context)
        let type = name.hasSuffix(".json") ? "application/json" : name.hasSuffix(".csv") ? "text/csv; charset=utf-8"
            : "application/octet-stream"
        return Response(
            status: .ok,
            headers: [
                .contentType: type, .contentLength: String(bytes),
                .contentDisposition: "attachment; filename=\"\(name)\"",
            ],
            body: body)
    }

    // MARK: - Helpers

    /// The `id` path parameter, which must look like a job id.
    private func jobID(_ context: Context) throws(APIError) -> String {
        let id = context.parameters.get("id") ?? ""
        guard DataDirectory.isID(id[...], prefix: "j_") else { throw APIError.noSuchJob(id) }
        return id
    }

    /// Every input of a checked job as a real path inside the data directory.
    private func resolve(_ inputs: JobInputs) throws(APIError) -> JobRunner.Paths {
        func path(_ key: JobInputs.CodingKeys) throws(APIError) -> String? {
            guard let p = inputs[key] else { return nil }
            return try data.resolve(p, field: "inputs." + key.rawValue)
        }
        guard let register = try path(.register) else { throw .invalidField("inputs.register", "required, but missing") }
        return JobRunner.Paths(
            register: register, reference: try path(.reference), phonebook: try path(.phonebook), nix: try path(.nix),
            settings: try path(.settings), model: try path(.model))
    }

    /// Refuses query parameters the operation does not take.
    private func rejectQuery(_ request: Request, allowed: Set<String>) throws(APIError) {
        for (key, _) in request.uri.queryParameters where !allowed.contains(String(key)) {
            throw APIError(
                .badRequest, "unknown_parameter",
                "unknown query parameter '\(key)'"
                    + (allowed.isEmpty ? "; this operation takes none" : "; it takes: " + allowed.sorted().joined(separator: ", ")))
        }
    }

    /// A JSON response (sorted keys).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct JobList: Encodable { var jobs: [JobRecord] }
}
