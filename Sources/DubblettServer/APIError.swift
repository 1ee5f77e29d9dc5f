import Foundation
import Hummingbird

/// An error the API answers with: an HTTP status and the JSON body
/// `{"error":{"code":"stable_code","message":"…"}}`.
///
/// `code` is stable (clients branch on it); `message` is for people and names the field or parameter
/// at fault. Neither ever holds a value from a record.
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, snake_case.
    public var code: String
    /// A sentence for people that names the field, parameter or header at fault.
    public var message: String
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields

    /// An error with a status, a code and a message.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body of an error.
    struct Body: Codable, Equatable {
        struct Detail: Codable, Equatable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The response for this error (no request needed).
    func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(error: .init(code: code, message: message)))) ?? Data()
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIError {
    /// 400: the body is not JSON; names the byte offset, line and column.
    static func malformedJSON(_ error: JSONSyntax.Failure) -> APIError {
        APIError(
            .badRequest, "malformed_json",
            "the request body is not valid JSON at byte \(error.offset) (line \(error.line), column \(error.column)): "
                + error.reason)
    }

    /// 400: a field the API does not know.
    static func unknownField(_ path: String, known: [String]) -> APIError {
        APIError(
            .badRequest, "unknown_field",
            "unknown field '\(path)'; the fields here are: \(known.joined(separator: ", "))")
    }

    /// 400: a field with a value of the wrong kind, out of range, or missing.
    static func invalidField(_ path: String, _ problem: String) -> APIError {
        APIError(.badRequest, "invalid_field", "field '\(path)': \(problem)")
    }

    /// 413: a body over its limit.
    static func tooLarge(_ what: String, limit: Int, option: String) -> APIError {
        APIError(
            .contentTooLarge, "body_too_large",
            "the \(what) is larger than the limit of \(limit) bytes (server option \(option))")
    }

    /// 404: no such job.
    static func noSuchJob(_ id: String) -> APIError {
        APIError(.notFound, "job_not_found", "no job with the id given in the path parameter 'id'")
    }
}
