import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import DubblettServer

/// A server on a fresh data directory, with its log lines captured.
final class ServerHarness: Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let sample = root + "/datasets/sample/register.csv"

    let dir: String
    let config: ServerConfiguration
    let lines = Mutex<[String]>([])

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }, dataDirectory: String? = nil) throws {
        dir = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("dubblett-server-\(UUID().uuidString)").path
        var c = ServerConfiguration()
        c.dataDirectory = dir
        c.port = 0
        c.workers = 2
        configure(&c)
        config = c
    }

    var logger: Logger {
        Logger(label: "test") { label in
            LogfmtLogHandler(label: label, level: .debug) { [self] line in self.lines.withLock { $0.append(line) } }
        }
    }

    /// Everything logged so far.
    var log: String { lines.withLock { $0.joined() } }

    func app() throws -> some ApplicationProtocol { try buildApplication(config, logger: logger) }

    /// Runs `body` against the application in-process.
    func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await app().test(.router, body)
    }
}

/// A response body as a JSON object.
func object(_ response: TestResponse) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
    return try #require(value as? [String: Any], "not a JSON object: \(String(buffer: response.body))")
}

/// The error code and message of an error response.
func apiError(_ response: TestResponse) throws -> (code: String, message: String) {
    let error = try #require(try object(response)["error"] as? [String: Any])
    return (try #require(error["code"] as? String), try #require(error["message"] as? String))
}

extension TestClientProtocol {
    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var h = headers
        h[.contentType] = "application/json"
        return try await execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: json))
    }

    func upload(_ uri: String, file: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var h = headers
        h[.contentType] = "text/csv"
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        return try await execute(uri: uri, method: .post, headers: h, body: ByteBuffer(bytes: data))
    }

    /// Polls a job until it is final (at most 120 s) and returns it.
    func waitForJob(_ id: String, headers: HTTPFields = [:]) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let r = try await execute(uri: "/v1/jobs/" + id, method: .get, headers: headers)
            #expect(r.status == .ok)
            let job = try object(r)
            if let state = job["state"] as? String, ["succeeded", "failed", "cancelled"].contains(state) { return job }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("job \(id) did not finish in 120 s")
        return [:]
    }
}
