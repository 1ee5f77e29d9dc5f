import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DubblettServer

/// The contract: OpenAPI document against the routes, JSON errors with stable codes, limits, strict JSON.
@Suite("dubblett-server contract")
struct ContractTests {
    @Test func logValuesAreQuotedOnlyWhenTheyMust() {
        #expect(LogfmtLogHandler.quote("200") == "200")
        #expect(LogfmtLogHandler.quote("/v1/jobs/{id}") == "/v1/jobs/{id}")
        #expect(LogfmtLogHandler.quote("Åre") == "Åre")
        #expect(LogfmtLogHandler.quote("") == #""""#)
        #expect(LogfmtLogHandler.quote("a b") == #""a b""#)
        #expect(LogfmtLogHandler.quote("k=v") == #""k=v""#)
        #expect(LogfmtLogHandler.quote("say \"x\"\n") == #""say \"x\"\n""#)
        #expect(LogfmtLogHandler.quote("x\u{2028}y").hasPrefix("\""))
    }

    @Test func logTimestampsAreUTCWithMillisecondsAndReadBackAsNow() throws {
        let text = JobRecord.now()
        #expect(text.count == 24 && text.hasSuffix("Z") && text.dropFirst(10).hasPrefix("T"))
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(f.date(from: text))
        #expect(abs(date.timeIntervalSinceNow) < 5)
    }

