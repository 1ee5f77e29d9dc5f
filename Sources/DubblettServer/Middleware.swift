import Foundation
import Hummingbird
import Logging

/// One log line per request: id, method, route pattern, status, latency. Outermost middleware.
///
/// The route is the pattern the router matched (`/v1/jobs/{id}`), never the raw path, which could
/// carry values; an unmatched request logs `route=unmatched`. Nothing from headers or bodies is logged.
/// The request id is returned in `X-Request-Id`.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let id = DataDirectory.newID("r_")
        let clock = ContinuousClock(), start = clock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // ErrorMiddleware answers every error; this is a last resort.
            response = ErrorMiddleware<Context>.answer(error, logger: logger, requestID: id)
        }
        response.headers[.init("X-Request-Id")!] = id
        let elapsed = clock.now - start
        let ms = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
        let route = context.endpointPath.map { $0 == "NotFound" ? "unmatched" : $0 } ?? "unmatched"
        logger.info(
            "request",
            metadata: [
                "request_id": "\(id)", "method": "\(request.method.rawValue)", "route": "\(route)",
                "status": "\(response.status.code)", "latency_ms": "\(Self.twoDecimals(ms))",
            ])
        return response
    }

    /// `ms` with two decimals (`String(format:)` goes through Foundation's formatter on every request).
    static func twoDecimals(_ ms: Double) -> String {
        let hundredths = Int((max(0, ms) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}

/// Turns every error into the API's JSON error body with a stable code.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return Self.answer(error, logger: logger, requestID: nil)
        }
    }

    /// The response for `error`.
    static func answer(_ error: any Error, logger: Logger, requestID: String?) -> Response {
        switch error {
        case let e as APIError:
            return e.response()
        case let e as any HTTPResponseError:
            let (code, message): (String, String) =
                switch e.status {
                case .notFound: ("not_found", "no operation for this method and path; the API is described at /openapi.json")
                case .contentTooLarge: ("body_too_large", "the request body is larger than the server accepts")
                case .badRequest: ("bad_request", "the request could not be read")
                case .methodNotAllowed: ("method_not_allowed", "this path does not take this method; see /openapi.json")
                default: (e.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"),
                          e.status.reasonPhrase)
                }
            return APIError(e.status, code, message, headers: (e as? HTTPError)?.headers ?? [:]).response()
        case let e as DecodingError:
            return JSONBody.describe(e).response()
        default:
            // The type only: an error's text could in principle carry a value.
            logger.error("unexpected error", metadata: ["error_type": "\(type(of: error))"])
            return APIError(.internalServerError, "internal_error", "the server failed to answer this request").response()
        }
    }
}

/// Requires `Authorization: Bearer <token>` with one of the configured tokens on every route but the
/// public ones (`/healthz`, `/openapi.json`, and the review page, which holds no data: it calls the API with a
/// token given in its URL fragment). Without configured tokens (loopback only) it lets all through.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: [[UInt8]]
    static var publicRoutes: Set<String> { ["/healthz", "/openapi.json", "/review/{name}"] }

    init(tokens: [String]) { self.tokens = tokens.map { Array($0.utf8) } }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !tokens.isEmpty, !Self.publicRoutes.contains(context.endpointPath ?? "") else {
            return try await next(request, context)
        }
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"dubblett\""]
        guard let header = request.headers[.authorization] else {
            throw APIError(
                .unauthorized, "missing_token", "header 'Authorization' is missing; send 'Authorization: Bearer <token>'",
                headers: challenge)
        }
        let prefix = "Bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix.lowercased() else {
            throw APIError(
                .unauthorized, "invalid_token", "header 'Authorization' must be 'Bearer <token>'", headers: challenge)
        }
        let given = Array(header.utf8.dropFirst(prefix.utf8.count))
        // Every token is compared in full, so the time does not tell how much of a guess was right.
        var match = false
        for t in tokens where Self.constantTimeEqual(t, given) { match = true }
        guard match else {
            throw APIError(
                .unauthorized, "invalid_token", "header 'Authorization' holds a token this server does not accept",
                headers: challenge)
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff: UInt8 = a.count == b.count ? 0 : 1
        for i in 0..<max(a.count, b.count) {
            diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return diff == 0
    }
}