    @Test func openAPIDocumentListsExactlyTheRoutesTheRouterServes() async throws {
        let h = try ServerHarness()
        try await h.test { client in
            let r = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(r.status == .ok)
            let doc = try object(r)
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
            var documented = Set<String>()
            for (path, item) in paths {
                for key in item.keys where methods.contains(key) { documented.insert(key.uppercased() + " " + path) }
            }
            let served = Set(ServerAPI.operations.map { $0.method.rawValue + " " + $0.path })
            #expect(documented == served)
            // Each documented operation reaches a handler: the router never answers it as an unknown route.
            for op in documented.sorted() {
                let parts = op.split(separator: " ")
                let uri = String(parts[1]).replacingOccurrences(of: "{id}", with: "j_0000000000000000")
                    .replacingOccurrences(of: "{name}", with: "clusters.csv")
                let res = try await client.execute(uri: uri, method: .init(rawValue: String(parts[0]))!)
                if res.status == .notFound { #expect(try apiError(res).code != "not_found", "\(op) is not routed") }
            }
            // Every $ref resolves.
            let text = String(buffer: r.body)
            let components = try #require(doc["components"] as? [String: [String: Any]])
            let refs = text.components(separatedBy: "\"$ref\": \"#/components/").dropFirst()
                .map { $0.prefix { $0 != "\"" }.split(separator: "/").map(String.init) }
            #expect(!refs.isEmpty)
            for ref in refs { #expect(components[ref[0]]?[ref[1]] != nil, "unresolved $ref \(ref)") }
        }
    }

    @Test func unknownRoutesAnswerJSONErrors() async throws {
        let h = try ServerHarness()
        try await h.test { client in
            let r = try await client.execute(uri: "/v1/nothing/19440602-7377", method: .get)
            #expect(r.status == .notFound)
            #expect(try apiError(r).code == "not_found")
            #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
        }
        // The raw path (which could carry a personnummer) is never logged; the pattern is.
        #expect(!h.log.contains("19440602"))
        #expect(h.log.contains("route=unmatched"))
    }

    @Test func malformedJSONNamesTheBytePosition() async throws {
        let h = try ServerHarness()
        try await h.test { client in
            let r = try await client.post("/v1/jobs", json: "{\"kind\": \"dedupe\",\n \"inputs\": {,}}")
            #expect(r.status == .badRequest)
            let e = try apiError(r)
            #expect(e.code == "malformed_json")
            #expect(e.message.contains("at byte 31 (line 2, column 13)"), "\(e.message)")
            let cut = try await client.post("/v1/jobs", json: "{\"kind\": \"ded")
            #expect(try apiError(cut).message.contains("byte 13"))
        }
    }

    @Test func unknownFieldsAreRejectedByName() async throws {
        let h = try ServerHarness()
        try await h.test { client in
            let top = try await client.post(
                "/v1/jobs", json: #"{"kind":"dedupe","inputs":{"register":"a.csv"},"priority":1}"#)
            #expect(top.status == .badRequest)
            #expect(try apiError(top).code == "unknown_field")
            #expect(try apiError(top).message.contains("'priority'"))
            let nested = try await client.post(
                "/v1/jobs", json: #"{"kind":"dedupe","inputs":{"register":"a.csv"},"options":{"match_treshold":3}}"#)
            #expect(try apiError(nested).message.contains("'options.match_treshold'"))
            let wrongType = try await client.post(
                "/v1/jobs", json: #"{"kind":"dedupe","inputs":{"register":"a.csv"},"options":{"match_threshold":"x"}}"#)
            #expect(try apiError(wrongType).code == "invalid_field")
            #expect(try apiError(wrongType).message.contains("options.match_threshold"))
            let kind = try await client.post("/v1/jobs", json: #"{"kind":"dedup","inputs":{"register":"a.csv"}}"#)
            #expect(try apiError(kind).message.contains("'kind'"))
            let notForKind = try await client.post(
                "/v1/jobs", json: #"{"kind":"validate","inputs":{"register":"a.csv"},"options":{"wash_date":"2026-01-01"}}"#)
            #expect(try apiError(notForKind).message.contains("options.wash_date"))
            let query = try await client.execute(
                uri: "/v1/uploads?name=x.csv", method: .post, headers: [.contentType: "text/csv"],
                body: ByteBuffer(string: "a\n1\n"))
            #expect(try apiError(query).code == "unknown_parameter")
            #expect(try apiError(query).message.contains("'name'"))
        }
    }

    @Test func bodiesOverTheLimitGet413() async throws {
        let h = try ServerHarness { $0.maxBodyBytes = 1024; $0.maxUploadBytes = 4096 }
        try await h.test { client in
            let big = "{\"kind\":\"dedupe\",\"inputs\":{\"register\":\"" + String(repeating: "a", count: 2000) + "\"}}"
            let r = try await client.post("/v1/jobs", json: big)
            #expect(r.status == .contentTooLarge)
            #expect(try apiError(r).code == "body_too_large")
            #expect(try apiError(r).message.contains("--max-body-bytes"))
            let up = try await client.execute(
                uri: "/v1/uploads", method: .post, headers: [.contentType: "text/csv"],
                body: ByteBuffer(repeating: UInt8(ascii: "x"), count: 10_000))
            #expect(up.status == .contentTooLarge)
            #expect(try apiError(up).message.contains("--max-upload-bytes"))
        }
        let uploads = try FileManager.default.contentsOfDirectory(atPath: h.dir + "/uploads")
        #expect(uploads.isEmpty, "a refused upload leaves nothing behind: \(uploads)")
    }

    @Test func bearerTokensAreRequiredWhenConfigured() async throws {
        let token = "0123456789abcdef0123456789abcdef"
        let h = try ServerHarness { $0.tokens = [token] }
        try await h.test { client in
            let missing = try await client.execute(uri: "/v1/jobs", method: .get)
            #expect(missing.status == .unauthorized)
            #expect(try apiError(missing).code == "missing_token")
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await client.execute(
                uri: "/v1/jobs", method: .get, headers: [.authorization: "Bearer " + token.dropLast() + "0"])
            #expect(try apiError(wrong).code == "invalid_token")
            let basic = try await client.execute(uri: "/v1/jobs", method: .get, headers: [.authorization: "Basic eDp5"])
            #expect(try apiError(basic).code == "invalid_token")
            let ok = try await client.execute(uri: "/v1/jobs", method: .get, headers: [.authorization: "Bearer " + token])
            #expect(ok.status == .ok)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            let upload = try await client.execute(
                uri: "/v1/uploads", method: .post, headers: [.contentType: "text/csv"], body: ByteBuffer(string: "a\n1\n"))
            #expect(upload.status == .unauthorized, "no upload is stored without a token")
        }
        #expect(!h.log.contains(token))
    }

    @Test func configurationRefusesNonLoopbackWithoutTokens() throws {
        var c = ServerConfiguration()
        #expect(c.problems().isEmpty)
        c.host = "0.0.0.0"
        #expect(c.problems().contains { $0.contains("tokens are required") })
        c.tokens = ["short"]
        #expect(c.problems().contains { $0.contains("shorter than 16") })
        c.tokens = ["0123456789abcdef0123"]
        #expect(c.problems().isEmpty)
        for loopback in ["127.0.0.1", "127.1.2.3", "localhost", "::1"] {
            c.host = loopback
            #expect(c.bindsLoopbackOnly, "\(loopback)")
        }
        for outside in ["0.0.0.0", "192.168.1.2", "::", "127.0.0.1.example.com"] {
            c.host = outside
            #expect(!c.bindsLoopbackOnly, "\(outside)")
        }
    }

    @Test func configFileRejectsUnknownKeysAndFlagsOverrideIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"port": 9000, "queue_length": 3, "data_dir": "/tmp/x"}"#.write(
            toFile: dir + "/ok.json", atomically: true, encoding: .utf8)
        let parsed = try ServerCommand.parse(["--config", dir + "/ok.json", "--port", "9100"]).resolved()
        #expect(parsed.port == 9100 && parsed.queueLength == 3 && parsed.dataDirectory == "/tmp/x")
        try #"{"port": 9000, "bind": "0.0.0.0"}"#.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        #expect {
            try ServerCommand.parse(["--config", dir + "/bad.json"]).resolved()
        } throws: { ($0 as? ConfigurationError)?.message.contains("unknown field 'bind'") == true }
        #expect {
            try ServerCommand.parse(["--host", "0.0.0.0"]).resolved()
        } throws: { ($0 as? ConfigurationError)?.message.contains("bearer tokens are required") == true }
    }

    @Test func jsonSyntaxCheckerAgreesWithFoundation() throws {
        let samples = [
            "{}", "[]", "1", "-0.5e+3", "\"a\\u00e5\"", "{\"a\":[1,2,{\"b\":null}]}", "tru", "{\"a\" 1}", "01",
            "\"\u{1}\"", "{\"a\":1}x", "[\"\\x\"]", " ", "\"åäö\"", "[1.]", "{\"a\":-}", "[[[[]]]]",
        ]
        for s in samples {
            let ours = JSONSyntax.firstError(in: Array(s.utf8)) == nil
            let foundation = (try? JSONSerialization.jsonObject(with: Data(s.utf8), options: .fragmentsAllowed)) != nil
            #expect(ours == foundation, "\(s)")
        }
        // Foundation accepts a trailing comma; RFC 8259 does not, and neither do we.
        #expect(JSONSyntax.firstError(in: Array("[1,]".utf8))?.offset == 3)
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(JSONSyntax.firstError(in: Array(deep.utf8))?.reason.contains("nested deeper") == true)
        #expect(JSONSyntax.firstError(in: [0x22, 0xC3, 0x28, 0x22])?.reason == "invalid UTF-8")
    }
}
